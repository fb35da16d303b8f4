// SPDX-License-Identifier: GPL-2.0
/*
 * Already on vmf->address; and a structure of the driver's own whose
 * member happens to be called virtual_address.
 */
#include <linux/mm.h>

struct mapping {
	void *virtual_address;
};

static vm_fault_t m_fault(struct vm_fault *vmf)
{
	struct mapping *m = vmf->vma->vm_private_data;

	if (!m->virtual_address)
		return VM_FAULT_SIGBUS;
	return vmf_insert_pfn(vmf->vma, vmf->address,
			      virt_to_pfn(m->virtual_address));
}
