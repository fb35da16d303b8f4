/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kbm_vma.h - VMA flags and page protections on a live vm_area_struct.
 */
#ifndef _KBM_COMPAT_VMA_H
#define _KBM_COMPAT_VMA_H

#include <linux/mm.h>
#include <asm/pgtable.h>
#include "kbm_config.h"
#include "kbm_types.h"

#if !defined(KBM_HAVE_VM_FLAGS_SET) && !defined(KBM_HAVE_VM_FLAGS_WRITABLE)
/* A probe that failed for an unrelated reason must not pick a branch. */
#error "kbufmap: no way to set vm_flags compiled here; see the probe log"
#endif

/*
 * Flags that keep a buffer mapping from growing (mremap) and out of core
 * dumps.  v3.7, 314e51b9851b ("mm: kill vma flag VM_RESERVED and
 * mm->reserved_vm counter") removed VM_RESERVED; before it, VM_RESERVED
 * was what kept the pages out of swap-out scans and core dumps.
 */
#if defined(VM_DONTDUMP)
#define KBM_VM_NOEXPAND_NODUMP	(VM_DONTEXPAND | VM_DONTDUMP)
#define KBM_BRANCH_NODUMP	"nodump=VM_DONTDUMP"
#else
#define KBM_VM_NOEXPAND_NODUMP	(VM_DONTEXPAND | VM_RESERVED)
#define KBM_BRANCH_NODUMP	"nodump=VM_RESERVED"
#endif

#ifdef KBM_HAVE_VM_FLAGS_SET
#define KBM_BRANCH_FLAGS	"vm_flags=vm_flags_set"
#else
#define KBM_BRANCH_FLAGS	"vm_flags=direct"
#endif

#ifdef KBM_HAVE_PGPROT_WRITECOMBINE
#define KBM_BRANCH_WC		"wc=pgprot_writecombine"
#else
#define KBM_BRANCH_WC		"wc=pgprot_noncached"
#endif

/**
 * kbm_vma_set_flags() - set bits in vma->vm_flags
 * @vma: the VMA, with its mm's mmap lock held for writing
 * @flags: VM_* bits to set
 */
static inline void kbm_vma_set_flags(struct vm_area_struct *vma,
				     unsigned long flags)
{
#ifdef KBM_HAVE_VM_FLAGS_SET
	/* v6.3, bc292ab00f6c: vm_flags is read-only; use the wrapper. */
	vm_flags_set(vma, flags);
#else
	vma->vm_flags |= flags;
#endif
}

/**
 * kbm_vma_clear_flags() - clear bits in vma->vm_flags
 * @vma: the VMA, with its mm's mmap lock held for writing
 * @flags: VM_* bits to clear
 */
static inline void kbm_vma_clear_flags(struct vm_area_struct *vma,
				       unsigned long flags)
{
#ifdef KBM_HAVE_VM_FLAGS_SET
	vm_flags_clear(vma, flags);
#else
	vma->vm_flags &= ~flags;
#endif
}

/**
 * kbm_pgprot_writecombine() - write-combining variant of a protection
 * @prot: the protection to start from
 *
 * Before v2.6.29 (2520bd3123c0) there is no write-combining interface;
 * uncached is the nearest thing that is never wrong.
 */
static inline pgprot_t kbm_pgprot_writecombine(pgprot_t prot)
{
#ifdef KBM_HAVE_PGPROT_WRITECOMBINE
	return pgprot_writecombine(prot);
#else
	return pgprot_noncached(prot);
#endif
}

/*
 * Moving a PFN remap with mremap.  x86 PAT tracks the memory type of a
 * remap_pfn_range() mapping (track_pfn_vma_new(), v2.6.29; renamed
 * track_pfn_remap() in v3.7) and the unmap finds
 * it again through the VMA's first PTE.  From v4.6 (d9fe4fab1197) mremap
 * calls untrack_pfn_moved() on the moved VMA; before it, the unmap of the
 * old range finds no PTE and untrack_pfn() WARNs (seen on 4.4.178).  There,
 * when vm_ops->mremap exists, kbufmap refuses the move: the handler gets
 * the new VMA, the kernel moves the page tables back and unmaps the new VMA,
 * whose VM_PAT is dropped first so that its unmap looks nothing up (the
 * memory type stays reserved for the old VMA, which still maps the range).
 * Kernels without vm_ops->mremap (3.10 upstream and older) keep the WARN:
 * nothing kbufmap can hook runs before the unmap.
 */
#if (defined(KBM_HAVE_TRACK_PFN_REMAP) || defined(KBM_HAVE_TRACK_PFN_VMA_NEW)) && \
	!defined(KBM_HAVE_UNTRACK_PFN_MOVED) && defined(VM_PAT)
#ifdef KBM_HAVE_VM_OPS_MREMAP
#define KBM_BRANCH_PFNMAP_MOVE	"pfnmap_move=refused"
#define KBM_PFNMAP_MOVE_REFUSED	1

static inline int kbm_vm_pfnmap_mremap(struct vm_area_struct *new_vma)
{
	if (!(new_vma->vm_flags & VM_PAT))
		return 0;
	kbm_vma_clear_flags(new_vma, VM_PAT);
	return -EINVAL;
}

#define KBM_VM_OPS_PFNMAP_MREMAP	.mremap = kbm_vm_pfnmap_mremap,
#else
#define KBM_BRANCH_PFNMAP_MOVE	"pfnmap_move=warns"
#define KBM_VM_OPS_PFNMAP_MREMAP
#endif
#else
#define KBM_BRANCH_PFNMAP_MOVE	"pfnmap_move=kernel"
#define KBM_VM_OPS_PFNMAP_MREMAP
#endif

/**
 * kbm_pfnmap_move_refused() - does mremap refuse to move a PFN remap here?
 *
 * Return: true when kbufmap's vm_ops->mremap refuses it (see above).
 */
static inline bool kbm_pfnmap_move_refused(void)
{
#ifdef KBM_PFNMAP_MOVE_REFUSED
	return true;
#else
	return false;
#endif
}

#endif /* _KBM_COMPAT_VMA_H */
