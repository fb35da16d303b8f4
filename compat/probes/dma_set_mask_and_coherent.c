// SPDX-License-Identifier: GPL-2.0
/*
 * KBM_HAVE_DMA_SET_MASK_AND_COHERENT: one call sets the streaming and the
 * coherent DMA mask.  4aa806b771d1 ("DMA-API: provide a generic
 * dma_set_mask_and_coherent()"), v3.13; RHEL 7's 3.10 has it too.
 */
#include <linux/dma-mapping.h>

int kbm_probe(struct device *dev);
int kbm_probe(struct device *dev)
{
	return dma_set_mask_and_coherent(dev, DMA_BIT_MASK(32));
}
