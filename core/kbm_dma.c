// SPDX-License-Identifier: GPL-2.0
/*
 * kbm_dma.c - a buffer's pages mapped for a device, and kept in sync.
 *
 * The pages of every backend are in the buffer's page array, so one
 * sg_table describes them all: contiguous runs merged, each segment at
 * most as long as the device and the DMA path accept.  The DMA API maps
 * the table (through an IOMMU, a bounce buffer or neither) and the sync
 * calls hand ownership of a range back and forth between CPU and device.
 */
#include <linux/dma-mapping.h>
#include <linux/module.h>
#include <linux/scatterlist.h>
#include <linux/slab.h>
#include <kbufmap/kbufmap.h>
#include "kbm_dma.h"

/**
 * struct kbm_dma_map - a buffer mapped for one device
 * @sgt: the buffer's pages; nents DMA segments after mapping
 * @dev: the device
 * @dir: the direction it was mapped with
 * @coherent: a DMA buffer's own memory, not mapped and never synchronised
 */
struct kbm_dma_map {
	struct sg_table sgt;
	struct device *dev;
	enum dma_data_direction dir;
	bool coherent;
};

/* "modinfo -F kbm_dma_compat": the DMA branches this build chose. */
MODULE_INFO(kbm_dma_compat, KBM_DMA_BRANCHES);

static bool kbm_dma_dir_ok(enum dma_data_direction dir)
{
	return dir == DMA_BIDIRECTIONAL || dir == DMA_TO_DEVICE ||
	       dir == DMA_FROM_DEVICE;
}

/*
 * Every page must exist before a device may see it.  An on-demand buffer
 * gets its missing pages now, zeroed, as if user space had touched them.
 * A sparse buffer's holes stay holes (only write() fills them), so one
 * with holes is refused.
 */
static int kbm_dma_populate(struct kbm_buffer *buf)
{
	struct page *page;
	unsigned long i;
	int err;

	if (buf->cfg.fill == KBM_FILL_PREALLOC)
		return 0;
	for (i = 0; i < buf->nr_pages; i++) {
		err = kbm_buffer_page_get(buf, i,
					  buf->cfg.fill == KBM_FILL_ONDEMAND,
					  &page);
		if (err == -ENOENT)
			return -ENXIO;
		if (err)
			return err;
		if (!(i & 1023))
			cond_resched();
	}
	return 0;
}

/*
 * A DMA buffer is its device's already, at one address range: the table
 * gets that range, cut where the CPU segments are, and is not mapped.
 */
static void kbm_dma_set_coherent(struct kbm_dma_map *map, dma_addr_t handle)
{
	struct scatterlist *sg;
	unsigned int i;

	for_each_sg(map->sgt.sgl, sg, map->sgt.orig_nents, i) {
		sg_dma_address(sg) = handle;
		sg_dma_len(sg) = sg->length;
		handle += sg->length;
	}
	map->sgt.nents = map->sgt.orig_nents;
	map->coherent = true;
}

/**
 * kbm_buffer_dma_map() - map a buffer's pages for a device
 * @buf: the buffer
 * @dev: the device, its DMA mask set
 * @dir: DMA_TO_DEVICE, DMA_FROM_DEVICE or DMA_BIDIRECTIONAL
 *
 * Builds an sg_table of the buffer's pages, physically contiguous runs
 * merged into segments no longer than the device (dma_get_max_seg_size())
 * and the DMA path (dma_max_mapping_size()) accept, and maps it.  The
 * table's DMA segments (nents of them, see for_each_sg()) cover the buffer
 * in order; kbm_buffer_dma_addr() finds the address of any offset.
 *
 * An on-demand buffer has its missing pages allocated first; a sparse
 * buffer with holes is refused.  A DMA buffer (KBM_BACKEND_DMA) is not
 * mapped again: the table describes the device address it was allocated
 * at, only for the device it was allocated for, and the sync calls have
 * nothing to do for it.  A buffer has at most one mapping: unmap
 * it before mapping it for another device.  The mapping holds a reference
 * on the buffer.  After mapping, the device owns the buffer: call
 * kbm_buffer_sync_for_cpu() before the CPU reads what the device wrote.
 *
 * Context: process context; may sleep.  The caller serialises map, unmap
 * and sync calls on one buffer.
 * Return: the table, or an ERR_PTR(): -EINVAL for a bad direction or a
 * DMA buffer of another device, -EBUSY
 * when the buffer is mapped already, -ENXIO for a sparse buffer with holes,
 * -ENOMEM, or the DMA API's error (-EIO: an address the device cannot
 * reach and nothing to bounce it through).
 */
