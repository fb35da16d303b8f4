// SPDX-License-Identifier: GPL-2.0
/*
 * kbm_core_test.c - KUnit suite "kbufmap_core": buffers, lookups, I/O.
 *
 * Allocation for every backend, the page behind every page offset, the
 * page behind any kernel address, pinned user buffers, read()/write()/
 * llseek() offsets at their edges, and how long a buffer lives.
 */
#include <kunit/test.h>
#include <linux/err.h>
#include <linux/fs.h>
#include <linux/highmem.h>
#include <linux/mman.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/vmalloc.h>
#ifdef CONFIG_EXECMEM
#include <linux/execmem.h>
#endif
#include "kbm_test.h"

static const struct kbm_test_kind kbm_core_backends[] = {
	{ "contig", KBM_BACKEND_CONTIG, KBM_FILL_PREALLOC, KBM_POPULATE_EAGER },
	{ "vmalloc", KBM_BACKEND_VMALLOC, KBM_FILL_PREALLOC,
	  KBM_POPULATE_EAGER },
	{ "pages", KBM_BACKEND_PAGES, KBM_FILL_PREALLOC, KBM_POPULATE_EAGER },
	{ "pages-ondemand", KBM_BACKEND_PAGES, KBM_FILL_ONDEMAND,
	  KBM_POPULATE_EAGER },
	{ "pages-sparse", KBM_BACKEND_PAGES, KBM_FILL_SPARSE,
	  KBM_POPULATE_EAGER },
};

KUNIT_ARRAY_PARAM_DESC(kbm_core_backends, kbm_core_backends, name);

#define KBM_CORE_CONTIG		(&kbm_core_backends[0])
#define KBM_CORE_VMALLOC	(&kbm_core_backends[1])
#define KBM_CORE_PAGES		(&kbm_core_backends[2])
#define KBM_CORE_SPARSE		(&kbm_core_backends[4])

/* A recognisable byte for every offset of a buffer. */
static u8 kbm_core_pattern(loff_t off)
{
	return (u8)(off * 7 + (off >> PAGE_SHIFT) + 1);
}

static u8 kbm_core_byte_at(struct kbm_buffer *buf, loff_t off)
{
	struct page *page = kbm_buffer_page(buf, off >> PAGE_SHIFT);
	u8 *p, v;

	if (!page)
		return 0;
	p = kmap_local_page(page);
	v = p[off & ~PAGE_MASK];
	kunmap_local(p);
	return v;
}

/* ---- allocation -------------------------------------------------------- */

/* Memory reaches user space zeroed, whatever was there before. */
static void kbm_core_create_zeroed(struct kunit *test)
{
	const struct kbm_test_kind *kind = test->param_value;
	struct kbm_buffer *buf;
	struct kbm_info info;
	pgoff_t i;

	kbm_test_dirty_free_pages(test, get_order(KBM_TEST_SIZE), 4);
	kbm_test_dirty_free_pages(test, 0, 32);
	buf = kbm_test_create(test, kind, KBM_TEST_SIZE);
	kbm_buffer_info(buf, &info);
	KUNIT_EXPECT_EQ(test, info.pages_present,
			kind->fill == KBM_FILL_PREALLOC ? KBM_TEST_PAGES : 0);
	kbm_test_fill_holes(test, buf);
	for (i = 0; i < KBM_TEST_PAGES; i++)
		KUNIT_EXPECT_TRUE_MSG(test,
				      kbm_test_page_is(kbm_buffer_page(buf, i), 0),
				      "page %lu", i);
}

/* The size is kept as asked; the pages are rounded up. */
static void kbm_core_create_sizes(struct kunit *test)
{
	const struct kbm_test_kind *kind = test->param_value;
	const size_t sizes[] = { 1, PAGE_SIZE - 1, PAGE_SIZE, PAGE_SIZE + 1,
				 KBM_TEST_SIZE, 16 * PAGE_SIZE };
	struct kbm_buffer_config cfg = {
		.backend = kind->backend,
		.fill = kind->fill,
	};
	int i;

	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		unsigned long want = DIV_ROUND_UP(sizes[i], PAGE_SIZE);
		struct kbm_buffer *buf;
		struct kbm_info info;

		cfg.size = sizes[i];
		buf = kbm_buffer_create(&cfg);
		KUNIT_ASSERT_NOT_ERR_OR_NULL(test, buf);
		kbm_buffer_info(buf, &info);
		KUNIT_EXPECT_EQ_MSG(test, buf->nr_pages, want, "%zu", sizes[i]);
		KUNIT_EXPECT_EQ(test, info.nr_pages, (u64)want);
		KUNIT_EXPECT_EQ(test, info.size, (u64)sizes[i]);
		if (kind->fill == KBM_FILL_PREALLOC)
			KUNIT_EXPECT_NOT_NULL(test,
					      kbm_buffer_page(buf, want - 1));
		KUNIT_EXPECT_NULL(test, kbm_buffer_page(buf, want));
		kbm_buffer_put(buf);
	}
}

static void kbm_core_contig_is_contiguous(struct kunit *test)
{
	struct kbm_buffer *buf = kbm_test_create(test, KBM_CORE_CONTIG,
						 5 * PAGE_SIZE);
	unsigned long pfn = page_to_pfn(kbm_buffer_page(buf, 0));
	pgoff_t i;

	for (i = 1; i < 5; i++)
		KUNIT_EXPECT_EQ(test, page_to_pfn(kbm_buffer_page(buf, i)),
				pfn + i);
	/* Split: each page has its own reference count. */
	for (i = 0; i < 5; i++)
		KUNIT_EXPECT_EQ(test, page_ref_count(kbm_buffer_page(buf, i)),
				1);
}

/* A device the configuration checks refuse before ever looking at it. */
static struct device kbm_core_no_dev;

