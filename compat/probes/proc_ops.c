// SPDX-License-Identifier: GPL-2.0
/*
 * KBM_HAVE_PROC_OPS: struct proc_ops for procfs files.
 * d56c0d45f0e2 ("proc: decouple proc from VFS with struct proc_ops"),
 * v5.6.
 */
#include <linux/proc_fs.h>

const struct proc_ops kbm_probe_ops = {
	.proc_lseek = NULL,
};
