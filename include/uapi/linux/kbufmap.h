/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * kbufmap user-space ABI: ioctls of the reference driver /dev/kbufmap<N>.
 *
 * The structures have fixed-size fields only, so 32-bit and 64-bit user
 * space see the same layout and no compat_ioctl translation is needed.
 */
#ifndef _UAPI_LINUX_KBUFMAP_H
#define _UAPI_LINUX_KBUFMAP_H

#include <linux/ioctl.h>
#include <linux/types.h>

/* Where the memory of a buffer comes from. */
enum kbm_backend {
	KBM_BACKEND_CONTIG = 0,		/* physically contiguous pages */
	KBM_BACKEND_VMALLOC = 1,	/* vmalloc_user() memory */
	KBM_BACKEND_PAGES = 2,		/* an array of single pages */
	/*
	 * a device's coherent DMA memory, physically contiguous (from a CMA
	 * area beyond the page allocator's largest block), allocated and
	 * mapped by the DMA API; drivers that have a device only
	 */
	KBM_BACKEND_DMA = 3,
};

/* How user mappings of a buffer are cached. */
enum kbm_cache {
	KBM_CACHE_CACHED = 0,
	KBM_CACHE_WC = 1,		/* write-combined */
	KBM_CACHE_UNCACHED = 2,
};

/* How the pages of a KBM_BACKEND_PAGES buffer come into being. */
enum kbm_fill {
	KBM_FILL_PREALLOC = 0,		/* all pages allocated up front */
	KBM_FILL_ONDEMAND = 1,		/* a page is allocated on first touch */
	KBM_FILL_SPARSE = 2,		/* only write() allocates; holes SIGBUS */
};

/* How mmap() populates the page tables. */
enum kbm_populate {
	KBM_POPULATE_EAGER = 0,		/* every page is mapped by mmap() */
	KBM_POPULATE_FAULT = 1,		/* pages are mapped on first access */
	/*
	 * no struct page in the PTEs (VM_PFNMAP), shared mappings only
	 * (private ones get the pages): contig buffers are one PFN remap at
	 * mmap(); preallocated page arrays are mapped frame by frame on first
	 * access, each aligned, physically contiguous 2 MiB run by one PMD
	 * where the kernel can (KBM_INFO_PMD)
	 */
	KBM_POPULATE_REMAP = 2,
	/*
	 * pages, prealloc, cached only: on first access, aligned 2 MiB runs
	 * are mapped by one PMD each where the kernel can (KBM_INFO_PMD),
	 * the rest page by page; page-backed like KBM_POPULATE_FAULT.
	 */
	KBM_POPULATE_PMD = 3,
};

/**
 * struct kbm_info - description of a buffer, from KBM_IOC_INFO
 * @size:	bytes that read(), write() and mmap() may reach
 * @nr_pages:	pages spanned by the buffer
 * @pages_present: pages currently allocated: all of them for preallocated
 *		buffers; for on-demand and sparse fills, those touched or
 *		written so far (0 for a fresh buffer)
 * @backend:	enum kbm_backend
 * @cache:	enum kbm_cache
 * @fill:	enum kbm_fill
 * @populate:	enum kbm_populate
 * @map_count:	live user mappings (VMAs) of the buffer
 * @flags:	KBM_INFO_* bits
 * @highmem_pages: pages present that are highmem (outside the kernel's
 *		direct map; only 32-bit kernels with HIGHMEM have them)
 * @pmd_maps:	PMD mappings that faults of the buffer's mappings have made
 *		so far (2 MiB each on x86-64), KBM_INFO_PMD buffers only
 *
 * Fields are only ever added at the end: the ioctl number encodes the
 * size, and the driver answers a shorter, older struct kbm_info with its
 * leading part.
 */
struct kbm_info {
	__u64 size;
	__u64 nr_pages;
	__u64 pages_present;
	__u32 backend;
	__u32 cache;
	__u32 fill;
	__u32 populate;
	__u32 map_count;
	__u32 flags;
	__u64 highmem_pages;
	__u64 pmd_maps;
};

/* The kernel maps this buffer through f_op->mmap_prepare. */
#define KBM_INFO_MMAP_PREPARE	(1U << 0)
/*
 * User mappings are page-backed: get_user_pages, O_DIRECT, pagemap and
 * MADV_DONTNEED work.  Not so for KBM_POPULATE_REMAP (VM_PFNMAP).
 */
#define KBM_INFO_PAGE_BACKED	(1U << 1)
/*
 * mremap cannot move this buffer's shared mappings (EINVAL; the mapping
 * stays where it was): PFN remaps on x86 kernels whose PAT cannot follow
 * a moved one (before 4.6).  Shrinking works as everywhere.
 */
