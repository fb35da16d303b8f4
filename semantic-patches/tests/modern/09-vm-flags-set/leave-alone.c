// SPDX-License-Identifier: GPL-2.0
/*
 * Reads of vma->vm_flags, a whole assignment (reported only) and another
 * structure's vm_flags member stay as they are.
 */
#include <linux/mm.h>

struct req {
	unsigned long vm_flags;
};

static bool is_shared(struct vm_area_struct *vma)
{
	return vma->vm_flags & VM_SHARED;
}

static void init_flags(struct vm_area_struct *vma, struct req *req)
{
	vma->vm_flags = VM_READ | VM_MAYREAD;
	req->vm_flags |= VM_IO;
}
