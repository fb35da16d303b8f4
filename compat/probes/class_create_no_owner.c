// SPDX-License-Identifier: GPL-2.0
/*
 * KBM_HAVE_CLASS_CREATE_NO_OWNER: class_create(name) without the module owner.
 * 1aaba11da9aa ("driver core: class: remove module * from
 * class_create()"), v6.4.
 */
#include <linux/device.h>

struct class *kbm_probe(void);
struct class *kbm_probe(void)
{
	return class_create("kbm");
}
