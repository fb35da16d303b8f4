// SPDX-License-Identifier: GPL-2.0
/*
 * KBM_HAVE_VM_INSERT_PAGES: vm_insert_pages() inserts a batch of pages.
 * 8cd3984d81d5 ("mm/memory.c: add vm_insert_pages()"), v5.7.
 */
#include <linux/mm.h>

int kbm_probe(struct vm_area_struct *vma, struct page **pages, unsigned long *n);
int kbm_probe(struct vm_area_struct *vma, struct page **pages, unsigned long *n)
{
	return vm_insert_pages(vma, vma->vm_start, pages, n);
}
