// SPDX-License-Identifier: GPL-2.0
/* Already v6.4+; class_create_file() is another function. */
#include <linux/device.h>
#include <linux/module.h>

static struct class *new_class;
static CLASS_ATTR_STRING(version, 0444, "1");

static int __init new_init(void)
{
	new_class = class_create("new_class");
	if (IS_ERR(new_class))
		return PTR_ERR(new_class);
	return class_create_file(new_class, &class_attr_version.attr);
}
