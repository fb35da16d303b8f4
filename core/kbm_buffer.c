// SPDX-License-Identifier: GPL-2.0
/*
 * kbm_buffer.c - creating, looking up and freeing kbufmap buffers.
 *
 * Every backend fills the same page array, so the fault path, read/write
 * and the mapping code look pages up one way; the backends differ only in
 * how the pages are obtained and given back.
 */
#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <kbufmap/kbufmap.h>
#include "kbm_dma_mem.h"
#include "kbm_huge.h"
#include "kbm_mmap.h"

/*
 * Memory allocated when the buffer is created fails rather than wakes the
 * OOM killer; pages allocated later, on a user's touch or write(), are
 * charged to that user's memory cgroup.
 */
#define KBM_GFP_CREATE	(GFP_KERNEL | KBM_GFP_MAYFAIL | __GFP_ZERO | __GFP_NOWARN)
#define KBM_GFP_TOUCH	(GFP_KERNEL | KBM_GFP_ACCOUNT | __GFP_ZERO | __GFP_NOWARN)

/*
 * A cached page array may live in highmem: its pages are only ever reached
 * through their struct page (user mappings, kmap for read(), write() and
 * ->access).  Not the contiguous block (a whole range of frames for
 * devices), not vmalloc memory, not a non-cached buffer, whose memory type
 * is set through the direct map.  No-op where there is no highmem.
 */
static gfp_t kbm_page_gfp(const struct kbm_buffer *buf, gfp_t gfp)
{
	if (buf->cfg.backend == KBM_BACKEND_PAGES &&
	    buf->cfg.cache == KBM_CACHE_CACHED)
		gfp |= __GFP_HIGHMEM;
	return gfp;
}

/*
 * The memory type a buffer's pages have in the kernel's direct map: the
 * one user space maps them with, so that no page is cached through one
 * mapping and not through another (kbm_memtype.h).  kbm_check_config()
 * lets non-cached buffers through only where that can be done.
 */
static enum kbm_memtype kbm_buffer_memtype(const struct kbm_buffer *buf)
{
	switch (buf->cfg.cache) {
	case KBM_CACHE_WC:
		return KBM_MEMTYPE_WC;
	case KBM_CACHE_UNCACHED:
		return KBM_MEMTYPE_UC;
	default:
		return KBM_MEMTYPE_WB;
	}
}

/*
 * Pages per memory-type call: each call flushes caches and TLBs, and a
 * 1 GiB buffer is 262144 pages, so stay preemptible between batches.
 */
#define KBM_MEMTYPE_BATCH	512UL

/*
 * Pages go back to the allocator write-back.  Restoring fails only when the
 * direct map cannot be changed (no memory to split a large page): then say
 * so, loudly, and the caller keeps the pages rather than free them with an
 * uncached direct map.  Restoring pages that were never changed is
 * harmless, so failure paths restore whatever they are unsure of.
 */
static void kbm_restore_failed(unsigned long n, int err)
{
	pr_err("kbufmap: %lu pages not freed: their direct map cannot be made write-back again (%d)\n",
	       n, err);
	WARN_ON(1);
}

/* A contiguous block's memory type, batch by batch like the page array's. */
static int kbm_block_set_memtype(struct page *page, unsigned long n,
				 enum kbm_memtype mt)
{
	unsigned long done, k;
	int err;

	for (done = 0; done < n; done += k) {
		k = min(n - done, KBM_MEMTYPE_BATCH);
		err = kbm_set_block_memtype(page + done, k, mt);
		if (err)
			return err;
		cond_resched();
	}
	return 0;
}

static int kbm_restore_block_wb(struct page *page, unsigned long n)
{
	int err = kbm_block_set_memtype(page, n, KBM_MEMTYPE_WB);

	if (err)
		kbm_restore_failed(n, err);
	return err;
}

/*
 * Give @n pages memory type @mt, batch by batch.  A failed call may have
 * changed some pages: free them all the usual way, which restores
 * write-back first.
 */
