// SPDX-License-Identifier: GPL-2.0
/*
 * The local also carries an errno: only the return type changes, the
 * local is reported.  The helper that is no handler stays int.
 */
#include <linux/mm.h>

static int lookup(struct vm_fault *vmf)
{
	return vmf->pgoff < 16 ? 0 : -EFAULT;
}

static int bad_fault(struct vm_fault *vmf)
{
	int ret;

	ret = lookup(vmf);
	if (ret)
		return ret;
	return VM_FAULT_NOPAGE;
}

static const struct vm_operations_struct bad_vm_ops = {
	.fault = bad_fault,
};
