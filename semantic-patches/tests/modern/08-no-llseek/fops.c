// SPDX-License-Identifier: GPL-2.0
/* A stream-like device that refused lseek(). */
#include <linux/fs.h>
#include <linux/module.h>
#include <linux/proc_fs.h>

static int ev_open(struct inode *inode, struct file *file)
{
	return nonseekable_open(inode, file);
}

static const struct file_operations ev_fops = {
	.owner = THIS_MODULE,
	.open = ev_open,
	.llseek = no_llseek,
};

static const struct proc_ops ev_proc_ops = {
	.proc_open = ev_open,
	.proc_lseek = no_llseek,
};

void ev_make_unseekable(struct file_operations *fops)
{
	fops->llseek = no_llseek;
}
