/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kbm_huge.h - high-order chunks and PMD (huge) mappings of them.
 *
 * A page-array buffer is allocated in the largest naturally aligned chunks
 * the page allocator gives cheaply, down from the order of one PMD.  Most
 * chunks are split into independent pages at once, as every kernel since
 * v2.6.17 can do.  Only where the kernel maps a driver's PMD-sized folio
 * with one page-table entry and still treats it as ordinary memory
 * (refcounted, in the rmap, reachable by get_user_pages()) are PMD-sized
 * chunks of a populate=pmd buffer kept whole, as compound folios; see
 * KBM_HUGE_PMD below for which kernels those are and why the others get
 * 4 KiB mappings.
 */
#ifndef _KBM_COMPAT_HUGE_H
#define _KBM_COMPAT_HUGE_H

#include <linux/gfp.h>
#include <linux/mm.h>
#include "kbm_config.h"
#include "kbm_types.h"
#include "kbm_fault.h"
#include "kbm_mem.h"

/*
 * The order of one PMD's worth of pages (2 MiB with 4 KiB pages on x86-64),
 * capped at the allocator's largest order: on arm64 with 64 KiB pages a
 * PMD maps 512 MiB, more than one block, and chunks stop at the largest
 * block (they are then never PMD-mapped).  PMD_SHIFT is defined on every
 * architecture and era (equal to PGDIR_SHIFT where the PMD is folded).
 */
#define KBM_PMD_ORDER_RAW	(PMD_SHIFT - PAGE_SHIFT)
#define KBM_CHUNK_MAX_ORDER						\
	min_t(unsigned int, KBM_PMD_ORDER_RAW, KBM_NR_PAGE_ORDERS - 1)

/*
 * Chunks above order 0 are a bonus: try each order once, without the
 * retries of KBM_GFP_MAYFAIL, without waking the OOM killer (__GFP_NORETRY
 * never does) and without a warning; compaction is tried at most once,
 * lightly.  Whatever else the caller asked for (zeroing, the zones) holds.
 */
static inline gfp_t kbm_gfp_chunk(gfp_t gfp, unsigned int order)
{
	if (!order)
		return gfp;
	return (gfp & ~KBM_GFP_MAYFAIL) | __GFP_NORETRY | __GFP_NOWARN;
}

/*
 * KBM_HUGE_PMD: populate=pmd buffers get PMD mappings.  It takes three
 * things, each found by a probe:
 *
 * - vmf_insert_folio_pmd(), v6.15, 6c88f72691f8 ("mm/huge_memory: add
 *   vmf_insert_folio_pmd()"): maps a PMD-sized folio with a refcount and
 *   an rmap entry, so get_user_pages(), O_DIRECT, pagemap, smaps and
 *   splitting work on it as on a file THP.  Before it, the only PMD
 *   insertion for drivers is vmf_insert_pfn_pmd() (v4.20; pfn_t until
 *   v6.17), which makes a devmap (before v6.15) or special PMD: no struct
 *   page for GUP, which fails with EFAULT there, and it needs VM_PFNMAP or
 *   a ZONE_DEVICE page behind VM_MIXEDMAP.  That would take the page-backed
 *   guarantees away from the buffer, so kbufmap does not use it.  Nor does
 *   it rely on the core mapping a PMD-sized folio handed back by ->fault
 *   (do_set_pmd()): finish_fault() in 6.12.117 and 7.2.13 refuses to map a
 *   folio that reaches past i_size ("Do not allow to map with PTEs beyond
 *   i_size and with PMD across i_size"), and a device file's i_size is 0.
 * - .huge_fault(vmf, order), v6.6, "mm: remove enum page_entry_size"
 *   (1d024e7a8dab in linux-next; earlier shapes: .pmd_fault(vma, addr,
 *   pmd, flags) v4.4 - v4.10, .huge_fault(vmf, enum page_entry_size)
 *   v4.11 - v6.5, all older than vmf_insert_folio_pmd(), so never needed).
 * - thp_get_unmapped_area(), v4.10, 74d2fad1334d ("thp, dax: add
 *   thp_get_unmapped_area for pmd mappings"): user addresses that share
 *   the buffer offset's alignment modulo PMD_SIZE.  With
 *   CONFIG_TRANSPARENT_HUGEPAGE off it is NULL and the probe fails.
 */
#if defined(KBM_HAVE_VMF_INSERT_FOLIO_PMD) && \
	defined(KBM_HAVE_HUGE_FAULT_ORDER) && \
	defined(KBM_HAVE_THP_GET_UNMAPPED_AREA)
