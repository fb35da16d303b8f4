/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kbm_mmap.h - the mmap entry point: f_op->mmap or f_op->mmap_prepare.
 *
 * Driver code sees a "mapping request", struct kbm_mmap_req, and asks it for its
 * length, offset and sharing, sets its flags, protection and vm_ops, and
 * asks for the pages to be mapped.  On kernels with the v7.1 shape of
 * .mmap_prepare (struct vm_area_desc, mmap_action_map_kernel_pages(),
 * vm_ops->mapped) the request is the descriptor and mapping is deferred to
 * an mmap_action; everywhere else it is the VMA and the pages are mapped at
 * once.  The entry itself is declared with KBM_DEFINE_MMAP() and wired in
 * with KBM_FOP_MMAP(), so only one of the two hooks is ever set.
 */
#ifndef _KBM_COMPAT_MMAP_H
#define _KBM_COMPAT_MMAP_H

#include <linux/fs.h>
#include <linux/mm.h>
#include <linux/vmalloc.h>
#include "kbm_config.h"
#include "kbm_types.h"
#include "kbm_vma.h"

#ifndef KBM_HAVE_REMAP_VMALLOC_RANGE
#error "kbufmap needs remap_vmalloc_range() and vmalloc_user() (Linux 2.6.18 or later)"
#endif

/*
 * .mmap_prepare appeared in v6.16 (c84bf6dd2b83), but only v7.1 gave it the
 * means to map a page array and a hook that runs once the VMA exists; on
 * v6.16 - v7.0 kbufmap keeps to .mmap, which those kernels still support.
 */
#if defined(KBM_HAVE_MMAP_PREPARE) && \
	defined(KBM_HAVE_MMAP_ACTION_MAP_KERNEL_PAGES) && \
	defined(KBM_HAVE_VM_OPS_MAPPED) && defined(KBM_HAVE_VMA_DESC_TEST)
#define KBM_USE_MMAP_PREPARE 1
#endif

#ifdef KBM_USE_MMAP_PREPARE
#define KBM_BRANCH_MMAP		"mmap=mmap_prepare"
#define KBM_BRANCH_VM_OPS	"vm_ops=const"
#define KBM_BRANCH_INSERT	"insert=mmap_action_map_kernel_pages"
#define kbm_mmap_req vm_area_desc

static inline unsigned long kbm_req_size(const struct kbm_mmap_req *req)
{
	return vma_desc_size(req);
}

static inline pgoff_t kbm_req_pgoff(const struct kbm_mmap_req *req)
{
	return req->pgoff;
}

/*
 * MAP_SHARED, as asked: the kernel clears VM_SHARED (not VM_MAYSHARE) when
 * the file is open read-only, since such a mapping can never write.
 */
static inline bool kbm_req_is_shared(const struct kbm_mmap_req *req)
{
	return vma_desc_test(req, VMA_MAYSHARE_BIT);
}

static inline void kbm_req_forbid_expand(struct kbm_mmap_req *req)
{
	vma_desc_set_flags(req, VMA_DONTEXPAND_BIT, VMA_DONTDUMP_BIT);
}

static inline pgprot_t *kbm_req_prot(struct kbm_mmap_req *req)
{
	return &req->page_prot;
}

/*
 * If the mmap_action fails after the VMA exists, the VMA is unmapped and
 * vm_ops->close() runs although vm_ops->mapped() never did.  So the
 * private pointer is tagged (bit 0) until ->mapped() accounts the mapping,
 * and kbm_vma_accounted() tells ->close() whether there is anything to undo.
 */
#define KBM_VMA_UNACCOUNTED	1UL

static inline void kbm_req_set_ops(struct kbm_mmap_req *req,
				   const struct vm_operations_struct *ops,
				   void *private_data)
{
	req->vm_ops = ops;
	req->private_data = (void *)((unsigned long)private_data |
				     KBM_VMA_UNACCOUNTED);
}

static inline void *kbm_vma_private(const struct vm_area_struct *vma)
{
	return (void *)((unsigned long)vma->vm_private_data &
			~KBM_VMA_UNACCOUNTED);
}

static inline bool kbm_vma_accounted(const struct vm_area_struct *vma)
{
	return !((unsigned long)vma->vm_private_data & KBM_VMA_UNACCOUNTED);
}

/* Fault-driven mappings insert pages from the fault path. */
static inline void kbm_req_set_mixedmap(struct kbm_mmap_req *req)
{
	vma_desc_set_flags(req, VMA_MIXEDMAP_BIT);
}

/* Faults insert frames by PFN, as a remap would have mapped them. */
static inline void kbm_req_set_pfnmap(struct kbm_mmap_req *req)
{
	vma_desc_set_flags(req, VMA_IO_BIT, VMA_PFNMAP_BIT);
}

