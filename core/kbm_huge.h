/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kbm_huge.h - core-internal: high-order chunks and PMD mappings
 * (core/kbm_huge.c).
 */
#ifndef _KBM_CORE_HUGE_H
#define _KBM_CORE_HUGE_H

#include <kbufmap/kbufmap.h>

int kbm_alloc_chunks(struct kbm_buffer *buf, gfp_t gfp);
unsigned long kbm_chunk_put(struct page *page);
kbm_vm_fault_t kbm_pmd_fault(struct kbm_vmf *f, unsigned int order);
kbm_vm_fault_t kbm_pfn_pmd_fault(struct kbm_vmf *f, unsigned int order);
bool kbm_buffer_pfn_pmds(const struct kbm_buffer *buf);

#endif /* _KBM_CORE_HUGE_H */
