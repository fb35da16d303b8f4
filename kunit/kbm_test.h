/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kbm_test.h - helpers shared by kbufmap's KUnit suites.
 *
 * Every helper registers its own cleanup with the test, so a case that
 * fails an assertion half-way leaks nothing.  User memory comes from
 * kunit_vm_mmap(), which gives the test's kthread an mm of its own.
 */
#ifndef _KBM_TEST_H
#define _KBM_TEST_H

#include <kunit/test.h>
#include <linux/mm.h>
#include <kbufmap/kbufmap.h>

/* A buffer size that is not a whole number of pages: 3 pages and a bit. */
#define KBM_TEST_SIZE		(3 * PAGE_SIZE + 100)
#define KBM_TEST_PAGES		4

/**
 * struct kbm_test_kind - one way of building a buffer
 * @name: shown in parameterised case names
 * @backend: where the memory comes from
 * @fill: how pages appear (only KBM_BACKEND_PAGES has other than prealloc)
 * @populate: how mmap() maps them
 */
struct kbm_test_kind {
	const char *name;
	enum kbm_backend backend;
	enum kbm_fill fill;
	enum kbm_populate populate;
};

struct kbm_buffer *kbm_test_create(struct kunit *test,
				   const struct kbm_test_kind *kind,
				   size_t size);
struct kbm_buffer *kbm_test_create_cfg(struct kunit *test,
				       const struct kbm_buffer_config *cfg);
struct file *kbm_test_file(struct kunit *test, struct kbm_buffer *buf);
unsigned long kbm_test_map(struct kunit *test, struct file *file,
			   unsigned long len, unsigned long flags, pgoff_t pgoff);
unsigned long kbm_test_user_mem(struct kunit *test, unsigned long len);
struct vm_area_struct *kbm_test_vma(struct kunit *test, unsigned long addr);
void kbm_test_dirty_free_pages(struct kunit *test, unsigned int order,
			       unsigned int count);
void kbm_test_fill_holes(struct kunit *test, struct kbm_buffer *buf);
void kbm_test_stamp_page(struct page *page, unsigned long stamp);
unsigned long kbm_test_page_stamp(struct page *page);
bool kbm_test_page_is(struct page *page, u8 byte);

#endif /* _KBM_TEST_H */