struct sg_table *kbm_buffer_dma_map(struct kbm_buffer *buf, struct device *dev,
				    enum dma_data_direction dir)
{
	struct kbm_dma_map *map;
	int err;

	if (!kbm_dma_dir_ok(dir))
		return ERR_PTR(-EINVAL);
	/* A DMA buffer's memory belongs to the device it was allocated for. */
	if (buf->cfg.backend == KBM_BACKEND_DMA && dev != buf->cfg.dev)
		return ERR_PTR(-EINVAL);
	/* The sg_table counts pages in an unsigned int. */
	if (buf->nr_pages > UINT_MAX)
		return ERR_PTR(-E2BIG);
	if (buf->dma)
		return ERR_PTR(-EBUSY);
	err = kbm_dma_populate(buf);
	if (err)
		return ERR_PTR(err);
	map = kbm_kzalloc_obj(map);
	if (!map)
		return ERR_PTR(-ENOMEM);
	map->dev = dev;
	map->dir = dir;
	/* Populated: every entry of the page array is set, and stays set. */
	err = kbm_sg_from_pages(&map->sgt, buf->pages, buf->nr_pages,
				kbm_dma_max_segment(dev));
	if (err)
		goto out_free;
	if (buf->cfg.backend == KBM_BACKEND_DMA)
		kbm_dma_set_coherent(map, buf->dma_handle);
	else
		err = kbm_dma_map_sgtable(dev, &map->sgt, dir);
	if (err)
		goto out_free_table;
	kbm_buffer_get(buf);
	buf->dma = map;
	return &map->sgt;

out_free_table:
	sg_free_table(&map->sgt);
out_free:
	kfree(map);
	return ERR_PTR(err);
}
EXPORT_SYMBOL_GPL(kbm_buffer_dma_map);

/**
 * kbm_buffer_dma_unmap() - undo kbm_buffer_dma_map()
 * @buf: the buffer; nothing happens when it is not mapped
 *
 * The device must be done with the buffer.  Unmapping hands every page
 * back to the CPU (what a bounce buffer held is copied back for
 * DMA_FROM_DEVICE and DMA_BIDIRECTIONAL) and drops the mapping's
 * reference on the buffer, which may free it.
 *
 * Context: process context.
 */
void kbm_buffer_dma_unmap(struct kbm_buffer *buf)
{
	struct kbm_dma_map *map = buf->dma;

	if (!map)
		return;
	buf->dma = NULL;
	if (!map->coherent)
		kbm_dma_unmap_sgtable(map->dev, &map->sgt, map->dir);
	sg_free_table(&map->sgt);
	kfree(map);
	kbm_buffer_put(buf);
}
EXPORT_SYMBOL_GPL(kbm_buffer_dma_unmap);

/**
 * kbm_buffer_dma_addr() - the device's address of a buffer offset
 * @buf: the buffer, mapped by kbm_buffer_dma_map()
 * @offset: byte offset in the buffer
 * @contig: if not NULL, receives how many bytes from @offset on are
 *          contiguous in the device's address space
 *
 * Return: the DMA address (an IOVA behind an IOMMU, a bounce buffer's
 * address under swiotlb); 0, with *@contig set to 0, when the buffer is
 * not mapped or @offset is past its end.
 */
dma_addr_t kbm_buffer_dma_addr(struct kbm_buffer *buf, size_t offset,
			       size_t *contig)
{
	struct kbm_dma_map *map = buf->dma;
	struct scatterlist *sg;
	size_t start = 0;
	unsigned int i;

	if (contig)
		*contig = 0;
	if (!map)
		return 0;
	for_each_sg(map->sgt.sgl, sg, map->sgt.nents, i) {
		if (offset - start < sg_dma_len(sg)) {
			if (contig)
				*contig = sg_dma_len(sg) - (offset - start);
			return sg_dma_address(sg) + (offset - start);
		}
		start += sg_dma_len(sg);
	}
	return 0;
}
EXPORT_SYMBOL_GPL(kbm_buffer_dma_addr);

