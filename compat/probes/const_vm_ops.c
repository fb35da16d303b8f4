// SPDX-License-Identifier: GPL-2.0
/*
 * KBM_HAVE_CONST_VM_OPS: vma->vm_ops points to const.
 * f0f37e2f7773 ("const: mark struct vm_struct_operations"), v2.6.32.
 */
#include <linux/mm.h>

void kbm_probe(struct vm_area_struct *vma, const struct vm_operations_struct *ops);
void kbm_probe(struct vm_area_struct *vma, const struct vm_operations_struct *ops)
{
	vma->vm_ops = ops;
}
