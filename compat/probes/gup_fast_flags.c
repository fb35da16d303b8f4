// SPDX-License-Identifier: GPL-2.0
/*
 * KBM_HAVE_GUP_FAST_FLAGS: get_user_pages_fast(start, nr, unsigned int gup_flags, pages).
 * 73b0140bf0fe ("mm/gup: change GUP fast to use flags rather than a write
 * bool"), v5.2.  The function's type is compared, not a call: a call
 * converts int and unsigned int silently either way.
 */
#include <linux/mm.h>

extern int (*const kbm_probe_gup)(unsigned long, int, unsigned int,
				  struct page **);
int (*const kbm_probe_gup)(unsigned long, int, unsigned int, struct page **) =
	get_user_pages_fast;
