// SPDX-License-Identifier: GPL-2.0
/* No kbufmap code: nothing to include. */
#include <linux/mm.h>
#include <linux/module.h>

static int __init u_init(void)
{
	return 0;
}
