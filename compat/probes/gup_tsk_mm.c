// SPDX-License-Identifier: GPL-2.0
/*
 * KBM_HAVE_GUP_TSK_MM: get_user_pages(tsk, mm, start, nr, write, force, pages, vmas),
 * the v2.6.x form; tsk/mm were dropped by cde70140fed8 in v4.6.
 */
#include <linux/mm.h>
#include <linux/sched.h>

int kbm_probe(unsigned long start, int n, struct page **pages);
int kbm_probe(unsigned long start, int n, struct page **pages)
{
	return get_user_pages(current, current->mm, start, n, 1, 0, pages, NULL);
}
