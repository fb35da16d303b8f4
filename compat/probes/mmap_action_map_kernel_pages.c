// SPDX-License-Identifier: GPL-2.0
/*
 * KBM_HAVE_MMAP_ACTION_MAP_KERNEL_PAGES: mmap_action_map_kernel_pages() lets
 * .mmap_prepare map an array of struct page (the vm_insert_pages()
 * equivalent), v7.1 ("mm: add mmap_action_map_kernel_pages[_full]()").
 */
#include <linux/mm.h>

void kbm_probe(struct vm_area_desc *desc, struct page **pages);
void kbm_probe(struct vm_area_desc *desc, struct page **pages)
{
	mmap_action_map_kernel_pages(desc, desc->start, pages, 1);
	mmap_action_remap(desc, desc->start, 0, PAGE_SIZE);
}
