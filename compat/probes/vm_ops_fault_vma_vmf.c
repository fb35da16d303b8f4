// SPDX-License-Identifier: GPL-2.0
/*
 * KBM_HAVE_VM_OPS_FAULT_VMA_VMF: vm_operations_struct.fault takes (vma, vmf).
 * Added by 54cb8821de07 ("mm: merge populate and nopage into fault"), v2.6.23;
 * replaced by 11bac8000449 ("mm, fs: reduce fault, page_mkwrite, and
 * pfn_mkwrite to take only vmf"), v4.11.
 */
#include <linux/mm.h>

int kbm_probe(struct vm_area_struct *vma, struct vm_fault *vmf);
const struct vm_operations_struct kbm_probe_ops = {
	.fault = kbm_probe,
};
