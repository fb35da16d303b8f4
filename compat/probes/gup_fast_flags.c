// SPDX-License-Identifier: GPL-2.0
/*
 * KBM_HAVE_GUP_FAST_FLAGS: get_user_pages_fast(start, nr, unsigned int gup_flags, pages).
 * 73b0140bf0fe ("mm/gup: change GUP fast to use flags rather than a write
 * bool"), v5.2.
 */
#include <linux/mm.h>

int kbm_probe(unsigned long start, int n, struct page **pages);
int kbm_probe(unsigned long start, int n, struct page **pages)
{
	unsigned int flags = FOLL_WRITE;

	return get_user_pages_fast(start, n, flags, pages);
}
