// SPDX-License-Identifier: GPL-2.0
/*
 * KBM_HAVE_MMAP_PREPARE: file_operations.mmap_prepare(struct vm_area_desc *).
 * c84bf6dd2b83 ("mm: introduce new .mmap_prepare() file callback"), v6.16.
 */
#include <linux/fs.h>
#include <linux/mm.h>

int kbm_probe(struct vm_area_desc *desc);
const struct file_operations kbm_probe_fops = {
	.mmap_prepare = kbm_probe,
};
