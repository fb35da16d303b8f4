// SPDX-License-Identifier: GPL-2.0
/*
 * kbm_mmap_test.c - KUnit suite "kbufmap_mmap": buffers seen through mmap().
 *
 * Each case maps a buffer into the test's own mm (kunit_vm_mmap()) through
 * a file whose mmap is kbm_buffer_mmap(), as a driver's would be, and looks
 * at the buffer's pages through the mapping: with user copies, with
 * get_user_pages, and in the VMA the mapping made.
 */
#include <kunit/test.h>
#include <linux/err.h>
#include <linux/highmem.h>
#include <linux/mman.h>
#include <linux/module.h>
#include <linux/uaccess.h>
#include "kbm_test.h"

static const struct kbm_test_kind kbm_mmap_kinds[] = {
	{ "contig", KBM_BACKEND_CONTIG, KBM_FILL_PREALLOC, KBM_POPULATE_EAGER },
	{ "contig-fault", KBM_BACKEND_CONTIG, KBM_FILL_PREALLOC,
	  KBM_POPULATE_FAULT },
	{ "contig-remap", KBM_BACKEND_CONTIG, KBM_FILL_PREALLOC,
	  KBM_POPULATE_REMAP },
	{ "vmalloc", KBM_BACKEND_VMALLOC, KBM_FILL_PREALLOC,
	  KBM_POPULATE_EAGER },
	{ "vmalloc-fault", KBM_BACKEND_VMALLOC, KBM_FILL_PREALLOC,
	  KBM_POPULATE_FAULT },
	{ "pages", KBM_BACKEND_PAGES, KBM_FILL_PREALLOC, KBM_POPULATE_EAGER },
	{ "pages-fault", KBM_BACKEND_PAGES, KBM_FILL_PREALLOC,
	  KBM_POPULATE_FAULT },
	{ "pages-ondemand", KBM_BACKEND_PAGES, KBM_FILL_ONDEMAND,
	  KBM_POPULATE_EAGER },
	{ "pages-sparse", KBM_BACKEND_PAGES, KBM_FILL_SPARSE,
	  KBM_POPULATE_EAGER },
};

KUNIT_ARRAY_PARAM_DESC(kbm_mmap_kinds, kbm_mmap_kinds, name);

#define KBM_MMAP_PAGES_KIND	(&kbm_mmap_kinds[5])
#define KBM_MMAP_SPARSE_KIND	(&kbm_mmap_kinds[8])
#define KBM_MMAP_LEN		(KBM_TEST_PAGES * PAGE_SIZE)

static bool kbm_mmap_is_remap(const struct kbm_test_kind *kind)
{
	return kind->populate == KBM_POPULATE_REMAP;
}

/* Pages mapped at mmap() time rather than on first access. */
static bool kbm_mmap_is_eager(const struct kbm_test_kind *kind)
{
	return kind->populate != KBM_POPULATE_FAULT &&
	       kind->fill == KBM_FILL_PREALLOC;
}

/* Is @page mapped into some page table (v7.x has no page_mapped())? */
static bool kbm_mmap_page_mapped(struct page *page)
{
	return page && folio_mapped(page_folio(page));
}

/* A buffer of @kind mapped at @pgoff; sparse buffers get all their pages. */
static unsigned long kbm_mmap_map(struct kunit *test,
				  const struct kbm_test_kind *kind,
				  struct kbm_buffer **bufp, unsigned long len,
				  unsigned long flags, pgoff_t pgoff)
{
	struct kbm_buffer *buf = kbm_test_create(test, kind, KBM_TEST_SIZE);
	unsigned long addr;

	if (kind->fill == KBM_FILL_SPARSE)
		kbm_test_fill_holes(test, buf);
	addr = kbm_test_map(test, kbm_test_file(test, buf), len, flags, pgoff);
	KUNIT_ASSERT_FALSE_MSG(test, IS_ERR_VALUE(addr), "mmap: %ld",
			       (long)addr);
	*bufp = buf;
	return addr;
}

static unsigned long kbm_mmap_read_word(struct kunit *test, unsigned long uaddr)
{
	unsigned long word;

	KUNIT_ASSERT_EQ_MSG(test, 0, copy_from_user(&word, (void __user *)uaddr,
						    sizeof(word)),
			    "no access at %lx", uaddr);
	return word;
}

