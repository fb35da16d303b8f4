// SPDX-License-Identifier: GPL-2.0
/* An mmap handler of the v6.2 era writing vma->vm_flags directly. */
#include <linux/fs.h>
#include <linux/mm.h>

static int regs_mmap(struct file *file, struct vm_area_struct *vma)
{
	unsigned long size = vma->vm_end - vma->vm_start;

	if (size > PAGE_SIZE)
		return -EINVAL;
	if (vma->vm_flags & VM_WRITE)
		return -EPERM;
	vma->vm_flags &= ~VM_MAYWRITE;
	vma->vm_flags |= VM_IO | VM_DONTEXPAND | VM_DONTDUMP;
	vma->vm_page_prot = pgprot_noncached(vma->vm_page_prot);
	return io_remap_pfn_range(vma, vma->vm_start, vma->vm_pgoff, size,
				  vma->vm_page_prot);
}

static void regs_unexec(struct vm_area_struct *vma)
{
	vma->vm_flags &= ~(VM_EXEC | VM_MAYEXEC);
	vma->vm_flags = (vma->vm_flags & ~VM_MAYSHARE) | VM_NORESERVE;
}