/* The remap runs after the VMA is set up (mmap_action_complete()). */
#define KBM_BRANCH_REMAP	"remap=mmap_action_remap_full"
static inline int kbm_req_remap_pfn(struct kbm_mmap_req *req, unsigned long pfn)
{
	mmap_action_remap_full(req, pfn);
	return 0;
}

/* @pages are the pages from the request's pgoff on. */
static inline int kbm_req_insert_pages(struct kbm_mmap_req *req,
				       struct page **pages)
{
	mmap_action_map_kernel_pages_full(req, pages);
	return 0;
}

/*
 * There is no vmalloc action (7.2); the page array of the vmalloc area
 * maps the same memory through the same path.
 */
static inline int kbm_req_remap_vmalloc(struct kbm_mmap_req *req, void *vaddr,
					struct page **pages)
{
	return kbm_req_insert_pages(req, pages);
}

/* vm_ops->mapped() accounts the new mapping once the VMA exists. */
static inline void kbm_req_mapped(struct kbm_mmap_req *req)
{
}

#define KBM_DEFINE_MMAP(fn)						\
static int fn##_entry(struct vm_area_desc *desc)			\
{									\
	return fn(desc->file, desc);					\
}

#define KBM_FOP_MMAP(fn)	.mmap_prepare = fn##_entry

/*
 * vm_ops->mapped(start, end, pgoff, file, &private_data), v7.1: called
 * once when the VMA is first mapped (VM_DONTEXPAND VMAs never merge, so
 * always for kbufmap); .open covers splits and forks as before.
 */
#define KBM_DEFINE_VM_MAPPED(fn)					\
static int fn##_mapped(unsigned long start, unsigned long end,		\
		       pgoff_t pgoff, const struct file *file,		\
		       void **vm_private_data)				\
{									\
	void *priv = (void *)((unsigned long)*vm_private_data &	\
			      ~KBM_VMA_UNACCOUNTED);			\
									\
	fn(priv);							\
	*vm_private_data = priv;					\
	return 0;							\
}

#define KBM_VM_OPS_MAPPED(fn)	.mapped = fn##_mapped,

#else /* f_op->mmap */

#define KBM_BRANCH_MMAP		"mmap=mmap"
#ifdef KBM_HAVE_CONST_VM_OPS
#define KBM_BRANCH_VM_OPS	"vm_ops=const"
#else
#define KBM_BRANCH_VM_OPS	"vm_ops=non-const"
#endif
#ifdef KBM_HAVE_VM_INSERT_PAGES
#define KBM_BRANCH_INSERT	"insert=vm_insert_pages"
#else
#define KBM_BRANCH_INSERT	"insert=vm_insert_page"
#endif

#define kbm_mmap_req vm_area_struct

static inline unsigned long kbm_req_size(const struct kbm_mmap_req *req)
{
	return req->vm_end - req->vm_start;
}

static inline pgoff_t kbm_req_pgoff(const struct kbm_mmap_req *req)
{
	return req->vm_pgoff;
}

static inline bool kbm_req_is_shared(const struct kbm_mmap_req *req)
{
	return req->vm_flags & VM_MAYSHARE;
}

static inline void kbm_req_forbid_expand(struct kbm_mmap_req *req)
{
	kbm_vma_set_flags(req, KBM_VM_NOEXPAND_NODUMP);
}

static inline pgprot_t *kbm_req_prot(struct kbm_mmap_req *req)
{
	return &req->vm_page_prot;
}

static inline void kbm_req_set_ops(struct kbm_mmap_req *req,
				   const struct vm_operations_struct *ops,
				   void *private_data)
{
#ifdef KBM_HAVE_CONST_VM_OPS
	req->vm_ops = ops;
#else
	/* Before v2.6.32 (f0f37e2f7773) the pointer is not to const. */
	req->vm_ops = (void *)ops;
#endif
	req->vm_private_data = private_data;
}

/*
 * v2.6.26, b379d790197c: VM_MIXEDMAP.  vm_insert_page() from a fault
 * handler needs it set at mmap time (7.2 BUG()s otherwise); older kernels
 * have only whole-page VMAs, where nothing needs to be set.
 */
static inline void kbm_req_set_mixedmap(struct kbm_mmap_req *req)
{
#ifdef VM_MIXEDMAP
	kbm_vma_set_flags(req, VM_MIXEDMAP);
#endif
}

/*
 * Faults insert frames by PFN: the flags remap_pfn_range() would set
 * (VM_PFNMAP since v2.6.15, VM_IO: get_user_pages() refuses the VMA).
 */
