// SPDX-License-Identifier: GPL-2.0
/*
 * KBM_HAVE_PIN_USER_PAGES_FAST: pin_user_pages_fast()/unpin_user_pages() (FOLL_PIN).
 * eddb1c228f79 ("mm/gup: introduce pin_user_pages*() and FOLL_PIN"), v5.6.
 */
#include <linux/mm.h>

int kbm_probe(unsigned long start, int n, struct page **pages);
int kbm_probe(unsigned long start, int n, struct page **pages)
{
	int got = pin_user_pages_fast(start, n, FOLL_WRITE, pages);

	if (got > 0)
		unpin_user_pages(pages, got);
	return got;
}
