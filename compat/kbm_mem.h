/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kbm_mem.h - kernel memory helpers whose names or existence moved.
 */
#ifndef _KBM_COMPAT_MEM_H
#define _KBM_COMPAT_MEM_H

#include <linux/highmem.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/vmalloc.h>
#include "kbm_config.h"
#include "kbm_types.h"

#ifdef KBM_HAVE_IS_VMALLOC_ADDR
#define KBM_BRANCH_VADDR	"vaddr=is_vmalloc_addr"
#else
#define KBM_BRANCH_VADDR	"vaddr=VMALLOC_START..END"
#endif

#if defined(KBM_HAVE_KVZALLOC) && defined(__GFP_RETRY_MAYFAIL)
#define KBM_BRANCH_KV		"kv=kvzalloc"
#else
#define KBM_BRANCH_KV		"kv=kzalloc/vmalloc"
#endif

#ifdef KBM_HAVE_KMAP_LOCAL_PAGE
#define KBM_BRANCH_KMAP		"kmap=kmap_local_page"
#else
#define KBM_BRANCH_KMAP		"kmap=kmap"
#endif

/**
 * kbm_is_vmalloc_addr() - is @addr mapped through the vmalloc page tables?
 * @addr: a kernel virtual address
 *
 * Return: true for vmalloc addresses and, where modules have an area of
 * their own (MODULES_VADDR), for module addresses, which are mapped the
 * same way.  is_vmalloc_or_module_addr() says the same but is not exported.
 */
static inline bool kbm_is_vmalloc_addr(const void *addr)
{
	unsigned long a = (unsigned long)addr;

#if defined(MODULES_VADDR)
	if (a >= MODULES_VADDR && a < MODULES_END)
		return true;
#endif
#if defined(KBM_HAVE_IS_VMALLOC_ADDR)
	/* v2.6.25, 9e2779fa281c */
	return is_vmalloc_addr(addr);
#else
	return a >= VMALLOC_START && a < VMALLOC_END;
#endif
}

/*
 * Allocations that fail instead of invoking the OOM killer: a buffer that
 * cannot be had is refused, it must not cost some other process its life.
 * __GFP_RETRY_MAYFAIL, v4.13 (dcda9b04713c), reclaims hard and then fails;
 * __GFP_NORETRY, before it, gives up sooner but never kills either.
 */
#ifdef __GFP_RETRY_MAYFAIL
#define KBM_GFP_MAYFAIL		__GFP_RETRY_MAYFAIL
#define KBM_BRANCH_GFP		"gfp=retry_mayfail"
#else
#define KBM_GFP_MAYFAIL		__GFP_NORETRY
#define KBM_BRANCH_GFP		"gfp=noretry"
#endif

/*
 * Pages allocated on behalf of whoever touches or writes a buffer are
 * charged to that task's memory cgroup (__GFP_ACCOUNT, v4.5, a9bb7e620efd),
 * where a charged page may be mapped to user space (see the
 * memcg_kmem_page probe: from v5.11).  Before that they are not charged.
 */
#ifdef KBM_HAVE_MEMCG_KMEM_PAGE
#define KBM_GFP_ACCOUNT		__GFP_ACCOUNT
#define KBM_BRANCH_ACCOUNT	"memcg=__GFP_ACCOUNT"
#else
#define KBM_GFP_ACCOUNT		0
#define KBM_BRANCH_ACCOUNT	"memcg=none"
#endif

/*
 * Orders the page allocator can hand out: the length of a zone's
 * free_area[] in every era, whatever MAX_ORDER meant (the number of orders
 * until v6.4, the largest one since 23baf831a32c; MAX_PAGE_ORDER since
 * v6.8).  Before v2.6.31 an order past the array was not refused but
 * indexed past it, so callers must check.
 */
#define KBM_NR_PAGE_ORDERS	ARRAY_SIZE(((struct zone *)NULL)->free_area)

/**
 * kbm_mem_available() - pages that can be allocated without swapping
 *
 * Return: MemAvailable's estimate (v4.6, d02bd27bd33d, si_mem_available());
 * before it, the free pages, which is less but never more.
 */
static inline unsigned long kbm_mem_available(void)
{
#ifdef KBM_HAVE_SI_MEM_AVAILABLE
	return si_mem_available();
#else
	struct sysinfo si;

	si_meminfo(&si);
	return si.freeram;
#endif
}

/**
 * kbm_kvzalloc() - zeroed memory that may be too large for kmalloc
 * @size: bytes
 *
 * Fails rather than invoking the OOM killer (KBM_GFP_MAYFAIL).
 *
 * Return: the memory, to be freed with kbm_kvfree(), or NULL.
 */
static inline void *kbm_kvzalloc(size_t size)
{
	const gfp_t gfp = GFP_KERNEL | KBM_GFP_MAYFAIL | __GFP_NOWARN;

#if defined(KBM_HAVE_KVZALLOC) && defined(__GFP_RETRY_MAYFAIL)
	/* v4.12, a7c3e901a46f; it honours __GFP_RETRY_MAYFAIL from v4.13. */
	return kvzalloc(size, gfp);
#else
	if (size <= PAGE_SIZE)
		return kzalloc(size, gfp);
	/* Three arguments until v5.8, which has __GFP_RETRY_MAYFAIL. */
	return __vmalloc(size, gfp | __GFP_ZERO, PAGE_KERNEL);
#endif
}

/**
 * kbm_kvfree() - free what kbm_kvzalloc() returned
 * @p: the memory, or NULL
 */
