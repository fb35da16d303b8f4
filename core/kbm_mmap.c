// SPDX-License-Identifier: GPL-2.0
/*
 * kbm_mmap.c - mapping a buffer into user space.
 *
 * mmap() travels one way: validate the request, set the VMA's flags,
 * protection and ops, then map by the one method that suits the backend.
 * Faults, splits, forks and unmaps come back through the vm_ops below.
 */
#include <linux/highmem.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/string.h>
#include <kbufmap/kbufmap.h>
#include "kbm_dma_mem.h"
#include "kbm_fault_path.h"
#include "kbm_huge.h"
#include "kbm_mmap.h"

/* The mapping methods; the switch in kbm_buffer_mmap() picks one. */
enum kbm_map_method {
	KBM_MAP_REMAP_PFN,	/* contiguous, populate=remap: remap_pfn_range */
	KBM_MAP_PFN_FAULT,	/* populate=remap, else: PFNs and PMDs on touch */
	KBM_MAP_VMALLOC,	/* vmalloc: remap_vmalloc_range */
	KBM_MAP_INSERT_PAGES,	/* contig or page array: batched insertion */
	KBM_MAP_FAULT,		/* any page-backed buffer: on first touch */
	KBM_MAP_PMD,		/* populate=pmd: on first touch, PMDs */
	KBM_MAP_DMA,		/* DMA memory: the DMA API's PFN remap */
};

/*
 * A private mapping is never a PFN remap: for copy-on-write mappings
 * remap_pfn_range() (and mmap_action_remap_full()) store the first PFN in
 * vm_pgoff, which /proc/<pid>/maps prints as the offset, to any user who
 * may open the device.  It gets the buffer's pages instead, which it needs
 * anyway to copy them on write.
 */
static enum kbm_map_method kbm_map_method(const struct kbm_buffer *buf,
					  bool shared)
{
	/* DMA memory: PFNs and PMDs where they give the DMA API's type. */
	if (buf->cfg.backend == KBM_BACKEND_DMA)
		return kbm_buffer_pfn_pmds(buf) ? KBM_MAP_PFN_FAULT : KBM_MAP_DMA;
	/* Page arrays always, contiguous blocks where PMDs can map them. */
	if (buf->cfg.populate == KBM_POPULATE_REMAP && shared)
		return buf->cfg.backend == KBM_BACKEND_PAGES ||
		       kbm_buffer_pfn_pmds(buf) ?
		       KBM_MAP_PFN_FAULT : KBM_MAP_REMAP_PFN;
	/* Where PMDs cannot map it, populate=pmd is populate=fault. */
	if (buf->cfg.populate == KBM_POPULATE_PMD)
		return kbm_buffer_pmd_capable(buf) ? KBM_MAP_PMD : KBM_MAP_FAULT;
	if (buf->cfg.populate == KBM_POPULATE_FAULT ||
	    buf->cfg.fill != KBM_FILL_PREALLOC)
		return KBM_MAP_FAULT;
	if (buf->cfg.backend == KBM_BACKEND_VMALLOC)
		return KBM_MAP_VMALLOC;
	return KBM_MAP_INSERT_PAGES;
}

/* Is it a PFN remap made whole at mmap time (kbm_vm_ops_pfn below)? */
static bool kbm_map_method_remaps(enum kbm_map_method method)
{
	return method == KBM_MAP_REMAP_PFN || method == KBM_MAP_DMA;
}

/**
 * kbm_buffer_remapped() - are @buf's shared mappings remapped at mmap time?
 * @buf: the buffer
 *
 * Return: true where a shared mapping of @buf is one PFN remap, its own
 * or the DMA API's (kbm_vm_ops_pfn), the kind of mapping an mremap move
 * is refused for where kbm_pfnmap_move_refused().
 */
bool kbm_buffer_remapped(const struct kbm_buffer *buf)
{
	return kbm_map_method_remaps(kbm_map_method(buf, true));
}

/* Called for every new VMA: the first (via ->mapped or .mmap), splits, forks. */
static void kbm_map_account(void *priv)
{
	struct kbm_buffer *buf = priv;

	kbm_buffer_get(buf);
	atomic_inc(&buf->map_count);
}

static void kbm_vm_open(struct vm_area_struct *vma)
{
	kbm_map_account(kbm_vma_private(vma));
}

