/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kbm_dma.h - the DMA API and device memory mappings, across kernels.
 *
 * A buffer's pages become an sg_table, the sg_table is mapped for a
 * device, parts of it are synchronised; a device's register window is
 * mapped to user space uncached.  The DMA side needs struct sg_table
 * (v2.6.25); kbufmap has no DMA support before it.
 */
#ifndef _KBM_COMPAT_DMA_H
#define _KBM_COMPAT_DMA_H

#include <linux/dma-mapping.h>
#include <linux/mm.h>
#include <linux/scatterlist.h>
#include "kbm_config.h"
#include "kbm_types.h"
#include "kbm_mmap.h"
#include "kbm_vma.h"

#ifndef KBM_HAVE_SG_ALLOC_TABLE
#error "kbufmap's DMA support needs struct sg_table (Linux 2.6.25 or later)"
#endif

#ifdef KBM_HAVE_DMA_MAP_SGTABLE
#define KBM_BRANCH_DMA_MAP	"dma_map=dma_map_sgtable"
#else
#define KBM_BRANCH_DMA_MAP	"dma_map=dma_map_sg"
#endif
#ifdef KBM_HAVE_SG_ALLOC_TABLE_FROM_PAGES_SEGMENT
#define KBM_BRANCH_SG		"sg=from_pages_segment"
#else
#define KBM_BRANCH_SG		"sg=sg_alloc_table"
#endif

/**
 * kbm_dma_set_mask() - set a device's streaming and coherent DMA masks
 * @dev: the device
 * @bits: address bits the device can drive
 *
 * Return: 0, or -EIO when the platform cannot honour the mask.
 */
static inline int kbm_dma_set_mask(struct device *dev, unsigned int bits)
{
#if defined(KBM_HAVE_DMA_SET_MASK_AND_COHERENT)
	/* v3.13, 4aa806b771d1: one call for both masks. */
	return dma_set_mask_and_coherent(dev, DMA_BIT_MASK(bits));
#elif defined(KBM_HAVE_DMA_SET_COHERENT_MASK)
	return dma_set_mask(dev, DMA_BIT_MASK(bits)) ?:
	       dma_set_coherent_mask(dev, DMA_BIT_MASK(bits));
#else
	/*
	 * Before v2.6.34 there is no dma_set_coherent_mask(): set the field,
	 * as pci_set_consistent_dma_mask() did, once the streaming mask took.
	 */
	int err = dma_set_mask(dev, DMA_BIT_MASK(bits));

	if (!err)
		dev->coherent_dma_mask = DMA_BIT_MASK(bits);
	return err;
#endif
}

/**
 * kbm_dma_max_segment() - the longest sg segment a device may be given
 * @dev: the device
 *
 * The device's own limit (PCI devices default to 64 KiB), and the DMA
 * path's (swiotlb bounces at most 256 KiB at once), in whole pages.
 *
 * Return: a multiple of PAGE_SIZE, at least PAGE_SIZE.
 */
static inline unsigned int kbm_dma_max_segment(struct device *dev)
{
	unsigned long max = dma_get_max_seg_size(dev);

#ifdef KBM_HAVE_DMA_MAX_MAPPING_SIZE
	/* v5.1, 133d624b1cee: swiotlb's limit, SIZE_MAX without it. */
	max = min_t(unsigned long, max, dma_max_mapping_size(dev));
#endif
	max = min_t(unsigned long, max, UINT_MAX) & PAGE_MASK;
	return max ? max : PAGE_SIZE;
}

/**
 * kbm_sg_from_pages() - an sg_table of whole pages, contiguous runs merged
 * @sgt: the table to fill; sg_free_table() releases it
 * @pages: @n pages, none NULL
 * @n: how many
 * @max_segment: longest segment, a multiple of PAGE_SIZE
 *
 * Return: 0 or -ENOMEM.
 */
static inline int kbm_sg_from_pages(struct sg_table *sgt, struct page **pages,
				    unsigned int n, unsigned int max_segment)
{
#ifdef KBM_HAVE_SG_ALLOC_TABLE_FROM_PAGES_SEGMENT
	/* v5.15, 90e7a6de6278 */
	return sg_alloc_table_from_pages_segment(sgt, pages, n, 0,
						 (unsigned long)n << PAGE_SHIFT,
						 max_segment, GFP_KERNEL);
#else
	/*
	 * sg_alloc_table_from_pages() (v3.6) has no segment limit: its runs
	 * would exceed a PCI device's 64 KiB.  Count the runs, then fill.
	 */
	unsigned int i, k, runs = 0, seg_pages = max_segment >> PAGE_SHIFT;
	struct scatterlist *sg;
	int err;

	for (i = 0; i < n; i += k) {
		for (k = 1; i + k < n && k < seg_pages &&
		     page_to_pfn(pages[i + k]) == page_to_pfn(pages[i]) + k; k++)
			;
		runs++;
	}
	err = sg_alloc_table(sgt, runs, GFP_KERNEL);
	if (err)
		return err;
	sg = sgt->sgl;
	for (i = 0; i < n; i += k) {
		for (k = 1; i + k < n && k < seg_pages &&
		     page_to_pfn(pages[i + k]) == page_to_pfn(pages[i]) + k; k++)
			;
		sg_set_page(sg, pages[i], k << PAGE_SHIFT, 0);
		sg = sg_next(sg);
	}
	return 0;
#endif
}

