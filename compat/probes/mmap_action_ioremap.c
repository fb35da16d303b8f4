// SPDX-License-Identifier: GPL-2.0
/*
 * KBM_HAVE_MMAP_ACTION_IOREMAP: .mmap_prepare asks for a PFN I/O remap
 * through an mmap_action, done once the VMA exists.  The mmap_action
 * helpers (mmap_action_remap(), mmap_action_ioremap()) came with
 * "mm: introduce io_remap_pfn_range_[prepare, complete]()", v6.19.
 */
#include <linux/mm.h>

void kbm_probe(struct vm_area_desc *desc, unsigned long pfn);
void kbm_probe(struct vm_area_desc *desc, unsigned long pfn)
{
	mmap_action_ioremap(desc, desc->start, pfn, vma_desc_size(desc));
}
