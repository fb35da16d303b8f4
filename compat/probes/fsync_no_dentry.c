// SPDX-License-Identifier: GPL-2.0
/*
 * KBM_HAVE_FSYNC_NO_DENTRY: file_operations.fsync(file, datasync).
 * 7ea8085910ef ("drop unused dentry argument to ->fsync"), v2.6.35; the
 * range arguments came in v3.1 (see fsync_range.c).
 */
#include <linux/fs.h>

int kbm_probe(struct file *file, int datasync);
const struct file_operations kbm_probe_fops = {
	.fsync = kbm_probe,
};
