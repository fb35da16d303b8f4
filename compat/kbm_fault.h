/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kbm_fault.h - one way to write a fault handler on every kernel.
 *
 * A handler is written once as
 *
 *	static kbm_vm_fault_t my_fault(struct kbm_vmf *f);
 *	KBM_DEFINE_FAULT(my_fault);
 *	static const struct vm_operations_struct ops = {
 *		KBM_VM_OPS_FAULT(my_fault),
 *	};
 *
 * and reads the fault through kbm_fault_vma(), kbm_fault_pgoff() and
 * kbm_fault_address().  It answers with kbm_fault_page() (hand the page to
 * the core with a reference taken) or one of the KBM_FAULT_* codes.
 * On v4.11+ struct kbm_vmf is struct vm_fault itself and the handler is
 * the .fault hook: no wrapper, and every helper inlines to what a
 * hand-written handler would do.  Older kernels get a wrapper,
 * <handler>_entry, that translates their calling convention; where
 * struct vm_fault already carries the VMA (v4.10, RHEL 7) the wrapper only
 * drops the VMA argument and struct kbm_vmf is struct vm_fault there too.
 */
#ifndef _KBM_COMPAT_FAULT_H
#define _KBM_COMPAT_FAULT_H

#include <linux/mm.h>
#include "kbm_config.h"
#include "kbm_types.h"

#if !defined(KBM_HAVE_VM_OPS_FAULT_VMF) && \
	!defined(KBM_HAVE_VM_OPS_FAULT_VMA_VMF) && \
	!defined(KBM_HAVE_VM_OPS_NOPAGE)
/* A probe that failed for an unrelated reason must not pick a branch. */
#error "kbufmap: no fault handler shape compiled here; see the probe log"
#endif

/* v4.17, 1c8f422059ae: handlers return vm_fault_t; __bitwise from v5.1. */
#ifdef KBM_HAVE_VM_FAULT_T
#define kbm_vm_fault_t vm_fault_t
#define KBM_BRANCH_FAULT_T	"ret=vm_fault_t"
#else
#define kbm_vm_fault_t int
#define KBM_BRANCH_FAULT_T	"ret=int"
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

#if defined(KBM_HAVE_VM_OPS_FAULT_VMF) || \
	(defined(KBM_HAVE_VM_OPS_FAULT_VMA_VMF) && defined(KBM_HAVE_VMF_VMA))
/*
 * struct vm_fault carries the VMA: v4.10, 82b0f8c39a38, and RHEL 7, which
 * backports vmf->vma but keeps the two-argument .fault.  The handler then
 * takes the kernel's own struct vm_fault.
 */
#define kbm_vmf vm_fault

static inline struct vm_area_struct *kbm_fault_vma(const struct kbm_vmf *f)
{
	return f->vma;
}

static inline pgoff_t kbm_fault_pgoff(const struct kbm_vmf *f)
{
	return f->pgoff;
}

static inline unsigned long kbm_fault_address(const struct kbm_vmf *f)
{
#ifdef KBM_HAVE_VMF_ADDRESS
	/* v4.10, 1a29d85eb0f1 */
	return f->address;
#else
	/* RHEL 7: the backport kept the old field. */
	return (unsigned long)f->virtual_address;
#endif
}

static inline void kbm_fault_set_page(struct kbm_vmf *f, struct page *page)
{
	f->page = page;
}

#ifdef KBM_HAVE_VM_OPS_FAULT_VMF
/* v4.11+, 11bac8000449: the handler has the .fault signature already. */
#define KBM_BRANCH_FAULT		"fault=(vmf)"
#define KBM_DEFINE_FAULT(handler)
#define KBM_VM_OPS_FAULT(handler)	.fault = (handler)
#else
/* .fault(vma, vmf): the VMA argument is vmf->vma again, so drop it. */
#define KBM_BRANCH_FAULT		"fault=(vma,vmf):vmf->vma"
#define KBM_DEFINE_FAULT(handler)					\
static kbm_vm_fault_t handler##_entry(struct vm_area_struct *vma,	\
				      struct vm_fault *vmf)		\
{									\
	return handler(vmf);						\
}

