// SPDX-License-Identifier: GPL-2.0
/*
 * KBM_HAVE_THP_GET_UNMAPPED_AREA: thp_get_unmapped_area(file, addr, len,
 * pgoff, flags) picks user addresses aligned for PMD mappings of a file.
 * 74d2fad1334d ("thp, dax: add thp_get_unmapped_area for pmd mappings"),
 * v4.10.  Without CONFIG_TRANSPARENT_HUGEPAGE it is defined as NULL, and
 * this does not compile.
 */
#include <linux/fs.h>
#include <linux/mm.h>
#include <linux/huge_mm.h>

unsigned long kbm_probe(struct file *file, unsigned long addr,
			unsigned long len, unsigned long pgoff,
			unsigned long flags);
unsigned long kbm_probe(struct file *file, unsigned long addr,
			unsigned long len, unsigned long pgoff,
			unsigned long flags)
{
	return thp_get_unmapped_area(file, addr, len, pgoff, flags);
}
