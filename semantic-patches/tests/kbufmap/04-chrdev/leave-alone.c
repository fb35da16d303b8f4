// SPDX-License-Identifier: GPL-2.0
/* Already kbm_class_create(); class_create_file() is another function. */
#include <linux/device.h>
#include <linux/module.h>
#include <kbufmap/kbufmap.h>

static struct class *k_class;
static CLASS_ATTR_STRING(version, 0444, "1");

static int __init k_init(void)
{
	k_class = kbm_class_create("k");
	if (IS_ERR(k_class))
		return PTR_ERR(k_class);
	return class_create_file(k_class, &class_attr_version.attr);
}
