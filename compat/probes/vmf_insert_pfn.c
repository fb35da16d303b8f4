// SPDX-License-Identifier: GPL-2.0
/*
 * KBM_HAVE_VMF_INSERT_PFN: vmf_insert_pfn() returning vm_fault_t.
 * 1c8f422059ae (v4.17, inline wrapper), exported form ae2b01f37044 ("mm:
 * remove vm_insert_pfn()"), v4.20.
 */
#include <linux/mm.h>

vm_fault_t kbm_probe(struct vm_area_struct *vma, unsigned long addr, unsigned long pfn);
vm_fault_t kbm_probe(struct vm_area_struct *vma, unsigned long addr, unsigned long pfn)
{
	return vmf_insert_pfn(vma, addr, pfn);
}
