// SPDX-License-Identifier: GPL-2.0
/*
 * A compat definition and a test of the flag: neither is rewritten (the
 * test is only reported).  VM_DONTDUMP users are already done.
 */
#include <linux/mm.h>

#ifndef VM_RESERVED
#define VM_RESERVED	(VM_DONTEXPAND | VM_DONTDUMP)
#endif

static bool is_reserved(struct vm_area_struct *vma)
{
	return vma->vm_flags & VM_RESERVED;
}

static void keep(struct vm_area_struct *vma)
{
	vma->vm_flags |= VM_DONTEXPAND | VM_DONTDUMP;
}
