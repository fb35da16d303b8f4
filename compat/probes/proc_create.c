// SPDX-License-Identifier: GPL-2.0
/*
 * KBM_HAVE_PROC_CREATE: proc_create(name, mode, parent, ops), v2.6.25
 * ("proc: introduce proc_create_data to setup de->data"); before it,
 * create_proc_entry() and a ->proc_fops assignment.
 */
#include <linux/proc_fs.h>

struct proc_dir_entry *kbm_probe(void);
struct proc_dir_entry *kbm_probe(void)
{
	return proc_create("kbm", 0444, NULL, NULL);
}
