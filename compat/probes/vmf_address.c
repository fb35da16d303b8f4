// SPDX-License-Identifier: GPL-2.0
/*
 * KBM_HAVE_VMF_ADDRESS: struct vm_fault has .address (unsigned long).
 * 1a29d85eb0f1 ("mm: use vmf->address instead of vmf->virtual_address"),
 * v4.10.
 */
#include <linux/mm.h>

unsigned long kbm_probe(struct vm_fault *vmf);
unsigned long kbm_probe(struct vm_fault *vmf)
{
	return vmf->address;
}
