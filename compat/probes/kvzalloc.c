// SPDX-License-Identifier: GPL-2.0
/*
 * KBM_HAVE_KVZALLOC: kvzalloc()/kvfree() for arrays that may be large.
 * a7c3e901a46f ("mm: introduce kv[mz]alloc helpers"), v4.12.
 */
#include <linux/mm.h>
#include <linux/slab.h>

void kbm_probe(size_t n);
void kbm_probe(size_t n)
{
	kvfree(kvzalloc(n, GFP_KERNEL));
}
