// SPDX-License-Identifier: GPL-2.0
/*
 * The LDD3 shape: the page starts out as NOPAGE_SIGBUS, a hole jumps to
 * the unlock, and the one return hands back whatever the page is then.
 */
#include <linux/mm.h>
#include <asm/semaphore.h>

struct store {
	struct semaphore sem;
	size_t size;
	void **data;
};

struct page *store_vma_nopage(struct vm_area_struct *vma,
			      unsigned long address, int *type);

struct page *store_vma_nopage(struct vm_area_struct *vma,
			      unsigned long address, int *type)
{
	struct store *st = vma->vm_private_data;
	struct page *page = NOPAGE_SIGBUS;
	unsigned long offset;
	void *pageptr = NULL;

	down(&st->sem);
	offset = (address - vma->vm_start) + (vma->vm_pgoff << PAGE_SHIFT);
	if (offset >= st->size)
		goto out;
	pageptr = st->data[offset >> PAGE_SHIFT];
	if (!pageptr)
		goto out;
	page = virt_to_page(pageptr);
	get_page(page);
	if (type)
		*type = VM_FAULT_MINOR;
out:
	up(&st->sem);
	return page;
}

struct vm_operations_struct store_vm_ops = {
	.nopage =	store_vma_nopage,
};
