// SPDX-License-Identifier: GPL-2.0
/*
 * KBM_HAVE_USLEEP_RANGE: usleep_range() sleeps on an hrtimer with slack
 * (v2.6.36); older kernels sleep whole milliseconds with msleep().
 */
#include <linux/delay.h>

void kbm_probe(void);
void kbm_probe(void)
{
	usleep_range(1000, 2000);
}
