// SPDX-License-Identifier: GPL-2.0
/*
 * Only the prototype of a handler from another file, and the entry: the
 * header goes before <linux/fs.h>, there being no <linux/mm.h>.
 */
#include <linux/fs.h>
#include <linux/module.h>

static int cam_open(struct inode *inode, struct file *file)
{
	return 0;
}
int cam_mmap(struct file *file, struct kbm_mmap_req *req);
KBM_DEFINE_MMAP(cam_mmap);

static const struct file_operations cam_fops = {
	.owner = THIS_MODULE,
	.open = cam_open,
	KBM_FOP_MMAP(cam_mmap),
};
