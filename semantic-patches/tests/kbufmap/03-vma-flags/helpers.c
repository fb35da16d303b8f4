// SPDX-License-Identifier: GPL-2.0
/* Flag changes on live VMAs, outside any mmap handler. */
#include <linux/mm.h>

static void make_io(struct vm_area_struct *vma)
{
	vma->vm_flags |= VM_IO | VM_RESERVED;
}

static void keep_small(struct vm_area_struct *vma)
{
	vma->vm_flags |= VM_DONTEXPAND | VM_DONTDUMP;
}

static void no_write(struct vm_area_struct *vma)
{
	vma->vm_flags &= ~(VM_MAYWRITE | VM_WRITE);
}

static void mixed(struct vm_area_struct *vma)
{
	vm_flags_set(vma, VM_MIXEDMAP);
	vm_flags_clear(vma, VM_MAYEXEC);
}
