// SPDX-License-Identifier: GPL-2.0
/* A v6.4+ driver going back to older kernels through kbufmap. */
#include <linux/device.h>
#include <linux/module.h>

static struct class *n_class;

static int __init n_init(void)
{
	n_class = class_create("n");
	return PTR_ERR_OR_ZERO(n_class);
}