static void kbm_core_rejects_bad_config(struct kunit *test)
{
	const struct kbm_buffer_config bad[] = {
		{ .size = 0 },
		{ .size = PAGE_SIZE, .backend = KBM_BACKEND_DMA + 1 },
		{ .size = PAGE_SIZE, .cache = KBM_CACHE_UNCACHED + 1 },
		{ .size = PAGE_SIZE, .backend = KBM_BACKEND_PAGES,
		  .fill = KBM_FILL_SPARSE + 1 },
		{ .size = PAGE_SIZE, .populate = KBM_POPULATE_PMD + 1 },
		/* Only the page array has holes. */
		{ .size = PAGE_SIZE, .backend = KBM_BACKEND_CONTIG,
		  .fill = KBM_FILL_ONDEMAND },
		{ .size = PAGE_SIZE, .backend = KBM_BACKEND_VMALLOC,
		  .fill = KBM_FILL_SPARSE },
		/*
		 * PFN mappings: a contiguous block or a preallocated page
		 * array, nothing with holes or a second kernel mapping.
		 */
		{ .size = PAGE_SIZE, .backend = KBM_BACKEND_VMALLOC,
		  .populate = KBM_POPULATE_REMAP },
		{ .size = PAGE_SIZE, .backend = KBM_BACKEND_PAGES,
		  .fill = KBM_FILL_ONDEMAND, .populate = KBM_POPULATE_REMAP },
		{ .size = PAGE_SIZE, .backend = KBM_BACKEND_PAGES,
		  .fill = KBM_FILL_SPARSE, .populate = KBM_POPULATE_REMAP },
		/* PMDs map whole preallocated, cached runs of a page array. */
		{ .size = PAGE_SIZE, .backend = KBM_BACKEND_CONTIG,
		  .populate = KBM_POPULATE_PMD },
		{ .size = PAGE_SIZE, .backend = KBM_BACKEND_PAGES,
		  .fill = KBM_FILL_ONDEMAND, .populate = KBM_POPULATE_PMD },
		{ .size = PAGE_SIZE, .backend = KBM_BACKEND_PAGES,
		  .cache = KBM_CACHE_WC, .populate = KBM_POPULATE_PMD },
		/* DMA memory is a device's, whole, and mapped whole. */
		{ .size = PAGE_SIZE, .backend = KBM_BACKEND_DMA },
		{ .size = PAGE_SIZE, .backend = KBM_BACKEND_DMA,
		  .dev = &kbm_core_no_dev, .fill = KBM_FILL_ONDEMAND },
		{ .size = PAGE_SIZE, .backend = KBM_BACKEND_DMA,
		  .dev = &kbm_core_no_dev, .populate = KBM_POPULATE_FAULT },
		{ .size = PAGE_SIZE, .backend = KBM_BACKEND_DMA,
		  .dev = &kbm_core_no_dev, .populate = KBM_POPULATE_PMD },
	};
	int i;

	for (i = 0; i < ARRAY_SIZE(bad); i++)
		KUNIT_EXPECT_EQ_MSG(test, PTR_ERR(kbm_buffer_create(&bad[i])),
				    -EINVAL, "config %d", i);
}

/*
 * Write-combined and uncached buffers exist only where the direct map can
 * take their memory type, and never for the vmalloc backend, whose
 * vmalloc mapping would stay cached.
 */
static void kbm_core_cache_modes_need_memtype(struct kunit *test)
{
	struct kbm_buffer_config cfg = { .size = PAGE_SIZE };
	enum kbm_cache c;
	int b;

	for (c = KBM_CACHE_WC; c <= KBM_CACHE_UNCACHED; c++) {
		for (b = KBM_BACKEND_CONTIG; b <= KBM_BACKEND_PAGES; b++) {
			struct kbm_buffer *buf;
			long want = 0;

			cfg.backend = b;
			cfg.cache = c;
			if (b == KBM_BACKEND_VMALLOC || !kbm_memtype_supported())
				want = -EOPNOTSUPP;
			buf = kbm_buffer_create(&cfg);
			KUNIT_EXPECT_EQ_MSG(test, PTR_ERR_OR_ZERO(buf), want,
					    "backend %d cache %d", b, c);
			if (!IS_ERR(buf))
				kbm_buffer_put(buf);
		}
	}
}

/* Sizes beyond reason fail cleanly (and without allocation warnings). */
static void kbm_core_refuses_absurd_sizes(struct kunit *test)
{
	struct kbm_buffer_config cfg = { };
	int b;

	for (b = KBM_BACKEND_CONTIG; b <= KBM_BACKEND_PAGES; b++) {
		cfg.backend = b;
		cfg.size = KBM_MAX_SIZE + 1;
		KUNIT_EXPECT_EQ(test, PTR_ERR(kbm_buffer_create(&cfg)), -EINVAL);
		cfg.size = SIZE_MAX;
		KUNIT_EXPECT_EQ(test, PTR_ERR(kbm_buffer_create(&cfg)), -EINVAL);
		/* Allowed, but more than this machine has (or one block). */
		cfg.size = KBM_MAX_SIZE;
		KUNIT_EXPECT_EQ_MSG(test, PTR_ERR(kbm_buffer_create(&cfg)),
				    b == KBM_BACKEND_CONTIG &&
				    !kbm_contig_beyond_largest_order() ?
				    -E2BIG : -ENOMEM, "backend %d", b);
	}
	/*
	 * One block larger than the page allocator's largest: refused before
	 * alloc_pages() sees the order (old kernels indexed past free_area[]),
	 * unless the kernel can find such runs (the selftests map one).
	 */
	cfg.backend = KBM_BACKEND_CONTIG;
	if (!kbm_contig_beyond_largest_order()) {
		cfg.size = PAGE_SIZE << (MAX_PAGE_ORDER + 1);
		KUNIT_EXPECT_EQ(test, PTR_ERR(kbm_buffer_create(&cfg)), -E2BIG);
		cfg.size = (PAGE_SIZE << MAX_PAGE_ORDER) + 1;
		KUNIT_EXPECT_EQ(test, PTR_ERR(kbm_buffer_create(&cfg)), -E2BIG);
	}
	/* The largest block itself is an ordinary request. */
	KUNIT_EXPECT_EQ(test, KBM_NR_PAGE_ORDERS, (size_t)MAX_PAGE_ORDER + 1);
}

/* ---- the page behind a page offset ------------------------------------- */

static void kbm_core_page_lookup_every_page(struct kunit *test)
{
	const struct kbm_test_kind *kind = test->param_value;
	struct kbm_buffer *buf = kbm_test_create(test, kind, KBM_TEST_SIZE);
	unsigned long ubuf = kbm_test_user_mem(test, KBM_TEST_PAGES * PAGE_SIZE);
	unsigned long *got;
	loff_t pos = 0;
	pgoff_t i, j;

	kbm_test_fill_holes(test, buf);
	for (i = 0; i < KBM_TEST_PAGES; i++) {
		struct page *page = kbm_buffer_page(buf, i);

		KUNIT_ASSERT_NOT_NULL(test, page);
		KUNIT_EXPECT_PTR_EQ(test, page, buf->pages[i]);
		for (j = 0; j < i; j++)
			KUNIT_EXPECT_PTR_NE(test, page, kbm_buffer_page(buf, j));
		if (kind->backend == KBM_BACKEND_VMALLOC)
			KUNIT_EXPECT_PTR_EQ(test, page,
					    vmalloc_to_page((char *)buf->vaddr +
							    i * PAGE_SIZE));
		if (kind->backend == KBM_BACKEND_CONTIG)
			KUNIT_EXPECT_EQ(test, page_to_pfn(page),
					page_to_pfn(buf->pages[0]) + i);
		kbm_test_stamp_page(page, 0x6b6d0000 + i);
	}

	/* read() finds each stamp at the start of its page. */
	KUNIT_ASSERT_EQ(test, kbm_buffer_read(buf, (char __user *)ubuf,
					      KBM_TEST_SIZE, &pos),
			(ssize_t)KBM_TEST_SIZE);
	got = kunit_kmalloc(test, KBM_TEST_SIZE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, got);
	KUNIT_ASSERT_EQ(test, 0, copy_from_user(got, (void __user *)ubuf,
						KBM_TEST_SIZE));
	for (i = 0; i < KBM_TEST_PAGES; i++)
		KUNIT_EXPECT_EQ_MSG(test, got[i * PAGE_SIZE / sizeof(*got)],
				    0x6b6d0000UL + i, "page %lu", i);
}

