// SPDX-License-Identifier: GPL-2.0
/* v4.11 - v4.16 handlers returning int. */
#include <linux/mm.h>

struct cam {
	unsigned long base_pfn;
	unsigned long nr_pages;
	struct page *scratch;
};

static int cam_fault(struct vm_fault *vmf);

static int cam_fault(struct vm_fault *vmf)
{
	struct cam *cam = vmf->vma->vm_private_data;
	int ret = VM_FAULT_NOPAGE;

	if (vmf->pgoff >= cam->nr_pages)
		ret = VM_FAULT_SIGBUS;
	else if (vm_insert_pfn(vmf->vma, vmf->address,
			       cam->base_pfn + vmf->pgoff))
		ret = VM_FAULT_SIGBUS;
	return ret;
}

static int cam_mkwrite(struct vm_fault *vmf)
{
	int ret;

	ret = VM_FAULT_LOCKED;
	lock_page(vmf->page);
	return ret;
}

static const struct vm_operations_struct cam_vm_ops = {
	.fault = cam_fault,
	.page_mkwrite = cam_mkwrite,
};