static void kbm_vm_close(struct vm_area_struct *vma)
{
	struct kbm_buffer *buf = kbm_vma_private(vma);

	if (!kbm_vma_accounted(vma))
		return;
	atomic_dec(&buf->map_count);
	kbm_buffer_put(buf);
}

/*
 * Fault-around: a fault of a shared mapping of a preallocated buffer maps
 * the aligned window of this many pages around the faulting one (clamped
 * to the VMA), the way the kernel's fault_around_bytes does for files.
 * Rounded down to a power of two, at most one page table; 1 turns it off.
 */
static unsigned int fault_around_pages = 16;
module_param(fault_around_pages, uint, 0644);
MODULE_PARM_DESC(fault_around_pages,
		 "pages one fault of a shared mapping maps (default 16; 1: one page per fault)");

/*
 * Return: true when the faulting page was mapped with the window; false
 * when a page before it was mapped already (part of the window survived
 * an MADV_DONTNEED) or a page table could not be allocated: then the page
 * goes the usual way.
 */
static bool kbm_fault_around(struct kbm_buffer *buf, struct kbm_vmf *f,
			     unsigned int window)
{
	struct vm_area_struct *vma = kbm_fault_vma(f);
	unsigned long addr = kbm_fault_address(f) & PAGE_MASK;
	unsigned long span, start, end, left;

	window = min_t(unsigned int, window, PTRS_PER_PTE);
	/* Round down to a power of two: clear low bits until one is left. */
	while (window & (window - 1))
		window &= window - 1;
	span = (unsigned long)window << PAGE_SHIFT;
	start = max(addr & ~(span - 1), vma->vm_start);
	end = min((addr & ~(span - 1)) + span, vma->vm_end);
	left = (end - start) >> PAGE_SHIFT;
	/* The VMA lies inside the buffer: kbm_mmap_check() and VM_DONTEXPAND. */
	kbm_fault_map_pages(f, start, &buf->pages[vma->vm_pgoff +
			    ((start - vma->vm_start) >> PAGE_SHIFT)], &left);
	return end - (left << PAGE_SHIFT) > addr;
}

static kbm_vm_fault_t kbm_fault(struct kbm_vmf *f)
{
	struct vm_area_struct *vma = kbm_fault_vma(f);
	struct kbm_buffer *buf = kbm_fault_vma_private(vma);
	struct page *page;
	int err;

	/* A sparse buffer's holes stay holes: only write() fills them. */
	err = kbm_buffer_page_get(buf, kbm_fault_pgoff(f),
				  buf->cfg.fill != KBM_FILL_SPARSE, &page);
	if (err == -ENOMEM)
		return KBM_FAULT_OOM;
	if (err)
		return KBM_FAULT_SIGBUS;
	/*
	 * A shared mapping maps the buffer's own pages, so it may map the
	 * neighbours now as well; a private one must hand the core the page
	 * to copy on write.  Only a preallocated buffer has no holes in the
	 * window.
	 */
	if (buf->cfg.fill == KBM_FILL_PREALLOC && fault_around_pages > 1 &&
	    kbm_fault_may_map_pages(vma) &&
	    kbm_fault_around(buf, f, fault_around_pages))
		return KBM_FAULT_NOPAGE;
	return kbm_fault_page(f, page);
}

KBM_DEFINE_FAULT(kbm_fault);
KBM_DEFINE_VM_MAPPED(kbm_map_account);

/* Page-backed mappings: a fault (re)maps a page, e.g. after MADV_DONTNEED. */
static const struct vm_operations_struct kbm_vm_ops_pages = {
	.open = kbm_vm_open,
	.close = kbm_vm_close,
	KBM_VM_OPS_MAPPED(kbm_map_account)
	KBM_VM_OPS_FAULT(kbm_fault),
};

/*
 * populate=pmd: PMD-sized runs by .huge_fault (kbm_huge.c), the rest by
 * .fault one page at a time.  Not VM_MIXEDMAP: the kernel treats PMDs of
 * such VMAs as special (no folio behind them, so splitting or unmapping
 * one would leave the folio's references and rmap behind, 7.2
 * vma_is_special_huge()), so pages are handed to the core, never inserted
 * by the handler, and there is no fault-around.
 */
static const struct vm_operations_struct kbm_vm_ops_pmd = {
	.open = kbm_vm_open,
	.close = kbm_vm_close,
	KBM_VM_OPS_MAPPED(kbm_map_account)
	KBM_VM_OPS_FAULT(kbm_fault),
	KBM_VM_OPS_HUGE_FAULT(kbm_pmd_fault)
};

