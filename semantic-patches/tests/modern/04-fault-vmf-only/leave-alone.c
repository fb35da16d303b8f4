// SPDX-License-Identifier: GPL-2.0
/*
 * Already v4.11+; and a helper with the old two-argument shape that no
 * vm_operations_struct uses.
 */
#include <linux/mm.h>

static int fill_one(struct vm_area_struct *vma, struct vm_fault *vmf)
{
	return vm_insert_page(vma, vmf->address, vmf->page);
}

static vm_fault_t ok_fault(struct vm_fault *vmf)
{
	struct page *page = vmf->vma->vm_private_data;

	get_page(page);
	vmf->page = page;
	return 0;
}

static const struct vm_operations_struct ok_vm_ops = {
	.fault = ok_fault,
};