/*
 * Synchronise the CPU segments that cover [offset, offset + len): the
 * sync calls work segment by segment, each on its own page and (swiotlb)
 * its own bounce slot, so a run of the table's entries is synchronised
 * alone.  Bytes of those segments outside the range are synchronised too.
 */
static int kbm_dma_sync(struct kbm_buffer *buf, size_t offset, size_t len,
			enum dma_data_direction dir, bool for_cpu)
{
	struct kbm_dma_map *map = buf->dma;
	size_t mapped = buf->nr_pages << PAGE_SHIFT;
	struct scatterlist *sg, *first = NULL;
	unsigned int i, n = 0;
	size_t start = 0;

	/* Only a mapped buffer has anything to synchronise. */
	if (!map)
		return -ENXIO;
	/* One of the three directions of the DMA API. */
	if (!kbm_dma_dir_ok(dir))
		return -EINVAL;
	/* A direction the buffer was mapped for. */
	if (map->dir != DMA_BIDIRECTIONAL && dir != map->dir)
		return -EINVAL;
	/* Inside the mapped pages; written not to overflow. */
	if (offset > mapped || len > mapped - offset)
		return -EINVAL;
	/* Nothing to hand over: coherent memory, or an empty range. */
	if (map->coherent || !len)
		return 0;
	for_each_sg(map->sgt.sgl, sg, map->sgt.orig_nents, i) {
		if (start >= offset + len)
			break;
		if (start + sg->length > offset) {
			if (!first)
				first = sg;
			n++;
		}
		start += sg->length;
	}
	if (for_cpu)
		dma_sync_sg_for_cpu(map->dev, first, n, dir);
	else
		dma_sync_sg_for_device(map->dev, first, n, dir);
	return 0;
}

/**
 * kbm_buffer_sync_for_cpu() - give a range of a mapped buffer to the CPU
 * @buf: the buffer, mapped by kbm_buffer_dma_map()
 * @offset: first byte of the range
 * @len: bytes in the range (0: nothing to do)
 * @dir: the direction of the transfers that touched the range; one the
 *       buffer was mapped with
 *
 * After the device wrote the range (DMA_FROM_DEVICE, DMA_BIDIRECTIONAL)
 * and before the CPU, or user space through a mapping, reads it: stale
 * cache lines are dropped (non-coherent architectures) and a bounce
 * buffer's data copied into the pages (swiotlb).  Only the sg segments
 * covering the range are touched.
 *
 * Context: any context the DMA API's sync calls allow.
 * Return: 0; -ENXIO when the buffer is not mapped; -EINVAL for a range
 * beyond the buffer or a direction it was not mapped for.
 */
int kbm_buffer_sync_for_cpu(struct kbm_buffer *buf, size_t offset, size_t len,
			    enum dma_data_direction dir)
{
	return kbm_dma_sync(buf, offset, len, dir, true);
}
EXPORT_SYMBOL_GPL(kbm_buffer_sync_for_cpu);

/**
 * kbm_buffer_sync_for_device() - give a range of a mapped buffer to the device
 * @buf: the buffer, mapped by kbm_buffer_dma_map()
 * @offset: first byte of the range
 * @len: bytes in the range (0: nothing to do)
 * @dir: the direction of the transfers to come; one the buffer was
 *       mapped with
 *
 * After the CPU, or user space through a mapping, wrote the range and
 * before the device reads it (DMA_TO_DEVICE, DMA_BIDIRECTIONAL): dirty
 * cache lines are written back (non-coherent architectures) and the pages
 * copied into the bounce buffer (swiotlb).  Only the sg segments covering
 * the range are touched.
 *
 * Context: as kbm_buffer_sync_for_cpu().
 * Return: as kbm_buffer_sync_for_cpu().
 */
int kbm_buffer_sync_for_device(struct kbm_buffer *buf, size_t offset,
			       size_t len, enum dma_data_direction dir)
{
	return kbm_dma_sync(buf, offset, len, dir, false);
}
EXPORT_SYMBOL_GPL(kbm_buffer_sync_for_device);
