// SPDX-License-Identifier: GPL-2.0
/*
 * kbm_dma_mem.c - the DMA backend: a device's coherent DMA memory.
 *
 * One physically contiguous block from the DMA API (kbm_dma_alloc.h), so
 * a buffer can be larger than the page allocator's largest block where a
 * CMA area gives it, and the device sees one address range.  The DMA API
 * chooses the memory type of the kernel's and the user's mappings alike;
 * kbufmap reads and writes the memory through the DMA API's kernel
 * address, and maps it to user space with the DMA API's PFN remap.  Its
 * page array lists the block's pages, for the device's addresses and
 * kbm_buffer_page(); they are never mapped one by one as pages (the
 * block's tail pages have no reference count of their own), only, for
 * populate=remap, by PFN (core/kbm_huge.c).
 */
#include <linux/device.h>
#include <linux/module.h>
#include <linux/string.h>
#include <kbufmap/kbufmap.h>
#include "kbm_dma_alloc.h"
#include "kbm_dma_mem.h"

/* "modinfo -F kbm_dma_alloc_compat": the DMA backend's branches. */
MODULE_INFO(kbm_dma_alloc_compat, KBM_DMA_ALLOC_BRANCHES);

static size_t kbm_dma_mem_size(const struct kbm_buffer *buf)
{
	return buf->nr_pages << PAGE_SHIFT;
}

static bool kbm_dma_mem_wc(const struct kbm_buffer *buf)
{
	return buf->cfg.cache == KBM_CACHE_WC;
}

/*
 * What a DMA buffer must be: a device's, whole from the start, mapped
 * whole by mmap(); cached (the DMA API's coherent memory, whatever type
 * that is on the architecture) or write-combined (DMA_ATTR_WRITE_COMBINE).
 */
int kbm_dma_mem_check(const struct kbm_buffer_config *cfg)
{
	/* The memory is the device's: there must be one. */
	if (!cfg->dev)
		return -EINVAL;
	/* Allocated whole: the DMA API has no holes to fill later. */
	if (cfg->fill != KBM_FILL_PREALLOC)
		return -EINVAL;
	/*
	 * Mapped whole by the DMA API at mmap() time, or by PFN from faults
	 * (populate=remap: PMDs where kbm_dma_mem_maps_like_ram(), else the
	 * DMA API's mapping as for eager).
	 */
	if (cfg->populate != KBM_POPULATE_EAGER &&
	    cfg->populate != KBM_POPULATE_REMAP)
		return -EINVAL;
	/* The DMA API has no "uncached" to ask for. */
	if (cfg->cache == KBM_CACHE_UNCACHED)
		return -EOPNOTSUPP;
	/* Kernels without dma_mmap_attrs() and its kin. */
	if (!kbm_dma_alloc_supported())
		return -EOPNOTSUPP;
	return 0;
}

/* Say why: beyond the largest block only a CMA area gives that much. */
static void kbm_dma_mem_refused(struct device *dev, size_t size)
{
	if (get_order(size) < KBM_NR_PAGE_ORDERS)
		dev_warn(dev, "kbufmap: no %zu KiB of contiguous DMA memory\n",
			 size >> 10);
	else if (kbm_dma_cma_configured())
		dev_warn(dev,
			 "kbufmap: no %zu KiB of contiguous DMA memory: more than the page allocator's largest block, which only a CMA area that large gives (cma= on the kernel command line)\n",
			 size >> 10);
	else
		dev_warn(dev,
			 "kbufmap: no %zu KiB of contiguous DMA memory: more than the page allocator's largest block, and this kernel has no CMA areas for DMA (CONFIG_DMA_CMA)\n",
			 size >> 10);
}

int kbm_dma_mem_alloc(struct kbm_buffer *buf)
{
	struct device *dev = buf->cfg.dev;
	size_t size = kbm_dma_mem_size(buf);
	struct page *page;
	unsigned long i;

	buf->vaddr = kbm_dma_alloc_contig(dev, size, &buf->dma_handle,
					  kbm_dma_mem_wc(buf));
	if (!buf->vaddr) {
		kbm_dma_mem_refused(dev, size);
		return -ENOMEM;
	}
	page = kbm_dma_contig_page(dev, buf->vaddr, buf->dma_handle, size,
				   kbm_dma_mem_wc(buf));
	if (!page) {
		dev_warn(dev, "kbufmap: the DMA API gave memory without pages behind it\n");
		kbm_dma_free_contig(dev, size, buf->vaddr, buf->dma_handle,
				    kbm_dma_mem_wc(buf));
		buf->vaddr = NULL;
		return -EOPNOTSUPP;
	}
	/*
	 * Kernels before v5.0 (518a2f1925c3) do not always zero it; which
	 * ones do cannot be told by compiling.  One pass, through the DMA
	 * API's own mapping.
	 */
	memset(buf->vaddr, 0, size);
	for (i = 0; i < buf->nr_pages; i++)
		buf->pages[i] = page + i;
	/* The memory outlives the driver's binding while users map it. */
	get_device(dev);
	return 0;
}

void kbm_dma_mem_free(struct kbm_buffer *buf)
{
	if (!buf->vaddr)
		return;
	kbm_dma_free_contig(buf->cfg.dev, kbm_dma_mem_size(buf), buf->vaddr,
			    buf->dma_handle, kbm_dma_mem_wc(buf));
	put_device(buf->cfg.dev);
}

int kbm_dma_mem_mmap(struct kbm_buffer *buf, struct kbm_mmap_req *req)
{
	return kbm_req_dma_mmap(req, buf->cfg.dev, buf->vaddr, buf->dma_handle,
				kbm_dma_mem_size(buf), kbm_dma_mem_wc(buf),
				page_to_pfn(buf->pages[0]));
}

/*
 * May kbufmap map the memory itself, by PFN, with the type the DMA API
 * would give it?  Cached memory of a coherent device only.
 */
bool kbm_dma_mem_maps_like_ram(const struct kbm_buffer *buf)
{
	return kbm_dma_maps_like_ram(buf->cfg.dev, kbm_dma_mem_wc(buf));
}

/*
 * The kernel's address of a page of the buffer: the DMA API's mapping for
 * a DMA buffer (it has the memory type the device needs), a local kmap of
 * the page for the others.
 */
void *kbm_buffer_kmap(struct kbm_buffer *buf, pgoff_t pgoff,
		      struct page *page)
{
	if (buf->cfg.backend == KBM_BACKEND_DMA)
		return (char *)buf->vaddr + (pgoff << PAGE_SHIFT);
	return kbm_kmap_local_page(page);
}

void kbm_buffer_kunmap(struct kbm_buffer *buf, struct page *page, void *kaddr)
{
	if (buf->cfg.backend != KBM_BACKEND_DMA)
		kbm_kunmap_local(page, kaddr);
}