static int kbm_pages_set_memtype(struct page **pages, unsigned long n,
				 enum kbm_memtype mt)
{
	unsigned long done, k;
	int err;

	for (done = 0; done < n; done += k) {
		k = min(n - done, KBM_MEMTYPE_BATCH);
		err = kbm_set_pages_memtype(pages + done, k, mt);
		if (err)
			return err;
		cond_resched();
	}
	return 0;
}

static int kbm_pages_restore_wb(struct page **pages, unsigned long n)
{
	int err = kbm_pages_set_memtype(pages, n, KBM_MEMTYPE_WB);

	if (err)
		kbm_restore_failed(n, err);
	return err;
}

/* A block of the page allocator, split so that every page stands alone. */
static int kbm_alloc_contig_block(struct kbm_buffer *buf, unsigned int order)
{
	struct page *page;
	unsigned long i;

	page = alloc_pages(KBM_GFP_CREATE, order);
	if (!page)
		return -ENOMEM;
	/*
	 * Tail pages of a high-order block have no reference count of their
	 * own and cannot be mapped one by one; split_page() gives them one,
	 * and lets the part beyond the buffer go back at once.
	 */
	kbm_split_page(page, order);
	for (i = 0; i < (1UL << order); i++) {
		if (i < buf->nr_pages)
			buf->pages[i] = page + i;
		else
			__free_page(page + i);
	}
	return 0;
}

/*
 * Longer than the allocator's largest block: a run of frames emptied by
 * migration, each page with its own count already, zeroed here.
 */
static int kbm_alloc_contig_run(struct kbm_buffer *buf)
{
	struct page *page = kbm_alloc_contig_pages(buf->nr_pages);
	unsigned long i;

	if (!page)
		return -ENOMEM;
	for (i = 0; i < buf->nr_pages; i++) {
		clear_highpage(page + i);
		buf->pages[i] = page + i;
		/* 1 GiB is 262144 pages: stay preemptible. */
		if (!((i + 1) % KBM_MEMTYPE_BATCH))
			cond_resched();
	}
	return 0;
}

/* One physically contiguous block of pages that each stand alone. */
static int kbm_alloc_contig(struct kbm_buffer *buf)
{
	unsigned int order = get_order(buf->nr_pages << PAGE_SHIFT);
	int err;

	/* kbm_check_memory() refused the runs the kernel cannot find. */
	if (order < KBM_NR_PAGE_ORDERS)
		err = kbm_alloc_contig_block(buf, order);
	else
		err = kbm_alloc_contig_run(buf);
	if (err || kbm_buffer_memtype(buf) == KBM_MEMTYPE_WB)
		return err;
	return kbm_block_set_memtype(buf->pages[0], buf->nr_pages,
				     kbm_buffer_memtype(buf));
}

static int kbm_alloc_vmalloc(struct kbm_buffer *buf)
{
	unsigned long i;

	/* vmalloc_user() zeroes and marks the area VM_USERMAP. */
	buf->vaddr = vmalloc_user(buf->nr_pages << PAGE_SHIFT);
	if (!buf->vaddr)
		return -ENOMEM;
	for (i = 0; i < buf->nr_pages; i++)
		buf->pages[i] = vmalloc_to_page((char *)buf->vaddr +
						(i << PAGE_SHIFT));
	return 0;
}

static int kbm_alloc_pages(struct kbm_buffer *buf)
{
	unsigned long i;
	int err;

	if (buf->cfg.fill != KBM_FILL_PREALLOC)
		return 0;
	/* High-order chunks, each page split off (kbm_huge.c). */
	err = kbm_alloc_chunks(buf, kbm_page_gfp(buf, KBM_GFP_CREATE));
	if (err)
		return err;
	for (i = 0; i < buf->nr_pages; i++)
		if (PageHighMem(buf->pages[i]))
			atomic_long_inc(&buf->pages_highmem);
	if (kbm_buffer_memtype(buf) == KBM_MEMTYPE_WB)
		return 0;
	return kbm_pages_set_memtype(buf->pages, buf->nr_pages,
				     kbm_buffer_memtype(buf));
}

