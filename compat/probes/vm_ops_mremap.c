// SPDX-License-Identifier: GPL-2.0
/*
 * KBM_HAVE_VM_OPS_MREMAP: int vm_operations_struct.mremap(vma), called by
 * mremap on the new VMA after the page tables moved; an error moves them
 * back and unmaps the new VMA.  Present in 4.4, absent in 3.10.
 */
#include <linux/mm.h>

int kbm_probe(struct vm_area_struct *vma);
const struct vm_operations_struct kbm_probe_ops = {
	.mremap = kbm_probe,
};
