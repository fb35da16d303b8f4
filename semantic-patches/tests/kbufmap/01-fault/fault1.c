// SPDX-License-Identifier: GPL-2.0
/*
 * A v4.17+ handler on a vmalloc buffer; the reference is taken after the
 * page is handed over, and a second handler takes it under a lock.
 */
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/vmalloc.h>

struct vbuf {
	struct mutex lock;
	void *mem;
	unsigned long size;
};

static vm_fault_t vbuf_fault(struct vm_fault *vmf)
{
	struct vbuf *vb = vmf->vma->vm_private_data;
	unsigned long off = vmf->pgoff << PAGE_SHIFT;

	if (off >= vb->size)
		return VM_FAULT_SIGBUS;
	vmf->page = vmalloc_to_page(vb->mem + off);
	get_page(vmf->page);
	return 0;
}

static vm_fault_t vbuf_locked_fault(struct vm_fault *vmf)
{
	struct vbuf *vb = vmf->vma->vm_private_data;
	vm_fault_t ret = VM_FAULT_SIGBUS;
	struct page *page;

	mutex_lock(&vb->lock);
	if ((vmf->pgoff << PAGE_SHIFT) < vb->size) {
		page = vmalloc_to_page(vb->mem + (vmf->pgoff << PAGE_SHIFT));
		get_page(page);
		vmf->page = page;
		ret = 0;
	}
	mutex_unlock(&vb->lock);
	return ret;
}

static const struct vm_operations_struct vbuf_vm_ops = {
	.fault = vbuf_fault,
};

static const struct vm_operations_struct vbuf_locked_vm_ops = {
	.fault = vbuf_locked_fault,
};
