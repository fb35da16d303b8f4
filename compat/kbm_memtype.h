/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kbm_memtype.h - the memory type of a buffer's pages in the direct map.
 *
 * A page that user space maps write-combined or uncached is also mapped by
 * the kernel's direct map, write-back.  Two mappings of one page with
 * different memory types are not supported on x86 (the SDM leaves the
 * outcome undefined) and corrupt data on arm64, where a line the cacheable
 * alias pulled in is later written back over what went through the other
 * one.  x86 can change the direct map's type of RAM, and PAT records it in
 * the page's flags; no other architecture has a call for it, so there
 * kbufmap refuses write-combined and uncached buffers.
 *
 * The calls flush the CPU caches of the pages, so what was written through
 * the direct map before (the zeroing) reaches memory first.  Pages must be
 * lowmem: a highmem page has no direct mapping to change, only kmap()
 * aliases that stay write-back.
 */
#ifndef _KBM_COMPAT_MEMTYPE_H
#define _KBM_COMPAT_MEMTYPE_H

#include <linux/errno.h>
#include <linux/mm.h>
#include "kbm_config.h"
#include "kbm_types.h"

#if defined(KBM_HAVE_MEMTYPE_SET_MEMORY_H)
/* v4.14, d2852a224050: the calls moved to <asm/set_memory.h>. */
#include <linux/set_memory.h>
#define KBM_USE_MEMTYPE		1
#define KBM_BRANCH_MEMTYPE	"memtype=set_memory.h"
#elif defined(KBM_HAVE_MEMTYPE_CACHEFLUSH_H)
#include <asm/cacheflush.h>
#define KBM_USE_MEMTYPE		1
#define KBM_BRANCH_MEMTYPE	"memtype=cacheflush.h"
#else
#define KBM_BRANCH_MEMTYPE	"memtype=none"
#endif

/* Memory types the direct map can be given. */
enum kbm_memtype {
	KBM_MEMTYPE_WB,		/* write-back: the default, cached */
	KBM_MEMTYPE_WC,		/* write-combining */
	KBM_MEMTYPE_UC,		/* uncached (x86: UC-, as pgprot_noncached) */
};

/**
 * kbm_memtype_supported() - can this kernel change the direct map's type?
 *
 * Return: true where kbm_set_pages_memtype() and kbm_set_block_memtype()
 * can set KBM_MEMTYPE_WC and KBM_MEMTYPE_UC (x86).
 */
static inline bool kbm_memtype_supported(void)
{
#ifdef KBM_USE_MEMTYPE
	return true;
#else
	return false;
#endif
}

/**
 * kbm_set_pages_memtype() - set the direct map's memory type of pages
 * @pages: lowmem pages, not necessarily contiguous
 * @n: how many
 * @mt: the type; KBM_MEMTYPE_WB restores the default before the pages are
 *      freed
 *
 * A failure may leave some of the pages changed: restore them all with
 * KBM_MEMTYPE_WB, which succeeds on pages that were never changed.
 *
 * Context: process context; may sleep.
 * Return: 0, -EOPNOTSUPP where the type cannot be changed, or the error of
 * the architecture (-EINVAL when a page has another type already, -ENOMEM).
 */
static inline int kbm_set_pages_memtype(struct page **pages, int n,
					enum kbm_memtype mt)
{
#ifdef KBM_USE_MEMTYPE
	switch (mt) {
	case KBM_MEMTYPE_WC:
		return set_pages_array_wc(pages, n);
	case KBM_MEMTYPE_UC:
		return set_pages_array_uc(pages, n);
	default:
		return set_pages_array_wb(pages, n);
	}
#else
	return mt == KBM_MEMTYPE_WB ? 0 : -EOPNOTSUPP;
#endif
}

/**
 * kbm_set_block_memtype() - set the direct map's memory type of a block
 * @page: the first of @n physically contiguous lowmem pages
 * @n: how many
 * @mt: the type, as for kbm_set_pages_memtype()
 *
 * One call for the whole range, where kbm_set_pages_memtype() would
 * reserve the type and change the mapping page by page.
 *
 * Context: process context; may sleep.
 * Return: as kbm_set_pages_memtype().
 */
static inline int kbm_set_block_memtype(struct page *page, int n,
					enum kbm_memtype mt)
{
#ifdef KBM_USE_MEMTYPE
	unsigned long addr = (unsigned long)page_address(page);

	switch (mt) {
	case KBM_MEMTYPE_WC:
		return set_memory_wc(addr, n);
	case KBM_MEMTYPE_UC:
		return set_memory_uc(addr, n);
	default:
		return set_memory_wb(addr, n);
	}
#else
	return mt == KBM_MEMTYPE_WB ? 0 : -EOPNOTSUPP;
#endif
}

#endif /* _KBM_COMPAT_MEMTYPE_H */
