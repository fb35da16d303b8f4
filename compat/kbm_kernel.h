/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kbm_kernel.h - small kernel.h and sched.h helpers that older trees lack.
 * Macros are tested for directly; functions were probed.
 */
#ifndef _KBM_COMPAT_KERNEL_H
#define _KBM_COMPAT_KERNEL_H

#include <linux/kernel.h>
#include <linux/sched.h>
#include "kbm_config.h"

/* v2.6.19 */
#ifndef DIV_ROUND_UP
#define DIV_ROUND_UP(n, d)	(((n) + (d) - 1) / (d))
#endif

/* pr_err() v2.6.24, pr_cont() v2.6.35 */
#ifndef pr_err
#define pr_err(fmt, ...)	printk(KERN_ERR pr_fmt(fmt), ##__VA_ARGS__)
#endif
#ifndef pr_info
#define pr_info(fmt, ...)	printk(KERN_INFO pr_fmt(fmt), ##__VA_ARGS__)
#endif
#ifndef pr_cont
#define pr_cont(fmt, ...)	printk(fmt, ##__VA_ARGS__)
#endif
#ifndef pr_fmt
#define pr_fmt(fmt)		fmt
#endif

#ifndef KBM_HAVE_FATAL_SIGNAL_PENDING
/* Before v2.6.25 (f776d12dd16d) any pending signal is the nearest test. */
#define fatal_signal_pending(p)	signal_pending(p)
#endif

#endif /* _KBM_COMPAT_KERNEL_H */
