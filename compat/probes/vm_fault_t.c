// SPDX-License-Identifier: GPL-2.0
/*
 * KBM_HAVE_VM_FAULT_T: the vm_fault_t type exists (a plain int typedef in v4.17 to v5.0,
 * __bitwise from v5.1, 3d3539018d2c).  1c8f422059ae ("mm: change return type
 * to vm_fault_t"), v4.17.
 */
#include <linux/mm.h>

vm_fault_t kbm_probe(void);
vm_fault_t kbm_probe(void)
{
	return VM_FAULT_SIGBUS;
}