static void kbm_core_page_lookup_past_end(struct kunit *test)
{
	const struct kbm_test_kind *kind = test->param_value;
	struct kbm_buffer *buf = kbm_test_create(test, kind, KBM_TEST_SIZE);
	pgoff_t bad[] = { KBM_TEST_PAGES, KBM_TEST_PAGES + 1, ULONG_MAX };
	struct kbm_info info;
	struct page *page;
	int i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		KUNIT_EXPECT_NULL(test, kbm_buffer_page(buf, bad[i]));
		KUNIT_EXPECT_EQ(test, kbm_buffer_page_get(buf, bad[i], true,
							  &page), -EFAULT);
	}
	kbm_buffer_info(buf, &info);
	KUNIT_EXPECT_EQ(test, info.pages_present,
			kind->fill == KBM_FILL_PREALLOC ? KBM_TEST_PAGES : 0);
}

/* A hole is reported, not filled, unless asked; then it is filled once. */
static void kbm_core_page_get_hole(struct kunit *test)
{
	struct kbm_buffer *buf;
	struct page *page = (struct page *)1, *again;
	struct kbm_info info;

	kbm_test_dirty_free_pages(test, 0, 16);
	buf = kbm_test_create(test, KBM_CORE_SPARSE, KBM_TEST_SIZE);
	KUNIT_EXPECT_EQ(test, kbm_buffer_page_get(buf, 1, false, &page),
			-ENOENT);
	KUNIT_EXPECT_NULL(test, page);
	KUNIT_ASSERT_EQ(test, kbm_buffer_page_get(buf, 1, true, &page), 0);
	KUNIT_ASSERT_NOT_NULL(test, page);
	KUNIT_EXPECT_TRUE(test, kbm_test_page_is(page, 0));
	KUNIT_EXPECT_EQ(test, kbm_buffer_page_get(buf, 1, true, &again), 0);
	KUNIT_EXPECT_PTR_EQ(test, again, page);
	KUNIT_EXPECT_EQ(test, kbm_buffer_page_get(buf, 1, false, &again), 0);
	KUNIT_EXPECT_PTR_EQ(test, again, page);
	KUNIT_EXPECT_PTR_EQ(test, kbm_buffer_page(buf, 1), page);
	kbm_buffer_info(buf, &info);
	KUNIT_EXPECT_EQ(test, info.pages_present, 1ULL);
}

static void kbm_core_info(struct kunit *test)
{
	struct kbm_buffer_config cfg = {
		.size = KBM_TEST_SIZE,
		.backend = KBM_BACKEND_CONTIG,
		.cache = KBM_CACHE_WC,
		.populate = KBM_POPULATE_REMAP,
	};
	struct kbm_buffer *buf;
	u32 prepare = kbm_req_uses_mmap_prepare() ? KBM_INFO_MMAP_PREPARE : 0;
	struct kbm_info info;

	/* Write-combined only where the kernel can have it (x86). */
	if (!kbm_memtype_supported())
		cfg.cache = KBM_CACHE_CACHED;
	buf = kbm_test_create_cfg(test, &cfg);
	kbm_buffer_info(buf, &info);
	KUNIT_EXPECT_EQ(test, info.size, (u64)KBM_TEST_SIZE);
	KUNIT_EXPECT_EQ(test, info.nr_pages, (u64)KBM_TEST_PAGES);
	KUNIT_EXPECT_EQ(test, info.pages_present, (u64)KBM_TEST_PAGES);
	KUNIT_EXPECT_EQ(test, info.backend, (u32)KBM_BACKEND_CONTIG);
	KUNIT_EXPECT_EQ(test, info.cache, (u32)cfg.cache);
	KUNIT_EXPECT_EQ(test, info.populate, (u32)KBM_POPULATE_REMAP);
	KUNIT_EXPECT_EQ(test, info.map_count, 0U);
	/* A PFN remap has no struct page behind its PTEs. */
	KUNIT_EXPECT_EQ(test, info.flags, prepare);

	buf = kbm_test_create(test, KBM_CORE_SPARSE, KBM_TEST_SIZE);
	kbm_buffer_info(buf, &info);
	KUNIT_EXPECT_EQ(test, info.fill, (u32)KBM_FILL_SPARSE);
	KUNIT_EXPECT_EQ(test, info.pages_present, 0ULL);
	KUNIT_EXPECT_EQ(test, info.flags, prepare | KBM_INFO_PAGE_BACKED);
}

/* ---- the page behind a kernel address ---------------------------------- */

/*
 * The page must be the one under @addr: a byte written through the page's
 * own kernel mapping shows up at @addr.
 */
static void kbm_core_expect_page_under(struct kunit *test, void *addr)
{
	struct page *page = kbm_kaddr_to_page(addr);
	u8 old = READ_ONCE(*(u8 *)addr), *alias;

	KUNIT_ASSERT_NOT_NULL_MSG(test, page, "%p", addr);
	alias = kmap_local_page(page);
	alias[offset_in_page(addr)] = ~old;
	KUNIT_EXPECT_EQ_MSG(test, READ_ONCE(*(u8 *)addr), (u8)~old, "%p",
			    addr);
	alias[offset_in_page(addr)] = old;
	kunmap_local(alias);
}

static void kbm_core_kaddr_kmalloc(struct kunit *test)
{
	u8 *k = kunit_kmalloc(test, 3 * PAGE_SIZE, GFP_KERNEL);
	int i;

	KUNIT_ASSERT_NOT_NULL(test, k);
	for (i = 0; i < 3; i++) {
		KUNIT_EXPECT_PTR_EQ(test, kbm_kaddr_to_page(k + i * PAGE_SIZE),
				    virt_to_page(k + i * PAGE_SIZE));
		kbm_core_expect_page_under(test, k + i * PAGE_SIZE + 5);
	}
}

