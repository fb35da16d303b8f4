// SPDX-License-Identifier: GPL-2.0
/*
 * KBM_HAVE_VMF_VMA: struct vm_fault carries the faulting vma.
 * 82b0f8c39a38 ("mm: join struct fault_env and vm_fault"), v4.10; RHEL 7
 * backports it while keeping the two-argument .fault.
 */
#include <linux/mm.h>

struct vm_area_struct *kbm_probe(struct vm_fault *vmf);
struct vm_area_struct *kbm_probe(struct vm_fault *vmf)
{
	return vmf->vma;
}
