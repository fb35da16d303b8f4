// SPDX-License-Identifier: GPL-2.0
/* A nopage handler that maps one kmalloc'ed page per page offset. */
#include <linux/mm.h>

struct ring {
	void **pages;
	unsigned long nr_pages;
};

static struct page *ring_vma_nopage(struct vm_area_struct *vma,
				    unsigned long address, int *type)
{
	struct ring *ring = vma->vm_private_data;
	unsigned long pgoff;
	struct page *page;

	pgoff = vma->vm_pgoff + ((address - vma->vm_start) >> PAGE_SHIFT);
	if (pgoff >= ring->nr_pages)
		return NOPAGE_SIGBUS;
	if (!ring->pages[pgoff])
		return NOPAGE_OOM;
	page = virt_to_page(ring->pages[pgoff]);
	get_page(page);
	if (type)
		*type = VM_FAULT_MINOR;
	return page;
}

static struct vm_operations_struct ring_vm_ops = {
	.nopage = ring_vma_nopage,
};