static void kbm_core_kaddr_vmalloc(struct kunit *test)
{
	u8 *v = vzalloc(3 * PAGE_SIZE);
	int i;

	KUNIT_ASSERT_NOT_NULL(test, v);
	for (i = 0; i < 3; i++) {
		KUNIT_EXPECT_PTR_EQ(test, kbm_kaddr_to_page(v + i * PAGE_SIZE),
				    vmalloc_to_page(v + i * PAGE_SIZE));
		kbm_core_expect_page_under(test, v + i * PAGE_SIZE + 7);
	}
	KUNIT_EXPECT_PTR_NE(test, kbm_kaddr_to_page(v),
			    kbm_kaddr_to_page(v + PAGE_SIZE));
	/* The guard page after the area has nothing behind it. */
	KUNIT_EXPECT_NULL(test, kbm_kaddr_to_page(v + 3 * PAGE_SIZE));
	vfree(v);
}

/* Static data of the kernel image, or of the module when built as one. */
static u8 kbm_core_static_area[2 * PAGE_SIZE] = { 1 };
static const char kbm_core_static_ro[] = "kbufmap: const data";

static void kbm_core_kaddr_static(struct kunit *test)
{
	struct page *page = kbm_kaddr_to_page(kbm_core_static_ro);
	char *alias;

	kbm_core_expect_page_under(test, &kbm_core_static_area[3]);
	kbm_core_expect_page_under(test, &kbm_core_static_area[PAGE_SIZE + 3]);
	/* Read-only data is only read. */
	KUNIT_ASSERT_NOT_NULL(test, page);
	alias = kmap_local_page(page);
	KUNIT_EXPECT_STREQ(test, alias + offset_in_page(kbm_core_static_ro),
			   kbm_core_static_ro);
	kunmap_local(alias);
}

/* A stack is in the linear map, or in vmalloc space with VMAP_STACK. */
static void kbm_core_kaddr_stack(struct kunit *test)
{
	u8 on_stack[64] = { };

	kbm_core_expect_page_under(test, &on_stack[10]);
	KUNIT_EXPECT_EQ(test, kbm_is_vmalloc_addr(on_stack),
			IS_ENABLED(CONFIG_VMAP_STACK));
}

static void kbm_core_kaddr_module_area(struct kunit *test)
{
#ifdef CONFIG_EXECMEM
	u8 *m = execmem_alloc(EXECMEM_MODULE_DATA, 2 * PAGE_SIZE);

	KUNIT_ASSERT_NOT_NULL(test, m);
	kbm_core_expect_page_under(test, m + 9);
	kbm_core_expect_page_under(test, m + PAGE_SIZE + 9);
	KUNIT_EXPECT_PTR_EQ(test, kbm_kaddr_to_page(m + PAGE_SIZE),
			    vmalloc_to_page(m + PAGE_SIZE));
	execmem_free(m);
#else
	kunit_skip(test, "no module memory allocator (CONFIG_EXECMEM)");
#endif
}

static void kbm_core_kaddr_no_page(struct kunit *test)
{
	KUNIT_EXPECT_NULL(test, kbm_kaddr_to_page(NULL));
	KUNIT_EXPECT_NULL(test, kbm_kaddr_to_page((void *)PAGE_SIZE));
}

/* ---- pinned user buffers ------------------------------------------------ */

static void kbm_core_pin_and_release(struct kunit *test)
{
	unsigned long uaddr = kbm_test_user_mem(test, 3 * PAGE_SIZE);
	size_t len = 2 * PAGE_SIZE;
	struct kbm_user_pages up;
	u8 *data, *p;
	int refs[3];
	size_t i;

	data = kunit_kmalloc(test, 3 * PAGE_SIZE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, data);
	for (i = 0; i < 3 * PAGE_SIZE; i++)
		data[i] = kbm_core_pattern(i);
	KUNIT_ASSERT_EQ(test, 0, copy_to_user((void __user *)uaddr, data,
					      3 * PAGE_SIZE));

	/* 2 pages from byte 100: three pages are touched. */
	KUNIT_ASSERT_EQ(test, kbm_pin_user_buffer(uaddr + 100, len, true, &up),
			0);
	KUNIT_ASSERT_EQ(test, up.nr_pages, 3UL);
	KUNIT_EXPECT_EQ(test, up.offset, 100U);
	KUNIT_EXPECT_TRUE(test, up.write);
	for (i = 0; i < 3; i++) {
		refs[i] = page_ref_count(up.pages[i]);
		p = kmap_local_page(up.pages[i]);
		KUNIT_EXPECT_EQ(test, 0, memcmp(p, data + i * PAGE_SIZE,
						PAGE_SIZE));
		kunmap_local(p);
	}
	/* What the kernel writes into the pinned pages, user space reads. */
	p = kmap_local_page(up.pages[1]);
	p[17] = ~data[PAGE_SIZE + 17];
	kunmap_local(p);

	{
		struct page *pages[3];

		memcpy(pages, up.pages, sizeof(pages));
		kbm_unpin_user_buffer(&up);
		KUNIT_EXPECT_NULL(test, up.pages);
		KUNIT_EXPECT_EQ(test, up.nr_pages, 0UL);
		for (i = 0; i < 3; i++)
			KUNIT_EXPECT_LT(test, page_ref_count(pages[i]),
					refs[i]);
	}
	KUNIT_ASSERT_EQ(test, 0, copy_from_user(data, (void __user *)uaddr,
						3 * PAGE_SIZE));
	KUNIT_EXPECT_EQ(test, data[PAGE_SIZE + 17],
			(u8)~kbm_core_pattern(PAGE_SIZE + 17));
	/* Releasing an empty (or released) buffer does nothing. */
	kbm_unpin_user_buffer(&up);
}

static void kbm_core_pin_page_span(struct kunit *test)
{
	unsigned long uaddr = kbm_test_user_mem(test, 3 * PAGE_SIZE);
	const struct {
		unsigned long off;
		size_t len;
		unsigned long pages;
	} spans[] = {
		{ 0, 1, 1 },
		{ 0, PAGE_SIZE, 1 },
		{ 0, PAGE_SIZE + 1, 2 },
		{ PAGE_SIZE - 1, 1, 1 },
		{ PAGE_SIZE - 1, 2, 2 },
		{ 1, 3 * PAGE_SIZE - 1, 3 },
	};
	struct kbm_user_pages up;
	int i;

	for (i = 0; i < ARRAY_SIZE(spans); i++) {
		KUNIT_ASSERT_EQ(test, kbm_pin_user_buffer(uaddr + spans[i].off,
							  spans[i].len, false,
							  &up), 0);
		KUNIT_EXPECT_EQ_MSG(test, up.nr_pages, spans[i].pages,
				    "span %d", i);
		KUNIT_EXPECT_EQ(test, up.offset,
				(unsigned int)(spans[i].off & ~PAGE_MASK));
		KUNIT_EXPECT_FALSE(test, up.write);
		kbm_unpin_user_buffer(&up);
	}
}

