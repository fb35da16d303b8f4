// SPDX-License-Identifier: GPL-2.0
/*
 * KBM_HAVE_VMF_INSERT_FOLIO_PMD: vmf_insert_folio_pmd(vmf, folio, write)
 * maps a PMD-sized folio with a reference and an rmap entry.
 * 6c88f72691f8 ("mm/huge_memory: add vmf_insert_folio_pmd()"), v6.15.
 */
#include <linux/mm.h>
#include <linux/huge_mm.h>

vm_fault_t kbm_probe(struct vm_fault *vmf, struct folio *folio);
vm_fault_t kbm_probe(struct vm_fault *vmf, struct folio *folio)
{
	return vmf_insert_folio_pmd(vmf, folio, true);
}
