// SPDX-License-Identifier: GPL-2.0
/* A v2.6.23 - v4.10 fault handler over a page array. */
#include <linux/mm.h>

struct pool {
	struct page **pages;
	unsigned long nr_pages;
};

static int pool_fault(struct vm_area_struct *vma, struct vm_fault *vmf)
{
	struct pool *pool = vma->vm_private_data;
	struct page *page;

	if (vmf->pgoff >= pool->nr_pages)
		return VM_FAULT_SIGBUS;
	page = pool->pages[vmf->pgoff];
	if (!page)
		return VM_FAULT_OOM;
	get_page(page);
	vmf->page = page;
	return 0;
}

static const struct vm_operations_struct pool_vm_ops = {
	.fault = pool_fault,
};