/* Every page: zero at first, then what the kernel and the user write. */
static void kbm_mmap_every_page(struct kunit *test)
{
	const struct kbm_test_kind *kind = test->param_value;
	struct kbm_buffer *buf;
	unsigned long addr, w;
	pgoff_t i;

	addr = kbm_mmap_map(test, kind, &buf, KBM_MMAP_LEN, MAP_SHARED, 0);
	for (i = 0; i < KBM_TEST_PAGES; i++) {
		unsigned long u = addr + i * PAGE_SIZE;
		struct page *page;
		unsigned long *k;

		KUNIT_EXPECT_EQ(test, kbm_mmap_read_word(test, u), 0UL);
		page = kbm_buffer_page(buf, i);
		KUNIT_ASSERT_NOT_NULL(test, page);
		kbm_test_stamp_page(page, 0x6d6d0000 + i);
		KUNIT_EXPECT_EQ_MSG(test, kbm_mmap_read_word(test, u),
				    0x6d6d0000UL + i, "page %lu", i);

		w = ~i;
		KUNIT_ASSERT_EQ(test, 0, copy_to_user((void __user *)(u + 8),
						      &w, sizeof(w)));
		k = kmap_local_page(page);
		KUNIT_EXPECT_EQ_MSG(test, k[1], ~i, "page %lu", i);
		kunmap_local(k);
	}
}

/* get_user_pages on the mapping finds exactly the buffer's pages. */
static void kbm_mmap_gup_finds_buffer_pages(struct kunit *test)
{
	const struct kbm_test_kind *kind = test->param_value;
	struct kbm_user_pages up;
	struct kbm_buffer *buf;
	unsigned long addr;
	int err;
	pgoff_t i;

	addr = kbm_mmap_map(test, kind, &buf, KBM_MMAP_LEN, MAP_SHARED, 0);
	err = kbm_pin_user_buffer(addr, KBM_MMAP_LEN, true, &up);
	/* PFN maps have no struct page to hand out. */
	if (kbm_mmap_is_remap(kind)) {
		KUNIT_EXPECT_EQ(test, err, -EFAULT);
		return;
	}
	KUNIT_ASSERT_EQ(test, err, 0);
	KUNIT_EXPECT_EQ(test, up.nr_pages, (unsigned long)KBM_TEST_PAGES);
	for (i = 0; i < up.nr_pages; i++)
		KUNIT_EXPECT_PTR_EQ_MSG(test, up.pages[i],
					kbm_buffer_page(buf, i), "page %lu", i);
	kbm_unpin_user_buffer(&up);
}

/* A mapping at a page offset starts at that page of the buffer. */
static void kbm_mmap_at_offset(struct kunit *test)
{
	const struct kbm_test_kind *kind = test->param_value;
	struct kbm_buffer *buf;
	unsigned long addr, last;
	pgoff_t i;

	addr = kbm_mmap_map(test, kind, &buf, 2 * PAGE_SIZE, MAP_SHARED, 1);
	last = kbm_test_map(test, kbm_test_file(test, buf), PAGE_SIZE,
			    MAP_SHARED, KBM_TEST_PAGES - 1);
	KUNIT_ASSERT_FALSE(test, IS_ERR_VALUE(last));
	kbm_test_fill_holes(test, buf);
	for (i = 0; i < KBM_TEST_PAGES; i++)
		kbm_test_stamp_page(kbm_buffer_page(buf, i), 0x6f660000 + i);
	KUNIT_EXPECT_EQ(test, kbm_mmap_read_word(test, addr), 0x6f660001UL);
	KUNIT_EXPECT_EQ(test, kbm_mmap_read_word(test, addr + PAGE_SIZE),
			0x6f660002UL);
	KUNIT_EXPECT_EQ(test, kbm_mmap_read_word(test, last),
			0x6f660000UL + KBM_TEST_PAGES - 1);
}

