// SPDX-License-Identifier: GPL-2.0
/*
 * KBM_HAVE_VM_FLAGS_WRITABLE: vma->vm_flags may be written directly (up to v6.2;
 * bc292ab00f6c made it const in v6.3).
 */
#include <linux/mm.h>

void kbm_probe(struct vm_area_struct *vma);
void kbm_probe(struct vm_area_struct *vma)
{
	vma->vm_flags |= VM_DONTEXPAND;
}