#define KBM_HUGE_PMD	1
#define KBM_BRANCH_PMD	"pmd=vmf_insert_folio_pmd"
#else
#define KBM_BRANCH_PMD	"pmd=none"
#endif

/*
 * KBM_HUGE_PFNMAP: populate=remap page arrays get PMD mappings of their
 * PMD-sized, physically contiguous runs: "special" PMDs of a VM_PFNMAP
 * mapping, no struct page behind them, as the PTEs of a PFN remap.
 * vmf_insert_pfn_pmd() (v4.20, pfn_t until v6.17) makes them, but until
 * v6.12 a PMD it made for ordinary RAM carried no "special" bit, so
 * get_user_pages_fast(), which never looks at the VMA, would have taken
 * it for a THP and the buffer's pages for its own; fork, mprotect and
 * zapping learnt such PMDs in the same series.  v6.12 ("mm: introduce
 * ARCH_SUPPORTS_HUGE_PFNMAP and special bits to pmd/pud" and what follows
 * it) gives them the bit on the architectures that select
 * CONFIG_ARCH_SUPPORTS_PMD_PFNMAP (x86-64 and arm64 among them): that
 * configuration symbol, new in v6.12, is the test, with the probes of
 * KBM_HUGE_PMD's .huge_fault and thp_get_unmapped_area().
 */
#if defined(CONFIG_ARCH_SUPPORTS_PMD_PFNMAP) && \
	defined(KBM_HAVE_HUGE_FAULT_ORDER) && \
	defined(KBM_HAVE_THP_GET_UNMAPPED_AREA) && \
	(defined(KBM_HAVE_VMF_INSERT_PFN_PMD_ULONG) || \
	 defined(KBM_HAVE_VMF_INSERT_PFN_PMD_PFN_T))
#define KBM_HUGE_PFNMAP	1
#define KBM_BRANCH_PFN_PMD	"pfn_pmd=vmf_insert_pfn_pmd"
#include <linux/huge_mm.h>
#ifdef KBM_HAVE_VMF_INSERT_PFN_PMD_PFN_T
#include <linux/pfn_t.h>
#endif
#else
#define KBM_BRANCH_PFN_PMD	"pfn_pmd=none"
#endif

/**
 * kbm_huge_pfnmap_supported() - do populate=remap page arrays get PMDs?
 *
 * Return: true where PMD-sized contiguous runs of a PFN mapping are
 * mapped by special PMDs.
 */
static inline bool kbm_huge_pfnmap_supported(void)
{
#ifdef KBM_HUGE_PFNMAP
	return true;
#else
	return false;
#endif
}

/**
 * kbm_huge_pmd_supported() - does this kernel get populate=pmd PMD mappings?
 *
 * Return: true where PMD-sized chunks are kept whole and mapped by PMDs.
 */
static inline bool kbm_huge_pmd_supported(void)
{
#ifdef KBM_HUGE_PMD
	return true;
#else
	return false;
#endif
}

/* Pages mapped by one PMD, where kbm_huge_pmd_supported(). */
#define KBM_PMD_NR	(PMD_SIZE >> PAGE_SHIFT)

/**
 * kbm_alloc_pmd_folio() - allocate one PMD-sized compound folio
 * @gfp: the flags order-0 pages of the buffer are allocated with
 *
 * Return: the first page, or NULL (always where !kbm_huge_pmd_supported()).
 */
static inline struct page *kbm_alloc_pmd_folio(gfp_t gfp)
{
#ifdef KBM_HUGE_PMD
	return alloc_pages(kbm_gfp_chunk(gfp, KBM_PMD_ORDER_RAW) | __GFP_COMP,
			   KBM_PMD_ORDER_RAW);
#else
	return NULL;
#endif
}

/**
 * kbm_page_is_pmd_folio() - is @page the first page of a PMD-sized folio?
 * @page: a page of a buffer
 *
 * Return: true for the head of a folio from kbm_alloc_pmd_folio().
 */
static inline bool kbm_page_is_pmd_folio(struct page *page)
{
#ifdef KBM_HUGE_PMD
	struct folio *folio = page_folio(page);

	return &folio->page == page && folio_order(folio) == KBM_PMD_ORDER_RAW;
#else
	return false;
#endif
}

/**
 * kbm_put_pmd_folio() - drop the buffer's reference to a PMD-sized folio
 * @page: its first page
 *
 * Mappings and pins hold references of their own: the folio is freed with
 * the last one.
 */
