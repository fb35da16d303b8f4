// SPDX-License-Identifier: GPL-2.0
/*
 * KBM_HAVE_GENERIC_ACCESS_PHYS: generic_access_phys() as vm_ops->access of
 * an I/O mapping, so ptrace and /proc/<pid>/mem reach it.  28b2ee20c7cb
 * ("access_process_vm device memory infrastructure"), v2.6.27; declared
 * only with CONFIG_HAVE_IOREMAP_PROT.
 */
#include <linux/mm.h>

const struct vm_operations_struct kbm_probe_ops = {
	.access = generic_access_phys,
};
