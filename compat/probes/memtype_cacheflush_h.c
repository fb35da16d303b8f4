// SPDX-License-Identifier: GPL-2.0
/*
 * KBM_HAVE_MEMTYPE_CACHEFLUSH_H: the calls of memtype_set_memory_h.c,
 * declared in x86's <asm/cacheflush.h> before v4.14.  v2.6.32 has all but
 * set_pages_array_wc(), which came later (RHEL 6 backports it to its
 * 2.6.32); all six must be there.
 */
#include <linux/mm.h>
#include <asm/cacheflush.h>

int (*const kbm_probe_range[])(unsigned long addr, int numpages) = {
	set_memory_wc, set_memory_uc, set_memory_wb,
};

int (*const kbm_probe_array[])(struct page **pages, int numpages) = {
	set_pages_array_wc, set_pages_array_uc, set_pages_array_wb,
};
