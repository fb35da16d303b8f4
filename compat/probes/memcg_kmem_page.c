// SPDX-License-Identifier: GPL-2.0
/*
 * KBM_HAVE_MEMCG_KMEM_PAGE: a memcg-charged page is marked in
 * page->memcg_data, not in its page type, so it may be mapped to user space.
 * bcfe06bf2622 ("mm: memcontrol: Use helpers to read page's memcg data")
 * and its series, v5.11.  From v4.6 to v5.10 PageKmemcg lived in
 * _mapcount, which a user mapping counts in: vm_insert_page() refuses such
 * a page (v5.8+) or corrupts the mark.
 */
#include <linux/memcontrol.h>
#include <linux/mm.h>

bool kbm_probe(struct page *page);
bool kbm_probe(struct page *page)
{
	return PageMemcgKmem(page);
}
