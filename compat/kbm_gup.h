/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kbm_gup.h - pin the pages of a user buffer, on every kernel.
 */
#ifndef _KBM_COMPAT_GUP_H
#define _KBM_COMPAT_GUP_H

#include <linux/mm.h>
#include <linux/sched.h>
#include "kbm_config.h"
#include "kbm_types.h"

/* v5.8 (and v5.4.208+): where mmap_read_lock() lives. */
#ifdef KBM_HAVE_MMAP_READ_LOCK
#include <linux/mmap_lock.h>
#endif

#if !defined(KBM_HAVE_PIN_USER_PAGES_FAST) && \
	!defined(KBM_HAVE_GUP_FAST_FLAGS) && \
	!defined(KBM_HAVE_GUP_FAST_WRITE) && !defined(KBM_HAVE_GUP_TSK_MM)
#error "kbufmap: no known get_user_pages shape compiled against this kernel; see the probe log"
#endif

#if defined(KBM_HAVE_PIN_USER_PAGES_FAST)
#define KBM_BRANCH_GUP	"gup=pin_user_pages_fast"
#elif defined(KBM_HAVE_GUP_FAST_FLAGS)
#define KBM_BRANCH_GUP	"gup=gup_fast(flags)"
#elif defined(KBM_HAVE_GUP_FAST_WRITE)
#define KBM_BRANCH_GUP	"gup=gup_fast(write)"
#else
#define KBM_BRANCH_GUP	"gup=gup(tsk,mm)"
#endif

/**
 * kbm_mmap_read_lock() - take an mm's mmap lock for reading
 * @mm: the address space
 *
 * v5.8, 9740ca4e95b4: mmap_read_lock() wraps what was mm->mmap_sem
 * (backported to v5.4.208 while the field kept its old name).
 */
static inline void kbm_mmap_read_lock(struct mm_struct *mm)
{
#ifdef KBM_HAVE_MMAP_READ_LOCK
	mmap_read_lock(mm);
#else
	down_read(&mm->mmap_sem);
#endif
}

/**
 * kbm_mmap_read_unlock() - release what kbm_mmap_read_lock() took
 * @mm: the address space
 */
static inline void kbm_mmap_read_unlock(struct mm_struct *mm)
{
#ifdef KBM_HAVE_MMAP_READ_LOCK
	mmap_read_unlock(mm);
#else
	up_read(&mm->mmap_sem);
#endif
}

#ifdef KBM_HAVE_MMAP_READ_LOCK
#define KBM_BRANCH_MMAP_LOCK	"mmap_lock=mmap_read_lock"
#else
#define KBM_BRANCH_MMAP_LOCK	"mmap_lock=mmap_sem"
#endif

/*
 * Pins that a device may hold for long: FOLL_LONGTERM (v5.2, 932f4a630a69
 * and 7af75561e171) first moves the pages out of CMA and ZONE_MOVABLE, so
 * the pin does not defeat memory offlining and contiguous allocations.
 * Older kernels pin in place.
 */
#ifdef KBM_HAVE_FOLL_LONGTERM
#define KBM_FOLL_LONGTERM	FOLL_LONGTERM
#define KBM_BRANCH_LONGTERM	"pin=FOLL_LONGTERM"
#else
#define KBM_FOLL_LONGTERM	0
#define KBM_BRANCH_LONGTERM	"pin=plain"
#endif

/*
 * Most pages one call may pin: get_user_pages*() count in an int up to
 * v6.5 (and a page array larger than INT_MAX bytes is refused by kvmalloc
 * with a warning).
 */
#define KBM_PIN_MAX_PAGES	(INT_MAX / sizeof(struct page *))

/**
 * kbm_pin_user_pages() - pin the pages under a user address range
 * @start: page-aligned user address
 * @nr: number of pages, at most KBM_PIN_MAX_PAGES
 * @write: the caller will write to the pages
 * @pages: receives the pages
 *
 * The pins are long-term where the kernel knows them (KBM_FOLL_LONGTERM).
 *
 * Return: pages pinned (maybe fewer than @nr) or a negative errno.
 */
static inline long kbm_pin_user_pages(unsigned long start, unsigned long nr,
				      bool write, struct page **pages)
{
#if defined(KBM_HAVE_PIN_USER_PAGES_FAST)
	/* v5.6, eddb1c228f79: FOLL_PIN pins are what long-term users take. */
	return pin_user_pages_fast(start, nr, KBM_FOLL_LONGTERM |
				   (write ? FOLL_WRITE : 0), pages);
#elif defined(KBM_HAVE_GUP_FAST_FLAGS)
	/* v5.2, 73b0140bf0fe */
	return get_user_pages_fast(start, nr, KBM_FOLL_LONGTERM |
				   (write ? FOLL_WRITE : 0), pages);
#elif defined(KBM_HAVE_GUP_FAST_WRITE)
	/* v2.6.27, 21cc199baa81 */
	return get_user_pages_fast(start, nr, write, pages);
#else
	long got;

	/* v2.6.18 - v2.6.26: the slow path, under mmap_sem. */
	kbm_mmap_read_lock(current->mm);
	got = get_user_pages(current, current->mm, start, nr, write, 0, pages,
			     NULL);
	kbm_mmap_read_unlock(current->mm);
	return got;
#endif
}

/**
 * kbm_unpin_user_pages() - release what kbm_pin_user_pages() pinned
 * @pages: the pages
 * @nr: how many
 * @dirty: the pages were written and must be marked dirty
 */
static inline void kbm_unpin_user_pages(struct page **pages, unsigned long nr,
					bool dirty)
{
#ifdef KBM_HAVE_PIN_USER_PAGES_FAST
	unpin_user_pages_dirty_lock(pages, nr, dirty);
#else
	unsigned long i;

	for (i = 0; i < nr; i++) {
		if (dirty)
			set_page_dirty_lock(pages[i]);
		put_page(pages[i]);
	}
#endif
}

#endif /* _KBM_COMPAT_GUP_H */
