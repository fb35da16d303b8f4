// SPDX-License-Identifier: GPL-2.0
/*
 * kbm_mmap.c - mapping a buffer into user space.
 *
 * mmap() travels one way: validate the request, set the VMA's flags,
 * protection and ops, then map by the one method that suits the backend.
 * Faults, splits, forks and unmaps come back through the vm_ops below.
 */
#include <linux/mm.h>
#include <linux/module.h>
#include <kbufmap/kbufmap.h>
#include "kbm_fault_path.h"

/* The mapping methods; the switch in kbm_buffer_mmap() picks one. */
enum kbm_map_method {
	KBM_MAP_REMAP_PFN,	/* contiguous, populate=remap: remap_pfn_range */
	KBM_MAP_VMALLOC,	/* vmalloc: remap_vmalloc_range */
	KBM_MAP_INSERT_PAGES,	/* contig or page array: batched insertion */
	KBM_MAP_FAULT,		/* any page-backed buffer: on first touch */
};

static enum kbm_map_method kbm_map_method(const struct kbm_buffer *buf)
{
	if (buf->cfg.populate == KBM_POPULATE_REMAP)
		return KBM_MAP_REMAP_PFN;
	if (buf->cfg.populate == KBM_POPULATE_FAULT ||
	    buf->cfg.fill != KBM_FILL_PREALLOC)
		return KBM_MAP_FAULT;
	if (buf->cfg.backend == KBM_BACKEND_VMALLOC)
		return KBM_MAP_VMALLOC;
	return KBM_MAP_INSERT_PAGES;
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

static kbm_vm_fault_t kbm_fault(struct kbm_vmf *f)
{
	struct kbm_buffer *buf = kbm_fault_vma_private(kbm_fault_vma(f));
	struct page *page;
	int err;

	/* A sparse buffer's holes stay holes: only write() fills them. */
	err = kbm_buffer_page_get(buf, kbm_fault_pgoff(f),
				  buf->cfg.fill != KBM_FILL_SPARSE, &page);
	if (err == -ENOMEM)
		return KBM_FAULT_OOM;
	if (err)
		return KBM_FAULT_SIGBUS;
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
 * PFN mappings have no struct page in their PTEs and are mapped whole at
 * mmap time; a fault there is a bug or a revoked range, so no .fault and
 * the core answers SIGBUS.
 */
static const struct vm_operations_struct kbm_vm_ops_pfn = {
	.open = kbm_vm_open,
	.close = kbm_vm_close,
	KBM_VM_OPS_MAPPED(kbm_map_account)
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
	return 0;
}

static void kbm_mmap_set_prot(struct kbm_buffer *buf, pgprot_t *prot)
{
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
 * populate=remap contiguous buffers with one PFN remap (VM_PFNMAP: no
 * struct page behind the PTEs), and on-demand, sparse or fault-populated
 * buffers on first access.  The
 * buffer is referenced by every VMA until it is unmapped.
 *
 * Context: the mmap entry point, mmap lock held for writing.
 * Return: 0 or a negative errno (-EINVAL for a bad offset, length or
 * mapping type).
 */
int kbm_buffer_mmap(struct kbm_buffer *buf, struct kbm_mmap_req *req)
{
	pgoff_t pgoff = kbm_req_pgoff(req);
	enum kbm_map_method method = kbm_map_method(buf);
	int err;

	err = kbm_mmap_check(buf, kbm_req_size(req), pgoff,
			     kbm_req_is_shared(req));
	if (err)
		return err;

	kbm_req_forbid_expand(req);
	kbm_mmap_set_prot(buf, kbm_req_prot(req));
	kbm_req_set_ops(req, method == KBM_MAP_REMAP_PFN ? &kbm_vm_ops_pfn :
			&kbm_vm_ops_pages, buf);

	switch (method) {
	case KBM_MAP_REMAP_PFN:
		err = kbm_req_remap_pfn(req, page_to_pfn(buf->pages[0]) + pgoff);
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
	}
	if (err)
		return err;
	kbm_req_mapped(req);
	return 0;
}
EXPORT_SYMBOL_GPL(kbm_buffer_mmap);
