// SPDX-License-Identifier: GPL-2.0
/*
 * KBM_HAVE_HUGE_FAULT_ORDER: vm_operations_struct.huge_fault(vmf, order).
 * "mm: remove enum page_entry_size" (1d024e7a8dab in linux-next), v6.6;
 * v4.11 - v6.5 pass an enum page_entry_size, v4.4 - v4.10 have
 * .pmd_fault(vma, addr, pmd, flags) instead.  An enum converts to
 * unsigned int silently, so the assignment alone would compile on
 * v4.11 - v6.5 too: the probe also declares the enum, which fails there
 * (redeclaration) and compiles once the kernel has none.
 */
#include <linux/mm.h>

enum page_entry_size { KBM_PROBE_PE_SIZE };

static vm_fault_t kbm_probe(struct vm_fault *vmf, unsigned int order)
{
	return VM_FAULT_FALLBACK;
}

const struct vm_operations_struct kbm_probe_ops = {
	.huge_fault = kbm_probe,
};