/**
 * kbm_dma_map_sgtable() - map an sg_table for a device
 * @dev: the device
 * @sgt: the table; its nents becomes the number of DMA segments
 * @dir: the direction of the transfers
 *
 * Return: 0, or a negative errno (-ENOMEM where the kernel gives none).
 */
static inline int kbm_dma_map_sgtable(struct device *dev, struct sg_table *sgt,
				      enum dma_data_direction dir)
{
#ifdef KBM_HAVE_DMA_MAP_SGTABLE
	/* v5.8, d9d200bcebc1 */
	return dma_map_sgtable(dev, sgt, dir, 0);
#else
	int n = dma_map_sg(dev, sgt->sgl, sgt->orig_nents, dir);

	if (n <= 0)
		return -ENOMEM;
	sgt->nents = n;
	return 0;
#endif
}

/**
 * kbm_dma_unmap_sgtable() - undo kbm_dma_map_sgtable()
 * @dev: the device
 * @sgt: the table
 * @dir: the direction it was mapped with
 */
static inline void kbm_dma_unmap_sgtable(struct device *dev,
					 struct sg_table *sgt,
					 enum dma_data_direction dir)
{
	/* The DMA API unmaps by the CPU entries, orig_nents of them. */
	dma_unmap_sg(dev, sgt->sgl, sgt->orig_nents, dir);
}

/*
 * MMIO: a register window mapped to user space.  io_remap_pfn_range()
 * (v2.6.12) sets VM_IO | VM_PFNMAP | VM_DONTEXPAND | VM_DONTDUMP itself;
 * on .mmap_prepare kernels the v6.19 ioremap action does the same once the
 * VMA exists.  vm_iomap_memory() (v3.9) is not used: it takes the offset
 * into the window from vm_pgoff, and a driver may place the window at any
 * offset of its file.
 */
#ifdef KBM_USE_MMAP_PREPARE
#ifndef KBM_HAVE_MMAP_ACTION_IOREMAP
#error "kbufmap: .mmap_prepare without mmap_action_ioremap(); see the probe log"
#endif
#define KBM_BRANCH_IOMAP	"iomap=mmap_action_ioremap"
#else
#define KBM_BRANCH_IOMAP	"iomap=io_remap_pfn_range"
#endif

/**
 * kbm_req_ioremap() - map the whole request to I/O memory from a PFN
 * @req: the mapping request, its protection already set
 * @pfn: the frame its first page maps
 *
 * Return: 0 or a negative errno.
 */
static inline int kbm_req_ioremap(struct kbm_mmap_req *req, unsigned long pfn)
{
#ifdef KBM_USE_MMAP_PREPARE
	mmap_action_ioremap_full(req, pfn);
	return 0;
#else
	return io_remap_pfn_range(req, req->vm_start, pfn, kbm_req_size(req),
				  req->vm_page_prot);
#endif
}

/*
 * vm_ops->access for I/O mappings, so debuggers reach them: v2.6.27,
 * 28b2ee20c7cb, where the architecture has CONFIG_HAVE_IOREMAP_PROT (and
 * so exports generic_access_phys()).
 */
#if defined(KBM_HAVE_GENERIC_ACCESS_PHYS) && \
	defined(KBM_HAVE_EXPORT_GENERIC_ACCESS_PHYS)
#define KBM_BRANCH_IO_ACCESS		"io_access=generic_access_phys"
#define KBM_VM_OPS_ACCESS_PHYS		.access = generic_access_phys,
#else
#define KBM_BRANCH_IO_ACCESS		"io_access=none"
#define KBM_VM_OPS_ACCESS_PHYS
#endif

#define KBM_DMA_BRANCHES						\
	KBM_BRANCH_DMA_MAP " " KBM_BRANCH_SG " " KBM_BRANCH_IOMAP " "	\
	KBM_BRANCH_IO_ACCESS

#endif /* _KBM_COMPAT_DMA_H */
