// SPDX-License-Identifier: GPL-2.0
/*
 * Mapped buffers that are zeroed: by the allocator (__GFP_ZERO, kzalloc,
 * vmalloc_user) or by memset()/clear_page() afterwards; and an unzeroed
 * kmalloc() that is never mapped.
 */
#include <linux/fs.h>
#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>

struct dev {
	void *a;
	void *b;
	void *c;
	void **data;
	char *name;
};

static int dev_alloc(struct dev *d, int s)
{
	d->a = kzalloc(PAGE_SIZE, GFP_KERNEL);
	d->b = (void *)__get_free_pages(GFP_KERNEL | __GFP_ZERO, 1);
	d->c = vmalloc_user(4 * PAGE_SIZE);
	d->data[s] = (void *)__get_free_pages(GFP_KERNEL, 0);
	if (!d->data[s])
		return -ENOMEM;
	memset(d->data[s], 0, PAGE_SIZE);
	d->name = kmalloc(16, GFP_KERNEL);
	return 0;
}

static int dev_mmap(struct file *file, struct vm_area_struct *vma)
{
	struct dev *d = file->private_data;

	if (vma->vm_end - vma->vm_start > PAGE_SIZE)
		return -EINVAL;
	if (vma->vm_pgoff == 1)
		return remap_vmalloc_range(vma, d->c, 0);
	if (vma->vm_pgoff == 2)
		return vm_insert_page(vma, vma->vm_start,
				      virt_to_page(d->data[0]));
	return remap_pfn_range(vma, vma->vm_start,
			       virt_to_phys(vma->vm_pgoff ? d->b : d->a) >>
			       PAGE_SHIFT,
			       PAGE_SIZE, vma->vm_page_prot);
}