static inline void kbm_req_set_pfnmap(struct kbm_mmap_req *req)
{
	kbm_vma_set_flags(req, VM_IO | VM_PFNMAP);
}

/*
 * Kernels with VM_PFN_AT_MMAP (until b3b9c293 "mm, x86, pat: rework linear
 * pfn-mmap tracking", v3.7): remap_pfn_range() of a whole VMA stores its
 * first PFN in vm_pgoff, shared mapping or not.  /proc/<pid>/maps then
 * prints a physical frame as the offset, and ->access, which finds the
 * buffer offset through vm_pgoff, reads and writes the wrong place (EIO).
 * There every page is inserted with vm_insert_pfn(), which leaves vm_pgoff
 * alone and maps each frame with the memory type PAT has for it, as the
 * faults of a page array's populate=remap mapping do.
 */
#if defined(VM_PFN_AT_MMAP) && defined(KBM_HAVE_VM_INSERT_PFN)
#define KBM_BRANCH_REMAP	"remap=vm_insert_pfn"
static inline int kbm_req_remap_pfn(struct kbm_mmap_req *req, unsigned long pfn)
{
	unsigned long addr;
	int err;

	kbm_req_set_pfnmap(req);
	for (addr = req->vm_start; addr < req->vm_end; addr += PAGE_SIZE) {
		err = vm_insert_pfn(req, addr, pfn++);
		if (err)
			return err;
	}
	return 0;
}
#else
#define KBM_BRANCH_REMAP	"remap=remap_pfn_range"
static inline int kbm_req_remap_pfn(struct kbm_mmap_req *req, unsigned long pfn)
{
	return remap_pfn_range(req, req->vm_start, pfn, kbm_req_size(req),
			       req->vm_page_prot);
}
#endif

static inline int kbm_req_insert_pages(struct kbm_mmap_req *req,
				       struct page **pages)
{
	unsigned long n = kbm_req_size(req) >> PAGE_SHIFT;
#ifdef KBM_HAVE_VM_INSERT_PAGES
	/* v5.7, 8cd3984d81d5: one page-table lock per PMD, not per page. */
	return vm_insert_pages(req, req->vm_start, pages, &n);
#else
	unsigned long i;
	int err;

	for (i = 0; i < n; i++) {
		err = vm_insert_page(req, req->vm_start + i * PAGE_SIZE,
				     pages[i]);
		if (err)
			return err;
	}
	return 0;
#endif
}

/* v2.6.18, 833423143c3a: the vmalloc_user() area maps itself. */
static inline int kbm_req_remap_vmalloc(struct kbm_mmap_req *req, void *vaddr,
					struct page **pages)
{
	return remap_vmalloc_range(req, vaddr, req->vm_pgoff);
}

static inline void *kbm_vma_private(const struct vm_area_struct *vma)
{
	return vma->vm_private_data;
}

/* .mmap accounts the mapping before returning; a failed .mmap has no VMA. */
static inline bool kbm_vma_accounted(const struct vm_area_struct *vma)
{
	return true;
}

/* .mmap is not followed by vm_ops->open(); account the mapping here. */
static inline void kbm_req_mapped(struct kbm_mmap_req *req)
{
	if (req->vm_ops->open)
		req->vm_ops->open(req);
}

/* The driver's function has the .mmap signature already. */
#define KBM_DEFINE_MMAP(fn)
#define KBM_FOP_MMAP(fn)	.mmap = (fn)
#define KBM_DEFINE_VM_MAPPED(fn)
#define KBM_VM_OPS_MAPPED(fn)

#endif /* KBM_USE_MMAP_PREPARE */

/*
 * vm_ops->access(vma, addr, buf, len, write), v2.6.27, 28b2ee20c7cb: ptrace
 * and /proc/<pid>/mem call it for an address get_user_pages() cannot
 * reach, such as a VM_PFNMAP mapping.  Declare the handler __maybe_unused:
 * older kernels have nowhere to put it.
 */
#ifdef KBM_HAVE_VM_OPS_ACCESS
#define KBM_BRANCH_ACCESS	"access=vm_ops"
#define KBM_VM_OPS_ACCESS(fn)	.access = (fn),
#else
#define KBM_BRANCH_ACCESS	"access=none"
#define KBM_VM_OPS_ACCESS(fn)
#endif

/**
 * kbm_req_uses_mmap_prepare() - does this build map through .mmap_prepare?
 *
 * Return: true when the kernel's f_op->mmap_prepare is the entry point.
 */
static inline bool kbm_req_uses_mmap_prepare(void)
{
#ifdef KBM_USE_MMAP_PREPARE
	return true;
#else
	return false;
#endif
}

#endif /* _KBM_COMPAT_MMAP_H */
