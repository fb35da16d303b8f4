// SPDX-License-Identifier: GPL-2.0
/*
 * Buffers mapped to user space straight from the allocator: a kmalloc()
 * field, __get_free_pages() in a local, and a page array filled with
 * alloc_page().  All three hand stale kernel memory out.
 */
#include <linux/fs.h>
#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/slab.h>

struct shm {
	void *area;
	unsigned long order;
	struct page *pages[4];
};

static int shm_alloc(struct shm *shm)
{
	int i;

	shm->area = kmalloc(PAGE_SIZE << shm->order, GFP_KERNEL);
	if (!shm->area)
		return -ENOMEM;
	for (i = 0; i < 4; i++)
		shm->pages[i] = alloc_page(GFP_KERNEL);
	return 0;
}

static int shm_mmap(struct file *file, struct vm_area_struct *vma)
{
	struct shm *shm = file->private_data;
	unsigned long pfn = virt_to_phys(shm->area) >> PAGE_SHIFT;

	if (vma->vm_end - vma->vm_start > PAGE_SIZE << shm->order)
		return -EINVAL;
	return remap_pfn_range(vma, vma->vm_start, pfn,
			       vma->vm_end - vma->vm_start, vma->vm_page_prot);
}

static vm_fault_t shm_fault(struct vm_fault *vmf)
{
	struct shm *shm = vmf->vma->vm_private_data;
	struct page *page = shm->pages[vmf->pgoff & 3];

	get_page(page);
	vmf->page = page;
	return 0;
}

static const struct vm_operations_struct shm_vm_ops = {
	.fault = shm_fault,
};

static int scratch_mmap(struct file *file, struct vm_area_struct *vma)
{
	unsigned long scratch = __get_free_pages(GFP_KERNEL, 1);

	if (!scratch)
		return -ENOMEM;
	if (vma->vm_end - vma->vm_start > 2 * PAGE_SIZE)
		return -EINVAL;
	return remap_pfn_range(vma, vma->vm_start, __pa(scratch) >> PAGE_SHIFT,
			       vma->vm_end - vma->vm_start, vma->vm_page_prot);
}
