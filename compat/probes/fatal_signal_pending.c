// SPDX-License-Identifier: GPL-2.0
/*
 * KBM_HAVE_FATAL_SIGNAL_PENDING: fatal_signal_pending() in <linux/sched.h>.
 * f776d12dd16d ("Add fatal_signal_pending"), v2.6.25; from v4.11 it is in
 * <linux/sched/signal.h> (sched_signal_h.c).
 */
#include <linux/sched.h>

int kbm_probe(void);
int kbm_probe(void)
{
	return fatal_signal_pending(current);
}
