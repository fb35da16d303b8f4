// SPDX-License-Identifier: GPL-2.0
/*
 * KBM_HAVE_SG_ALLOC_TABLE_FROM_PAGES_SEGMENT: an sg_table built from a
 * page array, contiguous pages merged into segments of at most a given
 * size.  90e7a6de6278 ("lib/scatterlist: Provide a dedicated function to
 * support table append"), v5.15.  sg_alloc_table_from_pages() (v3.6,
 * efc42bc98058) merges without a limit and __sg_alloc_table_from_pages()
 * (v4.15) changed its signature in v5.10, so only this shape is used.
 */
#include <linux/scatterlist.h>

int kbm_probe(struct sg_table *sgt, struct page **pages, unsigned int n);
int kbm_probe(struct sg_table *sgt, struct page **pages, unsigned int n)
{
	return sg_alloc_table_from_pages_segment(sgt, pages, n, 0,
						 (unsigned long)n << PAGE_SHIFT,
						 65536, GFP_KERNEL);
}
