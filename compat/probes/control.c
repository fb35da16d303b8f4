// SPDX-License-Identifier: GPL-2.0
/*
 * KBM_HAVE_CONTROL: a trivial object compiles; if not, the tree is unusable and every
 * other result would be meaningless, so the probe run stops with an error.
 */
#include <linux/module.h>
#include <linux/mm.h>

int kbm_probe(void);
int kbm_probe(void)
{
	return 0;
}