/*
 * ptrace and /proc/<pid>/mem on a PFN mapping: get_user_pages() finds no
 * page there and asks vm_ops->access.  generic_access_phys() would
 * ioremap() the frame, which x86 refuses, with a warning, for RAM; but
 * the frame is a page of the buffer, found from the VMA's offset, so copy
 * through a kernel mapping of that page, the way get_user_pages() users
 * do.  At most to the end of the page: the caller comes back for the
 * rest, and finds no VMA past the end of this one.  A VMA without
 * VM_WRITE is not written, as get_user_pages() refuses to for shared
 * mappings.
 *
 * Return: bytes copied, or -EINVAL outside the buffer, -EACCES for a
 * write to a read-only mapping.
 */
static int __maybe_unused kbm_vm_access(struct vm_area_struct *vma,
					unsigned long addr, void *data,
					int len, int write)
{
	struct kbm_buffer *buf = kbm_vma_private(vma);
	unsigned int off = addr & ~PAGE_MASK;
	pgoff_t page_pgoff;
	struct page *page;
	char *kaddr;

	if (addr < vma->vm_start || addr >= vma->vm_end || len <= 0)
		return -EINVAL;
	if (write && !(vma->vm_flags & VM_WRITE))
		return -EACCES;
	page_pgoff = vma->vm_pgoff + ((addr - vma->vm_start) >> PAGE_SHIFT);
	page = kbm_buffer_page(buf, page_pgoff);
	if (!page)
		return -EINVAL;
	len = min_t(unsigned int, len, PAGE_SIZE - off);
	kaddr = kbm_buffer_kmap(buf, page_pgoff, page);
	if (write)
		memcpy(kaddr + off, data, len);
	else
		memcpy(data, kaddr + off, len);
	kbm_buffer_kunmap(buf, page, kaddr);
	return len;
}

/*
 * populate=remap page arrays (and contiguous blocks where PMDs map them):
 * the faulting page's frame, with no struct page behind the PTE
 * (VM_PFNMAP), one page per fault; the PMD-sized runs
 * come by kbm_pfn_pmd_fault() where the kernel can, and the core asks
 * for them first.
 */
static kbm_vm_fault_t kbm_pfn_fault(struct kbm_vmf *f)
{
	struct kbm_buffer *buf = kbm_fault_vma_private(kbm_fault_vma(f));
	/* Preallocated, and the VMA lies inside the buffer: never NULL. */
	struct page *page = kbm_buffer_page(buf, kbm_fault_pgoff(f));

	if (!page)
		return KBM_FAULT_SIGBUS;
	return kbm_fault_insert_pfn(f, page_to_pfn(page));
}

KBM_DEFINE_FAULT(kbm_pfn_fault);

static const struct vm_operations_struct kbm_vm_ops_pfn_fault = {
	.open = kbm_vm_open,
	.close = kbm_vm_close,
	KBM_VM_OPS_MAPPED(kbm_map_account)
	KBM_VM_OPS_FAULT(kbm_pfn_fault),
	KBM_VM_OPS_HUGE_PFN_FAULT(kbm_pfn_pmd_fault)
	KBM_VM_OPS_ACCESS(kbm_vm_access)
};

/*
 * PFN remaps have no struct page in their PTEs and are mapped whole at
 * mmap time; a fault there is a bug or a revoked range, so no .fault and
 * the core answers SIGBUS.
 */
static const struct vm_operations_struct kbm_vm_ops_pfn = {
	.open = kbm_vm_open,
	.close = kbm_vm_close,
	KBM_VM_OPS_MAPPED(kbm_map_account)
	KBM_VM_OPS_ACCESS(kbm_vm_access)
	KBM_VM_OPS_PFNMAP_MREMAP
};

static int kbm_mmap_check(const struct kbm_buffer *buf, unsigned long len,
			  pgoff_t pgoff, bool shared)
{
	/* mmap() already refused len == 0 and rounded len up to pages. */
	unsigned long pages = len >> PAGE_SHIFT;

	/* The first page must exist... */
	if (pgoff >= buf->nr_pages)
		return -EINVAL;
	/* ...and so must the last; no overflow: pgoff < nr_pages here. */
	if (pages > buf->nr_pages - pgoff)
		return -EINVAL;
	/*
	 * A private mapping's written pages are anonymous copies, which are
	 * always cached: the cache mode would silently not hold.
	 */
	if (!shared && buf->cfg.cache != KBM_CACHE_CACHED)
		return -EINVAL;
	/* The DMA API maps its memory shared only: no pages to copy from. */
	if (!shared && buf->cfg.backend == KBM_BACKEND_DMA)
		return -EINVAL;
	return 0;
}

