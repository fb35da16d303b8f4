// SPDX-License-Identifier: GPL-2.0
/*
 * vmalloc memory remapped as if it were contiguous: through __pa() of a
 * structure member, and through a local holding virt_to_phys().
 */
#include <linux/fs.h>
#include <linux/mm.h>
#include <linux/vmalloc.h>

struct frame {
	void *pixels;
	unsigned long size;
};

static void *ring;

static int frame_alloc(struct frame *f)
{
	f->pixels = vzalloc(f->size);
	ring = vmalloc_user(16 * PAGE_SIZE);
	return f->pixels && ring ? 0 : -ENOMEM;
}

static int frame_mmap(struct file *file, struct vm_area_struct *vma)
{
	struct frame *f = file->private_data;

	if (vma->vm_end - vma->vm_start > f->size)
		return -EINVAL;
	return remap_pfn_range(vma, vma->vm_start, __pa(f->pixels) >> PAGE_SHIFT,
			       vma->vm_end - vma->vm_start, vma->vm_page_prot);
}

static int ring_mmap(struct file *file, struct vm_area_struct *vma)
{
	unsigned long phys = virt_to_phys(ring);

	if (vma->vm_end - vma->vm_start > 16 * PAGE_SIZE)
		return -EINVAL;
	return remap_pfn_range(vma, vma->vm_start, phys >> PAGE_SHIFT,
			       vma->vm_end - vma->vm_start, vma->vm_page_prot);
}