/* Offsets and lengths beyond the buffer are refused and leave no trace. */
static void kbm_mmap_rejects_bad_ranges(struct kunit *test)
{
	struct kbm_buffer *buf = kbm_test_create(test, KBM_MMAP_PAGES_KIND,
						 KBM_TEST_SIZE);
	struct file *file = kbm_test_file(test, buf);
	const struct {
		unsigned long len;
		pgoff_t pgoff;
	} bad[] = {
		{ KBM_MMAP_LEN + PAGE_SIZE, 0 },
		{ PAGE_SIZE, KBM_TEST_PAGES },
		{ 2 * PAGE_SIZE, KBM_TEST_PAGES - 1 },
		{ PAGE_SIZE, 1UL << 30 },
	};
	unsigned long addr;
	int i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		addr = kbm_test_map(test, file, bad[i].len, MAP_SHARED,
				    bad[i].pgoff);
		KUNIT_EXPECT_EQ_MSG(test, (long)addr, (long)-EINVAL,
				    "len %lu pgoff %lu", bad[i].len,
				    bad[i].pgoff);
	}
	KUNIT_EXPECT_EQ(test, atomic_read(&buf->map_count), 0);
	KUNIT_EXPECT_EQ(test, kref_read(&buf->ref), 1U);
	/* The largest that fits does map. */
	addr = kbm_test_map(test, file, KBM_MMAP_LEN, MAP_SHARED, 0);
	KUNIT_EXPECT_FALSE(test, IS_ERR_VALUE(addr));
}

/* Write-combined and uncached buffers can only be mapped shared. */
static void kbm_mmap_private_needs_cached(struct kunit *test)
{
	struct kbm_buffer_config cfg = {
		.size = KBM_TEST_SIZE,
		.backend = KBM_BACKEND_PAGES,
	};
	enum kbm_cache modes[] = { KBM_CACHE_WC, KBM_CACHE_UNCACHED };
	unsigned long addr;
	int i;

	if (!kbm_memtype_supported())
		kunit_skip(test, "no write-combined or uncached buffers here (x86 only)");
	for (i = 0; i < ARRAY_SIZE(modes); i++) {
		struct kbm_buffer *buf;
		struct file *file;

		cfg.cache = modes[i];
		buf = kbm_test_create_cfg(test, &cfg);
		file = kbm_test_file(test, buf);
		addr = kbm_test_map(test, file, PAGE_SIZE, MAP_PRIVATE, 0);
		KUNIT_EXPECT_EQ_MSG(test, (long)addr, (long)-EINVAL,
				    "cache %d", modes[i]);
		addr = kbm_test_map(test, file, PAGE_SIZE, MAP_SHARED, 0);
		KUNIT_EXPECT_FALSE(test, IS_ERR_VALUE(addr));
		KUNIT_EXPECT_EQ(test, atomic_read(&buf->map_count), 1);
	}
}

/* A private mapping reads the buffer; what it writes stays its own. */
static void kbm_mmap_private_copy_on_write(struct kunit *test)
{
	const struct kbm_test_kind *kind = test->param_value;
	struct kbm_buffer *buf;
	unsigned long addr, w = 0x636f77;
	struct page *page;

	addr = kbm_mmap_map(test, kind, &buf, KBM_MMAP_LEN, MAP_PRIVATE, 0);
	kbm_test_fill_holes(test, buf);
	page = kbm_buffer_page(buf, 1);
	kbm_test_stamp_page(page, 0x6275660a);
	KUNIT_EXPECT_EQ(test, kbm_mmap_read_word(test, addr + PAGE_SIZE),
			0x6275660aUL);
	KUNIT_ASSERT_EQ(test, 0, copy_to_user((void __user *)(addr + PAGE_SIZE),
					      &w, sizeof(w)));
	KUNIT_EXPECT_EQ(test, kbm_mmap_read_word(test, addr + PAGE_SIZE), w);
	KUNIT_EXPECT_EQ(test, kbm_test_page_stamp(page), 0x6275660aUL);
}

/* Every mapping is fixed in size, kept out of core dumps, and page- or PFN-mapped. */
static void kbm_mmap_vma_flags(struct kunit *test)
{
	const struct kbm_test_kind *kind = test->param_value;
	struct vm_area_struct *vma;
	struct kbm_buffer *buf;
	vm_flags_t flags;

	vma = kbm_test_vma(test, kbm_mmap_map(test, kind, &buf, KBM_MMAP_LEN,
					      MAP_SHARED, 0));
	flags = vma->vm_flags;
	KUNIT_EXPECT_TRUE(test, flags & VM_DONTEXPAND);
	KUNIT_EXPECT_TRUE(test, flags & VM_DONTDUMP);
	KUNIT_EXPECT_TRUE(test, flags & VM_SHARED);
	KUNIT_EXPECT_EQ(test, !!(flags & VM_PFNMAP), kbm_mmap_is_remap(kind));
	KUNIT_EXPECT_EQ(test, !!(flags & VM_MIXEDMAP), !kbm_mmap_is_remap(kind));
	KUNIT_EXPECT_PTR_EQ(test, kbm_vma_private(vma), (void *)buf);
	KUNIT_EXPECT_TRUE(test, kbm_vma_accounted(vma));
	KUNIT_ASSERT_NOT_NULL(test, vma->vm_ops);
	KUNIT_EXPECT_EQ(test, !vma->vm_ops->fault, kbm_mmap_is_remap(kind));
}

