// SPDX-License-Identifier: GPL-2.0
/*
 * KBM_HAVE_SCHED_SIGNAL_H: signal_pending() and fatal_signal_pending() are
 * in <linux/sched/signal.h>.  2a1f062a4acf ("sched/headers: Move signal
 * wakeup & sigpending methods from <linux/sched.h> into
 * <linux/sched/signal.h>"), v4.11.
 */
#include <linux/sched/signal.h>

int kbm_probe(void);
int kbm_probe(void)
{
	return fatal_signal_pending(current);
}
