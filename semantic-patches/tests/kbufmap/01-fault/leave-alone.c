// SPDX-License-Identifier: GPL-2.0
/*
 * A handler that inserts PFNs itself has no kbufmap shape: left whole
 * (and reported).  A helper that only looks like a handler is no handler.
 */
#include <linux/mm.h>

struct mmio {
	unsigned long pfn;
};

static vm_fault_t mmio_fault(struct vm_fault *vmf)
{
	struct mmio *m = vmf->vma->vm_private_data;

	return vmf_insert_pfn(vmf->vma, vmf->address, m->pfn + vmf->pgoff);
}

static int lookup(struct vm_area_struct *vma, struct vm_fault *vmf)
{
	return vmf->pgoff ? 0 : VM_FAULT_SIGBUS;
}

static const struct vm_operations_struct mmio_vm_ops = {
	.fault = mmio_fault,
};
