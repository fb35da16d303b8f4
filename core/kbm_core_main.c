// SPDX-License-Identifier: GPL-2.0
/*
 * kbm_core_main.c - kbufmap_core.ko, the library other drivers link to.
 */
#include <linux/module.h>

MODULE_DESCRIPTION("kbufmap: kernel buffers mapped into user space");
MODULE_AUTHOR("kbufmap developers");
MODULE_LICENSE("GPL");
