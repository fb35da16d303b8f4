// SPDX-License-Identifier: GPL-2.0
/*
 * The mmap handlers set VM_MIXEDMAP (directly, or through kbufmap) before
 * the fault handler inserts pages; a fault handler that hands pages back
 * through vmf->page needs nothing.
 */
#include <linux/fs.h>
#include <linux/mm.h>
#include <kbufmap/kbufmap.h>

static struct page *pages[4];

static vm_fault_t ins_fault(struct vm_fault *vmf)
{
	int err = vm_insert_page(vmf->vma, vmf->address, pages[vmf->pgoff & 3]);

	return err ? VM_FAULT_SIGBUS : VM_FAULT_NOPAGE;
}

static const struct vm_operations_struct ins_vm_ops = {
	.fault = ins_fault,
};

static int ins_mmap(struct file *file, struct vm_area_struct *vma)
{
	vm_flags_set(vma, VM_MIXEDMAP);
	vma->vm_ops = &ins_vm_ops;
	return 0;
}

static int kbm_ins_mmap(struct file *file, struct vm_area_struct *vma)
{
	kbm_req_set_ops(vma, &ins_vm_ops, NULL);
	kbm_req_set_mixedmap(vma);
	return 0;
}

static vm_fault_t give_fault(struct vm_fault *vmf)
{
	vmf->page = pages[vmf->pgoff & 3];
	get_page(vmf->page);
	return 0;
}

static const struct vm_operations_struct give_vm_ops = {
	.fault = give_fault,
};

static int give_mmap(struct file *file, struct vm_area_struct *vma)
{
	vma->vm_ops = &give_vm_ops;
	return 0;
}
