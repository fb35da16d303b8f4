// SPDX-License-Identifier: GPL-2.0
/*
 * KBM_HAVE_TRACK_PFN_REMAP: track_pfn_remap(vma, prot, pfn, addr, size),
 * x86 PAT's memory-type tracking of remap_pfn_range() mappings, which the
 * unmap undoes by looking up the VMA's first PTE.  5180da410db6 ("x86,
 * pat: separate the pfn attribute tracking for remap_pfn_range and
 * vm_insert_pfn"), v3.7 (track_pfn_vma_new before); replaced by
 * pfnmap_track() in 6.16.
 */
#include <linux/mm.h>

int kbm_probe(struct vm_area_struct *vma, pgprot_t *prot, unsigned long pfn,
	      unsigned long addr, unsigned long size);
int kbm_probe(struct vm_area_struct *vma, pgprot_t *prot, unsigned long pfn,
	      unsigned long addr, unsigned long size)
{
	return track_pfn_remap(vma, prot, pfn, addr, size);
}
