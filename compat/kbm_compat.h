/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kbm_compat.h - everything kbufmap knows about kernel versions.
 *
 * Each helper chooses its branch from the KBM_HAVE_* results that
 * scripts/probe.sh compiled against the target tree (kbm_config.h, in the
 * build output); each branch names the upstream change that made it.
 *
 * The floor is v2.6.18: remap_vmalloc_range() and vmalloc_user()
 * (833423143c3a), device_create() (23681e479129) and <linux/uaccess.h>
 * (c22ce143d15e) all appeared there.  kbm_mmap.h stops an older build with
 * an #error.  <linux/uaccess.h> wraps <asm/uaccess.h> until v4.12 moved
 * copy_{to,from}_user() into it, so it is the right include on every
 * kernel from the floor up and needs no shim.
 */
#ifndef _KBM_COMPAT_H
#define _KBM_COMPAT_H

#include "kbm_config.h"
#include "kbm_types.h"
#include "kbm_kernel.h"
#include "kbm_chrdev.h"
#include "kbm_fault.h"
#include "kbm_fault_path.h"
#include "kbm_file.h"
#include "kbm_gup.h"
#include "kbm_huge.h"
#include "kbm_mem.h"
#include "kbm_memtype.h"
#include "kbm_mmap.h"
#include "kbm_vma.h"

/*
 * The branches this build compiled, one "area=choice" per compat decision.
 * kbufmap_core.ko carries it as modinfo "kbm_compat"; scripts/matrix.sh
 * prints it per kernel.
 */
#define KBM_COMPAT_BRANCHES						\
	KBM_BRANCH_FAULT " " KBM_BRANCH_FAULT_T " " KBM_BRANCH_MMAP " "	\
	KBM_BRANCH_INSERT " " KBM_BRANCH_VM_OPS " " KBM_BRANCH_FLAGS " "	\
	KBM_BRANCH_NODUMP " " KBM_BRANCH_WC " " KBM_BRANCH_GUP " "	\
	KBM_BRANCH_KV " " KBM_BRANCH_KMAP " " KBM_BRANCH_VADDR " "	\
	KBM_BRANCH_ALLOC " " KBM_BRANCH_CLASS " " KBM_BRANCH_DEVICE " "	\
	KBM_BRANCH_IOCTL " " KBM_BRANCH_SIGNAL " " KBM_BRANCH_BOOL " "	\
	KBM_BRANCH_FSYNC " " KBM_BRANCH_PROC " " KBM_BRANCH_MMAP_LOCK " "	\
	KBM_BRANCH_GFP " " KBM_BRANCH_ACCOUNT " " KBM_BRANCH_LONGTERM " "	\
	KBM_BRANCH_SPLIT " " KBM_BRANCH_MEMTYPE " " KBM_BRANCH_ACCESS " "	\
	KBM_BRANCH_PFNMAP_MOVE " " KBM_BRANCH_PMD " "	\
	KBM_BRANCH_PFN_PMD " " KBM_BRANCH_PFN_FAULT " " KBM_BRANCH_REMAP " "	\
	KBM_BRANCH_CONTIG

#endif /* _KBM_COMPAT_H */
