// SPDX-License-Identifier: GPL-2.0
/*
 * KBM_HAVE_DEVICE_CREATE_DRVDATA: device_create(cls, parent, devt, drvdata, fmt, ...).
 * 4e10673944a5 ("device create: convert device_create_drvdata to
 * device_create"), v2.6.27.  Before it the fourth argument is the char *
 * format, which a struct pointer does not convert to.
 */
#include <linux/device.h>

struct kbm_probe_data;

struct device *kbm_probe(struct class *cls, dev_t devt,
			 struct kbm_probe_data *data);
struct device *kbm_probe(struct class *cls, dev_t devt,
			 struct kbm_probe_data *data)
{
	return device_create(cls, NULL, devt, data, "kbm%d", 0);
}
