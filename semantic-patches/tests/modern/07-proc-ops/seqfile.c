// SPDX-License-Identifier: GPL-2.0
/* A seq_file statistics file in /proc. */
#include <linux/module.h>
#include <linux/proc_fs.h>
#include <linux/seq_file.h>

static int stats_show(struct seq_file *m, void *v)
{
	seq_puts(m, "ok\n");
	return 0;
}

static int stats_open(struct inode *inode, struct file *file)
{
	return single_open(file, stats_show, NULL);
}

static const struct file_operations stats_fops = {
	.owner		= THIS_MODULE,
	.open		= stats_open,
	.read		= seq_read,
	.llseek		= seq_lseek,
	.release	= single_release,
};

static int __init stats_init(void)
{
	if (!proc_create("driver/stats", 0444, NULL, &stats_fops))
		return -ENOMEM;
	return 0;
}
