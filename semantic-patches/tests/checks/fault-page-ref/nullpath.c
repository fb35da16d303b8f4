// SPDX-License-Identifier: GPL-2.0
/*
 * The shape the nopage rule makes of LDD3's scullp: the reference is taken
 * on the path that found the page, a hole jumps past it, and the page is
 * tested for NULL before it is handed over.  Not a bug.  The second
 * handler tests for NULL too but never takes a reference: a bug.
 */
#include <linux/mm.h>
#include <linux/mutex.h>

struct sp {
	struct mutex lock;
	void **data;
	unsigned long nr;
};

static vm_fault_t sp_fault(struct vm_fault *vmf)
{
	struct sp *sp = vmf->vma->vm_private_data;
	struct page *page = NULL;

	mutex_lock(&sp->lock);
	if (vmf->pgoff >= sp->nr || !sp->data[vmf->pgoff])
		goto out;
	page = virt_to_page(sp->data[vmf->pgoff]);
	get_page(page);
out:
	mutex_unlock(&sp->lock);
	if (!page)
		return VM_FAULT_SIGBUS;
	vmf->page = page;
	return 0;
}

static vm_fault_t sp_noref_fault(struct vm_fault *vmf)
{
	struct sp *sp = vmf->vma->vm_private_data;
	struct page *page = NULL;

	if (vmf->pgoff < sp->nr && sp->data[vmf->pgoff])
		page = virt_to_page(sp->data[vmf->pgoff]);
	if (!page)
		return VM_FAULT_SIGBUS;
	vmf->page = page;
	return 0;
}
