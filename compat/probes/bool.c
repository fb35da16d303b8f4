// SPDX-License-Identifier: GPL-2.0
/*
 * KBM_HAVE_BOOL: the kernel's bool, true and false.
 * 6e21828743247 ("[PATCH] Generic boolean"), v2.6.19.
 */
#include <linux/types.h>

bool kbm_probe(void);
bool kbm_probe(void)
{
	return true;
}
