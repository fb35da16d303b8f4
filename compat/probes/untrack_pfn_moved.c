// SPDX-License-Identifier: GPL-2.0
/*
 * KBM_HAVE_UNTRACK_PFN_MOVED: untrack_pfn_moved(vma), which mremap calls
 * on a moved PFN remap so that x86 PAT forgets the old address.
 * d9fe4fab1197 ("x86/mm/pat: Add untrack_pfn_moved for mremap"), v4.6;
 * RHEL 7 has it.  Gone again in 6.16, where mm tracks PFN remaps itself.
 */
#include <linux/mm.h>

void kbm_probe(struct vm_area_struct *vma);
void kbm_probe(struct vm_area_struct *vma)
{
	untrack_pfn_moved(vma);
}
