// SPDX-License-Identifier: GPL-2.0
/*
 * Nothing to do: a .fault handler already, and a function that only looks
 * like a nopage handler but is never used as one.
 */
#include <linux/mm.h>

static int buf_fault(struct vm_area_struct *vma, struct vm_fault *vmf)
{
	struct page *page = vma->vm_private_data;

	get_page(page);
	vmf->page = page;
	return 0;
}

static struct page *buf_lookup(struct vm_area_struct *vma,
			       unsigned long address, int *type)
{
	return NULL;
}

static const struct vm_operations_struct buf_vm_ops = {
	.fault = buf_fault,
};
