/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kbm_fault_path.h - what a fault handler needs beyond kbm_fault.h.
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

#endif /* _KBM_COMPAT_FAULT_PATH_H */