#define KBM_INFO_NO_MOVE	(1U << 2)
/*
 * KBM_POPULATE_PMD on a kernel that maps PMD-sized runs of the buffer with
 * PMDs (file THP-style: smaps counts them as FilePmdMapped), or a
 * KBM_POPULATE_REMAP page array on a kernel that maps its contiguous runs
 * with special PMDs (which no page walker sees: @pmd_maps counts them).
 * Without it such a buffer is mapped page by page.
 */
#define KBM_INFO_PMD		(1U << 3)

/**
 * struct kbm_phys - physical address of one page, from KBM_IOC_PHYS
 * @pgoff:	in: page index within the buffer
 * @phys:	out: physical address of that page, 0 for a hole
 *
 * Only a caller with CAP_SYS_ADMIN may ask (it is given to DMA engines).
 */
struct kbm_phys {
	__u64 pgoff;
	__u64 phys;
};

/**
 * struct kbm_sync - bracket CPU access to a range of a DMA-mapped buffer
 * @flags:	KBM_SYNC_START before the CPU touches the range, KBM_SYNC_END
 *		after; with KBM_SYNC_READ, KBM_SYNC_WRITE or both, as
 *		DMA_BUF_IOCTL_SYNC
 * @offset:	first byte of the range
 * @len:	bytes in the range
 *
 * START|READ makes what the device wrote visible to the CPU; END|WRITE
 * makes what the CPU wrote visible to the device.  Only the scatterlist
 * segments covering the range are synchronised.
 */
struct kbm_sync {
	__u64 flags;
	__u64 offset;
	__u64 len;
};

#define KBM_SYNC_READ		(1ULL << 0)
#define KBM_SYNC_WRITE		(1ULL << 1)
#define KBM_SYNC_RW		(KBM_SYNC_READ | KBM_SYNC_WRITE)
#define KBM_SYNC_START		(0ULL << 2)
#define KBM_SYNC_END		(1ULL << 2)
#define KBM_SYNC_VALID_FLAGS	(KBM_SYNC_RW | KBM_SYNC_END)

/**
 * struct kbm_dma_addr - where a device sees a buffer offset, KBM_IOC_DMA_ADDR
 * @offset:	in: byte offset in the buffer
 * @dma_addr:	out: the device's address of it (an IOVA behind an IOMMU,
 *		a bounce buffer's address under swiotlb)
 * @phys:	out: its physical address
 * @contig:	out: bytes from @offset on contiguous for the device
 *
 * Only a caller with CAP_SYS_ADMIN may ask.
 */
struct kbm_dma_addr {
	__u64 offset;
	__u64 dma_addr;
	__u64 phys;
	__u64 contig;
};

/*
 * kbufmap_edu.ko, the driver of QEMU's "edu" PCI device built on kbufmap:
 * a DMA between the buffer and the device's 4 KiB internal buffer, which
 * is used as a ring of KBM_EDU_DEV_SIZE bytes: byte k of the range is
 * device byte (dev_offset + k) % KBM_EDU_DEV_SIZE.  Its last byte is left
 * out: QEMU (7.2 and older) aborts on a transfer that ends at the end of
 * the device's buffer (edu_check_range() is off by one).
 */
#define KBM_EDU_DEV_SIZE	4095
#define KBM_EDU_DMA_MAX		(1U << 20)	/* bytes per KBM_IOC_EDU_DMA */
#define KBM_EDU_TO_DEVICE	0		/* buffer -> device */
#define KBM_EDU_FROM_DEVICE	1		/* device -> buffer */

/**
 * struct kbm_edu_dma - one DMA between the buffer and the edu device
 * @offset:	first byte in the buffer
 * @len:	bytes, at most KBM_EDU_DMA_MAX
 * @dev_offset:	first byte in the device's ring, below KBM_EDU_DEV_SIZE
 * @dir:	KBM_EDU_TO_DEVICE or KBM_EDU_FROM_DEVICE
 * @flags:	0
 * @transfers:	out: how many device transfers it took
 */
struct kbm_edu_dma {
	__u64 offset;
	__u32 len;
	__u32 dev_offset;
	__u32 dir;
	__u32 flags;
	__u32 transfers;
	__u32 reserved;
};

/* mmap() offset of the edu device's BAR0 (registers) in its file. */
#define KBM_EDU_BAR_OFFSET	(1ULL << 40)

#define KBM_IOC_MAGIC	0xb6
#define KBM_IOC_INFO	_IOR(KBM_IOC_MAGIC, 1, struct kbm_info)
#define KBM_IOC_PHYS	_IOWR(KBM_IOC_MAGIC, 2, struct kbm_phys)
#define KBM_IOC_SYNC	_IOW(KBM_IOC_MAGIC, 3, struct kbm_sync)
#define KBM_IOC_DMA_ADDR _IOWR(KBM_IOC_MAGIC, 4, struct kbm_dma_addr)
#define KBM_IOC_EDU_DMA	_IOWR(KBM_IOC_MAGIC, 0x40, struct kbm_edu_dma)

#endif /* _UAPI_LINUX_KBUFMAP_H */
