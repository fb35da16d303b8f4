// SPDX-License-Identifier: GPL-2.0
/*
 * KBM_HAVE_DEVICE_CREATE_FMT: device_create(cls, parent, devt, fmt, ...), no drvdata.
 * 23681e479129 ("[PATCH] Driver core: allow struct device to have a
 * dev_t"), v2.6.18; drvdata came first in v2.6.27 (4e10673944a5).  An int
 * where v2.6.27+ want the format pointer does not compile there.
 */
#include <linux/device.h>

struct device *kbm_probe(struct class *cls, dev_t devt);
struct device *kbm_probe(struct class *cls, dev_t devt)
{
	return device_create(cls, NULL, devt, "kbm%d", 1);
}