/*
 * Eager mappings map every page at mmap(); the others map nothing before
 * the first access, and a sparse buffer's only the pages touched.
 */
static void kbm_mmap_populate(struct kunit *test)
{
	const struct kbm_test_kind *kind = test->param_value;
	bool eager = kbm_mmap_is_eager(kind) && !kbm_mmap_is_remap(kind);
	struct kbm_buffer *buf;
	unsigned long addr;
	pgoff_t i;

	addr = kbm_mmap_map(test, kind, &buf, KBM_MMAP_LEN, MAP_SHARED, 0);
	for (i = 0; i < KBM_TEST_PAGES; i++) {
		struct page *page = kbm_buffer_page(buf, i);

		if (kind->fill == KBM_FILL_ONDEMAND)
			KUNIT_EXPECT_NULL(test, page);
		else
			KUNIT_EXPECT_EQ_MSG(test, kbm_mmap_page_mapped(page), eager,
					    "page %lu", i);
	}
	kbm_mmap_read_word(test, addr + 2 * PAGE_SIZE);
	for (i = 0; i < KBM_TEST_PAGES; i++) {
		struct page *page = kbm_buffer_page(buf, i);

		/* PFN maps leave the pages' map counts alone. */
		if (kbm_mmap_is_remap(kind))
			KUNIT_EXPECT_FALSE(test, kbm_mmap_page_mapped(page));
		else if (eager || i == 2)
			KUNIT_EXPECT_TRUE_MSG(test, kbm_mmap_page_mapped(page),
					      "page %lu", i);
		else if (kind->fill == KBM_FILL_ONDEMAND)
			KUNIT_EXPECT_NULL(test, page);
		/* A preallocated buffer's neighbours may come along (fault-around). */
		else if (kind->fill != KBM_FILL_PREALLOC)
			KUNIT_EXPECT_FALSE_MSG(test, kbm_mmap_page_mapped(page),
					       "page %lu", i);
	}
}

/* A hole of a sparse buffer faults until write() fills it. */
static void kbm_mmap_sparse_hole_faults(struct kunit *test)
{
	struct kbm_buffer *buf = kbm_test_create(test, KBM_MMAP_SPARSE_KIND,
						 KBM_TEST_SIZE);
	char __user *u = (char __user *)kbm_test_user_mem(test, PAGE_SIZE);
	unsigned long addr, word;
	loff_t pos = 2 * PAGE_SIZE;

	addr = kbm_test_map(test, kbm_test_file(test, buf), KBM_MMAP_LEN,
			    MAP_SHARED, 0);
	KUNIT_ASSERT_FALSE(test, IS_ERR_VALUE(addr));
	KUNIT_EXPECT_NE(test, 0, copy_from_user(&word, (void __user *)addr +
						2 * PAGE_SIZE, sizeof(word)));
	word = 0x686f6c65;
	KUNIT_ASSERT_EQ(test, 0, copy_to_user(u, &word, sizeof(word)));
	KUNIT_ASSERT_EQ(test, kbm_buffer_write(buf, u, sizeof(word), &pos),
			(ssize_t)sizeof(word));
	KUNIT_EXPECT_EQ(test, kbm_mmap_read_word(test, addr + 2 * PAGE_SIZE),
			0x686f6c65UL);
	/* The other holes are still holes. */
	KUNIT_EXPECT_NE(test, 0, copy_from_user(&word, (void __user *)addr,
						sizeof(word)));
	KUNIT_EXPECT_NULL(test, kbm_buffer_page(buf, 0));
}

