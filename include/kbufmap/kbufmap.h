/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kbufmap - kernel buffers mapped into user space, on every kernel.
 *
 * A driver creates a struct kbm_buffer and forwards its file's mmap, read,
 * write and llseek to it; kbufmap does the rest (see README.md).
 */
#ifndef _KBUFMAP_H
#define _KBUFMAP_H

#include <linux/dma-mapping.h>
#include <linux/fs.h>
#include <linux/kref.h>
#include <linux/mm.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <uapi/linux/kbufmap.h>
#include "kbm_compat.h"

/**
 * struct kbm_buffer_config - what kbm_buffer_create() builds
 * @size: bytes; rounded up to whole pages for mmap()
 * @backend: where the memory comes from
 * @cache: cache mode of user mappings
 * @fill: how pages of a KBM_BACKEND_PAGES buffer come into being
 * @populate: whether mmap() maps every page at once
 * @dev: the device whose DMA memory a KBM_BACKEND_DMA buffer is (its
 *       coherent DMA mask set); not used by the other backends
 */
struct kbm_buffer_config {
	size_t size;
	enum kbm_backend backend;
	enum kbm_cache cache;
	enum kbm_fill fill;
	enum kbm_populate populate;
	struct device *dev;
};

/**
 * struct kbm_buffer - a kernel buffer that user space may map
 * @ref: references: the creator's, one per mapping, and any taken by users
 * @cfg: the configuration it was created with (size as requested)
 * @nr_pages: pages spanned
 * @map_count: live VMAs mapping the buffer
 * @pages_present: entries of @pages that are not NULL
 * @pages_highmem: those of them that are highmem pages
 * @pmd_maps: PMD mappings made by faults (KBM_INFO_PMD buffers)
 * @lock: serialises page installation for on-demand and sparse fills
 * @pages: the page behind every page offset, NULL for a hole
 * @vaddr: kernel address of a vmalloc or DMA buffer
 * @dma_handle: the device's address of a DMA buffer
 * @dma: its mapping for a device, set by kbm_buffer_dma_map()
 *
 * Fields are private to kbufmap; use the functions below.
 */
struct kbm_buffer {
	struct kref ref;
	struct kbm_buffer_config cfg;
	unsigned long nr_pages;
	atomic_t map_count;
	atomic_long_t pages_present;
	atomic_long_t pages_highmem;
	atomic_long_t pmd_maps;
	spinlock_t lock;	/* installs pages of on-demand and sparse fills */
	struct page **pages;
	void *vaddr;
	dma_addr_t dma_handle;
	struct kbm_dma_map *dma;
};

/* Largest buffer kbufmap agrees to describe (64 GiB). */
#define KBM_MAX_SIZE	(64ULL << 30)

struct kbm_buffer *kbm_buffer_create(const struct kbm_buffer_config *cfg);

/**
 * kbm_buffer_size() - bytes that read(), write() and mmap() may reach
 * @buf: the buffer
 *
 * Return: the size the buffer was created with.
 */
static inline size_t kbm_buffer_size(const struct kbm_buffer *buf)
{
	return buf->cfg.size;
}

void kbm_buffer_get(struct kbm_buffer *buf);
void kbm_buffer_put(struct kbm_buffer *buf);
struct page *kbm_buffer_page(struct kbm_buffer *buf, pgoff_t pgoff);
int kbm_buffer_page_get(struct kbm_buffer *buf, pgoff_t pgoff, bool alloc,
			struct page **pagep);
void kbm_buffer_info(struct kbm_buffer *buf, struct kbm_info *info);

int kbm_buffer_mmap(struct kbm_buffer *buf, struct kbm_mmap_req *req);
bool kbm_buffer_pmd_capable(const struct kbm_buffer *buf);
unsigned long kbm_buffer_get_unmapped_area(struct kbm_buffer *buf,
					   struct file *file,
					   unsigned long addr,
					   unsigned long len,
					   unsigned long pgoff,
					   unsigned long flags);

ssize_t kbm_buffer_read(struct kbm_buffer *buf, char __user *ubuf,
			size_t count, loff_t *ppos);
ssize_t kbm_buffer_write(struct kbm_buffer *buf, const char __user *ubuf,
			 size_t count, loff_t *ppos);
loff_t kbm_buffer_llseek(struct kbm_buffer *buf, struct file *file,
			 loff_t offset, int whence);

struct page *kbm_kaddr_to_page(const void *addr);

/**
 * struct kbm_user_pages - a pinned user buffer
 * @pages: the pinned pages
 * @nr_pages: how many
 * @offset: offset of the buffer's first byte in @pages[0]
 * @write: pinned for writing (marked dirty when released)
 */
struct kbm_user_pages {
	struct page **pages;
	unsigned long nr_pages;
	unsigned int offset;
	bool write;
};

int kbm_pin_user_buffer(unsigned long uaddr, size_t len, bool write,
			struct kbm_user_pages *up);
void kbm_unpin_user_buffer(struct kbm_user_pages *up);

/* Devices: DMA mapping and synchronisation (core/kbm_dma.c). */
struct sg_table *kbm_buffer_dma_map(struct kbm_buffer *buf, struct device *dev,
				    enum dma_data_direction dir);
void kbm_buffer_dma_unmap(struct kbm_buffer *buf);
dma_addr_t kbm_buffer_dma_addr(struct kbm_buffer *buf, size_t offset,
			       size_t *contig);
int kbm_buffer_sync_for_cpu(struct kbm_buffer *buf, size_t offset, size_t len,
			    enum dma_data_direction dir);
int kbm_buffer_sync_for_device(struct kbm_buffer *buf, size_t offset,
			       size_t len, enum dma_data_direction dir);

/* Devices: a register window mapped to user space (core/kbm_mmio.c). */
int kbm_mmio_mmap(struct kbm_mmap_req *req, resource_size_t phys,
		  resource_size_t len, pgoff_t first, enum kbm_cache cache);

#endif /* _KBUFMAP_H */
