// SPDX-License-Identifier: GPL-2.0
/*
 * kbm_huge.c - page arrays allocated in high-order chunks, and PMD
 * mappings of the PMD-sized ones.
 *
 * Order-0 allocation costs one trip through the allocator per 4 KiB; a
 * chunk of order 9 costs one for 2 MiB, and the buddy allocator hands out
 * naturally aligned blocks, so a chunk that starts at a buffer offset
 * aligned to its size is physically aligned the same way.  Chunks are split
 * into independent pages (each with its own reference count, mapped,
 * pinned, copied on write and freed one by one, as before), except the
 * PMD-sized chunks of a populate=pmd buffer on kernels that map them with
 * one PMD (compat/kbm_huge.h), which stay compound folios.
 */
#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/sched.h>
#include <kbufmap/kbufmap.h>
#include "kbm_fault_path.h"
#include "kbm_dma_mem.h"
#include "kbm_huge.h"

/*
 * The largest chunk order tried (capped at KBM_CHUNK_MAX_ORDER); 0 gives
 * the single pages of old, for comparison (make bench).  Read once per
 * buffer, when it is created.
 */
static unsigned int chunk_max_order = 31;
module_param(chunk_max_order, uint, 0644);
MODULE_PARM_DESC(chunk_max_order,
		 "largest order of the chunks page arrays are allocated in (default: one PMD's, or the largest block; 0: single pages)");

/* populate=pmd where PMDs map folios: PMD-sized chunks are kept whole. */
static bool kbm_buffer_pmd_folios(const struct kbm_buffer *buf)
{
	return kbm_huge_pmd_supported() &&
	       buf->cfg.populate == KBM_POPULATE_PMD &&
	       buf->cfg.cache == KBM_CACHE_CACHED;
}

/*
 * populate=remap page arrays, contiguous and DMA buffers where special
 * PMDs map frames: chunks are split as usual, a PMD needs only 512
 * consecutive, aligned frames.  Cached only: a 2 MiB page's memory type
 * is encoded apart from a 4 KiB one's on x86, and nothing is gained where
 * the type is not WB anyway; for DMA memory, only where the DMA API would
 * map it as it is (a coherent device); a contiguous block from one PMD's
 * size on (a smaller one keeps its one remap at mmap time, which maps it
 * whole for less).
 */
bool kbm_buffer_pfn_pmds(const struct kbm_buffer *buf)
{
	if (!kbm_huge_pfnmap_supported() ||
	    buf->cfg.populate != KBM_POPULATE_REMAP ||
	    buf->cfg.cache != KBM_CACHE_CACHED)
		return false;
	switch (buf->cfg.backend) {
	case KBM_BACKEND_DMA:
		return kbm_dma_mem_maps_like_ram(buf);
	case KBM_BACKEND_CONTIG:
		return buf->nr_pages >= KBM_PMD_NR;
	case KBM_BACKEND_PAGES:
		return true;
	default:
		return false;
	}
}

/**
 * kbm_buffer_pmd_capable() - are this buffer's PMD-sized runs PMD-mapped?
 * @buf: the buffer
 *
 * Return: true for a populate=pmd buffer on a kernel that maps its
 * PMD-sized folios with PMDs (compat/kbm_huge.h; its PMD-sized chunks are
 * then kept whole), and for a cached populate=remap page array (or
 * contiguous block of at least a PMD's size) on a kernel that maps
 * contiguous frames of a PFN mapping with special PMDs.  The
 * driver's get_unmapped_area should then be kbm_buffer_get_unmapped_area().
 */
bool kbm_buffer_pmd_capable(const struct kbm_buffer *buf)
{
	return kbm_buffer_pmd_folios(buf) || kbm_buffer_pfn_pmds(buf);
}
EXPORT_SYMBOL_GPL(kbm_buffer_pmd_capable);

/* The largest order a chunk at page @i of @n may have: aligned, inside. */
static unsigned int kbm_chunk_order(unsigned long i, unsigned long n,
				    unsigned int max)
{
	unsigned int order = max;

	while (order && ((i & ((1UL << order) - 1)) || (1UL << order) > n - i))
		order--;
	return order;
}

