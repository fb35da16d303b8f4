/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kbm_dma_alloc.h - a device's coherent DMA memory, across kernels: the
 * DMA backend's allocation and user mapping.
 *
 * The memory is asked for physically contiguous (DMA_ATTR_FORCE_CONTIGUOUS:
 * one block from the page allocator or, beyond its largest order, from a
 * CMA area), so that one struct page, found through the DMA API's
 * dma_get_sgtable_attrs(), leads to every page of it; write-combined on
 * request (DMA_ATTR_WRITE_COMBINE).  The DMA API, not kbufmap, decides the
 * memory type of both the kernel's and the user's mapping, so the two
 * never disagree: cached on cache-coherent devices (all x86, arm64 PCIe
 * under QEMU's virt), uncached or write-combined on non-coherent ones.
 *
 * Kernels with none of the shapes below (before v3.x's dma_mmap_attrs())
 * have no DMA backend: kbm_dma_alloc_supported() says so.  The helpers
 * are declared for every kernel, and do nothing there.
 */
#ifndef _KBM_COMPAT_DMA_ALLOC_H
#define _KBM_COMPAT_DMA_ALLOC_H

#include <linux/dma-mapping.h>
#include <linux/mm.h>
#include <linux/scatterlist.h>
#include "kbm_config.h"
#include "kbm_mem.h"
#include "kbm_mmap.h"
#include "kbm_huge.h"

#if defined(KBM_HAVE_DMA_ALLOC_ATTRS_ULONG)
/* v4.8, 00085f1efa38: attributes are unsigned long bits. */
#define KBM_BRANCH_DMA_ALLOC	"dma_alloc=attrs"
#define KBM_DMA_ALLOC
#define kbm_dma_attrs_t		unsigned long
#define kbm_dma_attrs_arg(a)	(*(a))

static inline void kbm_dma_attrs_init(unsigned long *attrs, bool wc)
{
	*attrs = DMA_ATTR_FORCE_CONTIGUOUS | (wc ? DMA_ATTR_WRITE_COMBINE : 0);
}
#elif defined(KBM_HAVE_DMA_ALLOC_ATTRS_STRUCT)
/* Before v4.8: a struct dma_attrs bitmap, passed by pointer. */
#include <linux/dma-attrs.h>
#define KBM_BRANCH_DMA_ALLOC	"dma_alloc=struct_dma_attrs"
#define KBM_DMA_ALLOC
#define kbm_dma_attrs_t		struct dma_attrs
#define kbm_dma_attrs_arg(a)	(a)

/*
 * dma_set_attr() is __set_bit(), whose "bts" of a constant bit to memory
 * those kernels' x86 bitops.h writes without an operand size: binutils
 * 2.40 warns about every use.  set_bit() of a constant is an "orb".
 */
static inline void kbm_dma_attrs_init(struct dma_attrs *attrs, bool wc)
{
	init_dma_attrs(attrs);
	set_bit(DMA_ATTR_FORCE_CONTIGUOUS, attrs->flags);
	if (wc)
		set_bit(DMA_ATTR_WRITE_COMBINE, attrs->flags);
}
#else
#define KBM_BRANCH_DMA_ALLOC	"dma_alloc=none"
#endif

/**
 * kbm_dma_alloc_supported() - does this kernel give kbufmap DMA buffers?
 *
 * Return: true where the DMA backend can be allocated and mapped.
 */
static inline bool kbm_dma_alloc_supported(void)
{
#ifdef KBM_DMA_ALLOC
	return true;
#else
	return false;
#endif
}

/**
 * kbm_dma_cma_configured() - can the DMA API allocate from CMA areas?
 *
 * Return: true where CONFIG_DMA_CMA is set (a cma= area is then used for
 * blocks beyond the page allocator's largest); Debian's amd64 kernels
 * (7.2's has it; 5.10's, 6.1's and 6.12's do not).
 */
static inline bool kbm_dma_cma_configured(void)
{
	/* Not IS_ENABLED(): v3.1 introduced it. */
#ifdef CONFIG_DMA_CMA
	return true;
#else
	return false;
#endif
}

/**
 * kbm_dma_alloc_contig() - physically contiguous coherent DMA memory
 * @dev: the device, its coherent DMA mask set
 * @size: bytes, a multiple of PAGE_SIZE
 * @handle: receives the device's address of the memory
 * @wc: ask for write-combined memory
 *
 * Never warns and never wakes the OOM killer (KBM_GFP_MAYFAIL): a size
 * that cannot be had is an error.
 *
 * Return: the kernel's address of the memory, or NULL.
 */
static inline void *kbm_dma_alloc_contig(struct device *dev, size_t size,
					 dma_addr_t *handle, bool wc)
{
#ifdef KBM_DMA_ALLOC
	kbm_dma_attrs_t attrs;

	kbm_dma_attrs_init(&attrs, wc);
	return dma_alloc_attrs(dev, size, handle,
			       GFP_KERNEL | KBM_GFP_MAYFAIL | __GFP_NOWARN,
			       kbm_dma_attrs_arg(&attrs));
#else
	return NULL;
#endif
}

/**
 * kbm_dma_free_contig() - give back kbm_dma_alloc_contig()'s memory
 * @dev: the device it was allocated for
 * @size: its size
 * @cpu: its kernel address
 * @handle: its device address
 * @wc: as it was allocated
 */
static inline void kbm_dma_free_contig(struct device *dev, size_t size,
				       void *cpu, dma_addr_t handle, bool wc)
{
#ifdef KBM_DMA_ALLOC
	kbm_dma_attrs_t attrs;

	kbm_dma_attrs_init(&attrs, wc);
	dma_free_attrs(dev, size, cpu, handle, kbm_dma_attrs_arg(&attrs));
#endif
}

/**
 * kbm_dma_contig_page() - the first page of kbm_dma_alloc_contig()'s memory
 * @dev: the device it was allocated for
 * @cpu: its kernel address (not always in the direct map: virt_to_page()
 *       cannot be used on it)
 * @handle: its device address
 * @size: its size
 * @wc: as it was allocated
 *
 * Return: the page, or NULL when the DMA API cannot say or the memory is
 * not one physically contiguous block.
 */
static inline struct page *kbm_dma_contig_page(struct device *dev, void *cpu,
					       dma_addr_t handle, size_t size,
					       bool wc)
{
#ifdef KBM_DMA_ALLOC
	struct page *page = NULL;
	kbm_dma_attrs_t attrs;
	struct sg_table sgt;

	kbm_dma_attrs_init(&attrs, wc);
	if (dma_get_sgtable_attrs(dev, &sgt, cpu, handle, size,
				  kbm_dma_attrs_arg(&attrs)))
		return NULL;
	if (sgt.orig_nents == 1 && sgt.sgl->length == size)
		page = sg_page(sgt.sgl);
	sg_free_table(&sgt);
	return page;
#else
	return NULL;
#endif
}

#ifdef KBM_USE_MMAP_PREPARE
#include <linux/dma-map-ops.h>

/*
 * The memory type dma_mmap_attrs() would give (kernel/dma/mapping.c,
 * dma_pgprot(), not exported): unchanged for a coherent device, else
 * write-combined where asked and the architecture has it, else the
 * architecture's type for coherent memory.
 */
static inline pgprot_t kbm_dma_pgprot(struct device *dev, pgprot_t prot,
				      bool wc)
{
	if (dev_is_dma_coherent(dev))
		return prot;
#ifdef CONFIG_ARCH_HAS_DMA_WRITE_COMBINE
	if (wc)
		return pgprot_writecombine(prot);
#endif
	return pgprot_dmacoherent(prot);
}

#define KBM_BRANCH_DMA_MMAP	"dma_mmap=mmap_action_remap"
#else
#define KBM_BRANCH_DMA_MMAP	"dma_mmap=dma_mmap_attrs"
#endif

/**
 * kbm_req_dma_mmap() - map kbm_dma_alloc_contig()'s memory to user space
 * @req: the mapping request, for a range inside the memory (checked)
 * @dev: the device it was allocated for
 * @cpu: its kernel address
 * @handle: its device address
 * @size: its size
 * @wc: as it was allocated
 * @pfn: its first page frame
 *
 * Through .mmap, dma_mmap_attrs() maps it, from the request's page offset
 * on, with the memory type it chooses.  .mmap_prepare (v7.1 on) has no DMA
 * action: the PFN remap dma_mmap_attrs() does for contiguous memory (in
 * dma-direct and in the IOMMU's DMA ops alike), with the same memory type.
 *
 * Return: 0 or a negative errno (-EOPNOTSUPP without a DMA backend).
 */
static inline int kbm_req_dma_mmap(struct kbm_mmap_req *req,
				   struct device *dev, void *cpu,
				   dma_addr_t handle, size_t size, bool wc,
				   unsigned long pfn)
{
#if !defined(KBM_DMA_ALLOC)
	return -EOPNOTSUPP;
#elif defined(KBM_USE_MMAP_PREPARE)
	*kbm_req_prot(req) = kbm_dma_pgprot(dev, *kbm_req_prot(req), wc);
	return kbm_req_remap_pfn(req, pfn + kbm_req_pgoff(req));
#else
	kbm_dma_attrs_t attrs;

	kbm_dma_attrs_init(&attrs, wc);
	return dma_mmap_attrs(dev, req, cpu, handle, size,
			      kbm_dma_attrs_arg(&attrs));
#endif
}

#if defined(KBM_DMA_ALLOC) && defined(KBM_HUGE_PFNMAP)
#include <linux/dma-map-ops.h>
#endif

/**
 * kbm_dma_maps_like_ram() - would dma_mmap_attrs() map this memory cached?
 * @dev: the device it was allocated for
 * @wc: as it was allocated
 *
 * Where it would, kbufmap may map the memory by PFN from its own faults,
 * with special PMDs (populate=remap), and the user's mapping has the type
 * the DMA API would have given it: dma_pgprot() leaves a coherent device's
 * memory as it is.  Asked only where special PMDs exist (KBM_HUGE_PFNMAP,
 * v6.12), and there <linux/dma-map-ops.h> (v5.10) is.
 *
 * Return: true for cached memory of a cache-coherent device there.
 */
static inline bool kbm_dma_maps_like_ram(struct device *dev, bool wc)
{
#if defined(KBM_DMA_ALLOC) && defined(KBM_HUGE_PFNMAP)
	return !wc && dev_is_dma_coherent(dev);
#else
	return false;
#endif
}

#define KBM_DMA_ALLOC_BRANCHES	KBM_BRANCH_DMA_ALLOC " " KBM_BRANCH_DMA_MMAP

#endif /* _KBM_COMPAT_DMA_ALLOC_H */
