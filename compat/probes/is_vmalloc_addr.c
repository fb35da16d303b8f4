// SPDX-License-Identifier: GPL-2.0
/*
 * KBM_HAVE_IS_VMALLOC_ADDR: is_vmalloc_addr().
 * 9e2779fa281c ("is_vmalloc_addr(): Check if an address is within the
 * vmalloc boundaries"), v2.6.25.
 */
#include <linux/mm.h>

int kbm_probe(const void *addr);
int kbm_probe(const void *addr)
{
	return is_vmalloc_addr(addr);
}