/* Stores through the mapping are what read() returns, and the reverse. */
static void kbm_mmap_coherent_with_read_write(struct kunit *test)
{
	const struct kbm_test_kind *kind = test->param_value;
	char __user *u = (char __user *)kbm_test_user_mem(test, PAGE_SIZE);
	unsigned long addr, w = 0x72777277, got = 0;
	struct kbm_buffer *buf;
	loff_t pos;

	addr = kbm_mmap_map(test, kind, &buf, KBM_MMAP_LEN, MAP_SHARED, 0);
	KUNIT_ASSERT_EQ(test, 0, copy_to_user((void __user *)(addr +
						PAGE_SIZE + 40), &w, sizeof(w)));
	pos = PAGE_SIZE + 40;
	KUNIT_ASSERT_EQ(test, kbm_buffer_read(buf, u, sizeof(got), &pos),
			(ssize_t)sizeof(got));
	KUNIT_ASSERT_EQ(test, 0, copy_from_user(&got, u, sizeof(got)));
	KUNIT_EXPECT_EQ(test, got, w);

	w = ~w;
	KUNIT_ASSERT_EQ(test, 0, copy_to_user(u, &w, sizeof(w)));
	pos = 3 * PAGE_SIZE + 8;
	KUNIT_ASSERT_EQ(test, kbm_buffer_write(buf, u, sizeof(w), &pos),
			(ssize_t)sizeof(w));
	KUNIT_EXPECT_EQ(test, kbm_mmap_read_word(test, addr + 3 * PAGE_SIZE + 8),
			w);
}

/* map_count follows the VMAs: two mappings, then none. */
static void kbm_mmap_map_count(struct kunit *test)
{
	struct kbm_buffer *buf = kbm_test_create(test, KBM_MMAP_PAGES_KIND,
						 KBM_TEST_SIZE);
	struct file *file = kbm_test_file(test, buf);
	unsigned long a, b;
	struct kbm_info info;

	a = kbm_test_map(test, file, KBM_MMAP_LEN, MAP_SHARED, 0);
	b = kbm_test_map(test, file, PAGE_SIZE, MAP_SHARED, 2);
	KUNIT_ASSERT_FALSE(test, IS_ERR_VALUE(a) || IS_ERR_VALUE(b));
	kbm_buffer_info(buf, &info);
	KUNIT_EXPECT_EQ(test, info.map_count, 2U);
	KUNIT_EXPECT_EQ(test, kref_read(&buf->ref), 3U);
	KUNIT_ASSERT_EQ(test, 0, vm_munmap(a, KBM_MMAP_LEN));
	kbm_buffer_info(buf, &info);
	KUNIT_EXPECT_EQ(test, info.map_count, 1U);
	KUNIT_ASSERT_EQ(test, 0, vm_munmap(b, PAGE_SIZE));
	kbm_buffer_info(buf, &info);
	KUNIT_EXPECT_EQ(test, info.map_count, 0U);
	KUNIT_EXPECT_EQ(test, kref_read(&buf->ref), 1U);
}

static struct kunit_case kbm_mmap_cases[] = {
	KUNIT_CASE_PARAM(kbm_mmap_every_page, kbm_mmap_kinds_gen_params),
	KUNIT_CASE_PARAM(kbm_mmap_gup_finds_buffer_pages,
			 kbm_mmap_kinds_gen_params),
	KUNIT_CASE_PARAM(kbm_mmap_at_offset, kbm_mmap_kinds_gen_params),
	KUNIT_CASE(kbm_mmap_rejects_bad_ranges),
	KUNIT_CASE(kbm_mmap_private_needs_cached),
	KUNIT_CASE_PARAM(kbm_mmap_private_copy_on_write,
			 kbm_mmap_kinds_gen_params),
	KUNIT_CASE_PARAM(kbm_mmap_vma_flags, kbm_mmap_kinds_gen_params),
	KUNIT_CASE_PARAM(kbm_mmap_populate, kbm_mmap_kinds_gen_params),
	KUNIT_CASE(kbm_mmap_sparse_hole_faults),
	KUNIT_CASE_PARAM(kbm_mmap_coherent_with_read_write,
			 kbm_mmap_kinds_gen_params),
	KUNIT_CASE(kbm_mmap_map_count),
	{}
};

static struct kunit_suite kbm_mmap_suite = {
	.name = "kbufmap_mmap",
	.test_cases = kbm_mmap_cases,
};

kunit_test_suite(kbm_mmap_suite);

MODULE_DESCRIPTION("KUnit tests for kbufmap's user mappings");
MODULE_LICENSE("GPL");
