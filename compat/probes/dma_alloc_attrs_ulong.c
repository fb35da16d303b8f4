// SPDX-License-Identifier: GPL-2.0
/*
 * KBM_HAVE_DMA_ALLOC_ATTRS_ULONG: coherent DMA memory with attributes
 * given as unsigned long bits: dma_alloc_attrs(), dma_get_sgtable_attrs(),
 * dma_mmap_attrs() and dma_free_attrs(), DMA_ATTR_FORCE_CONTIGUOUS and
 * DMA_ATTR_WRITE_COMBINE.  00085f1efa38 ("dma-mapping: use unsigned long
 * for dma_attrs"), v4.8.
 */
#include <linux/dma-mapping.h>
#include <linux/mm.h>
#include <linux/scatterlist.h>

int kbm_probe(struct device *dev, struct vm_area_struct *vma,
	      struct sg_table *sgt, size_t size);
int kbm_probe(struct device *dev, struct vm_area_struct *vma,
	      struct sg_table *sgt, size_t size)
{
	unsigned long attrs = DMA_ATTR_FORCE_CONTIGUOUS | DMA_ATTR_WRITE_COMBINE;
	dma_addr_t handle;
	void *cpu = dma_alloc_attrs(dev, size, &handle, GFP_KERNEL, attrs);

	if (dma_get_sgtable_attrs(dev, sgt, cpu, handle, size, attrs))
		return -1;
	if (dma_mmap_attrs(dev, vma, cpu, handle, size, attrs))
		return -1;
	dma_free_attrs(dev, size, cpu, handle, attrs);
	return 0;
}
