// SPDX-License-Identifier: GPL-2.0
/*
 * The VMA argument is not called vma (ALSA's drivers call it area): the
 * local must still read vmf->vma.
 */
#include <linux/mm.h>

struct ctl {
	void *shared;
};

static int ctl_fault(struct vm_area_struct *area, struct vm_fault *vmf)
{
	struct ctl *ctl = area->vm_private_data;

	vmf->page = virt_to_page(ctl->shared + (vmf->pgoff << PAGE_SHIFT));
	get_page(vmf->page);
	return 0;
}

static const struct vm_operations_struct ctl_vm_ops = {
	.fault = ctl_fault,
};
