// SPDX-License-Identifier: GPL-2.0
/*
 * Device nodes: with drvdata (v2.6.27+), without (v2.6.18 - v2.6.26),
 * and one whose name is a format, which kbm_device_create() cannot take.
 */
#include <linux/device.h>
#include <linux/module.h>

static struct class *cls;
static int major;

static int __init nodes_init(void)
{
	int i;

	device_create(cls, NULL, MKDEV(major, 0), NULL, "ctl");
	device_create(cls, NULL, MKDEV(major, 1), "ctl-old");
	for (i = 2; i < 4; i++)
		device_create(cls, NULL, MKDEV(major, i), NULL, "unit%d", i);
	return 0;
}
