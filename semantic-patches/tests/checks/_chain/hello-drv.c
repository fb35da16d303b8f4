// SPDX-License-Identifier: GPL-2.0
/*
 * The seed-001 driver's shape, written again: an 8 KiB kmalloc() buffer
 * that is never zeroed, mapped write-combined with remap_pfn_range() over
 * whatever length user space asked for, behind a class made with its
 * owner.  The checks must find the stale-memory leak and the unchecked
 * length.
 */
#include <linux/device.h>
#include <linux/fs.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#define HELLO_BUF_SIZE	(8 * 1024)

static int major;
static char *kernel_buf;
static struct class *hello_class;

static ssize_t hello_read(struct file *file, char __user *buf, size_t size,
			  loff_t *offset)
{
	size_t n = min_t(size_t, size, HELLO_BUF_SIZE);

	if (copy_to_user(buf, kernel_buf, n))
		return -EFAULT;
	return n;
}

static int hello_mmap(struct file *file, struct vm_area_struct *vma)
{
	unsigned long phy = virt_to_phys(kernel_buf);

	vma->vm_page_prot = pgprot_writecombine(vma->vm_page_prot);
	if (remap_pfn_range(vma, vma->vm_start, phy >> PAGE_SHIFT,
			    vma->vm_end - vma->vm_start, vma->vm_page_prot))
		return -ENOBUFS;
	return 0;
}

static const struct file_operations hello_fops = {
	.owner = THIS_MODULE,
	.read = hello_read,
	.mmap = hello_mmap,
};

static int __init hello_init(void)
{
	kernel_buf = kmalloc(HELLO_BUF_SIZE, GFP_KERNEL);
	if (!kernel_buf)
		return -ENOMEM;
	strcpy(kernel_buf, "old");
	major = register_chrdev(0, "hello", &hello_fops);
	if (major < 0)
		goto free_buf;
	hello_class = class_create(THIS_MODULE, "hello_class");
	if (IS_ERR(hello_class))
		goto unregister;
	device_create(hello_class, NULL, MKDEV(major, 0), NULL, "hello");
	return 0;

unregister:
	unregister_chrdev(major, "hello");
free_buf:
	kfree(kernel_buf);
	return -ENODEV;
}

static void __exit hello_exit(void)
{
	device_destroy(hello_class, MKDEV(major, 0));
	class_destroy(hello_class);
	unregister_chrdev(major, "hello");
	kfree(kernel_buf);
}

module_init(hello_init);
module_exit(hello_exit);
MODULE_DESCRIPTION("seed-001-style mmap example");
MODULE_LICENSE("GPL");
