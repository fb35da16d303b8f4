/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kbm_file.h - file hooks whose signatures moved: fsync and procfs files.
 */
#ifndef _KBM_COMPAT_FILE_H
#define _KBM_COMPAT_FILE_H

#include <linux/fs.h>
#include <linux/module.h>
#include <linux/proc_fs.h>
#include <linux/seq_file.h>
#include "kbm_config.h"
#include "kbm_types.h"

/*
 * msync(MS_SYNC) on a shared mapping calls f_op->fsync, and a file without
 * one fails it with EINVAL.  Kernel memory has nothing to write back, so
 * KBM_FOP_FSYNC_NOTHING answers "done" in the kernel's own signature.
 */
#if defined(KBM_HAVE_FSYNC_RANGE)
/* v3.1, 02c24a82187d */
static inline int kbm_fsync_nothing(struct file *file, loff_t start,
				    loff_t end, int datasync)
{
	return 0;
}

#define KBM_BRANCH_FSYNC	"fsync=(file,start,end,datasync)"
#elif defined(KBM_HAVE_FSYNC_NO_DENTRY)
/* v2.6.35, 7ea8085910ef */
static inline int kbm_fsync_nothing(struct file *file, int datasync)
{
	return 0;
}

#define KBM_BRANCH_FSYNC	"fsync=(file,datasync)"
#else
static inline int kbm_fsync_nothing(struct file *file, struct dentry *dentry,
				    int datasync)
{
	return 0;
}

#define KBM_BRANCH_FSYNC	"fsync=(file,dentry,datasync)"
#endif
#define KBM_FOP_FSYNC_NOTHING	.fsync = kbm_fsync_nothing

/*
 * A read-only procfs file shown by a seq_file function:
 *	KBM_DEFINE_PROC_SHOW(name) defines name_proc from int name(seq, v);
 *	kbm_proc_create(path, KBM_PROC_OPS(name)) creates it.
 * v5.6, d56c0d45f0e2: procfs takes struct proc_ops instead of
 * file_operations.
 */
#define KBM_DEFINE_PROC_OPEN(name)					\
static int name##_open(struct inode *inode, struct file *file)		\
{									\
	return single_open(file, name, NULL);				\
}

#ifdef KBM_HAVE_PROC_OPS
#define KBM_DEFINE_PROC_SHOW(name)					\
KBM_DEFINE_PROC_OPEN(name)						\
static const struct proc_ops name##_proc = {				\
	.proc_open = name##_open,					\
	.proc_read = seq_read,						\
	.proc_lseek = seq_lseek,					\
	.proc_release = single_release,					\
}

#define kbm_proc_ops		proc_ops
#define KBM_BRANCH_PROC		"proc=proc_ops"
#else
#define KBM_DEFINE_PROC_SHOW(name)					\
KBM_DEFINE_PROC_OPEN(name)						\
static const struct file_operations name##_proc = {			\
	.owner = THIS_MODULE,						\
	.open = name##_open,						\
	.read = seq_read,						\
	.llseek = seq_lseek,						\
	.release = single_release,					\
}

#define kbm_proc_ops		file_operations
#define KBM_BRANCH_PROC		"proc=file_operations"
#endif
#define KBM_PROC_OPS(name)	(&name##_proc)

/**
 * kbm_proc_create() - create a read-only file under /proc
 * @path: e.g. "driver/kbufmap"
 * @ops: KBM_PROC_OPS(name)
 *
 * Return: the entry, or NULL; remove it with remove_proc_entry(@path, NULL).
 */
static inline struct proc_dir_entry *
kbm_proc_create(const char *path, const struct kbm_proc_ops *ops)
{
#ifdef KBM_HAVE_PROC_CREATE
	return proc_create(path, 0444, NULL, ops);
#else
	/* Before v2.6.25 the fops are set after creation. */
	struct proc_dir_entry *e = create_proc_entry(path, 0444, NULL);

	if (e)
		e->proc_fops = (void *)ops;
	return e;
#endif
}

#endif /* _KBM_COMPAT_FILE_H */
