// SPDX-License-Identifier: GPL-2.0
/*
 * The file_operations of a driver whose mmap handler lives in another
 * file: the entry point is defined here, after the last function.
 */
#include <linux/fs.h>
#include <linux/module.h>

static int cam_open(struct inode *inode, struct file *file)
{
	return 0;
}

extern int cam_mmap(struct file *filp, struct vm_area_struct *vma);

static const struct file_operations cam_fops = {
	.owner = THIS_MODULE,
	.open = cam_open,
	.mmap = cam_mmap,
};
