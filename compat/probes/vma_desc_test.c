// SPDX-License-Identifier: GPL-2.0
/*
 * KBM_HAVE_VMA_DESC_TEST: vma_desc_test(desc, VMA_*_BIT) and vma_desc_set_flags(),
 * the v7.1 names of the descriptor flag helpers (v7.0 had
 * vma_desc_test_flags()).
 */
#include <linux/mm.h>

bool kbm_probe(struct vm_area_desc *desc);
bool kbm_probe(struct vm_area_desc *desc)
{
	vma_desc_set_flags(desc, VMA_DONTEXPAND_BIT, VMA_DONTDUMP_BIT);
	vma_desc_clear_flags(desc, VMA_MAYWRITE_BIT);
	return vma_desc_test(desc, VMA_SHARED_BIT);
}
