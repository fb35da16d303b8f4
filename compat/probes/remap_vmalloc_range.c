// SPDX-License-Identifier: GPL-2.0
/*
 * KBM_HAVE_REMAP_VMALLOC_RANGE: remap_vmalloc_range() and vmalloc_user(): kbufmap's
 * floor.  833423143c3a ("[PATCH] mm: introduce remap_vmalloc_range()"),
 * v2.6.18.
 */
#include <linux/mm.h>
#include <linux/vmalloc.h>

int kbm_probe(struct vm_area_struct *vma, unsigned long size);
int kbm_probe(struct vm_area_struct *vma, unsigned long size)
{
	return remap_vmalloc_range(vma, vmalloc_user(size), 0);
}
