// SPDX-License-Identifier: GPL-2.0
/*
 * v2.6.23 - v4.10 handlers: a fault handler using its VMA, a page_mkwrite
 * handler that does not, and a direct call of the fault handler.
 */
#include <linux/mm.h>

struct fb {
	struct page **pages;
	unsigned long nr_pages;
	unsigned long dirty;
};

static int fb_fault(struct vm_area_struct *vma, struct vm_fault *vmf);

static int fb_fault(struct vm_area_struct *vma, struct vm_fault *vmf)
{
	struct fb *fb = vma->vm_private_data;

	if (vmf->pgoff >= fb->nr_pages)
		return VM_FAULT_SIGBUS;
	vmf->page = fb->pages[vmf->pgoff];
	get_page(vmf->page);
	return 0;
}

static int fb_mkwrite(struct vm_area_struct *vma, struct vm_fault *vmf)
{
	lock_page(vmf->page);
	return VM_FAULT_LOCKED;
}

static int fb_prefault(struct vm_area_struct *vma, struct vm_fault *vmf)
{
	return fb_fault(vma, vmf);
}

static const struct vm_operations_struct fb_vm_ops = {
	.fault = fb_fault,
	.page_mkwrite = fb_mkwrite,
};
