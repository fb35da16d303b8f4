// SPDX-License-Identifier: GPL-2.0
/*
 * KBM_HAVE_VM_INSERT_PFN: int vm_insert_pfn(vma, addr, pfn).
 * e0dc0d8f4a32 ("[PATCH] add vm_insert_pfn()"), v2.6.21; removed v4.20.
 */
#include <linux/mm.h>

int kbm_probe(struct vm_area_struct *vma, unsigned long addr, unsigned long pfn);
int kbm_probe(struct vm_area_struct *vma, unsigned long addr, unsigned long pfn)
{
	return vm_insert_pfn(vma, addr, pfn);
}
