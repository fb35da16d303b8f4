// SPDX-License-Identifier: GPL-2.0
/*
 * KBM_HAVE_FOLL_LONGTERM: get_user_pages_fast()/pin_user_pages_fast() take
 * FOLL_LONGTERM, which moves pages out of CMA and ZONE_MOVABLE before a
 * pin that may last.  932f4a630a69 ("mm/gup: replace
 * get_user_pages_longterm() with FOLL_LONGTERM") and 7af75561e171
 * ("mm/gup: add FOLL_LONGTERM capability to GUP fast"), v5.2.
 */
#include <linux/mm.h>

unsigned int kbm_probe(void);
unsigned int kbm_probe(void)
{
	return FOLL_WRITE | FOLL_LONGTERM;
}
