// SPDX-License-Identifier: GPL-2.0
/*
 * KBM_HAVE_VMF_INSERT_PFN_PMD_ULONG: vmf_insert_pfn_pmd(vmf, pfn, write)
 * with the PFN as an unsigned long, v6.17 (pfn_t removed from the mm
 * interfaces).  pfn_t is a struct, so an integer does not convert to it
 * and the probe fails on older kernels.
 */
#include <linux/mm.h>
#include <linux/huge_mm.h>

vm_fault_t kbm_probe(struct vm_fault *vmf, unsigned long pfn);
vm_fault_t kbm_probe(struct vm_fault *vmf, unsigned long pfn)
{
	return vmf_insert_pfn_pmd(vmf, pfn, true);
}
