// SPDX-License-Identifier: GPL-2.0
/* Has the header already. */
#include <linux/mm.h>
#include <kbufmap/kbufmap.h>

static struct class *c;

static int __init c_init(void)
{
	c = kbm_class_create("c");
	return PTR_ERR_OR_ZERO(c);
}
