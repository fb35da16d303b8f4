// SPDX-License-Identifier: GPL-2.0
/*
 * A procfs file that user space maps; .flush has no proc_ops counterpart
 * and stays, reported.
 */
#include <linux/fs.h>
#include <linux/mm.h>
#include <linux/proc_fs.h>

struct shm {
	void *buf;
};

static int shm_mmap(struct file *file, struct vm_area_struct *vma);
static int shm_flush(struct file *file, fl_owner_t id);
static ssize_t shm_read(struct file *file, char __user *ubuf, size_t len,
			loff_t *ppos);

static struct file_operations shm_fops = {
	.read = shm_read,
	.mmap = shm_mmap,
	.flush = shm_flush,
};

int shm_register(struct shm *shm)
{
	return proc_create_data("shm", 0600, NULL, &shm_fops, shm) ? 0 : -ENOMEM;
}
