// SPDX-License-Identifier: GPL-2.0
/*
 * KBM_HAVE_SG_ALLOC_TABLE: struct sg_table, sg_alloc_table() and chained
 * scatterlists.  0db9299f48eb ("SG: Move functions to lib/scatterlist.c
 * and add sg chaining allocator helpers"), v2.6.25.  Before it kbufmap
 * has no DMA support.
 */
#include <linux/scatterlist.h>

int kbm_probe(struct sg_table *sgt, struct page *page);
int kbm_probe(struct sg_table *sgt, struct page *page)
{
	int err = sg_alloc_table(sgt, 1, GFP_KERNEL);

	if (!err)
		sg_set_page(sgt->sgl, page, PAGE_SIZE, 0);
	return err;
}
