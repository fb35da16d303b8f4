/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kbm_kernel.h - small kernel.h and sched.h helpers that older trees lack.
 * Macros are tested for directly; functions were probed.
 */
#ifndef _KBM_COMPAT_KERNEL_H
#define _KBM_COMPAT_KERNEL_H

#include <linux/delay.h>
#include <linux/kernel.h>
#include <linux/sched.h>
#include "kbm_config.h"
#ifdef KBM_HAVE_SCHED_SIGNAL_H
#include <linux/sched/signal.h>
#endif
#ifdef KBM_HAVE_KUNIT_STATIC_STUB
#include <kunit/static_stub.h>
#endif

/* pr_err() and pr_info() v2.6.24; kbufmap logs nothing else. */
#ifndef pr_fmt
#define pr_fmt(fmt)		fmt
#endif
#define kbm_printk(level, fmt, ...) printk(level pr_fmt(fmt), ##__VA_ARGS__)
#ifndef pr_err
#define pr_err(fmt, ...)	kbm_printk(KERN_ERR, fmt, ##__VA_ARGS__)
#endif
#ifndef pr_info
#define pr_info(fmt, ...)	kbm_printk(KERN_INFO, fmt, ##__VA_ARGS__)
#endif

/**
 * kbm_usleep_range() - sleep between @min_us and @max_us microseconds
 * @min_us: at least this long
 * @max_us: at most this long, if the timer allows
 */
static inline void kbm_usleep_range(unsigned long min_us, unsigned long max_us)
{
#ifdef KBM_HAVE_USLEEP_RANGE
	usleep_range(min_us, max_us);
#else
	/* Before v2.6.36 (usleep_range()): whole milliseconds. */
	msleep((min_us + 999) / 1000);
#endif
}

/* SIZE_MAX: RHEL 6's 2.6.32 headers have none. */
#ifndef SIZE_MAX
#define SIZE_MAX		(~(size_t)0)
#endif

/* v2.6.22, 0d7ebbbc6eaa ("compiler: introduce __used and __maybe_unused") */
#ifndef __maybe_unused
#define __maybe_unused		__attribute__((unused))
#endif

#if defined(KBM_HAVE_SCHED_SIGNAL_H)
#define KBM_BRANCH_SIGNAL	"signal=sched/signal.h"
#elif defined(KBM_HAVE_FATAL_SIGNAL_PENDING)
#define KBM_BRANCH_SIGNAL	"signal=sched.h"
#else
/* Before v2.6.25 (f776d12dd16d) any pending signal is the nearest test. */
#define fatal_signal_pending(p)	signal_pending(p)
#define KBM_BRANCH_SIGNAL	"signal=signal_pending"
#endif

/*
 * KBM_KUNIT_STUB_REDIRECT(fn, args...), the first statement of @fn, lets a
 * KUnit test replace @fn with kunit_activate_static_stub() (v6.3,
 * e047c5eaa763).  Without CONFIG_KUNIT, or on older kernels, it is nothing.
 */
#ifdef KBM_HAVE_KUNIT_STATIC_STUB
#define KBM_KUNIT_STUB_REDIRECT(fn, ...) \
	KUNIT_STATIC_STUB_REDIRECT(fn, ##__VA_ARGS__)
#else
#define KBM_KUNIT_STUB_REDIRECT(fn, ...)	((void)(fn))
#endif

#endif /* _KBM_COMPAT_KERNEL_H */
