// SPDX-License-Identifier: GPL-2.0
/*
 * Fault handlers that hand out a page of the driver's buffer with no
 * reference for the page tables.
 */
#include <linux/mm.h>
#include <linux/vmalloc.h>

struct vb {
	void *mem;
	struct page **pages;
};

static vm_fault_t vb_fault(struct vm_fault *vmf)
{
	struct vb *vb = vmf->vma->vm_private_data;

	vmf->page = vmalloc_to_page(vb->mem + (vmf->pgoff << PAGE_SHIFT));
	return 0;
}

static int vb_old_fault(struct vm_area_struct *vma, struct vm_fault *vmf)
{
	struct vb *vb = vma->vm_private_data;

	vmf->page = vb->pages[vmf->pgoff];
	return 0;
}

static const struct vm_operations_struct vb_vm_ops = {
	.fault = vb_fault,
};

static const struct vm_operations_struct vb_old_vm_ops = {
	.fault = vb_old_fault,
};