#define KBM_VM_OPS_FAULT(handler)	.fault = handler##_entry
#endif

#elif defined(KBM_HAVE_VM_OPS_FAULT_VMA_VMF)
/*
 * v2.6.23 - v4.9, 54cb8821de07: .fault(vma, vmf), and vmf has no vma, so
 * the wrapper carries both.
 */
struct kbm_vmf {
	struct vm_area_struct *vma;
	struct vm_fault *vmf;
};

static inline struct vm_area_struct *kbm_fault_vma(const struct kbm_vmf *f)
{
	return f->vma;
}

static inline pgoff_t kbm_fault_pgoff(const struct kbm_vmf *f)
{
	return f->vmf->pgoff;
}

static inline unsigned long kbm_fault_address(const struct kbm_vmf *f)
{
#ifdef KBM_HAVE_VMF_ADDRESS
	/* v4.10, 1a29d85eb0f1 */
	return f->vmf->address;
#else
	return (unsigned long)f->vmf->virtual_address;
#endif
}

static inline void kbm_fault_set_page(struct kbm_vmf *f, struct page *page)
{
	f->vmf->page = page;
}

#define KBM_BRANCH_FAULT		"fault=(vma,vmf)"
#define KBM_DEFINE_FAULT(handler)					\
static kbm_vm_fault_t handler##_entry(struct vm_area_struct *vma,	\
				      struct vm_fault *vmf)		\
{									\
	struct kbm_vmf f = { .vma = vma, .vmf = vmf };			\
									\
	return handler(&f);						\
}

#define KBM_VM_OPS_FAULT(handler)	.fault = handler##_entry

#else
/*
 * v2.6.18 - v2.6.22: .nopage(vma, address, int *type) returns the page, or
 * NOPAGE_SIGBUS / NOPAGE_OOM.  The pgoff is computed as the core did.
 */
struct kbm_vmf {
	struct vm_area_struct *vma;
	unsigned long address;
	pgoff_t pgoff;
	struct page *page;
};

static inline struct vm_area_struct *kbm_fault_vma(const struct kbm_vmf *f)
{
	return f->vma;
}

static inline pgoff_t kbm_fault_pgoff(const struct kbm_vmf *f)
{
	return f->pgoff;
}

static inline unsigned long kbm_fault_address(const struct kbm_vmf *f)
{
	return f->address;
}

static inline void kbm_fault_set_page(struct kbm_vmf *f, struct page *page)
{
	f->page = page;
}

static inline struct page *kbm_nopage_result(struct kbm_vmf *f, int ret,
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

#define KBM_DEFINE_FAULT(handler)					\
static struct page *handler##_entry(struct vm_area_struct *vma,	\
				    unsigned long address, int *type)	\
{									\
	struct kbm_vmf f = {						\
		.vma = vma,						\
		.address = address,					\
		.pgoff = vma->vm_pgoff +				\
			 ((address - vma->vm_start) >> PAGE_SHIFT),	\
	};								\
									\
	return kbm_nopage_result(&f, handler(&f), type);		\
}

/* v2.6.26, 3c18ddd160d1 removed .nopage; it is all these kernels have. */
#define KBM_BRANCH_FAULT		"fault=nopage"
#define KBM_VM_OPS_FAULT(handler)	.nopage = handler##_entry
#endif

/**
 * kbm_fault_page() - answer a fault with a page of the buffer
 * @f: the fault
 * @page: the page to map; a reference is taken for the page tables
 *
 * Return: KBM_FAULT_DONE; the core maps @page (or copies it, for a private
 * mapping that is written).
 */
static inline kbm_vm_fault_t kbm_fault_page(struct kbm_vmf *f, struct page *page)
{
	get_page(page);
	kbm_fault_set_page(f, page);
	return KBM_FAULT_DONE;
}

#endif /* _KBM_COMPAT_FAULT_H */
