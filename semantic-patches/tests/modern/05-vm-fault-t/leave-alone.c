// SPDX-License-Identifier: GPL-2.0
/* Already vm_fault_t; the mmap handler's int is not a fault code. */
#include <linux/fs.h>
#include <linux/mm.h>

static vm_fault_t done_fault(struct vm_fault *vmf)
{
	return VM_FAULT_SIGBUS;
}

static const struct vm_operations_struct done_vm_ops = {
	.fault = done_fault,
};

static int done_mmap(struct file *file, struct vm_area_struct *vma)
{
	int ret = 0;

	vma->vm_ops = &done_vm_ops;
	return ret;
}
