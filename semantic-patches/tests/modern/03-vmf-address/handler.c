// SPDX-License-Identifier: GPL-2.0
/* A v2.6.23 - v4.9 fault handler reading the faulting address. */
#include <linux/mm.h>

struct win {
	unsigned long base_pfn;
	void __user *last;
};

static int win_fault(struct vm_area_struct *vma, struct vm_fault *vmf)
{
	struct win *win = vma->vm_private_data;
	unsigned long addr = (unsigned long)vmf->virtual_address;
	unsigned long off = (unsigned long)(vmf->virtual_address) - vma->vm_start;

	win->last = vmf->virtual_address;
	if (vm_insert_pfn(vma, addr, win->base_pfn + (off >> PAGE_SHIFT)))
		return VM_FAULT_SIGBUS;
	return VM_FAULT_NOPAGE;
}