/*
 * Free @n pages (none of them NULL), write-back again first if @mt is
 * another type.  A page that cannot be made write-back is not given back:
 * the allocator would hand it out with an uncached direct map, under code
 * that assumes ordinary memory.
 */
static void kbm_free_page_run(struct page **pages, unsigned long n,
			      enum kbm_memtype mt)
{
	unsigned long i;

	if (mt != KBM_MEMTYPE_WB && kbm_pages_restore_wb(pages, n))
		return;
	for (i = 0; i < n; i++)
		__free_page(pages[i]);
}

static void kbm_free_pages(struct kbm_buffer *buf)
{
	enum kbm_memtype mt = kbm_buffer_memtype(buf);
	unsigned long i, n;

	if (buf->cfg.backend == KBM_BACKEND_VMALLOC) {
		vfree(buf->vaddr);
		return;
	}
	if (buf->cfg.backend == KBM_BACKEND_DMA) {
		kbm_dma_mem_free(buf);
		return;
	}
	if (buf->cfg.backend == KBM_BACKEND_CONTIG && buf->pages[0] &&
	    mt != KBM_MEMTYPE_WB) {
		if (kbm_restore_block_wb(buf->pages[0], buf->nr_pages))
			return;
		mt = KBM_MEMTYPE_WB;
	}
	/*
	 * Runs of present pages, a batch at most, for the memory-type calls;
	 * a PMD-sized folio (cached only) goes back whole.
	 */
	for (i = 0; i < buf->nr_pages; i += n) {
		if (!buf->pages[i]) {
			n = 1;
			continue;
		}
		n = kbm_chunk_put(buf->pages[i]);
		if (n)
			continue;
		for (n = 1; i + n < buf->nr_pages && buf->pages[i + n] &&
		     n < KBM_MEMTYPE_BATCH &&
		     !kbm_page_is_pmd_folio(buf->pages[i + n]); n++)
			;
		kbm_free_page_run(&buf->pages[i], n, mt);
		cond_resched();
	}
}

static int kbm_check_config(const struct kbm_buffer_config *cfg)
{
	if (cfg->size == 0 || cfg->size > KBM_MAX_SIZE)
		return -EINVAL;
	/* 32-bit: rounding up to whole pages must not wrap to 0. */
	if (PAGE_ALIGN(cfg->size) < cfg->size)
		return -EINVAL;
	if (cfg->backend > KBM_BACKEND_DMA || cfg->cache > KBM_CACHE_UNCACHED)
		return -EINVAL;
	if (cfg->fill > KBM_FILL_SPARSE || cfg->populate > KBM_POPULATE_PMD)
		return -EINVAL;
	/* PMD mappings: whole preallocated, cached runs of a page array. */
	if (cfg->populate == KBM_POPULATE_PMD &&
	    (cfg->backend != KBM_BACKEND_PAGES ||
	     cfg->fill != KBM_FILL_PREALLOC || cfg->cache != KBM_CACHE_CACHED))
		return -EINVAL;
	/*
	 * PFN mappings: one contiguous block remapped at once, or a
	 * preallocated page array or DMA block mapped frame by frame from
	 * faults (the DMA backend's own checks follow).
	 */
	if (cfg->populate == KBM_POPULATE_REMAP &&
	    cfg->backend != KBM_BACKEND_CONTIG &&
	    cfg->backend != KBM_BACKEND_DMA &&
	    (cfg->backend != KBM_BACKEND_PAGES ||
	     cfg->fill != KBM_FILL_PREALLOC))
		return -EINVAL;
	/* ...where a fault handler can insert a frame (not before 2.6.23). */
	if (cfg->populate == KBM_POPULATE_REMAP &&
	    cfg->backend == KBM_BACKEND_PAGES && !kbm_fault_can_insert_pfn())
		return -EOPNOTSUPP;
	/* A device's DMA memory: the DMA API decides the memory type. */
	if (cfg->backend == KBM_BACKEND_DMA)
		return kbm_dma_mem_check(cfg);
	/* Only the page array can have holes. */
	if (cfg->fill != KBM_FILL_PREALLOC && cfg->backend != KBM_BACKEND_PAGES)
		return -EINVAL;
	/*
	 * A write-combined or uncached buffer takes that memory type in the
	 * direct map as well, which only x86 can give; and a vmalloc buffer
	 * has a second kernel mapping, in vmalloc space, that would stay
	 * cached.
	 */
	if (cfg->cache != KBM_CACHE_CACHED &&
	    (cfg->backend == KBM_BACKEND_VMALLOC || !kbm_memtype_supported()))
		return -EOPNOTSUPP;
	return 0;
}