/**
 * kbm_alloc_chunks() - fill a buffer's page array in high-order chunks
 * @buf: a buffer with an empty page array
 * @gfp: the flags for order-0 pages (higher orders: kbm_gfp_chunk())
 *
 * Each chunk is the largest naturally aligned block, up to one PMD, that
 * fits at its offset; an order that fails is not tried again for this
 * buffer (memory is fragmented: asking again would only cost
 * reclaim and compaction for nothing), down to single pages, which are
 * allocated as they always were.
 *
 * Context: may sleep; returns -EINTR on a fatal signal.
 * Return: 0, or -ENOMEM / -EINTR with the pages allocated so far in the
 * array, for the caller to free.
 */
int kbm_alloc_chunks(struct kbm_buffer *buf, gfp_t gfp)
{
	unsigned int max = min_t(unsigned int, chunk_max_order,
				 KBM_CHUNK_MAX_ORDER), order;
	bool keep_pmd = kbm_buffer_pmd_folios(buf);
	unsigned long i, k, n = buf->nr_pages, since = 0;
	struct page *page;

	for (i = 0; i < n; i += 1UL << order) {
		order = kbm_chunk_order(i, n, max);
		for (;;) {
			page = keep_pmd && order == KBM_PMD_ORDER_RAW ?
			       kbm_alloc_pmd_folio(gfp) :
			       alloc_pages(kbm_gfp_chunk(gfp, order), order);
			if (page || !order)
				break;
			max = --order;
		}
		if (!page)
			return -ENOMEM;
		if (order && !kbm_page_is_pmd_folio(page))
			kbm_split_page(page, order);
		for (k = 0; k < (1UL << order); k++)
			buf->pages[i + k] = page + k;
		/* A 1 GiB buffer is 262144 pages: stay preemptible. */
		since += 1UL << order;
		if (since >= 1024) {
			since = 0;
			cond_resched();
			if (fatal_signal_pending(current))
				return -EINTR;
		}
	}
	return 0;
}

/**
 * kbm_chunk_put() - give back a PMD-sized folio of a buffer
 * @page: a present page of the buffer
 *
 * Return: the pages given back (all of the folio, @page its first) or 0
 * when @page is an independent page, which the caller frees.
 */
unsigned long kbm_chunk_put(struct page *page)
{
	if (!kbm_page_is_pmd_folio(page))
		return 0;
	kbm_put_pmd_folio(page);
	return KBM_PMD_NR;
}

/* Count the PMDs a huge fault made, for KBM_IOC_INFO and the benchmark. */
static kbm_vm_fault_t kbm_pmd_counted(struct kbm_buffer *buf,
				      kbm_vm_fault_t ret)
{
	if (ret == KBM_FAULT_NOPAGE)
		atomic_long_inc(&buf->pmd_maps);
	return ret;
}

/**
 * kbm_pmd_fault() - map a PMD-sized run of a populate=pmd buffer
 * @f: the fault
 * @order: the order the core asks for (.huge_fault)
 *
 * Shared mappings only: a private one copies on write page by page, so it
 * is mapped page by page from the start.  The run must lie wholly inside
 * the VMA, start at a buffer offset aligned to its size (user addresses
 * are aligned to match by kbm_buffer_get_unmapped_area(), unless the
 * caller asked for a fixed unaligned address) and be one folio; anything
 * else falls back to 4 KiB faults (kbm_fault()).
 *
 * Context: .huge_fault, mmap lock or VMA lock held for reading.
 * Return: KBM_FAULT_NOPAGE once mapped, KBM_FAULT_FALLBACK or an error.
 */
kbm_vm_fault_t kbm_pmd_fault(struct kbm_vmf *f, unsigned int order)
{
	struct vm_area_struct *vma = kbm_fault_vma(f);
	struct kbm_buffer *buf = kbm_fault_vma_private(vma);
	unsigned long addr = kbm_fault_address(f) & PMD_MASK;
	struct page *page;
	pgoff_t pgoff;

	if (order != KBM_PMD_ORDER_RAW || !(vma->vm_flags & VM_MAYSHARE))
		return KBM_FAULT_FALLBACK;
	if (addr < vma->vm_start || vma->vm_end - addr < PMD_SIZE)
		return KBM_FAULT_FALLBACK;
	/* The VMA lies inside the buffer: kbm_mmap_check(), VM_DONTEXPAND. */
	pgoff = vma->vm_pgoff + ((addr - vma->vm_start) >> PAGE_SHIFT);
	if (pgoff & (KBM_PMD_NR - 1))
		return KBM_FAULT_FALLBACK;
	page = buf->pages[pgoff];
	if (!kbm_page_is_pmd_folio(page))
		return KBM_FAULT_FALLBACK;
	return kbm_pmd_counted(buf, kbm_fault_insert_pmd(f, page));
}

