// SPDX-License-Identifier: GPL-2.0
/*
 * KBM_HAVE_VMF_INSERT_PFN_PMD_PFN_T: vmf_insert_pfn_pmd(vmf, pfn_t, write),
 * v4.20 ("mm: convert vm_insert_pfn_pmd() to vmf_insert_pfn_pmd()") until
 * v6.17, which passes a plain PFN (vmf_insert_pfn_pmd_ulong.c).
 */
#include <linux/mm.h>
#include <linux/huge_mm.h>
#include <linux/pfn_t.h>

vm_fault_t kbm_probe(struct vm_fault *vmf, unsigned long pfn);
vm_fault_t kbm_probe(struct vm_fault *vmf, unsigned long pfn)
{
	return vmf_insert_pfn_pmd(vmf, pfn_to_pfn_t(pfn), true);
}
