// SPDX-License-Identifier: GPL-2.0
/*
 * kbm_core_main.c - kbufmap_core.ko, the library other drivers link to.
 */
#include <linux/module.h>
#include <kbufmap/kbufmap.h>

MODULE_DESCRIPTION("kbufmap: kernel buffers mapped into user space");
MODULE_AUTHOR("kbufmap developers");
MODULE_LICENSE("GPL");
/* "modinfo -F kbm_compat": the compat branches this build chose. */
MODULE_INFO(kbm_compat, KBM_COMPAT_BRANCHES);
