// SPDX-License-Identifier: GPL-2.0
/*
 * Two handlers that map whatever length was asked for: one remaps a
 * contiguous buffer, one inserts pages in a loop bounded by the VMA only.
 */
#include <linux/fs.h>
#include <linux/mm.h>

struct ring {
	struct page **pages;
	unsigned long nr_pages;
	phys_addr_t phys;
};

static int ring_remap(struct file *file, struct vm_area_struct *vma)
{
	struct ring *ring = file->private_data;

	return remap_pfn_range(vma, vma->vm_start, ring->phys >> PAGE_SHIFT,
			       vma->vm_end - vma->vm_start, vma->vm_page_prot);
}

static int ring_insert(struct file *file, struct vm_area_struct *vma)
{
	struct ring *ring = file->private_data;
	unsigned long addr;
	int i = 0;
	int err;

	for (addr = vma->vm_start; addr < vma->vm_end; addr += PAGE_SIZE) {
		err = vm_insert_page(vma, addr, ring->pages[i++]);
		if (err)
			return err;
	}
	return 0;
}
