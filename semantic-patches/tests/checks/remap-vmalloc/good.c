// SPDX-License-Identifier: GPL-2.0
/*
 * vmalloc memory mapped the right ways: remap_vmalloc_range(), and one
 * page at a time with vmalloc_to_pfn(); kmalloc memory may be remapped.
 */
#include <linux/fs.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>

static void *vbuf;
static void *kbuf;

static int bufs_alloc(void)
{
	vbuf = vmalloc_user(8 * PAGE_SIZE);
	kbuf = kzalloc(PAGE_SIZE, GFP_KERNEL);
	return vbuf && kbuf ? 0 : -ENOMEM;
}

static int v_mmap(struct file *file, struct vm_area_struct *vma)
{
	return remap_vmalloc_range(vma, vbuf, vma->vm_pgoff);
}

static int v_pages_mmap(struct file *file, struct vm_area_struct *vma)
{
	unsigned long off;

	if (vma->vm_end - vma->vm_start > 8 * PAGE_SIZE)
		return -EINVAL;
	for (off = 0; off < vma->vm_end - vma->vm_start; off += PAGE_SIZE)
		if (remap_pfn_range(vma, vma->vm_start + off,
				    vmalloc_to_pfn(vbuf + off), PAGE_SIZE,
				    vma->vm_page_prot))
			return -EAGAIN;
	return 0;
}

static int k_mmap(struct file *file, struct vm_area_struct *vma)
{
	if (vma->vm_end - vma->vm_start > PAGE_SIZE)
		return -EINVAL;
	return remap_pfn_range(vma, vma->vm_start, virt_to_phys(kbuf) >> PAGE_SHIFT,
			       PAGE_SIZE, vma->vm_page_prot);
}
