// SPDX-License-Identifier: GPL-2.0
/*
 * KBM_HAVE_DMA_SET_COHERENT_MASK: dma_set_coherent_mask() sets a device's
 * mask for coherent allocations (v2.6.34; before it, drivers set
 * dev->coherent_dma_mask, pci_set_consistent_dma_mask() for PCI).
 */
#include <linux/dma-mapping.h>

int kbm_probe(struct device *dev);
int kbm_probe(struct device *dev)
{
	return dma_set_coherent_mask(dev, DMA_BIT_MASK(32));
}
