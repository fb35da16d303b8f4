// SPDX-License-Identifier: GPL-2.0
/* Seekable files and a helper whose name only starts like no_llseek. */
#include <linux/fs.h>
#include <linux/module.h>

static loff_t no_llseek_here(struct file *file, loff_t off, int whence)
{
	return -ESPIPE;
}

static const struct file_operations a_fops = {
	.owner = THIS_MODULE,
	.llseek = noop_llseek,
};

static const struct file_operations b_fops = {
	.owner = THIS_MODULE,
	.llseek = no_llseek_here,
};
