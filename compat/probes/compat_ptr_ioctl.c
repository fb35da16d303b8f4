// SPDX-License-Identifier: GPL-2.0
/*
 * KBM_HAVE_COMPAT_PTR_IOCTL: compat_ptr_ioctl() for ioctls whose argument is a pointer.
 * 2952db0fd51b ("compat_ioctl: add compat_ptr_ioctl()"), v5.5.
 */
#include <linux/fs.h>

const struct file_operations kbm_probe_fops = {
	.compat_ioctl = compat_ptr_ioctl,
};
