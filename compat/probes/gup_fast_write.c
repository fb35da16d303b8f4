// SPDX-License-Identifier: GPL-2.0
/*
 * KBM_HAVE_GUP_FAST_WRITE: get_user_pages_fast(start, nr, int write, pages).
 * 21cc199baa81 ("mm: introduce get_user_pages_fast"), v2.6.27; the write
 * argument became gup_flags in v5.2.  The function's type is compared, not
 * a call: a call converts int and unsigned int silently either way.
 */
#include <linux/mm.h>

extern int (*const kbm_probe_gup)(unsigned long, int, int, struct page **);
int (*const kbm_probe_gup)(unsigned long, int, int, struct page **) =
	get_user_pages_fast;
