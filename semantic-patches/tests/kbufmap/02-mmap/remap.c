// SPDX-License-Identifier: GPL-2.0
/*
 * One contiguous buffer remapped whole, write-combined, after the request
 * was checked; the size is kept in a local.
 */
#include <linux/fs.h>
#include <linux/mm.h>
#include <linux/module.h>

static void *frame;
static unsigned long frame_size;

static int frame_mmap(struct file *file, struct vm_area_struct *vma)
{
	unsigned long size = vma->vm_end - vma->vm_start;

	if (vma->vm_pgoff || size > PAGE_ALIGN(frame_size))
		return -EINVAL;
	vma->vm_flags |= VM_DONTEXPAND | VM_DONTDUMP;
	vma->vm_page_prot = pgprot_writecombine(vma->vm_page_prot);
	return remap_pfn_range(vma, vma->vm_start,
			       virt_to_phys(frame) >> PAGE_SHIFT, size,
			       vma->vm_page_prot);
}

static const struct file_operations frame_fops = {
	.owner = THIS_MODULE,
	.mmap = frame_mmap,
};
