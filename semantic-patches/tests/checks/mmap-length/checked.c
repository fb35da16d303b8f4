// SPDX-License-Identifier: GPL-2.0
/*
 * Handlers that look at the length: compared directly, through a local,
 * through vma_pages(), handed to a helper, or clamped.  And a handler that
 * maps with remap_vmalloc_range(), which checks the size itself.
 */
#include <linux/fs.h>
#include <linux/mm.h>
#include <linux/vmalloc.h>

struct buf {
	void *vmem;
	phys_addr_t phys;
	unsigned long size;
};

static int a_mmap(struct file *file, struct vm_area_struct *vma)
{
	struct buf *b = file->private_data;

	if (vma->vm_end - vma->vm_start > b->size)
		return -EINVAL;
	return remap_pfn_range(vma, vma->vm_start, b->phys >> PAGE_SHIFT,
			       vma->vm_end - vma->vm_start, vma->vm_page_prot);
}

static int b_mmap(struct file *file, struct vm_area_struct *vma)
{
	struct buf *b = file->private_data;
	unsigned long len = vma->vm_end - vma->vm_start;

	if (vma->vm_pgoff || len > PAGE_ALIGN(b->size))
		return -EINVAL;
	return remap_pfn_range(vma, vma->vm_start, b->phys >> PAGE_SHIFT, len,
			       vma->vm_page_prot);
}

static int c_mmap(struct file *file, struct vm_area_struct *vma)
{
	struct buf *b = file->private_data;

	if (vma->vm_pgoff + vma_pages(vma) > b->size >> PAGE_SHIFT)
		return -EINVAL;
	return remap_pfn_range(vma, vma->vm_start,
			       (b->phys >> PAGE_SHIFT) + vma->vm_pgoff,
			       vma->vm_end - vma->vm_start, vma->vm_page_prot);
}

static int buf_check(struct buf *b, unsigned long len)
{
	return len > b->size ? -EINVAL : 0;
}

static int d_mmap(struct file *file, struct vm_area_struct *vma)
{
	struct buf *b = file->private_data;
	int err = buf_check(b, vma->vm_end - vma->vm_start);

	if (err)
		return err;
	return remap_pfn_range(vma, vma->vm_start, b->phys >> PAGE_SHIFT,
			       vma->vm_end - vma->vm_start, vma->vm_page_prot);
}

static int e_mmap(struct file *file, struct vm_area_struct *vma)
{
	struct buf *b = file->private_data;

	return remap_vmalloc_range(vma, b->vmem, vma->vm_pgoff);
}
