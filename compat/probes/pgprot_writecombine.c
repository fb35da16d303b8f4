// SPDX-License-Identifier: GPL-2.0
/*
 * KBM_HAVE_PGPROT_WRITECOMBINE: pgprot_writecombine() exists (x86 PAT or the generic
 * fallback to pgprot_noncached).  2520bd3123c0 ("x86: PAT: add
 * pgprot_writecombine() interface for drivers - v3"), v2.6.29.
 */
#include <linux/mm.h>
#include <asm/pgtable.h>

pgprot_t kbm_probe(pgprot_t prot);
pgprot_t kbm_probe(pgprot_t prot)
{
	return pgprot_writecombine(prot);
}
