// SPDX-License-Identifier: GPL-2.0
/*
 * KBM_HAVE_FSYNC_RANGE: file_operations.fsync(file, start, end, datasync).
 * 02c24a82187d ("fs: push i_mutex and filemap_write_and_wait down into
 * ->fsync() handlers"), v3.1.
 */
#include <linux/fs.h>

int kbm_probe(struct file *file, loff_t start, loff_t end, int datasync);
const struct file_operations kbm_probe_fops = {
	.fsync = kbm_probe,
};
