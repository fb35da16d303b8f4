// SPDX-License-Identifier: GPL-2.0
/*
 * kbm_test_util.c - helpers shared by kbufmap's KUnit suites.
 */
#include <kunit/test.h>
#include <linux/anon_inodes.h>
#include <linux/err.h>
#include <linux/file.h>
#include <linux/gfp.h>
#include <linux/highmem.h>
#include <linux/mman.h>
#include <linux/module.h>
#include <linux/string.h>
#include "kbm_test.h"

static void kbm_test_put_action(void *buf)
{
	kbm_buffer_put(buf);
}

/**
 * kbm_test_create_cfg() - create a buffer that is put when the test ends
 * @test: the test; it fails at once if the buffer cannot be created
 * @cfg: the configuration
 *
 * Return: the buffer.
 */
struct kbm_buffer *kbm_test_create_cfg(struct kunit *test,
				       const struct kbm_buffer_config *cfg)
{
	struct kbm_buffer *buf = kbm_buffer_create(cfg);
	int err;

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, buf);
	err = kunit_add_action_or_reset(test, kbm_test_put_action, buf);
	KUNIT_ASSERT_EQ(test, err, 0);
	return buf;
}

/**
 * kbm_test_create() - create a cached buffer of one kind
 * @test: the test
 * @kind: backend, fill and populate policy
 * @size: bytes
 *
 * Return: the buffer, put when the test ends.
 */
struct kbm_buffer *kbm_test_create(struct kunit *test,
				   const struct kbm_test_kind *kind,
				   size_t size)
{
	struct kbm_buffer_config cfg = {
		.size = size,
		.backend = kind->backend,
		.cache = KBM_CACHE_CACHED,
		.fill = kind->fill,
		.populate = kind->populate,
	};

	return kbm_test_create_cfg(test, &cfg);
}

/* The file a driver would hand out: its mmap goes to kbm_buffer_mmap(). */
static int kbm_test_file_mmap(struct file *file, struct kbm_mmap_req *req)
{
	return kbm_buffer_mmap(file->private_data, req);
}

KBM_DEFINE_MMAP(kbm_test_file_mmap);

static const struct file_operations kbm_test_fops = {
	.owner = THIS_MODULE,
	KBM_FOP_MMAP(kbm_test_file_mmap),
};

static void kbm_test_fput_action(void *file)
{
	fput(file);
}

/**
 * kbm_test_file() - a file whose mmap maps @buf, released when the test ends
 * @test: the test
 * @buf: the buffer; the file takes no reference, mappings do
 *
 * Return: the file.
 */
struct file *kbm_test_file(struct kunit *test, struct kbm_buffer *buf)
{
	struct file *file;
	int err;

	file = anon_inode_getfile("[kbufmap-test]", &kbm_test_fops, buf,
				  O_RDWR);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, file);
	err = kunit_add_action_or_reset(test, kbm_test_fput_action, file);
	KUNIT_ASSERT_EQ(test, err, 0);
	return file;
}

/**
 * kbm_test_map() - mmap() a file into the test's address space
 * @test: the test
 * @file: the file
 * @len: bytes
 * @flags: MAP_SHARED or MAP_PRIVATE
 * @pgoff: page offset into the file
 *
 * The mapping is readable and writable.  It goes away with the test's mm
 * at the end of the test, or earlier by vm_munmap().
 *
 * Return: the user address, or an error value (IS_ERR_VALUE()).
 */
unsigned long kbm_test_map(struct kunit *test, struct file *file,
			   unsigned long len, unsigned long flags, pgoff_t pgoff)
{
	unsigned long addr;

	addr = kunit_vm_mmap(test, file, 0, len, PROT_READ | PROT_WRITE,
			     flags, pgoff << PAGE_SHIFT);
	/* 0 means that KUnit could not even set up the mm. */
	KUNIT_ASSERT_NE(test, addr, 0);
	return addr;
}

/**
 * kbm_test_user_mem() - anonymous user memory, readable and writable
 * @test: the test
 * @len: bytes
 *
 * Return: the user address.
 */
unsigned long kbm_test_user_mem(struct kunit *test, unsigned long len)
{
	unsigned long addr;

	addr = kbm_test_map(test, NULL, len, MAP_ANONYMOUS | MAP_PRIVATE, 0);
	KUNIT_ASSERT_FALSE(test, IS_ERR_VALUE(addr));
	return addr;
}

/**
 * kbm_test_vma() - the VMA at a user address of the test's mm
 * @test: the test
 * @addr: the address
 *
 * The VMA stays valid until the test unmaps or splits it.
 *
 * Return: the VMA.
 */
struct vm_area_struct *kbm_test_vma(struct kunit *test, unsigned long addr)
{
	struct vm_area_struct *vma;

	mmap_read_lock(current->mm);
	vma = vma_lookup(current->mm, addr);
	mmap_read_unlock(current->mm);
	KUNIT_ASSERT_NOT_NULL(test, vma);
	return vma;
}

/**
 * kbm_test_dirty_free_pages() - leave garbage in pages about to be reused
 * @test: the test
 * @order: allocation order
 * @count: blocks of that order
 *
 * The page allocator hands recently freed pages out first, so a buffer
 * created right after this gets these pages back unless it zeroes them.
 */
void kbm_test_dirty_free_pages(struct kunit *test, unsigned int order,
			       unsigned int count)
{
	struct page **blocks;
	unsigned int i, j;

	blocks = kunit_kcalloc(test, count, sizeof(*blocks), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, blocks);
	for (i = 0; i < count; i++) {
		blocks[i] = alloc_pages(GFP_KERNEL | __GFP_NOWARN, order);
		if (!blocks[i])
			break;
		for (j = 0; j < (1U << order); j++) {
			void *p = kmap_local_page(blocks[i] + j);

			memset(p, 0xa5, PAGE_SIZE);
			kunmap_local(p);
		}
	}
	while (i--)
		__free_pages(blocks[i], order);
}

/**
 * kbm_test_fill_holes() - give every page offset of a buffer a page
 * @test: the test
 * @buf: the buffer
 */
void kbm_test_fill_holes(struct kunit *test, struct kbm_buffer *buf)
{
	struct page *page;
	pgoff_t i;

	for (i = 0; i < buf->nr_pages; i++)
		KUNIT_ASSERT_EQ(test, kbm_buffer_page_get(buf, i, true, &page),
				0);
}

/**
 * kbm_test_stamp_page() - write a value into a page's first and last word
 * @page: the page
 * @stamp: the value
 */
void kbm_test_stamp_page(struct page *page, unsigned long stamp)
{
	unsigned long *p = kmap_local_page(page);

	p[0] = stamp;
	p[PAGE_SIZE / sizeof(*p) - 1] = stamp;
	kunmap_local(p);
}

/**
 * kbm_test_page_stamp() - the value kbm_test_stamp_page() wrote
 * @page: the page
 *
 * Return: the first word, or ~0 when the first and last word disagree.
 */
unsigned long kbm_test_page_stamp(struct page *page)
{
	unsigned long *p = kmap_local_page(page);
	unsigned long v = p[0];

	if (p[PAGE_SIZE / sizeof(*p) - 1] != v)
		v = ~0UL;
	kunmap_local(p);
	return v;
}

/**
 * kbm_test_page_is() - is every byte of a page @byte?
 * @page: the page
 * @byte: the value
 *
 * Return: true if so.
 */
bool kbm_test_page_is(struct page *page, u8 byte)
{
	void *p = kmap_local_page(page);
	bool same = !memchr_inv(p, byte, PAGE_SIZE);

	kunmap_local(p);
	return same;
}