static inline void kbm_kvfree(void *p)
{
#if defined(KBM_HAVE_KVZALLOC) && defined(__GFP_RETRY_MAYFAIL)
	kvfree(p);
#else
	if (kbm_is_vmalloc_addr(p))
		vfree(p);
	else
		kfree(p);
#endif
}

/**
 * kbm_kmap_local_page() - map a page, possibly highmem, for this thread
 * @page: the page
 *
 * The mapping may be held across page faults (copy_to_user()), and is
 * released with kbm_kunmap_local().
 *
 * Return: the page's kernel address.
 */
static inline void *kbm_kmap_local_page(struct page *page)
{
#ifdef KBM_HAVE_KMAP_LOCAL_PAGE
	/* v5.11, f3ba3c710ac5: kmap() is deprecated for local use. */
	return kmap_local_page(page);
#else
	return kmap(page);
#endif
}

/**
 * kbm_kunmap_local() - release what kbm_kmap_local_page() mapped
 * @page: the page (kunmap() before v5.11 wants it)
 * @addr: the address kbm_kmap_local_page() returned (kunmap_local() does)
 */
static inline void kbm_kunmap_local(struct page *page, void *addr)
{
#ifdef KBM_HAVE_KMAP_LOCAL_PAGE
	kunmap_local(addr);
#else
	kunmap(page);
#endif
}

#ifdef KBM_HAVE_EXPORT_SPLIT_PAGE
#define KBM_BRANCH_SPLIT	"split=split_page"
#else
#define KBM_BRANCH_SPLIT	"split=init_page_count"
#endif

/**
 * kbm_split_page() - give every page of a high-order block its own count
 * @page: the first page of a non-compound block from alloc_pages()
 * @order: the block's order
 *
 * Afterwards each page can be mapped, referenced and freed on its own.
 */
static inline void kbm_split_page(struct page *page, unsigned int order)
{
#ifdef KBM_HAVE_EXPORT_SPLIT_PAGE
	/*
	 * v3.10, "mm: Export split_page()"; RHEL 6 exports it too.  Decided
	 * by the tree's exports (compat/probes/exports), not by its headers:
	 * mm.h declares split_page() from v2.6.17 on.
	 */
	split_page(page, order);
#else
	unsigned int i;

	/*
	 * Before v3.10 split_page() (v2.6.17, 8dfcc9ba27e2) is not exported.
	 * What it does there: each tail page, whose count is 0, gets a count
	 * of 1 through set_page_refcounted() in mm/internal.h, i.e.
	 * atomic_set(&page->_count, 1).  init_page_count() in <linux/mm.h>
	 * (v2.6.17, 7835e98b2e3c) is that same store.  Left out: with
	 * CONFIG_KMEMCHECK (v2.6.31, a debugging option) split_page() also
	 * splits the block's shadow pages, which modules cannot reach.
	 */
	for (i = 1; i < (1U << order); i++)
		init_page_count(page + i);
#endif
}

/*
 * The export is read from the tree's sources when it has no Module.symvers
 * (compat/probes/exports), where EXPORT_SYMBOL() sits inside
 * CONFIG_CONTIG_ALLOC: the configuration decides too.
 */
#if defined(KBM_HAVE_EXPORT_ALLOC_CONTIG_PAGES_NOPROF) && \
	defined(CONFIG_CONTIG_ALLOC)
#define KBM_CONTIG_RUNS		1
#define KBM_BRANCH_CONTIG	"contig=alloc_contig_pages"
#else
#define KBM_BRANCH_CONTIG	"contig=largest_order"
#endif

/**
 * kbm_contig_beyond_largest_order() - can a contiguous block be larger
 * than the page allocator's largest?
 *
 * Return: true where kbm_alloc_contig_pages() can find one.
 */
static inline bool kbm_contig_beyond_largest_order(void)
{
#ifdef KBM_CONTIG_RUNS
	return true;
#else
	return false;
#endif
}

/**
 * kbm_alloc_contig_pages() - a physically contiguous run of any length
 * @nr_pages: its length in pages
 *
 * The pages are not zeroed (the kernels that ignore __GFP_ZERO here do so
 * silently), each has a reference of its own and goes back with
 * __free_page().  Pages in the way are migrated out; nothing is reclaimed
 * hard and the OOM killer is never woken, so the run may not be found.
 *
 * Context: process context; may sleep for long (migration).
 * Return: the first page, or NULL.
 */
static inline struct page *kbm_alloc_contig_pages(unsigned long nr_pages)
{
#ifdef KBM_CONTIG_RUNS
	/*
	 * alloc_contig_pages() is v5.5 (5e27a2df03b8), a symbol modules can
	 * link to only where its _noprof form (v6.10, memory allocation
	 * profiling) is exported: Debian's 7.2 does, 6.12 exports only
	 * alloc_contig_range(), which wants the caller to find the range.
	 * Lowmem only (GFP_KERNEL): the block is reached through the direct
	 * map.  __GFP_NORETRY and __GFP_ACCOUNT are refused there (-EINVAL).
	 */
	return alloc_contig_pages(nr_pages, GFP_KERNEL | __GFP_NOWARN,
				  numa_node_id(), NULL);
#else
	return NULL;
#endif
}

/*
 * kzalloc_obj(), v7.2: allocation sized by the object's type.  Tested as
 * the macro it is.
 */
#ifdef kzalloc_obj
#define kbm_kzalloc_obj(p)	kzalloc_obj(*(p))
#define KBM_BRANCH_ALLOC	"alloc=kzalloc_obj"
#else
#define kbm_kzalloc_obj(p)	kzalloc(sizeof(*(p)), GFP_KERNEL)
#define KBM_BRANCH_ALLOC	"alloc=kzalloc"
#endif

#endif /* _KBM_COMPAT_MEM_H */
