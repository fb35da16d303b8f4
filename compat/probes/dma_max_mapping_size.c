// SPDX-License-Identifier: GPL-2.0
/*
 * KBM_HAVE_DMA_MAX_MAPPING_SIZE: the largest single mapping a device's DMA
 * path can take (swiotlb: 256 KiB).  133d624b1cee ("dma: Introduce
 * dma_max_mapping_size()"), v5.1.
 */
#include <linux/dma-mapping.h>

size_t kbm_probe(struct device *dev);
size_t kbm_probe(struct device *dev)
{
	return dma_max_mapping_size(dev);
}
