// SPDX-License-Identifier: GPL-2.0
/*
 * Pages inserted from the fault handler, but the mmap handler that
 * installs the ops never sets VM_MIXEDMAP.
 */
#include <linux/fs.h>
#include <linux/mm.h>

static struct page *pages[4];

static vm_fault_t lazy_fault(struct vm_fault *vmf)
{
	if (vmf->pgoff >= 4)
		return VM_FAULT_SIGBUS;
	return vmf_insert_page(vmf->vma, vmf->address, pages[vmf->pgoff]);
}

static const struct vm_operations_struct lazy_vm_ops = {
	.fault = lazy_fault,
};

static int lazy_mmap(struct file *file, struct vm_area_struct *vma)
{
	vma->vm_ops = &lazy_vm_ops;
	return 0;
}
