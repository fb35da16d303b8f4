// SPDX-License-Identifier: GPL-2.0
/*
 * kbm_mmio.c - a device's register window (a PCI BAR, say) mapped to
 * user space.
 *
 * The window is I/O memory: never cached, never copied on write, mapped
 * by PFN with VM_IO | VM_PFNMAP (no struct page), whole pages only.
 */
#include <linux/mm.h>
#include <linux/module.h>
#include <kbufmap/kbufmap.h>
#include "kbm_dma.h"

static const struct vm_operations_struct kbm_mmio_vm_ops = {
	/* ptrace and /proc/<pid>/mem, where the kernel has a way. */
	KBM_VM_OPS_ACCESS_PHYS
};

/**
 * kbm_mmio_mmap() - map (part of) a register window to user space
 * @req: the mapping request the driver's mmap received
 * @phys: physical address of the window, page-aligned (a resource_size_t,
 *        as pci_resource_start() gives, and as old kernels have: phys_addr_t
 *        is v2.6.28)
 * @len: bytes in the window (rounded up to whole pages)
 * @first: the page offset of the driver's file at which the window
 *         starts (0 when the file maps nothing else)
 * @cache: KBM_CACHE_UNCACHED (registers) or KBM_CACHE_WC (a frame
 *         buffer, say); device memory is never mapped cached
 *
 * The request maps the window from page (its offset - @first) on; it must
 * lie inside the window.  The mapping is shared only: a private copy of
 * registers would be ordinary memory.  On kernels with .mmap_prepare the
 * remap is done once the VMA exists (an mmap_action).
 *
 * Context: the driver's mmap or mmap_prepare.
 * Return: 0; -EINVAL for a private mapping, a cached one, an unaligned
 * window, or a request that starts or ends outside the window; the
 * kernel's error when the remap fails.
 */
int kbm_mmio_mmap(struct kbm_mmap_req *req, resource_size_t phys,
		  resource_size_t len, pgoff_t first, enum kbm_cache cache)
{
	pgoff_t pgoff = kbm_req_pgoff(req);
	unsigned long pages = kbm_req_size(req) >> PAGE_SHIFT;
	resource_size_t window;
	pgprot_t *prot = kbm_req_prot(req);

	/* Registers are shared with the device: no private copies. */
	if (!kbm_req_is_shared(req))
		return -EINVAL;
	/* A window that starts mid-page would expose its neighbour. */
	if (offset_in_page(phys))
		return -EINVAL;
	/* Registers are never cached, a frame buffer at most combined. */
	if (cache != KBM_CACHE_UNCACHED && cache != KBM_CACHE_WC)
		return -EINVAL;
	/* The request starts at or after the window's file offset... */
	if (pgoff < first)
		return -EINVAL;
	/* ...inside the window (pages, without rounding past the top)... */
	window = len / PAGE_SIZE + !!offset_in_page(len);
	if (pgoff - first >= window)
		return -EINVAL;
	/* ...and ends inside it. */
	if (pages > window - (pgoff - first))
		return -EINVAL;

	if (cache == KBM_CACHE_WC)
		*prot = kbm_pgprot_writecombine(*prot);
	else
		*prot = pgprot_noncached(*prot);
	kbm_req_set_ops(req, &kbm_mmio_vm_ops, NULL);
	return kbm_req_ioremap(req, (unsigned long)(phys >> PAGE_SHIFT) +
			       (pgoff - first));
}
EXPORT_SYMBOL_GPL(kbm_mmio_mmap);
