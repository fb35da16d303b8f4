/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kbm_types.h - basic types every later header relies on.
 */
#ifndef _KBM_COMPAT_TYPES_H
#define _KBM_COMPAT_TYPES_H

#include <linux/types.h>
#include "kbm_config.h"

#ifndef KBM_HAVE_BOOL
/*
 * v2.6.19, 6e2182874324 ("[PATCH] Generic boolean") added bool, true and
 * false; before it, the compiler's own freestanding header supplies them.
 */
#include <stdbool.h>
#define KBM_BRANCH_BOOL	"bool=stdbool.h"
#else
#define KBM_BRANCH_BOOL	"bool=kernel"
#endif

#endif /* _KBM_COMPAT_TYPES_H */