static void kbm_core_pin_rejects_bad_ranges(struct kunit *test)
{
	unsigned long uaddr = kbm_test_user_mem(test, 3 * PAGE_SIZE);
	struct kbm_user_pages up;
	struct page *first;
	char c = 1;

	KUNIT_EXPECT_EQ(test, kbm_pin_user_buffer(uaddr, 0, false, &up),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, kbm_pin_user_buffer(ULONG_MAX - 10, 100, false,
						  &up), -EINVAL);
	KUNIT_EXPECT_NULL(test, up.pages);
	/*
	 * More pages than GUP counts or one page array holds: refused before
	 * any allocation (kvmalloc warns above INT_MAX bytes).
	 */
	KUNIT_EXPECT_EQ(test, kbm_pin_user_buffer(uaddr, (size_t)2 << 40, true,
						  &up), -EINVAL);
	KUNIT_EXPECT_EQ(test, kbm_pin_user_buffer(uaddr, (KBM_PIN_MAX_PAGES + 1)
						  * PAGE_SIZE, false, &up),
			-EINVAL);
	KUNIT_EXPECT_NULL(test, up.pages);

	/* The third page goes away: no page may stay pinned after a failure. */
	KUNIT_ASSERT_EQ(test, 0, vm_munmap(uaddr + 2 * PAGE_SIZE, PAGE_SIZE));
	KUNIT_ASSERT_EQ(test, 0, copy_to_user((void __user *)uaddr, &c, 1));
	KUNIT_ASSERT_EQ(test, kbm_pin_user_buffer(uaddr, PAGE_SIZE, true, &up),
			0);
	first = up.pages[0];
	kbm_unpin_user_buffer(&up);
	KUNIT_EXPECT_EQ(test, kbm_pin_user_buffer(uaddr, 3 * PAGE_SIZE, true,
						  &up), -EFAULT);
	KUNIT_EXPECT_NULL(test, up.pages);
	KUNIT_EXPECT_EQ(test, up.nr_pages, 0UL);
	KUNIT_EXPECT_FALSE(test, folio_maybe_dma_pinned(page_folio(first)));
	KUNIT_EXPECT_EQ(test, kbm_pin_user_buffer(uaddr + 2 * PAGE_SIZE, 1,
						  false, &up), -EFAULT);
}

/* A read-only mapping can be pinned for reading, not for writing. */
static void kbm_core_pin_read_only(struct kunit *test)
{
	unsigned long uaddr;
	struct kbm_user_pages up;

	uaddr = kunit_vm_mmap(test, NULL, 0, PAGE_SIZE, PROT_READ,
			      MAP_ANONYMOUS | MAP_PRIVATE, 0);
	KUNIT_ASSERT_FALSE(test, IS_ERR_VALUE(uaddr) || !uaddr);
	KUNIT_EXPECT_EQ(test, kbm_pin_user_buffer(uaddr, 8, true, &up),
			-EFAULT);
	KUNIT_ASSERT_EQ(test, kbm_pin_user_buffer(uaddr, 8, false, &up), 0);
	KUNIT_EXPECT_EQ(test, up.nr_pages, 1UL);
	kbm_unpin_user_buffer(&up);
}

/* ---- read(), write(), llseek() ----------------------------------------- */

/* Fill user memory at @uaddr with the pattern of buffer offsets from @pos. */
static void kbm_core_user_pattern(struct kunit *test, unsigned long uaddr,
				  loff_t pos, size_t len)
{
	u8 *data = kunit_kmalloc(test, len, GFP_KERNEL);
	size_t i;

	KUNIT_ASSERT_NOT_NULL(test, data);
	for (i = 0; i < len; i++)
		data[i] = kbm_core_pattern(pos + i);
	KUNIT_ASSERT_EQ(test, 0, copy_to_user((void __user *)uaddr, data, len));
	kunit_kfree(test, data);
}

/* Every byte lands on the page and offset it belongs to, and reads back. */
static void kbm_core_rw_whole_buffer(struct kunit *test)
{
	const struct kbm_test_kind *kind = test->param_value;
	struct kbm_buffer *buf = kbm_test_create(test, kind, KBM_TEST_SIZE);
	unsigned long uaddr = kbm_test_user_mem(test, 2 * KBM_TEST_SIZE);
	char __user *in = (char __user *)uaddr;
	char __user *out = in + KBM_TEST_SIZE;
	u8 *back;
	loff_t pos = 0, off;

	kbm_core_user_pattern(test, uaddr, 0, KBM_TEST_SIZE);
	KUNIT_ASSERT_EQ(test, kbm_buffer_write(buf, in, KBM_TEST_SIZE, &pos),
			(ssize_t)KBM_TEST_SIZE);
	KUNIT_EXPECT_EQ(test, pos, (loff_t)KBM_TEST_SIZE);
	for (off = 0; off < KBM_TEST_SIZE; off++)
		if (kbm_core_byte_at(buf, off) != kbm_core_pattern(off))
			break;
	KUNIT_EXPECT_EQ_MSG(test, off, (loff_t)KBM_TEST_SIZE,
			    "first wrong byte");

	pos = 0;
	KUNIT_ASSERT_EQ(test, kbm_buffer_read(buf, out, 2 * KBM_TEST_SIZE,
					      &pos), (ssize_t)KBM_TEST_SIZE);
	KUNIT_EXPECT_EQ(test, pos, (loff_t)KBM_TEST_SIZE);
	back = kunit_kmalloc(test, KBM_TEST_SIZE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, back);
	KUNIT_ASSERT_EQ(test, 0, copy_from_user(back, out, KBM_TEST_SIZE));
	for (off = 0; off < KBM_TEST_SIZE; off++)
		if (back[off] != kbm_core_pattern(off))
			break;
	KUNIT_EXPECT_EQ_MSG(test, off, (loff_t)KBM_TEST_SIZE,
			    "first wrong byte read");
}

