// SPDX-License-Identifier: GPL-2.0
/* PFN insertion from fault handlers, with the usual result mappings. */
#include <linux/mm.h>
#include <linux/pfn_t.h>

struct bar {
	unsigned long base_pfn;
	unsigned long nr_pages;
};

static int bar_fault(struct vm_fault *vmf)
{
	struct bar *bar = vmf->vma->vm_private_data;
	unsigned long pfn = bar->base_pfn + vmf->pgoff;
	int err;

	if (vmf->pgoff >= bar->nr_pages)
		return VM_FAULT_SIGBUS;
	err = vm_insert_pfn(vmf->vma, vmf->address, pfn);
	if (err == -ENOMEM)
		return VM_FAULT_OOM;
	if (err < 0 && err != -EBUSY)
		return VM_FAULT_SIGBUS;
	return VM_FAULT_NOPAGE;
}

static int bar_mixed_fault(struct vm_fault *vmf)
{
	struct bar *bar = vmf->vma->vm_private_data;
	int ret;

	ret = vm_insert_mixed(vmf->vma, vmf->address,
			      __pfn_to_pfn_t(bar->base_pfn + vmf->pgoff,
					     PFN_DEV));
	switch (ret) {
	case 0:
	case -EBUSY:
		return VM_FAULT_NOPAGE;
	case -ENOMEM:
		return VM_FAULT_OOM;
	default:
		return VM_FAULT_SIGBUS;
	}
}

static int bar_lazy_fault(struct vm_fault *vmf)
{
	struct bar *bar = vmf->vma->vm_private_data;

	vm_insert_pfn(vmf->vma, vmf->address, bar->base_pfn + vmf->pgoff);
	return VM_FAULT_NOPAGE;
}

static const struct vm_operations_struct bar_vm_ops = {
	.fault = bar_fault,
};

static const struct vm_operations_struct bar_mixed_vm_ops = {
	.fault = bar_mixed_fault,
};

static const struct vm_operations_struct bar_lazy_vm_ops = {
	.fault = bar_lazy_fault,
};
