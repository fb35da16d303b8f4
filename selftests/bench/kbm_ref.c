// SPDX-License-Identifier: GPL-2.0
/*
 * kbm_ref.c - kbufmap's fault and mmap paths written directly against one
 * kernel's API, without the compat layer: the yardstick of the benchmark's
 * "compat cost" (scripts/bench.sh compares the instructions of
 * ref_fault()/ref_buffer_mmap() with kbm_fault()/kbm_buffer_mmap()).
 *
 * Same logic, line for line, as core/kbm_mmap.c, with the same function
 * boundaries (ref_fault_around(), ref_fault_page(), ...: gcc allocates
 * registers differently across them, a instruction or two either way, which
 * is not what is being measured); only the spelling differs: the kernel's
 * own struct vm_fault, vm_area_desc or vm_area_struct, flags and helpers,
 * chosen by kernel version as a driver for that one kernel would.  Built
 * for 6.12 (f_op->mmap) and 7.1+ (f_op->mmap_prepare).  Never loaded: only
 * compiled.  When kbm_fault() or kbm_buffer_mmap() change, change this too.
 */
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/version.h>
#include <kbufmap/kbufmap.h>

#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 12, 0)
#error "kbm_ref.c is written for 6.12 and 7.1+"
#endif

enum ref_map_method { REF_REMAP_PFN, REF_VMALLOC, REF_INSERT_PAGES, REF_FAULT };

static enum ref_map_method ref_map_method(const struct kbm_buffer *buf)
{
	if (buf->cfg.populate == KBM_POPULATE_REMAP)
		return REF_REMAP_PFN;
	if (buf->cfg.populate == KBM_POPULATE_FAULT ||
	    buf->cfg.fill != KBM_FILL_PREALLOC)
		return REF_FAULT;
	if (buf->cfg.backend == KBM_BACKEND_VMALLOC)
		return REF_VMALLOC;
	return REF_INSERT_PAGES;
}

static void ref_map_account(void *priv)
{
	struct kbm_buffer *buf = priv;

	kbm_buffer_get(buf);
	atomic_inc(&buf->map_count);
}

#if LINUX_VERSION_CODE >= KERNEL_VERSION(7, 1, 0)
/* ->mapped() has not run yet while the pointer carries bit 0. */
#define REF_UNACCOUNTED	1UL

static void ref_vm_open(struct vm_area_struct *vma)
{
	ref_map_account((void *)((unsigned long)vma->vm_private_data &
				 ~REF_UNACCOUNTED));
}

static void ref_vm_close(struct vm_area_struct *vma)
{
	struct kbm_buffer *buf = vma->vm_private_data;

	if ((unsigned long)buf & REF_UNACCOUNTED)
		return;
	atomic_dec(&buf->map_count);
	kbm_buffer_put(buf);
}

static int ref_mapped(unsigned long start, unsigned long end, pgoff_t pgoff,
		      const struct file *file, void **vm_private_data)
{
	void *priv = (void *)((unsigned long)*vm_private_data &
			      ~REF_UNACCOUNTED);

	ref_map_account(priv);
	*vm_private_data = priv;
	return 0;
}
#else
static void ref_vm_open(struct vm_area_struct *vma)
{
	ref_map_account(vma->vm_private_data);
}

static void ref_vm_close(struct vm_area_struct *vma)
{
	struct kbm_buffer *buf = vma->vm_private_data;

	atomic_dec(&buf->map_count);
	kbm_buffer_put(buf);
}
#endif

static unsigned int fault_around_pages = 16;
module_param(fault_around_pages, uint, 0644);

static bool ref_fault_around(struct kbm_buffer *buf, struct vm_fault *vmf,
			     unsigned int window)
{
	struct vm_area_struct *vma = vmf->vma;
	unsigned long addr = vmf->address & PAGE_MASK;
	unsigned long span, start, end, left;

	window = min_t(unsigned int, window, PTRS_PER_PTE);
	while (window & (window - 1))
		window &= window - 1;
	span = (unsigned long)window << PAGE_SHIFT;
	start = max(addr & ~(span - 1), vma->vm_start);
	end = min((addr & ~(span - 1)) + span, vma->vm_end);
	left = (end - start) >> PAGE_SHIFT;
	vm_insert_pages(vma, start, &buf->pages[vma->vm_pgoff +
			((start - vma->vm_start) >> PAGE_SHIFT)], &left);
	return end - (left << PAGE_SHIFT) > addr;
}

/* Answer with the page: the core maps it (or copies it on write). */
static inline vm_fault_t ref_fault_page(struct vm_fault *vmf, struct page *page)
{
	get_page(page);
	vmf->page = page;
	return 0;
}

/* By the time anything faults, ->mapped() has run: no tag to strip. */
static vm_fault_t ref_fault(struct vm_fault *vmf)
{
	struct vm_area_struct *vma = vmf->vma;
	struct kbm_buffer *buf = vma->vm_private_data;
	struct page *page;
	int err;

	err = kbm_buffer_page_get(buf, vmf->pgoff,
				  buf->cfg.fill != KBM_FILL_SPARSE, &page);
	if (err == -ENOMEM)
		return VM_FAULT_OOM;
	if (err)
		return VM_FAULT_SIGBUS;
	if (buf->cfg.fill == KBM_FILL_PREALLOC && fault_around_pages > 1 &&
	    (vma->vm_flags & (VM_MAYSHARE | VM_MIXEDMAP)) ==
	    (VM_MAYSHARE | VM_MIXEDMAP) &&
	    ref_fault_around(buf, vmf, fault_around_pages))
		return VM_FAULT_NOPAGE;
	return ref_fault_page(vmf, page);
}

