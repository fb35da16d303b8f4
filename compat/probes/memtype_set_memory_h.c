// SPDX-License-Identifier: GPL-2.0
/*
 * KBM_HAVE_MEMTYPE_SET_MEMORY_H: x86's calls that change the memory type
 * of RAM in the kernel's direct map, set_memory_{wc,uc,wb}() for a range
 * and set_pages_array_{wc,uc,wb}() for a page array, declared in
 * <asm/set_memory.h> (reached through <linux/set_memory.h>) since
 * d2852a224050 ("arch: add ARCH_HAS_SET_MEMORY config"), v4.14.  Other
 * architectures have none of them.
 */
#include <linux/mm.h>
#include <linux/set_memory.h>

int (*const kbm_probe_range[])(unsigned long addr, int numpages) = {
	set_memory_wc, set_memory_uc, set_memory_wb,
};

int (*const kbm_probe_array[])(struct page **pages, int numpages) = {
	set_pages_array_wc, set_pages_array_uc, set_pages_array_wb,
};