static inline void kbm_put_pmd_folio(struct page *page)
{
#ifdef KBM_HUGE_PMD
	folio_put(page_folio(page));
#endif
}

/*
 * .huge_fault(vmf, order): struct kbm_vmf is struct vm_fault here.  Where
 * neither kind of PMD is made the handlers are never installed, and
 * "fall back" is never answered.
 */
#if defined(KBM_HUGE_PMD) || defined(KBM_HUGE_PFNMAP)
#define KBM_FAULT_FALLBACK	VM_FAULT_FALLBACK
#else
#define KBM_FAULT_FALLBACK	KBM_FAULT_SIGBUS
#endif
#ifdef KBM_HUGE_PMD
#define KBM_VM_OPS_HUGE_FAULT(fn)	.huge_fault = (fn),
#else
#define KBM_VM_OPS_HUGE_FAULT(fn)
#endif
#ifdef KBM_HUGE_PFNMAP
#define KBM_VM_OPS_HUGE_PFN_FAULT(fn)	.huge_fault = (fn),
#else
#define KBM_VM_OPS_HUGE_PFN_FAULT(fn)
#endif

/**
 * kbm_fault_insert_pmd() - map a PMD-sized folio from a huge fault
 * @f: the fault (a .huge_fault of order KBM_PMD_ORDER_RAW)
 * @page: the folio's first page
 *
 * Return: KBM_FAULT_NOPAGE when mapped (or already mapped), VM_FAULT_OOM
 * without memory for a page table; KBM_FAULT_FALLBACK where
 * !kbm_huge_pmd_supported().
 */
static inline kbm_vm_fault_t kbm_fault_insert_pmd(struct kbm_vmf *f,
						  struct page *page)
{
#ifdef KBM_HUGE_PMD
	return vmf_insert_folio_pmd(f, page_folio(page),
				    f->flags & FAULT_FLAG_WRITE);
#else
	return KBM_FAULT_FALLBACK;
#endif
}

/**
 * kbm_fault_insert_pfn_pmd() - map a PMD-sized run of frames from a huge fault
 * @f: the fault (a .huge_fault of order KBM_PMD_ORDER_RAW, VM_PFNMAP, shared)
 * @pfn: the run's first frame, aligned to PMD_SIZE
 *
 * Return: KBM_FAULT_NOPAGE when mapped (or already mapped), VM_FAULT_OOM
 * without memory for a page table; KBM_FAULT_FALLBACK where
 * !kbm_huge_pfnmap_supported().
 */
static inline kbm_vm_fault_t kbm_fault_insert_pfn_pmd(struct kbm_vmf *f,
						      unsigned long pfn)
{
#if defined(KBM_HAVE_VMF_INSERT_PFN_PMD_ULONG) && defined(KBM_HUGE_PFNMAP)
	/* v6.17: a plain PFN. */
	return vmf_insert_pfn_pmd(f, pfn, f->flags & FAULT_FLAG_WRITE);
#elif defined(KBM_HUGE_PFNMAP)
	/* v6.12 - v6.16: a pfn_t without PFN_DEV, so the PMD is special. */
	return vmf_insert_pfn_pmd(f, pfn_to_pfn_t(pfn),
				  f->flags & FAULT_FLAG_WRITE);
#else
	return KBM_FAULT_FALLBACK;
#endif
}

/**
 * kbm_thp_get_unmapped_area() - a user address aligned for PMD mappings
 * @file: the file being mapped
 * @addr: the caller's hint
 * @len: bytes
 * @pgoff: file offset in pages
 * @flags: mmap flags
 *
 * Return: an address whose offset modulo PMD_SIZE equals that of
 * @pgoff's byte offset where the kernel can give one, else what the
 * mm's ordinary search gives (or an error for it).  Without
 * kbm_huge_pmd_supported() or kbm_huge_pfnmap_supported(), -EOPNOTSUPP:
 * the caller must not install a get_unmapped_area hook there.
 */
static inline unsigned long kbm_thp_get_unmapped_area(struct file *file,
						      unsigned long addr,
						      unsigned long len,
						      unsigned long pgoff,
						      unsigned long flags)
{
#if defined(KBM_HUGE_PMD) || defined(KBM_HUGE_PFNMAP)
	return thp_get_unmapped_area(file, addr, len, pgoff, flags);
#else
	return -EOPNOTSUPP;
#endif
}

#endif /* _KBM_COMPAT_HUGE_H */
