// SPDX-License-Identifier: GPL-2.0
/*
 * KBM_HAVE_VM_OPS_NOPAGE: struct vm_operations_struct has .nopage(vma, address, int *type).
 * Removed by 3c18ddd160d1 ("mm: remove nopage"), v2.6.26; last in v2.6.25.
 */
#include <linux/mm.h>

struct page *kbm_probe(struct vm_area_struct *vma, unsigned long address,
		       int *type);
const struct vm_operations_struct kbm_probe_ops = {
	.nopage = kbm_probe,
};
