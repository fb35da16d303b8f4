// SPDX-License-Identifier: GPL-2.0
/*
 * KBM_HAVE_VM_OPS_FAULT_VMF: vm_operations_struct.fault takes only vmf.
 * 11bac8000449 ("mm, fs: reduce fault, page_mkwrite, and pfn_mkwrite to take
 * only vmf"), v4.11.  It returns int until v4.16 and vm_fault_t from v4.17
 * (see vm_fault_t.c).  Calling it with one argument is a hard error on the
 * two-argument kernels, whatever the warning flags.
 */
#include <linux/mm.h>

int kbm_probe(const struct vm_operations_struct *ops, struct vm_fault *vmf);
int kbm_probe(const struct vm_operations_struct *ops, struct vm_fault *vmf)
{
	return (__force int)ops->fault(vmf);
}