/*
 * Refuse what cannot be had before allocating any of it, so that asking
 * too much is an error and never an OOM kill: a contiguous block beyond
 * the allocator's largest order where the kernel cannot find longer runs
 * (kbm_contig_beyond_largest_order()), or more memory (the pages a
 * preallocated buffer needs now, and the page array every buffer needs)
 * than is available.
 */
static int kbm_check_memory(const struct kbm_buffer *buf)
{
	unsigned long need = PAGE_ALIGN(buf->nr_pages * sizeof(*buf->pages)) >>
			     PAGE_SHIFT;

	if (buf->cfg.backend == KBM_BACKEND_CONTIG &&
	    get_order(buf->nr_pages << PAGE_SHIFT) >= KBM_NR_PAGE_ORDERS &&
	    !kbm_contig_beyond_largest_order())
		return -E2BIG;
	if (buf->cfg.fill == KBM_FILL_PREALLOC)
		need += buf->nr_pages;
	if (need > kbm_mem_available())
		return -ENOMEM;
	return 0;
}

/**
 * kbm_buffer_create() - allocate a buffer that user space may map
 * @cfg: size, backend, cache mode, fill and populate policy
 *
 * The memory is zeroed: nothing a previous owner left reaches user space.
 * Pages of an on-demand or sparse buffer are zeroed when they appear.
 *
 * Nothing here invokes the OOM killer: a buffer larger than the memory
 * available fails at once, and allocations fail rather than kill.
 *
 * A write-combined or uncached buffer's pages get that memory type in the
 * kernel's direct map too, from when they are allocated (on first touch,
 * for on-demand and sparse buffers) until they are freed, so that the CPU
 * never sees one page through mappings of different types.  Changing the
 * type flushes the zeroing out of the caches; read() and write() then go
 * through the direct map, with the buffer's type.
 *
 * A KBM_BACKEND_CONTIG buffer is one block of the page allocator or, when
 * larger than its largest block, a run of frames the kernel empties by
 * migrating what was there, where it lets modules do so
 * (kbm_contig_beyond_largest_order()); fragmented memory may have no such
 * run: -ENOMEM.
 *
 * Return: the buffer, holding one reference for the caller, or an
 * ERR_PTR(): -EINVAL for a configuration that makes no sense, -E2BIG for
 * a contiguous buffer larger than the page allocator's largest block on a
 * kernel that does not let modules find longer runs,
 * -EOPNOTSUPP for a write-combined or uncached buffer of the vmalloc
 * backend (its vmalloc mapping stays cached) or on a kernel that cannot
 * change the memory type of RAM (all but x86), for an uncached DMA buffer
 * and for a DMA buffer on a kernel without the DMA API's coherent
 * allocations with attributes, -ENOMEM when the memory cannot be had
 * (for a DMA buffer, with a message in the kernel log saying why).
 *
 * A KBM_BACKEND_DMA buffer is @cfg->dev's coherent DMA memory, physically
 * contiguous (from a CMA area when larger than the page allocator's
 * largest block), its device address kbm_buffer_dma_addr() once
 * kbm_buffer_dma_map() was called; it keeps a reference on the device
 * until freed.  It must be preallocated and populated eagerly, and is
 * mapped shared only.
 */