static const struct vm_operations_struct ref_vm_ops_pages = {
	.open = ref_vm_open,
	.close = ref_vm_close,
#if LINUX_VERSION_CODE >= KERNEL_VERSION(7, 1, 0)
	.mapped = ref_mapped,
#endif
	.fault = ref_fault,
};

static const struct vm_operations_struct ref_vm_ops_pfn = {
	.open = ref_vm_open,
	.close = ref_vm_close,
#if LINUX_VERSION_CODE >= KERNEL_VERSION(7, 1, 0)
	.mapped = ref_mapped,
#endif
};

static pgprot_t ref_prot(const struct kbm_buffer *buf, pgprot_t prot)
{
	switch (buf->cfg.cache) {
	case KBM_CACHE_CACHED:
		break;
	case KBM_CACHE_WC:
		prot = pgprot_writecombine(prot);
		break;
	case KBM_CACHE_UNCACHED:
		prot = pgprot_noncached(prot);
		break;
	}
	return prot;
}

static int ref_check(const struct kbm_buffer *buf, unsigned long len,
		     pgoff_t pgoff, bool shared)
{
	unsigned long pages = len >> PAGE_SHIFT;

	if (pgoff >= buf->nr_pages)
		return -EINVAL;
	if (pages > buf->nr_pages - pgoff)
		return -EINVAL;
	if (!shared && buf->cfg.cache != KBM_CACHE_CACHED)
		return -EINVAL;
	return 0;
}

#if LINUX_VERSION_CODE >= KERNEL_VERSION(7, 1, 0)
int ref_buffer_mmap(struct kbm_buffer *buf, struct vm_area_desc *desc);
int ref_buffer_mmap(struct kbm_buffer *buf, struct vm_area_desc *desc)
{
	enum ref_map_method method = ref_map_method(buf);
	pgoff_t pgoff = desc->pgoff;
	int err;

	err = ref_check(buf, vma_desc_size(desc), pgoff,
			vma_desc_test(desc, VMA_MAYSHARE_BIT));
	if (err)
		return err;
	vma_desc_set_flags(desc, VMA_DONTEXPAND_BIT, VMA_DONTDUMP_BIT);
	desc->page_prot = ref_prot(buf, desc->page_prot);
	desc->vm_ops = method == REF_REMAP_PFN ? &ref_vm_ops_pfn :
		       &ref_vm_ops_pages;
	desc->private_data = (void *)((unsigned long)buf | REF_UNACCOUNTED);

	switch (method) {
	case REF_REMAP_PFN:
		mmap_action_remap_full(desc, page_to_pfn(buf->pages[0]) + pgoff);
		break;
	case REF_VMALLOC:
	case REF_INSERT_PAGES:
		mmap_action_map_kernel_pages_full(desc, &buf->pages[pgoff]);
		break;
	case REF_FAULT:
		vma_desc_set_flags(desc, VMA_MIXEDMAP_BIT);
		break;
	}
	return 0;
}
#else
int ref_buffer_mmap(struct kbm_buffer *buf, struct vm_area_struct *vma);
int ref_buffer_mmap(struct kbm_buffer *buf, struct vm_area_struct *vma)
{
	enum ref_map_method method = ref_map_method(buf);
	unsigned long size = vma->vm_end - vma->vm_start;
	pgoff_t pgoff = vma->vm_pgoff;
	unsigned long n;
	int err;

	err = ref_check(buf, size, pgoff, vma->vm_flags & VM_MAYSHARE);
	if (err)
		return err;
	vm_flags_set(vma, VM_DONTEXPAND | VM_DONTDUMP);
	vma->vm_page_prot = ref_prot(buf, vma->vm_page_prot);
	vma->vm_ops = method == REF_REMAP_PFN ? &ref_vm_ops_pfn :
		      &ref_vm_ops_pages;
	vma->vm_private_data = buf;

	switch (method) {
	case REF_REMAP_PFN:
		err = remap_pfn_range(vma, vma->vm_start,
				      page_to_pfn(buf->pages[0]) + pgoff, size,
				      vma->vm_page_prot);
		break;
	case REF_VMALLOC:
		err = remap_vmalloc_range(vma, buf->vaddr, pgoff);
		break;
	case REF_INSERT_PAGES:
		n = size >> PAGE_SHIFT;
		err = vm_insert_pages(vma, vma->vm_start, &buf->pages[pgoff], &n);
		break;
	case REF_FAULT:
		vm_flags_set(vma, VM_MIXEDMAP);
		break;
	}
	if (err)
		return err;
	/* .mmap is not followed by ->open(): account the mapping here. */
	ref_map_account(buf);
	return 0;
}
#endif
EXPORT_SYMBOL_GPL(ref_buffer_mmap);

MODULE_DESCRIPTION("kbufmap benchmark: fault and mmap paths without the compat layer");
MODULE_LICENSE("GPL");
