// SPDX-License-Identifier: GPL-2.0
/* A char device's class, created with its owner (before v6.4). */
#include <linux/device.h>
#include <linux/err.h>
#include <linux/module.h>

static struct class *hello_class;
static const char hello_name[] = "hello";

static int __init hello_init(void)
{
	hello_class = class_create(THIS_MODULE, "hello_class");
	if (IS_ERR(hello_class))
		return PTR_ERR(hello_class);
	return 0;
}

static struct class *other_class(void)
{
	return class_create(THIS_MODULE, hello_name);
}
