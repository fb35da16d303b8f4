// SPDX-License-Identifier: GPL-2.0
/*
 * A 2.6.18-era driver: a ring of pages that user space maps, with a
 * nopage handler, VM_RESERVED, mappings counted by ->open() and a class
 * made with its owner.  The kbufmap rules make one source of it for every
 * kernel kbufmap supports.
 */
#include <linux/device.h>
#include <linux/fs.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <kbufmap/kbufmap.h>

#define RING_PAGES	16

static void *ring_pages[RING_PAGES];
static int ring_major;
static struct class *ring_class;

static void ring_vma_open(struct vm_area_struct *vma)
{
	atomic_t *maps = vma->vm_private_data;

	atomic_inc(maps);
}

static void ring_vma_close(struct vm_area_struct *vma)
{
	atomic_t *maps = vma->vm_private_data;

	atomic_dec(maps);
}

static struct page *ring_vma_nopage(struct vm_area_struct *vma,
				    unsigned long address, int *type)
{
	unsigned long pgoff;
	struct page *page;

	pgoff = vma->vm_pgoff + ((address - vma->vm_start) >> PAGE_SHIFT);
	if (pgoff >= RING_PAGES)
		return NOPAGE_SIGBUS;
	page = virt_to_page(ring_pages[pgoff]);
	get_page(page);
	if (type)
		*type = VM_FAULT_MINOR;
	return page;
}

static struct vm_operations_struct ring_vm_ops = {
	.open = ring_vma_open,
	.close = ring_vma_close,
	.nopage = ring_vma_nopage,
};

static atomic_t ring_maps = ATOMIC_INIT(0);

static int ring_mmap(struct file *file, struct vm_area_struct *vma)
{
	if (vma->vm_pgoff + vma_pages(vma) > RING_PAGES)
		return -EINVAL;
	vma->vm_ops = &ring_vm_ops;
	vma->vm_flags |= VM_RESERVED;
	vma->vm_private_data = &ring_maps;
	ring_vma_open(vma);
	return 0;
}

static const struct file_operations ring_fops = {
	.owner = THIS_MODULE,
	.mmap = ring_mmap,
};

static int __init ring_init(void)
{
	int i;

	for (i = 0; i < RING_PAGES; i++) {
		ring_pages[i] = (void *)get_zeroed_page(GFP_KERNEL);
		if (!ring_pages[i])
			goto fail;
	}
	ring_major = register_chrdev(0, "ring", &ring_fops);
	if (ring_major < 0)
		goto fail;
	ring_class = class_create(THIS_MODULE, "ring");
	if (IS_ERR(ring_class))
		goto fail_chrdev;
	device_create(ring_class, NULL, MKDEV(ring_major, 0), NULL, "ring");
	return 0;

fail_chrdev:
	unregister_chrdev(ring_major, "ring");
fail:
	while (i--)
		free_page((unsigned long)ring_pages[i]);
	return -ENOMEM;
}

static void __exit ring_exit(void)
{
	int i;

	device_destroy(ring_class, MKDEV(ring_major, 0));
	class_destroy(ring_class);
	unregister_chrdev(ring_major, "ring");
	for (i = 0; i < RING_PAGES; i++)
		free_page((unsigned long)ring_pages[i]);
}

module_init(ring_init);
module_exit(ring_exit);
MODULE_DESCRIPTION("legacy ring of mappable pages");
MODULE_LICENSE("GPL");