/* Small transfers at and across every page boundary. */
static void kbm_core_rw_page_edges(struct kunit *test)
{
	struct kbm_buffer *buf = kbm_test_create(test, KBM_CORE_PAGES,
						 KBM_TEST_SIZE);
	unsigned long uaddr = kbm_test_user_mem(test, PAGE_SIZE);
	const loff_t edges[] = { 0, 1, PAGE_SIZE - 3, PAGE_SIZE - 1, PAGE_SIZE,
				 2 * PAGE_SIZE - 2, 3 * PAGE_SIZE - 1,
				 KBM_TEST_SIZE - 5 };
	u8 got[5];
	int i, k;

	for (i = 0; i < ARRAY_SIZE(edges); i++) {
		loff_t pos = edges[i];

		kbm_core_user_pattern(test, uaddr, edges[i], 5);
		KUNIT_ASSERT_EQ(test, kbm_buffer_write(buf, (char __user *)uaddr,
						       5, &pos), 5);
		KUNIT_EXPECT_EQ(test, pos, edges[i] + 5);
		for (k = 0; k < 5; k++)
			KUNIT_EXPECT_EQ_MSG(test,
					    kbm_core_byte_at(buf, edges[i] + k),
					    kbm_core_pattern(edges[i] + k),
					    "offset %lld", edges[i] + k);

		KUNIT_ASSERT_EQ(test, 0, clear_user((void __user *)uaddr, 5));
		pos = edges[i];
		KUNIT_ASSERT_EQ(test, kbm_buffer_read(buf, (char __user *)uaddr,
						      5, &pos), 5);
		KUNIT_EXPECT_EQ(test, pos, edges[i] + 5);
		KUNIT_ASSERT_EQ(test, 0, copy_from_user(got, (void __user *)uaddr,
							5));
		for (k = 0; k < 5; k++)
			KUNIT_EXPECT_EQ(test, got[k],
					kbm_core_pattern(edges[i] + k));
	}
}

/* At the end: short transfers, then EOF for read(), ENOSPC for write(). */
static void kbm_core_rw_at_end(struct kunit *test)
{
	struct kbm_buffer *buf = kbm_test_create(test, KBM_CORE_VMALLOC,
						 KBM_TEST_SIZE);
	char __user *u = (char __user *)kbm_test_user_mem(test, PAGE_SIZE);
	loff_t pos;

	pos = KBM_TEST_SIZE - 1;
	KUNIT_EXPECT_EQ(test, kbm_buffer_read(buf, u, 10, &pos), 1);
	KUNIT_EXPECT_EQ(test, pos, (loff_t)KBM_TEST_SIZE);
	KUNIT_EXPECT_EQ(test, kbm_buffer_read(buf, u, 10, &pos), 0);
	KUNIT_EXPECT_EQ(test, pos, (loff_t)KBM_TEST_SIZE);
	pos = KBM_TEST_SIZE + PAGE_SIZE;
	KUNIT_EXPECT_EQ(test, kbm_buffer_read(buf, u, 10, &pos), 0);
	KUNIT_EXPECT_EQ(test, pos, (loff_t)(KBM_TEST_SIZE + PAGE_SIZE));

	pos = KBM_TEST_SIZE - 2;
	KUNIT_EXPECT_EQ(test, kbm_buffer_write(buf, u, 10, &pos), 2);
	KUNIT_EXPECT_EQ(test, pos, (loff_t)KBM_TEST_SIZE);
	KUNIT_EXPECT_EQ(test, kbm_buffer_write(buf, u, 10, &pos), -ENOSPC);
	KUNIT_EXPECT_EQ(test, pos, (loff_t)KBM_TEST_SIZE);
	pos = LLONG_MAX;
	KUNIT_EXPECT_EQ(test, kbm_buffer_write(buf, u, 10, &pos), -ENOSPC);

	/* Nothing asked, nothing done; negative positions are invalid. */
	pos = 5;
	KUNIT_EXPECT_EQ(test, kbm_buffer_read(buf, u, 0, &pos), 0);
	KUNIT_EXPECT_EQ(test, kbm_buffer_write(buf, u, 0, &pos), 0);
	KUNIT_EXPECT_EQ(test, pos, 5LL);
	pos = -1;
	KUNIT_EXPECT_EQ(test, kbm_buffer_read(buf, u, 10, &pos), -EINVAL);
	KUNIT_EXPECT_EQ(test, kbm_buffer_write(buf, u, 10, &pos), -EINVAL);
	KUNIT_EXPECT_EQ(test, pos, -1LL);
}

/* Holes read as zeros without being filled; a write fills only its page. */
static void kbm_core_rw_holes(struct kunit *test)
{
	struct kbm_buffer *buf = kbm_test_create(test, KBM_CORE_SPARSE,
						 KBM_TEST_SIZE);
	unsigned long uaddr = kbm_test_user_mem(test, KBM_TEST_SIZE);
	struct kbm_info info;
	u8 *back;
	loff_t pos = 0;
	pgoff_t i;

	back = kunit_kmalloc(test, KBM_TEST_SIZE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, back);
	memset(back, 0xff, KBM_TEST_SIZE);
	KUNIT_ASSERT_EQ(test, 0, copy_to_user((void __user *)uaddr, back,
					      KBM_TEST_SIZE));
	KUNIT_EXPECT_EQ(test, kbm_buffer_read(buf, (char __user *)uaddr,
					      KBM_TEST_SIZE, &pos),
			(ssize_t)KBM_TEST_SIZE);
	KUNIT_ASSERT_EQ(test, 0, copy_from_user(back, (void __user *)uaddr,
						KBM_TEST_SIZE));
	KUNIT_EXPECT_NULL(test, memchr_inv(back, 0, KBM_TEST_SIZE));
	kbm_buffer_info(buf, &info);
	KUNIT_EXPECT_EQ(test, info.pages_present, 0ULL);

	pos = 2 * PAGE_SIZE + 5;
	kbm_core_user_pattern(test, uaddr, pos, 10);
	KUNIT_EXPECT_EQ(test, kbm_buffer_write(buf, (char __user *)uaddr, 10,
					       &pos), 10);
	for (i = 0; i < KBM_TEST_PAGES; i++)
		KUNIT_EXPECT_EQ_MSG(test, !!kbm_buffer_page(buf, i), i == 2,
				    "page %lu", i);
	KUNIT_EXPECT_EQ(test, kbm_core_byte_at(buf, 2 * PAGE_SIZE + 5),
			kbm_core_pattern(2 * PAGE_SIZE + 5));
	KUNIT_EXPECT_EQ(test, kbm_core_byte_at(buf, 2 * PAGE_SIZE + 4), 0);
}

/*
 * A user buffer that ends early: the transfer is short, reports exactly
 * what reached its destination, and spoils nothing beyond that.
 */
