// SPDX-License-Identifier: GPL-2.0
/*
 * KBM_HAVE_GUP_FAST_WRITE: get_user_pages_fast(start, nr, int write, pages).
 * 21cc199baa81 ("mm: introduce get_user_pages_fast"), v2.6.27; the write
 * argument became gup_flags in v5.2.
 */
#include <linux/mm.h>

int kbm_probe(unsigned long start, int n, struct page **pages);
int kbm_probe(unsigned long start, int n, struct page **pages)
{
	return get_user_pages_fast(start, n, 1, pages);
}
