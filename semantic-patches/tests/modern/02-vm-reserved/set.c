// SPDX-License-Identifier: GPL-2.0
/* VM_RESERVED in the flags an mmap handler sets. */
#include <linux/fs.h>
#include <linux/mm.h>

static int a_mmap(struct file *file, struct vm_area_struct *vma)
{
	vma->vm_flags |= VM_RESERVED;
	return 0;
}

static int b_mmap(struct file *file, struct vm_area_struct *vma)
{
	vma->vm_flags |= VM_IO | VM_RESERVED;
	return remap_pfn_range(vma, vma->vm_start, vma->vm_pgoff,
			       vma->vm_end - vma->vm_start, vma->vm_page_prot);
}

static int c_mmap(struct file *file, struct vm_area_struct *vma)
{
	vma->vm_flags |= VM_IO | VM_DONTEXPAND | VM_RESERVED;
	return 0;
}

static int d_mmap(struct file *file, struct vm_area_struct *vma)
{
	vma->vm_flags |= VM_RESERVED | VM_DONTEXPAND;
	return 0;
}

static void e_unreserve(struct vm_area_struct *vma)
{
	vma->vm_flags &= ~VM_RESERVED;
}
