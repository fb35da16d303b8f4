// SPDX-License-Identifier: GPL-2.0
/*
 * vm_insert_page() in a fault handler becomes vmf_insert_page(); in the
 * mmap handler, which returns an errno, it stays.
 */
#include <linux/fs.h>
#include <linux/mm.h>

struct pg {
	struct page **pages;
	unsigned long nr_pages;
};

static int pg_fault(struct vm_fault *vmf)
{
	struct pg *pg = vmf->vma->vm_private_data;

	if (vm_insert_page(vmf->vma, vmf->address, pg->pages[vmf->pgoff]))
		return VM_FAULT_SIGBUS;
	return VM_FAULT_NOPAGE;
}

static const struct vm_operations_struct pg_vm_ops = {
	.fault = pg_fault,
};

static int pg_mmap(struct file *file, struct vm_area_struct *vma)
{
	struct pg *pg = file->private_data;
	int err;

	vma->vm_ops = &pg_vm_ops;
	vma->vm_private_data = pg;
	err = vm_insert_page(vma, vma->vm_start, pg->pages[0]);
	if (err)
		return err;
	return 0;
}