static void kbm_mmap_set_prot(struct kbm_buffer *buf, pgprot_t *prot)
{
	/* The DMA API sets the memory type of its own memory's mappings. */
	if (buf->cfg.backend == KBM_BACKEND_DMA)
		return;
	switch (buf->cfg.cache) {
	case KBM_CACHE_CACHED:
		break;
	case KBM_CACHE_WC:
		*prot = kbm_pgprot_writecombine(*prot);
		break;
	case KBM_CACHE_UNCACHED:
		*prot = pgprot_noncached(*prot);
		break;
	}
}

/**
 * kbm_buffer_mmap() - map a buffer for the mmap entry point of a file
 * @buf: the buffer
 * @req: the request the driver's KBM_DEFINE_MMAP() entry point was handed
 *
 * Checks the offset and length against the buffer, refuses private
 * mappings of write-combined and uncached buffers, keeps the mapping from
 * growing, and maps it: vmalloc buffers with remap_vmalloc_range(),
 * contiguous and page-array buffers with batched page insertion,
 * shared mappings of populate=remap contiguous buffers with one PFN remap
 * (VM_PFNMAP: no struct page behind the PTEs; private ones get the pages
 * inserted), those of populate=remap page arrays, and of contiguous
 * buffers of a PMD's size or more where the kernel maps PFNs by PMD
 * (kbm_buffer_pmd_capable()), by PFN on first access (PMD-sized runs by
 * special PMDs where the kernel can), and on-demand,
 * sparse or fault-populated
 * buffers on first access; populate=pmd buffers too, by PMDs where the
 * kernel can (kbm_buffer_pmd_capable()) and 4 KiB pages elsewhere; DMA
 * buffers as the DMA API maps them (a PFN remap, shared mappings only,
 * with the memory type it chooses).  The buffer is referenced by every
 * VMA until it is unmapped.
 *
 * Context: the mmap entry point, mmap lock held for writing.
 * Return: 0 or a negative errno (-EINVAL for a bad offset, length or
 * mapping type).
 */
int kbm_buffer_mmap(struct kbm_buffer *buf, struct kbm_mmap_req *req)
{
	pgoff_t pgoff = kbm_req_pgoff(req);
	bool shared = kbm_req_is_shared(req);
	enum kbm_map_method method = kbm_map_method(buf, shared);
	int err;

	err = kbm_mmap_check(buf, kbm_req_size(req), pgoff, shared);
	if (err)
		return err;

	kbm_req_forbid_expand(req);
	kbm_mmap_set_prot(buf, kbm_req_prot(req));
	kbm_req_set_ops(req, kbm_map_method_remaps(method) ? &kbm_vm_ops_pfn :
			method == KBM_MAP_PFN_FAULT ? &kbm_vm_ops_pfn_fault :
			method == KBM_MAP_PMD ? &kbm_vm_ops_pmd :
			&kbm_vm_ops_pages, buf);

	switch (method) {
	case KBM_MAP_REMAP_PFN:
		err = kbm_req_remap_pfn(req, page_to_pfn(buf->pages[0]) + pgoff);
		break;
	case KBM_MAP_PFN_FAULT:
		kbm_req_set_pfnmap(req);
		break;
	case KBM_MAP_VMALLOC:
		err = kbm_req_remap_vmalloc(req, buf->vaddr, &buf->pages[pgoff]);
		break;
	case KBM_MAP_INSERT_PAGES:
		err = kbm_req_insert_pages(req, &buf->pages[pgoff]);
		break;
	case KBM_MAP_FAULT:
		kbm_req_set_mixedmap(req);
		break;
	case KBM_MAP_PMD:
		break;
	case KBM_MAP_DMA:
		err = kbm_dma_mem_mmap(buf, req);
		break;
	}
	if (err)
		return err;
	/*
	 * Through .mmap the mapping exists once we return: account it here,
	 * directly (kbm_req_mapped() would call vm_ops->open, an indirect
	 * call).  Through .mmap_prepare, vm_ops->mapped() accounts it.
	 */
	if (!kbm_req_uses_mmap_prepare())
		kbm_map_account(buf);
	return 0;
}
EXPORT_SYMBOL_GPL(kbm_buffer_mmap);
