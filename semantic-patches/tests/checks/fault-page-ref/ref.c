// SPDX-License-Identifier: GPL-2.0
/*
 * The reference is taken (before or after the assignment), or the page
 * comes from the allocator with one; a void helper is no handler.
 */
#include <linux/mm.h>
#include <linux/pagemap.h>

struct pb {
	struct page **pages;
	struct address_space *mapping;
};

static vm_fault_t a_fault(struct vm_fault *vmf)
{
	struct pb *pb = vmf->vma->vm_private_data;
	struct page *page = pb->pages[vmf->pgoff];

	get_page(page);
	vmf->page = page;
	return 0;
}

static vm_fault_t b_fault(struct vm_fault *vmf)
{
	struct pb *pb = vmf->vma->vm_private_data;

	vmf->page = pb->pages[vmf->pgoff];
	get_page(vmf->page);
	return 0;
}

static vm_fault_t c_fault(struct vm_fault *vmf)
{
	vmf->page = alloc_page(GFP_HIGHUSER);
	return vmf->page ? 0 : VM_FAULT_OOM;
}

static vm_fault_t d_fault(struct vm_fault *vmf)
{
	struct pb *pb = vmf->vma->vm_private_data;

	vmf->page = find_get_page(pb->mapping, vmf->pgoff);
	return vmf->page ? 0 : VM_FAULT_SIGBUS;
}

static void set_page_only(struct vm_fault *vmf, struct page *page)
{
	vmf->page = page;
}
