// SPDX-License-Identifier: GPL-2.0
/*
 * KBM_HAVE_KMAP_LOCAL_PAGE: kmap_local_page()/kunmap_local().
 * f3ba3c710ac5 ("mm/highmem: Provide kmap_local*"), v5.11.
 */
#include <linux/highmem.h>

void kbm_probe(struct page *page);
void kbm_probe(struct page *page)
{
	void *p = kmap_local_page(page);

	kunmap_local(p);
}
