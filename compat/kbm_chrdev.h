/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kbm_chrdev.h - character-device plumbing that moved between kernels.
 */
#ifndef _KBM_COMPAT_CHRDEV_H
#define _KBM_COMPAT_CHRDEV_H

#include <linux/compat.h>
#include <linux/device.h>
#include <linux/err.h>
#include <linux/fs.h>
#include <linux/module.h>
#include "kbm_config.h"
#include "kbm_types.h"

/**
 * kbm_class_create() - create a device class owned by this module
 * @name: class name
 *
 * Return: the class or an ERR_PTR().
 */
static inline struct class *kbm_class_create(const char *name)
{
#ifdef KBM_HAVE_CLASS_CREATE_NO_OWNER
	/* v6.4, 1aaba11da9aa: classes no longer take a module owner. */
	return class_create(name);
#else
	return class_create(THIS_MODULE, (char *)name);
#endif
}

#if defined(KBM_HAVE_CLASS_CREATE_NO_OWNER)
#define KBM_BRANCH_CLASS	"class=(name)"
#else
#define KBM_BRANCH_CLASS	"class=(owner,name)"
#endif

#if !defined(KBM_HAVE_DEVICE_CREATE_DRVDATA) && \
	!defined(KBM_HAVE_DEVICE_CREATE_FMT)
/* A probe that failed for an unrelated reason must not pick a branch. */
#error "kbufmap: no device_create() shape compiled here; see the probe log"
#endif

/**
 * kbm_device_create() - create a device node in a class
 * @cls: the class, from kbm_class_create()
 * @parent: parent device or NULL
 * @devt: device number
 * @drvdata: what dev_get_drvdata() returns for the new device
 * @name: the device's name (no format: callers format it themselves)
 *
 * Return: the device or an ERR_PTR().
 */
static inline struct device *kbm_device_create(struct class *cls,
					       struct device *parent,
					       dev_t devt, void *drvdata,
					       const char *name)
{
#ifdef KBM_HAVE_DEVICE_CREATE_DRVDATA
	/* v2.6.27, 4e10673944a5: drvdata is set before the uevent goes out. */
	return device_create(cls, parent, devt, drvdata, "%s", name);
#else
	/*
	 * v2.6.18 - v2.6.26: set it afterwards; a udev rule that reads the
	 * device's attributes at once may run before it is set.
	 */
	struct device *dev = device_create(cls, parent, devt, "%s", name);

	if (!IS_ERR(dev))
		dev_set_drvdata(dev, drvdata);
	return dev;
#endif
}

#ifdef KBM_HAVE_DEVICE_CREATE_DRVDATA
#define KBM_BRANCH_DEVICE	"device=(drvdata)"
#else
#define KBM_BRANCH_DEVICE	"device=(fmt)+set_drvdata"
#endif

/*
 * The ioctl hooks, for ioctls whose argument is a pointer to a fixed-layout
 * structure: 32-bit callers only need compat_ptr() on it.  v5.5,
 * 2952db0fd51b, added compat_ptr_ioctl() for exactly that; before it the
 * driver gets a small wrapper, <fn>_compat.
 */
#if !defined(CONFIG_COMPAT)
#define KBM_BRANCH_IOCTL	"ioctl=native"
#define KBM_DEFINE_COMPAT_IOCTL(fn)
#define KBM_FOP_IOCTL(fn)	.unlocked_ioctl = (fn)
#elif defined(KBM_HAVE_COMPAT_PTR_IOCTL)
#define KBM_BRANCH_IOCTL	"ioctl=compat_ptr_ioctl"
#define KBM_DEFINE_COMPAT_IOCTL(fn)
#define KBM_FOP_IOCTL(fn)	.unlocked_ioctl = (fn), .compat_ioctl = compat_ptr_ioctl
#else
#define KBM_BRANCH_IOCTL	"ioctl=compat_wrapper"
#define KBM_DEFINE_COMPAT_IOCTL(fn)					\
static long fn##_compat(struct file *file, unsigned int cmd,		\
			unsigned long arg)				\
{									\
	return fn(file, cmd, (unsigned long)compat_ptr(arg));		\
}

#define KBM_FOP_IOCTL(fn)	.unlocked_ioctl = (fn), .compat_ioctl = fn##_compat
#endif

#endif /* _KBM_COMPAT_CHRDEV_H */
