// SPDX-License-Identifier: GPL-2.0
/*
 * file_operations of a misc device stay what they are; a proc_ops is
 * already right.
 */
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/proc_fs.h>

static int dev_open(struct inode *inode, struct file *file)
{
	return 0;
}

static const struct file_operations dev_fops = {
	.owner = THIS_MODULE,
	.open = dev_open,
	.llseek = noop_llseek,
};

static struct miscdevice dev_misc = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = "dev",
	.fops = &dev_fops,
};

static const struct proc_ops dev_proc_ops = {
	.proc_open = dev_open,
	.proc_lseek = noop_llseek,
};

static int __init dev_init(void)
{
	proc_create("dev", 0444, NULL, &dev_proc_ops);
	return misc_register(&dev_misc);
}
