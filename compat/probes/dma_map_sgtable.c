// SPDX-License-Identifier: GPL-2.0
/*
 * KBM_HAVE_DMA_MAP_SGTABLE: dma_map_sgtable() maps a whole sg_table and
 * returns 0 or a negative errno, keeping nents and orig_nents apart.
 * d9d200bcebc1 ("dma-mapping: add generic helpers for mapping sgtable
 * objects"), v5.8.
 */
#include <linux/dma-mapping.h>
#include <linux/scatterlist.h>

int kbm_probe(struct device *dev, struct sg_table *sgt);
int kbm_probe(struct device *dev, struct sg_table *sgt)
{
	return dma_map_sgtable(dev, sgt, DMA_BIDIRECTIONAL, 0);
}