static void kbm_core_rw_user_fault(struct kunit *test)
{
	struct kbm_buffer *buf = kbm_test_create(test, KBM_CORE_CONTIG,
						 KBM_TEST_SIZE);
	unsigned long uaddr = kbm_test_user_mem(test, 2 * PAGE_SIZE);
	char __user *u = (char __user *)uaddr;
	loff_t pos = 0, off;
	ssize_t got;
	u8 *back;

	/* The buffer holds the pattern; the user buffer keeps one page. */
	kbm_core_user_pattern(test, uaddr, 0, 2 * PAGE_SIZE);
	KUNIT_ASSERT_EQ(test, kbm_buffer_write(buf, u, 2 * PAGE_SIZE, &pos),
			(ssize_t)(2 * PAGE_SIZE));
	KUNIT_ASSERT_EQ(test, 0, vm_munmap(uaddr + PAGE_SIZE, PAGE_SIZE));
	back = kunit_kmalloc(test, PAGE_SIZE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, back);

	KUNIT_ASSERT_EQ(test, 0, clear_user(u, PAGE_SIZE));
	pos = 100;
	got = kbm_buffer_read(buf, u, 2 * PAGE_SIZE, &pos);
	KUNIT_EXPECT_GT(test, got, 0);
	KUNIT_EXPECT_LE(test, got, (ssize_t)PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, pos, 100 + got);
	KUNIT_ASSERT_EQ(test, 0, copy_from_user(back, u, PAGE_SIZE));
	for (off = 0; off < got; off++)
		if (back[off] != kbm_core_pattern(100 + off))
			break;
	KUNIT_EXPECT_EQ_MSG(test, off, (loff_t)got, "first wrong byte read");

	memset(back, 0xee, PAGE_SIZE);
	KUNIT_ASSERT_EQ(test, 0, copy_to_user(u, back, PAGE_SIZE));
	pos = 0;
	got = kbm_buffer_write(buf, u, 2 * PAGE_SIZE, &pos);
	KUNIT_EXPECT_GT(test, got, 0);
	KUNIT_EXPECT_LE(test, got, (ssize_t)PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, pos, (loff_t)got);
	for (off = 0; off < 2 * PAGE_SIZE; off++)
		if (kbm_core_byte_at(buf, off) !=
		    (off < got ? 0xee : kbm_core_pattern(off)))
			break;
	KUNIT_EXPECT_EQ_MSG(test, off, (loff_t)(2 * PAGE_SIZE),
			    "first wrong byte after a %zd byte write", got);

	/* Nothing copied at all: the error, and the position stays. */
	pos = 0;
	KUNIT_EXPECT_EQ(test, kbm_buffer_read(buf, u + PAGE_SIZE, 10, &pos),
			-EFAULT);
	KUNIT_EXPECT_EQ(test, kbm_buffer_write(buf, u + PAGE_SIZE, 10, &pos),
			-EFAULT);
	KUNIT_EXPECT_EQ(test, pos, 0LL);
}

#ifdef KBM_HAVE_KUNIT_STATIC_STUB
static int kbm_core_page_get_enomem(struct kbm_buffer *buf, pgoff_t pgoff,
				    bool alloc, struct page **pagep)
{
	return -ENOMEM;
}
#endif

/* write() into a hole when no page can be had: -ENOMEM, nothing moves. */
static void kbm_core_write_alloc_failure(struct kunit *test)
{
	struct kbm_buffer *buf = kbm_test_create(test, KBM_CORE_SPARSE,
						 KBM_TEST_SIZE);
	char __user *u = (char __user *)kbm_test_user_mem(test, PAGE_SIZE);
	loff_t pos = 10;

#ifdef KBM_HAVE_KUNIT_STATIC_STUB
	kunit_activate_static_stub(test, kbm_buffer_page_get,
				   kbm_core_page_get_enomem);
#else
	kunit_skip(test, "no KUnit static stubs (v6.3) to fail the allocation");
#endif
	KUNIT_EXPECT_EQ(test, kbm_buffer_write(buf, u, 10, &pos), -ENOMEM);
	KUNIT_EXPECT_EQ(test, pos, 10LL);
	KUNIT_EXPECT_NULL(test, kbm_buffer_page(buf, 0));
}

static void kbm_core_llseek(struct kunit *test)
{
	struct kbm_buffer *buf = kbm_test_create(test, KBM_CORE_PAGES,
						 KBM_TEST_SIZE);
	struct file *file = kbm_test_file(test, buf);

	KUNIT_EXPECT_EQ(test, kbm_buffer_llseek(buf, file, 100, SEEK_SET), 100);
	KUNIT_EXPECT_EQ(test, kbm_buffer_llseek(buf, file, 50, SEEK_CUR), 150);
	KUNIT_EXPECT_EQ(test, kbm_buffer_llseek(buf, file, -150, SEEK_CUR), 0);
	KUNIT_EXPECT_EQ(test, kbm_buffer_llseek(buf, file, -1, SEEK_END),
			(loff_t)KBM_TEST_SIZE - 1);
	/* Past the end is allowed, as for files. */
	KUNIT_EXPECT_EQ(test, kbm_buffer_llseek(buf, file, 10, SEEK_END),
			(loff_t)KBM_TEST_SIZE + 10);
	KUNIT_EXPECT_EQ(test, file->f_pos, (loff_t)KBM_TEST_SIZE + 10);
	/* Negative results, overflows and unknown whence are refused... */
	KUNIT_EXPECT_EQ(test, kbm_buffer_llseek(buf, file, -1, SEEK_SET),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, kbm_buffer_llseek(buf, file,
						-(loff_t)KBM_TEST_SIZE - 1,
						SEEK_END), -EINVAL);
	KUNIT_EXPECT_EQ(test, kbm_buffer_llseek(buf, file, LLONG_MAX,
						SEEK_END), -EINVAL);
	KUNIT_EXPECT_EQ(test, kbm_buffer_llseek(buf, file, 0, SEEK_DATA),
			-EINVAL);
	/* ...and leave the position alone. */
	KUNIT_EXPECT_EQ(test, file->f_pos, (loff_t)KBM_TEST_SIZE + 10);
	KUNIT_EXPECT_EQ(test, kbm_buffer_llseek(buf, file, LLONG_MAX, SEEK_SET),
			LLONG_MAX);
	KUNIT_EXPECT_EQ(test, kbm_buffer_llseek(buf, file, 1, SEEK_CUR),
			-EINVAL);
}

/* ---- lifetime ------------------------------------------------------------ */

static void kbm_core_put_page_action(void *page)
{
	put_page(page);
}

/*
 * Hold an extra reference on a page of @buf, so that the buffer's release
 * shows as one reference less instead of as a freed page.
 */
static struct page *kbm_core_watch_page(struct kunit *test,
					struct kbm_buffer *buf)
{
	struct page *page = kbm_buffer_page(buf, 0);
	int err;

	KUNIT_ASSERT_NOT_NULL(test, page);
	get_page(page);
	err = kunit_add_action_or_reset(test, kbm_core_put_page_action, page);
	KUNIT_ASSERT_EQ(test, err, 0);
	return page;
}

