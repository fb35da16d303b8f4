// SPDX-License-Identifier: GPL-2.0
/*
 * KBM_HAVE_VM_OPS_MAPPED: vm_operations_struct.mapped(start, end, pgoff, file, &priv),
 * the first-mapping hook of .mmap_prepare drivers, v7.1.
 */
#include <linux/mm.h>

int kbm_probe(unsigned long start, unsigned long end, pgoff_t pgoff,
	      const struct file *file, void **vm_private_data);
const struct vm_operations_struct kbm_probe_ops = {
	.mapped = kbm_probe,
};