struct kbm_buffer *kbm_buffer_create(const struct kbm_buffer_config *cfg)
{
	struct kbm_buffer *buf;
	int err;

	err = kbm_check_config(cfg);
	if (err)
		return ERR_PTR(err);

	buf = kbm_kzalloc_obj(buf);
	if (!buf)
		return ERR_PTR(-ENOMEM);
	kref_init(&buf->ref);
	spin_lock_init(&buf->lock);
	atomic_set(&buf->map_count, 0);
	buf->cfg = *cfg;
	/* No overflow: kbm_check_config() bounded the size. */
	buf->nr_pages = PAGE_ALIGN(cfg->size) >> PAGE_SHIFT;

	err = kbm_check_memory(buf);
	if (err)
		goto out_free_buf;
	err = -ENOMEM;
	buf->pages = kbm_kvzalloc(buf->nr_pages * sizeof(*buf->pages));
	if (!buf->pages)
		goto out_free_buf;

	switch (cfg->backend) {
	case KBM_BACKEND_CONTIG:
		err = kbm_alloc_contig(buf);
		break;
	case KBM_BACKEND_VMALLOC:
		err = kbm_alloc_vmalloc(buf);
		break;
	case KBM_BACKEND_PAGES:
		err = kbm_alloc_pages(buf);
		break;
	case KBM_BACKEND_DMA:
		err = kbm_dma_mem_alloc(buf);
		break;
	}
	if (err)
		goto out_free_pages;
	if (cfg->fill == KBM_FILL_PREALLOC)
		atomic_long_set(&buf->pages_present, buf->nr_pages);
	return buf;

out_free_pages:
	kbm_free_pages(buf);
	kbm_kvfree(buf->pages);
out_free_buf:
	kfree(buf);
	return ERR_PTR(err);
}
EXPORT_SYMBOL_GPL(kbm_buffer_create);

static void kbm_buffer_release(struct kref *ref)
{
	struct kbm_buffer *buf = container_of(ref, struct kbm_buffer, ref);

	kbm_free_pages(buf);
	kbm_kvfree(buf->pages);
	kfree(buf);
}

/**
 * kbm_buffer_get() - take a reference on a buffer
 * @buf: the buffer
 */
void kbm_buffer_get(struct kbm_buffer *buf)
{
	kref_get(&buf->ref);
}
EXPORT_SYMBOL_GPL(kbm_buffer_get);

/**
 * kbm_buffer_put() - drop a reference; the last one frees the buffer
 * @buf: the buffer, or NULL
 *
 * Every mapping holds a reference, so the memory outlives the creator's
 * reference for as long as user space still maps it.
 */
void kbm_buffer_put(struct kbm_buffer *buf)
{
	if (buf)
		kref_put(&buf->ref, kbm_buffer_release);
}
EXPORT_SYMBOL_GPL(kbm_buffer_put);

/**
 * kbm_buffer_page() - the page at a page offset, without allocating
 * @buf: the buffer
 * @pgoff: page offset within the buffer
 *
 * Return: the page, or NULL past the end and for a hole.  No reference is
 * taken: the page lives as long as @buf.
 */
struct page *kbm_buffer_page(struct kbm_buffer *buf, pgoff_t pgoff)
{
	struct page *page;

	if (pgoff >= buf->nr_pages)
		return NULL;
	if (buf->cfg.fill == KBM_FILL_PREALLOC)
		return buf->pages[pgoff];
	spin_lock(&buf->lock);
	page = buf->pages[pgoff];
	spin_unlock(&buf->lock);
	return page;
}
EXPORT_SYMBOL_GPL(kbm_buffer_page);

