/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kbm_fault_path.h - what a fault handler needs beyond kbm_fault.h: the
 * VMA's private data as it is once the mapping exists, and a way to map
 * several pages from one fault.
 *
 * The kernel's own fault-around hook, vm_ops->map_pages, is no use to a
 * driver: it runs under rcu_read_lock() and expects the page cache's PTE
 * helpers, none of them exported (and its signature changed in v3.15,
 * v4.8, v4.10 and v5.12).  A .fault handler, though, may sleep, and may
 * insert pages itself and answer KBM_FAULT_NOPAGE: kbm_fault_map_pages(),
 * for VM_MIXEDMAP mappings of a shared buffer (a private mapping must hand
 * the core vmf->page for copy-on-write).
 *
 * KBM_FAULT_CAN_MAP_PAGES says whether it exists: VM_MIXEDMAP arrived in
 * v2.6.26 (b379d790197c), and until v3.7 vm_insert_page() set
 * VM_INSERTPAGE in vm_flags, which a fault, holding the mmap lock only for
 * reading, must not write.
 */
#ifndef _KBM_COMPAT_FAULT_PATH_H
#define _KBM_COMPAT_FAULT_PATH_H

#include <linux/mm.h>
#include "kbm_config.h"
#include "kbm_fault.h"
#include "kbm_mmap.h"

/**
 * kbm_fault_vma_private() - the private data of the faulting VMA
 * @vma: kbm_fault_vma() of the fault
 *
 * What kbm_req_set_ops() stored, as kbm_vma_private() returns it, minus
 * the work: on the .mmap_prepare path the pointer is tagged only until
 * vm_ops->mapped() runs, and that happens under the mmap lock held for
 * writing, before the VMA can fault (a failed mapping is unmapped before
 * the lock is dropped).  So a fault never sees the tag.
 */
static inline void *kbm_fault_vma_private(const struct vm_area_struct *vma)
{
	return vma->vm_private_data;
}

#if defined(VM_MIXEDMAP) && !defined(VM_INSERTPAGE)
#define KBM_FAULT_CAN_MAP_PAGES	1
#endif

/**
 * kbm_fault_may_map_pages() - may this fault map a window of pages itself?
 * @vma: kbm_fault_vma() of the fault (the handler has it already: taking
 *	 the fault instead would load it again after any call, one
 *	 instruction a handler written for one kernel does not have)
 *
 * Return: true for a shared VM_MIXEDMAP mapping on a kernel where a fault
 * may insert pages (see above); false otherwise, and always before v3.7.
 */
static inline bool kbm_fault_may_map_pages(const struct vm_area_struct *vma)
{
#ifdef KBM_FAULT_CAN_MAP_PAGES
	const unsigned long want = VM_MAYSHARE | VM_MIXEDMAP;

	return (vma->vm_flags & want) == want;
#else
	return false;
#endif
}

/**
 * kbm_fault_map_pages() - map consecutive pages from a fault handler
 * @f: the fault
 * @addr: user address of the first page, inside the faulting VMA
 * @pages: the pages, mapped at @addr, @addr + PAGE_SIZE, ...
 * @nr: in: how many; out: how many were left unmapped
 *
 * Each page gets a reference for its PTE, with the VMA's protection.
 *
 * Context: a .fault handler for which kbm_fault_may_map_pages() is true
 * (mmap lock or VMA lock held for reading).
 * Return: 0 when all were mapped; -EBUSY at the first address already
 * mapped, -ENOMEM when a page table cannot be allocated; -EOPNOTSUPP
 * where faults cannot insert pages.
 */
static inline int kbm_fault_map_pages(struct kbm_vmf *f, unsigned long addr,
				      struct page **pages, unsigned long *nr)
{
#if !defined(KBM_FAULT_CAN_MAP_PAGES)
	return -EOPNOTSUPP;
#elif defined(KBM_HAVE_VM_INSERT_PAGES)
	/* v5.7, 8cd3984d81d5: one page-table lock per PMD, not per page. */
	return vm_insert_pages(kbm_fault_vma(f), addr, pages, nr);
#else
	struct vm_area_struct *vma = kbm_fault_vma(f);
	int err;

	for (; *nr; (*nr)--, addr += PAGE_SIZE, pages++) {
		err = vm_insert_page(vma, addr, *pages);
		if (err)
			return err;
	}
	return 0;
#endif
}

/*
 * A fault of a VM_PFNMAP mapping inserts the frame itself and answers
 * KBM_FAULT_NOPAGE: vm_insert_pfn(), v2.6.21 (e0dc0d8f4a32), became
 * vmf_insert_pfn() returning vm_fault_t (v4.17, 1c8f422059ae; the int
 * form removed in v4.20).  A .nopage handler (before v2.6.23 here) has no
 * way to say "mapped already": KBM_FAULT_CAN_INSERT_PFN is left undefined.
 */
#if (defined(KBM_HAVE_VM_OPS_FAULT_VMF) || \
	defined(KBM_HAVE_VM_OPS_FAULT_VMA_VMF)) && \
	(defined(KBM_HAVE_VMF_INSERT_PFN) || defined(KBM_HAVE_VM_INSERT_PFN))
#define KBM_FAULT_CAN_INSERT_PFN	1
#ifdef KBM_HAVE_VMF_INSERT_PFN
#define KBM_BRANCH_PFN_FAULT	"pfn_fault=vmf_insert_pfn"
#else
#define KBM_BRANCH_PFN_FAULT	"pfn_fault=vm_insert_pfn"
#endif
#else
#define KBM_BRANCH_PFN_FAULT	"pfn_fault=none"
#endif

/**
 * kbm_fault_can_insert_pfn() - may a fault handler map frames by PFN?
 *
 * Return: true where kbm_fault_insert_pfn() works (see above).
 */
static inline bool kbm_fault_can_insert_pfn(void)
{
#ifdef KBM_FAULT_CAN_INSERT_PFN
	return true;
#else
	return false;
#endif
}

/**
 * kbm_fault_insert_pfn() - map one frame from a fault of a VM_PFNMAP mapping
 * @f: the fault, of a shared VM_PFNMAP mapping
 * @pfn: the frame to map at the faulting page, with the VMA's protection
 *
 * Return: KBM_FAULT_NOPAGE when mapped (or mapped already by a racing
 * fault), KBM_FAULT_OOM without memory for a page table, KBM_FAULT_SIGBUS
 * otherwise, and always where !kbm_fault_can_insert_pfn().
 */
static inline kbm_vm_fault_t kbm_fault_insert_pfn(struct kbm_vmf *f,
						  unsigned long pfn)
{
#if !defined(KBM_FAULT_CAN_INSERT_PFN)
	return KBM_FAULT_SIGBUS;
#elif defined(KBM_HAVE_VMF_INSERT_PFN)
	return vmf_insert_pfn(kbm_fault_vma(f),
			      kbm_fault_address(f) & PAGE_MASK, pfn);
#else
	int err = vm_insert_pfn(kbm_fault_vma(f),
				kbm_fault_address(f) & PAGE_MASK, pfn);

	/* -EBUSY: a racing fault mapped the page first. */
	if (!err || err == -EBUSY)
		return KBM_FAULT_NOPAGE;
	return err == -ENOMEM ? KBM_FAULT_OOM : KBM_FAULT_SIGBUS;
#endif
}

#endif /* _KBM_COMPAT_FAULT_PATH_H */
