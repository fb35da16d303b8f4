// SPDX-License-Identifier: GPL-2.0
/*
 * KBM_HAVE_TRACK_PFN_VMA_NEW: track_pfn_vma_new(vma, prot, pfn, size), x86
 * PAT's tracking of remap_pfn_range() mappings before it was renamed
 * track_pfn_remap() in v3.7 (5180da410db6); from v2.6.29.
 */
#include <linux/mm.h>

int kbm_probe(struct vm_area_struct *vma, pgprot_t *prot, unsigned long pfn,
	      unsigned long size);
int kbm_probe(struct vm_area_struct *vma, pgprot_t *prot, unsigned long pfn,
	      unsigned long size)
{
	return track_pfn_vma_new(vma, prot, pfn, size);
}