/*
 * The first frame of a run of PMD_SIZE from @pgoff, or 0 if it is none
 * (frame 0 is never a buffer's: the kernel keeps it).
 */
static unsigned long kbm_pmd_run_pfn(struct kbm_buffer *buf, pgoff_t pgoff)
{
	unsigned long pfn = page_to_pfn(buf->pages[pgoff]), k;

	if (pfn & (KBM_PMD_NR - 1))
		return 0;
	/*
	 * Usually one chunk of PMD order; neighbouring smaller chunks that
	 * happen to be consecutive frames do as well.
	 */
	for (k = 1; k < KBM_PMD_NR; k++)
		if (page_to_pfn(buf->pages[pgoff + k]) != pfn + k)
			return 0;
	return pfn;
}

/**
 * kbm_pfn_pmd_fault() - map a PMD-sized run of a populate=remap buffer
 * @f: the fault
 * @order: the order the core asks for (.huge_fault)
 *
 * As kbm_pmd_fault(), for a VM_PFNMAP mapping (shared only, as every PFN
 * mapping of kbufmap) of a page array, contiguous or DMA block: the run
 * must lie inside the VMA and be consecutive frames, the first aligned to
 * PMD_SIZE (the buffer offset need not be: a block is aligned as its
 * allocator chose); anything else falls back to kbm_pfn_fault().
 *
 * Context: .huge_fault, mmap lock or VMA lock held for reading.
 * Return: KBM_FAULT_NOPAGE once mapped, KBM_FAULT_FALLBACK or an error.
 */
kbm_vm_fault_t kbm_pfn_pmd_fault(struct kbm_vmf *f, unsigned int order)
{
	struct vm_area_struct *vma = kbm_fault_vma(f);
	struct kbm_buffer *buf = kbm_fault_vma_private(vma);
	unsigned long addr = kbm_fault_address(f) & PMD_MASK, pfn;
	pgoff_t pgoff;

	if (order != KBM_PMD_ORDER_RAW || !kbm_buffer_pfn_pmds(buf))
		return KBM_FAULT_FALLBACK;
	if (addr < vma->vm_start || vma->vm_end - addr < PMD_SIZE)
		return KBM_FAULT_FALLBACK;
	/* The VMA lies inside the buffer: kbm_mmap_check(), VM_DONTEXPAND. */
	pgoff = vma->vm_pgoff + ((addr - vma->vm_start) >> PAGE_SHIFT);
	pfn = kbm_pmd_run_pfn(buf, pgoff);
	if (!pfn)
		return KBM_FAULT_FALLBACK;
	return kbm_pmd_counted(buf, kbm_fault_insert_pfn_pmd(f, pfn));
}

/**
 * kbm_buffer_get_unmapped_area() - a user address where PMDs can map @buf
 * @buf: the buffer, for which kbm_buffer_pmd_capable() is true
 * @file: the file being mapped
 * @addr: the caller's hint
 * @len: bytes
 * @pgoff: offset in the buffer, in pages
 * @flags: mmap flags
 *
 * For a driver's f_op->get_unmapped_area: picks an address with the same
 * offset modulo PMD_SIZE as the buffer offset (a DMA buffer's: as the
 * physical address), so that aligned 2 MiB runs of the buffer fall on
 * whole PMDs.  MAP_FIXED and a hint that is free are
 * honoured as they are; then the runs that still align get PMDs, the
 * rest 4 KiB pages.
 *
 * Return: the address, or a negative errno as an unsigned long.
 */
unsigned long kbm_buffer_get_unmapped_area(struct kbm_buffer *buf,
					   struct file *file,
					   unsigned long addr,
					   unsigned long len,
					   unsigned long pgoff,
					   unsigned long flags)
{
	/*
	 * A DMA or contiguous block starts where its allocator put it (a CMA
	 * area aligns to 1 MiB by default, a run longer than the largest
	 * block to no more than its size): align the address to the frames
	 * instead, as if the offset were the physical address.
	 */
	if ((buf->cfg.backend == KBM_BACKEND_DMA ||
	     buf->cfg.backend == KBM_BACKEND_CONTIG) && pgoff < buf->nr_pages)
		pgoff = page_to_pfn(buf->pages[pgoff]);
	return kbm_thp_get_unmapped_area(file, addr, len, pgoff, flags);
}
EXPORT_SYMBOL_GPL(kbm_buffer_get_unmapped_area);