/* The last reference frees the buffer, and no earlier one does. */
static void kbm_core_kref_last_put_frees(struct kunit *test)
{
	const struct kbm_test_kind *kind = test->param_value;
	struct kbm_buffer_config cfg = {
		.size = KBM_TEST_SIZE,
		.backend = kind->backend,
		.fill = kind->fill,
	};
	struct kbm_buffer *buf = kbm_buffer_create(&cfg);
	struct page *page;
	int refs;

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, buf);
	if (kind->fill != KBM_FILL_PREALLOC)
		kbm_test_fill_holes(test, buf);
	page = kbm_core_watch_page(test, buf);
	refs = page_ref_count(page);
	KUNIT_EXPECT_EQ(test, kref_read(&buf->ref), 1U);
	kbm_buffer_get(buf);
	KUNIT_EXPECT_EQ(test, kref_read(&buf->ref), 2U);
	kbm_buffer_put(buf);
	KUNIT_EXPECT_EQ(test, kref_read(&buf->ref), 1U);
	KUNIT_EXPECT_EQ(test, page_ref_count(page), refs);
	kbm_buffer_put(buf);
	KUNIT_EXPECT_EQ(test, page_ref_count(page), refs - 1);
	kbm_buffer_put(NULL);
}

/* A mapping keeps the buffer after its creator lets go; unmapping frees it. */
static void kbm_core_kref_mapping_outlives_creator(struct kunit *test)
{
	const struct kbm_test_kind *kind = test->param_value;
	struct kbm_buffer_config cfg = {
		.size = KBM_TEST_SIZE,
		.backend = kind->backend,
		.fill = kind->fill,
	};
	struct kbm_buffer *buf = kbm_buffer_create(&cfg);
	size_t len = KBM_TEST_PAGES * PAGE_SIZE;
	unsigned long addr, word = 0;
	struct page *page;
	int refs;

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, buf);
	if (kind->fill != KBM_FILL_PREALLOC)
		kbm_test_fill_holes(test, buf);
	page = kbm_core_watch_page(test, buf);
	kbm_test_stamp_page(page, 0x6b726566);
	refs = page_ref_count(page);

	addr = kbm_test_map(test, kbm_test_file(test, buf), len, MAP_SHARED,
			    0);
	if (IS_ERR_VALUE(addr))
		kbm_buffer_put(buf);
	KUNIT_ASSERT_FALSE(test, IS_ERR_VALUE(addr));
	KUNIT_EXPECT_EQ(test, kref_read(&buf->ref), 2U);
	kbm_buffer_put(buf);

	/* Still there for the mapping: its memory is intact and readable. */
	KUNIT_EXPECT_EQ(test, atomic_read(&buf->map_count), 1);
	KUNIT_EXPECT_EQ(test, kref_read(&buf->ref), 1U);
	KUNIT_EXPECT_GE(test, page_ref_count(page), refs);
	KUNIT_EXPECT_EQ(test, 0, copy_from_user(&word, (void __user *)addr,
						sizeof(word)));
	KUNIT_EXPECT_EQ(test, word, 0x6b726566UL);

	/* Gone with the mapping: the page lost the buffer's reference. */
	KUNIT_EXPECT_EQ(test, 0, vm_munmap(addr, len));
	KUNIT_EXPECT_EQ(test, page_ref_count(page), refs - 1);
}

/* Splitting a mapping makes two: each holds the buffer. */
static void kbm_core_kref_split_mapping(struct kunit *test)
{
	struct kbm_buffer *buf = kbm_test_create(test, KBM_CORE_PAGES,
						 KBM_TEST_SIZE);
	unsigned long addr;

	addr = kbm_test_map(test, kbm_test_file(test, buf), 3 * PAGE_SIZE,
			    MAP_SHARED, 0);
	KUNIT_ASSERT_FALSE(test, IS_ERR_VALUE(addr));
	KUNIT_EXPECT_EQ(test, atomic_read(&buf->map_count), 1);
	KUNIT_EXPECT_EQ(test, kref_read(&buf->ref), 2U);
	KUNIT_ASSERT_EQ(test, 0, vm_munmap(addr + PAGE_SIZE, PAGE_SIZE));
	KUNIT_EXPECT_EQ(test, atomic_read(&buf->map_count), 2);
	KUNIT_EXPECT_EQ(test, kref_read(&buf->ref), 3U);
	KUNIT_ASSERT_EQ(test, 0, vm_munmap(addr, 3 * PAGE_SIZE));
	KUNIT_EXPECT_EQ(test, atomic_read(&buf->map_count), 0);
	KUNIT_EXPECT_EQ(test, kref_read(&buf->ref), 1U);
}

static struct kunit_case kbm_core_cases[] = {
	KUNIT_CASE_PARAM(kbm_core_create_zeroed, kbm_core_backends_gen_params),
	KUNIT_CASE_PARAM(kbm_core_create_sizes, kbm_core_backends_gen_params),
	KUNIT_CASE(kbm_core_contig_is_contiguous),
	KUNIT_CASE(kbm_core_rejects_bad_config),
	KUNIT_CASE(kbm_core_cache_modes_need_memtype),
	KUNIT_CASE(kbm_core_refuses_absurd_sizes),
	KUNIT_CASE_PARAM(kbm_core_page_lookup_every_page,
			 kbm_core_backends_gen_params),
	KUNIT_CASE_PARAM(kbm_core_page_lookup_past_end,
			 kbm_core_backends_gen_params),
	KUNIT_CASE(kbm_core_page_get_hole),
	KUNIT_CASE(kbm_core_info),
	KUNIT_CASE(kbm_core_kaddr_kmalloc),
	KUNIT_CASE(kbm_core_kaddr_vmalloc),
	KUNIT_CASE(kbm_core_kaddr_static),
	KUNIT_CASE(kbm_core_kaddr_stack),
	KUNIT_CASE(kbm_core_kaddr_module_area),
	KUNIT_CASE(kbm_core_kaddr_no_page),
	KUNIT_CASE(kbm_core_pin_and_release),
	KUNIT_CASE(kbm_core_pin_page_span),
	KUNIT_CASE(kbm_core_pin_rejects_bad_ranges),
	KUNIT_CASE(kbm_core_pin_read_only),
	KUNIT_CASE_PARAM(kbm_core_rw_whole_buffer,
			 kbm_core_backends_gen_params),
	KUNIT_CASE(kbm_core_rw_page_edges),
	KUNIT_CASE(kbm_core_rw_at_end),
	KUNIT_CASE(kbm_core_rw_holes),
	KUNIT_CASE(kbm_core_rw_user_fault),
	KUNIT_CASE(kbm_core_write_alloc_failure),
	KUNIT_CASE(kbm_core_llseek),
	KUNIT_CASE_PARAM(kbm_core_kref_last_put_frees,
			 kbm_core_backends_gen_params),
	KUNIT_CASE_PARAM(kbm_core_kref_mapping_outlives_creator,
			 kbm_core_backends_gen_params),
	KUNIT_CASE(kbm_core_kref_split_mapping),
	{}
};

static struct kunit_suite kbm_core_suite = {
	.name = "kbufmap_core",
	.test_cases = kbm_core_cases,
};

kunit_test_suite(kbm_core_suite);

MODULE_DESCRIPTION("KUnit tests for kbufmap's core");
MODULE_LICENSE("GPL");
