// SPDX-License-Identifier: GPL-2.0
/* A pfn_mkwrite handler wired up at run time. */
#include <linux/mm.h>

static int dev_pfn_mkwrite(struct vm_area_struct *vma, struct vm_fault *vmf)
{
	if (!(vma->vm_flags & VM_SHARED))
		return VM_FAULT_SIGBUS;
	return VM_FAULT_NOPAGE;
}

void dev_init_ops(struct vm_operations_struct *ops)
{
	ops->pfn_mkwrite = dev_pfn_mkwrite;
}
