// SPDX-License-Identifier: GPL-2.0
/*
 * The LDD3 pattern: the mmap handler sets the ops and private data and
 * calls ->open() itself to count the mapping; a nopage handler (already
 * on kbufmap's fault API here) fills the pages in.
 */
#include <linux/fs.h>
#include <linux/mm.h>
#include <kbufmap/kbufmap.h>

struct store {
	int vmas;
	unsigned long size;
	struct page **pages;
};

static void store_vma_open(struct vm_area_struct *vma)
{
	struct store *st = vma->vm_private_data;

	st->vmas++;
}

static void store_vma_close(struct vm_area_struct *vma)
{
	struct store *st = vma->vm_private_data;

	st->vmas--;
}

static kbm_vm_fault_t store_fault(struct kbm_vmf *vmf)
{
	struct store *st = kbm_fault_vma(vmf)->vm_private_data;

	if (kbm_fault_pgoff(vmf) >= st->size >> PAGE_SHIFT)
		return KBM_FAULT_SIGBUS;
	return kbm_fault_page(vmf, st->pages[kbm_fault_pgoff(vmf)]);
}
KBM_DEFINE_FAULT(store_fault);

static struct vm_operations_struct store_vm_ops = {
	.open = store_vma_open,
	.close = store_vma_close,
	KBM_VM_OPS_FAULT(store_fault),
};

static int store_mmap(struct file *filp, struct vm_area_struct *vma)
{
	if (!(vma->vm_flags & VM_SHARED))
		return -EINVAL;
	vma->vm_ops = &store_vm_ops;
	vma->vm_flags |= VM_RESERVED;
	vma->vm_private_data = filp->private_data;
	store_vma_open(vma);
	return 0;
}

static const struct file_operations store_fops = {
	.owner = THIS_MODULE,
	.mmap = store_mmap,
};
