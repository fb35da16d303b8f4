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

#endif /* _KBM_COMPAT_VMA_H */