/**
 * kbm_buffer_page_get() - the page at a page offset, allocating a hole
 * @buf: the buffer
 * @pgoff: page offset within the buffer
 * @alloc: fill a hole with a new zeroed page
 * @pagep: receives the page (no reference taken)
 *
 * A new page of a write-combined or uncached buffer has its memory type
 * before it is installed.
 *
 * Context: may sleep when @alloc is true.
 * Return: 0; -EFAULT past the end; -ENOENT for a hole when @alloc is false;
 * -ENOMEM when a page cannot be allocated, or the architecture's error
 * when it cannot be given the buffer's memory type.
 */
int kbm_buffer_page_get(struct kbm_buffer *buf, pgoff_t pgoff, bool alloc,
			struct page **pagep)
{
	enum kbm_memtype mt = kbm_buffer_memtype(buf);
	struct page *page, *fresh;
	int err;

	/* kunit/ makes this fail to see what the fault path answers. */
	KBM_KUNIT_STUB_REDIRECT(kbm_buffer_page_get, buf, pgoff, alloc, pagep);
	if (pgoff >= buf->nr_pages)
		return -EFAULT;
	page = kbm_buffer_page(buf, pgoff);
	if (page || !alloc) {
		*pagep = page;
		return page ? 0 : -ENOENT;
	}

	/* Allocate outside the lock; a racing fault may win, then give ours back. */
	fresh = alloc_page(kbm_page_gfp(buf, KBM_GFP_TOUCH));
	if (!fresh)
		return -ENOMEM;
	/* The memory type is set before anyone can see the page (may sleep). */
	if (mt != KBM_MEMTYPE_WB) {
		err = kbm_pages_set_memtype(&fresh, 1, mt);
		if (err) {
			kbm_free_page_run(&fresh, 1, mt);
			return err;
		}
	}
	spin_lock(&buf->lock);
	page = buf->pages[pgoff];
	if (!page) {
		buf->pages[pgoff] = fresh;
		atomic_long_inc(&buf->pages_present);
		if (PageHighMem(fresh))
			atomic_long_inc(&buf->pages_highmem);
		page = fresh;
		fresh = NULL;
	}
	spin_unlock(&buf->lock);
	if (fresh)
		kbm_free_page_run(&fresh, 1, mt);
	*pagep = page;
	return 0;
}
EXPORT_SYMBOL_GPL(kbm_buffer_page_get);

/**
 * kbm_buffer_info() - describe a buffer for user space
 * @buf: the buffer
 * @info: filled in; flags that depend on the driver are left to it
 */
void kbm_buffer_info(struct kbm_buffer *buf, struct kbm_info *info)
{
	memset(info, 0, sizeof(*info));
	info->size = buf->cfg.size;
	info->nr_pages = buf->nr_pages;
	/* Counted as pages appear: a walk would take long under buf->lock. */
	info->pages_present = atomic_long_read(&buf->pages_present);
	info->backend = buf->cfg.backend;
	info->cache = buf->cfg.cache;
	info->fill = buf->cfg.fill;
	info->populate = buf->cfg.populate;
	info->map_count = atomic_read(&buf->map_count);
	info->highmem_pages = atomic_long_read(&buf->pages_highmem);
	info->pmd_maps = atomic_long_read(&buf->pmd_maps);
	if (kbm_req_uses_mmap_prepare())
		info->flags |= KBM_INFO_MMAP_PREPARE;
	/* PFN remaps: populate=remap, and the DMA API's for DMA buffers. */
	if (buf->cfg.populate != KBM_POPULATE_REMAP &&
	    buf->cfg.backend != KBM_BACKEND_DMA)
		info->flags |= KBM_INFO_PAGE_BACKED;
	else if (kbm_pfnmap_move_refused() && kbm_buffer_remapped(buf))
		/* Remaps, not frames inserted by faults (no PAT range). */
		info->flags |= KBM_INFO_NO_MOVE;
	if (kbm_buffer_pmd_capable(buf))
		info->flags |= KBM_INFO_PMD;
}
EXPORT_SYMBOL_GPL(kbm_buffer_info);
