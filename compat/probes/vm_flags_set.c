// SPDX-License-Identifier: GPL-2.0
/*
 * KBM_HAVE_VM_FLAGS_SET: vm_flags_set()/vm_flags_clear(); vma->vm_flags is read-only.
 * bc292ab00f6c ("mm: introduce vma->vm_flags wrapper functions"), v6.3.
 */
#include <linux/mm.h>

void kbm_probe(struct vm_area_struct *vma);
void kbm_probe(struct vm_area_struct *vma)
{
	vm_flags_set(vma, VM_DONTEXPAND);
	vm_flags_clear(vma, VM_MAYWRITE);
}
