// SPDX-License-Identifier: GPL-2.0
/*
 * The result is used after a lock is dropped: not rewritten, reported.
 * A handler already on vmf_insert_pfn() is fine.
 */
#include <linux/mm.h>
#include <linux/mutex.h>

struct win {
	struct mutex lock;
	unsigned long pfn;
};

static int win_fault(struct vm_fault *vmf)
{
	struct win *win = vmf->vma->vm_private_data;
	int ret;

	mutex_lock(&win->lock);
	ret = vm_insert_pfn(vmf->vma, vmf->address, win->pfn + vmf->pgoff);
	mutex_unlock(&win->lock);
	if (ret)
		return VM_FAULT_SIGBUS;
	return VM_FAULT_NOPAGE;
}

static vm_fault_t new_fault(struct vm_fault *vmf)
{
	struct win *win = vmf->vma->vm_private_data;

	return vmf_insert_pfn(vmf->vma, vmf->address, win->pfn + vmf->pgoff);
}

static const struct vm_operations_struct win_vm_ops = {
	.fault = win_fault,
};

static const struct vm_operations_struct new_vm_ops = {
	.fault = new_fault,
};
