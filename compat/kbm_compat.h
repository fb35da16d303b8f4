/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kbm_compat.h - everything kbufmap knows about kernel versions.
 *
 * Each helper chooses its branch from the KBM_HAVE_* results that
 * scripts/probe.sh compiled against the target tree (kbm_config.h, in the
 * build output); each branch names the upstream change that made it.
 */
#ifndef _KBM_COMPAT_H
#define _KBM_COMPAT_H

#include "kbm_config.h"
#include "kbm_types.h"
#include "kbm_kernel.h"
#include "kbm_chrdev.h"
#include "kbm_fault.h"
#include "kbm_gup.h"
#include "kbm_mem.h"
#include "kbm_mmap.h"
#include "kbm_vma.h"

#endif /* _KBM_COMPAT_H */
