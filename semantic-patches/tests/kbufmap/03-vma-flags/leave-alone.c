// SPDX-License-Identifier: GPL-2.0
/*
 * Reads of the flags, and kbufmap calls already in place, are left as
 * they are; so is a structure of the driver's own with a vm_flags member.
 */
#include <linux/mm.h>
#include <kbufmap/kbufmap.h>

struct shadow {
	unsigned long vm_flags;
};

static bool writable(struct vm_area_struct *vma, struct shadow *sh)
{
	sh->vm_flags |= VM_WRITE;
	return vma->vm_flags & VM_WRITE;
}

static void done(struct vm_area_struct *vma)
{
	kbm_vma_set_flags(vma, KBM_VM_NOEXPAND_NODUMP);
}
