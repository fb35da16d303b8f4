/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kbm_fault.h - one way to write a fault handler on every kernel.
 *
 * A handler is written once as
 *
 *	static kbm_vm_fault_t my_fault(kbm_fault_t *f);
 *	KBM_DEFINE_FAULT(my_fault_entry, my_fault);
 *	static const struct vm_operations_struct ops = {
 *		KBM_VM_OPS_FAULT(my_fault_entry),
 *	};
 *
 * and reads the fault through kbm_fault_vma(), kbm_fault_pgoff() and
 * kbm_fault_address().  It answers with kbm_fault_page() (hand the page to
 * the core with a reference taken) or one of the KBM_FAULT_* codes.
 * On v4.11+ kbm_fault_t is struct vm_fault itself and every helper inlines
 * to what a hand-written handler would do.
 */
#ifndef _KBM_COMPAT_FAULT_H
#define _KBM_COMPAT_FAULT_H

#include <linux/mm.h>
#include "kbm_config.h"
#include "kbm_types.h"

#if !defined(KBM_HAVE_VM_OPS_FAULT_VMF) && \
	!defined(KBM_HAVE_VM_OPS_FAULT_VMA_VMF) && \
	!defined(KBM_HAVE_VM_OPS_NOPAGE)
#error "kbufmap: no known fault handler shape (fault(vmf), fault(vma, vmf), nopage) compiled against this kernel; see the probe log"
#endif

/* v4.17, 1c8f422059ae: handlers return vm_fault_t; __bitwise from v5.1. */
#ifdef KBM_HAVE_VM_FAULT_T
typedef vm_fault_t kbm_vm_fault_t;
#else
typedef int kbm_vm_fault_t;
#endif

#if defined(KBM_HAVE_VM_OPS_FAULT_VMF) || defined(KBM_HAVE_VM_OPS_FAULT_VMA_VMF)
/* v2.6.23+, 83c54070ee1a: VM_FAULT_* are bit flags; 0 means "page given". */
#define KBM_FAULT_DONE		((kbm_vm_fault_t)0)
#define KBM_FAULT_SIGBUS	VM_FAULT_SIGBUS
#define KBM_FAULT_OOM		VM_FAULT_OOM
#define KBM_FAULT_NOPAGE	VM_FAULT_NOPAGE
#else
/*
 * v2.6.18 - v2.6.22: VM_FAULT_OOM is 0 there, so the handler's codes are
 * kbufmap's own and the nopage wrapper below translates them.
 */
#define KBM_FAULT_DONE		0
#define KBM_FAULT_SIGBUS	1
#define KBM_FAULT_OOM		2
#define KBM_FAULT_NOPAGE	3
#endif

#if defined(KBM_HAVE_VM_OPS_FAULT_VMF)
/* v4.11+, 11bac8000449: .fault(struct vm_fault *vmf), vmf->vma since v4.10. */
typedef struct vm_fault kbm_fault_t;

static inline struct vm_area_struct *kbm_fault_vma(const kbm_fault_t *f)
{
	return f->vma;
}

static inline pgoff_t kbm_fault_pgoff(const kbm_fault_t *f)
{
	return f->pgoff;
}

static inline unsigned long kbm_fault_address(const kbm_fault_t *f)
{
	return f->address;
}

static inline void kbm_fault_set_page(kbm_fault_t *f, struct page *page)
{
	f->page = page;
}

#define KBM_DEFINE_FAULT(name, handler)					\
static kbm_vm_fault_t name(struct vm_fault *vmf)			\
{									\
	return handler(vmf);						\
}

#elif defined(KBM_HAVE_VM_OPS_FAULT_VMA_VMF)
/*
 * v2.6.23 - v4.10, 54cb8821de07: .fault(vma, vmf).  vmf has no vma before
 * v4.10 (RHEL 7 backports it), so the wrapper carries both.
 */
typedef struct {
	struct vm_area_struct *vma;
	struct vm_fault *vmf;
} kbm_fault_t;

static inline struct vm_area_struct *kbm_fault_vma(const kbm_fault_t *f)
{
	return f->vma;
}

static inline pgoff_t kbm_fault_pgoff(const kbm_fault_t *f)
{
	return f->vmf->pgoff;
}

static inline unsigned long kbm_fault_address(const kbm_fault_t *f)
{
#ifdef KBM_HAVE_VMF_ADDRESS
	/* v4.10, 1a29d85eb0f1 */
	return f->vmf->address;
#else
	return (unsigned long)f->vmf->virtual_address;
#endif
}

static inline void kbm_fault_set_page(kbm_fault_t *f, struct page *page)
{
	f->vmf->page = page;
}

#define KBM_DEFINE_FAULT(name, handler)					\
static kbm_vm_fault_t name(struct vm_area_struct *vma,			\
			   struct vm_fault *vmf)			\
{									\
	kbm_fault_t f = { .vma = vma, .vmf = vmf };			\
									\
	return handler(&f);						\
}

#else
/*
 * v2.6.18 - v2.6.22: .nopage(vma, address, int *type) returns the page, or
 * NOPAGE_SIGBUS / NOPAGE_OOM.  The pgoff is computed as the core did.
 */
typedef struct {
	struct vm_area_struct *vma;
	unsigned long address;
	pgoff_t pgoff;
	struct page *page;
} kbm_fault_t;

static inline struct vm_area_struct *kbm_fault_vma(const kbm_fault_t *f)
{
	return f->vma;
}

static inline pgoff_t kbm_fault_pgoff(const kbm_fault_t *f)
{
	return f->pgoff;
}

static inline unsigned long kbm_fault_address(const kbm_fault_t *f)
{
	return f->address;
}

static inline void kbm_fault_set_page(kbm_fault_t *f, struct page *page)
{
	f->page = page;
}

static inline struct page *kbm_nopage_result(kbm_fault_t *f, int ret,
					     int *type)
{
	if (ret == KBM_FAULT_OOM)
		return NOPAGE_OOM;
	if (ret != KBM_FAULT_DONE)
		return NOPAGE_SIGBUS;
	if (type)
		*type = VM_FAULT_MINOR;
	return f->page;
}

#define KBM_DEFINE_FAULT(name, handler)					\
static struct page *name(struct vm_area_struct *vma,			\
			 unsigned long address, int *type)		\
{									\
	kbm_fault_t f = {						\
		.vma = vma,						\
		.address = address,					\
		.pgoff = vma->vm_pgoff +				\
			 ((address - vma->vm_start) >> PAGE_SHIFT),	\
	};								\
									\
	return kbm_nopage_result(&f, handler(&f), type);		\
}
#endif

#if defined(KBM_HAVE_VM_OPS_FAULT_VMF) || defined(KBM_HAVE_VM_OPS_FAULT_VMA_VMF)
#define KBM_VM_OPS_FAULT(name)	.fault = (name)
#else
/* v2.6.26, 3c18ddd160d1 removed .nopage; it is all these kernels have. */
#define KBM_VM_OPS_FAULT(name)	.nopage = (name)
#endif

/**
 * kbm_fault_page() - answer a fault with a page of the buffer
 * @f: the fault
 * @page: the page to map; a reference is taken for the page tables
 *
 * Return: KBM_FAULT_DONE; the core maps @page (or copies it, for a private
 * mapping that is written).
 */
static inline kbm_vm_fault_t kbm_fault_page(kbm_fault_t *f, struct page *page)
{
	get_page(page);
	kbm_fault_set_page(f, page);
	return KBM_FAULT_DONE;
}

#endif /* _KBM_COMPAT_FAULT_H */
