// SPDX-License-Identifier: GPL-2.0
/*
 * KBM_HAVE_VM_OPS_ACCESS: vm_operations_struct.access(vma, addr, buf, len,
 * write), which ptrace and /proc/<pid>/mem call for VMAs that
 * get_user_pages() cannot walk.  28b2ee20c7cb ("access_process_vm device
 * memory infrastructure"), v2.6.27.
 */
#include <linux/mm.h>

int kbm_probe(struct vm_area_struct *vma, unsigned long addr, void *buf,
	      int len, int write);
const struct vm_operations_struct kbm_probe_ops = {
	.access = kbm_probe,
};
