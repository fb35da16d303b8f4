// SPDX-License-Identifier: GPL-2.0
/*
 * KBM_HAVE_VMF_VIRTUAL_ADDRESS: struct vm_fault has .virtual_address (void __user *),
 * v2.6.23 (54cb8821de07) to v4.9; replaced by vmf->address in v4.10.
 */
#include <linux/mm.h>

void __user *kbm_probe(struct vm_fault *vmf);
void __user *kbm_probe(struct vm_fault *vmf)
{
	return vmf->virtual_address;
}
