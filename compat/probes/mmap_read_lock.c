// SPDX-License-Identifier: GPL-2.0
/*
 * KBM_HAVE_MMAP_READ_LOCK: mmap_read_lock()/mmap_read_unlock() wrappers.
 * 9740ca4e95b4 ("mmap locking API: initial implementation as rwsem
 * wrappers"), v5.8; backported to v5.4.208 (field still mmap_sem).
 */
#include <linux/mm.h>
#include <linux/mmap_lock.h>

void kbm_probe(struct mm_struct *mm);
void kbm_probe(struct mm_struct *mm)
{
	mmap_read_lock(mm);
	mmap_read_unlock(mm);
}
