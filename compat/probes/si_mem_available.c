// SPDX-License-Identifier: GPL-2.0
/*
 * KBM_HAVE_SI_MEM_AVAILABLE: si_mem_available(), MemAvailable's estimate.
 * d02bd27bd33d ("mm/page_alloc.c: calculate 'available' memory in a
 * separate function"), v4.6.
 */
#include <linux/mm.h>

long kbm_probe(void);
long kbm_probe(void)
{
	return si_mem_available();
}
