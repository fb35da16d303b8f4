// SPDX-License-Identifier: GPL-2.0
/*
 * KBM_HAVE_DMA_ALLOC_ATTRS_STRUCT: the same coherent DMA calls as
 * dma_alloc_attrs_ulong.c, with the attributes in a struct dma_attrs
 * bitmap passed by pointer: the kernels before v4.8 that have all of
 * dma_get_sgtable_attrs(), dma_mmap_attrs() and DMA_ATTR_FORCE_CONTIGUOUS.
 */
#include <linux/dma-attrs.h>
#include <linux/dma-mapping.h>
#include <linux/mm.h>
#include <linux/scatterlist.h>

int kbm_probe(struct device *dev, struct vm_area_struct *vma,
	      struct sg_table *sgt, size_t size);
int kbm_probe(struct device *dev, struct vm_area_struct *vma,
	      struct sg_table *sgt, size_t size)
{
	DEFINE_DMA_ATTRS(attrs);
	dma_addr_t handle;
	void *cpu;

	dma_set_attr(DMA_ATTR_FORCE_CONTIGUOUS, &attrs);
	dma_set_attr(DMA_ATTR_WRITE_COMBINE, &attrs);
	cpu = dma_alloc_attrs(dev, size, &handle, GFP_KERNEL, &attrs);
	if (dma_get_sgtable_attrs(dev, sgt, cpu, handle, size, &attrs))
		return -1;
	if (dma_mmap_attrs(dev, vma, cpu, handle, size, &attrs))
		return -1;
	dma_free_attrs(dev, size, cpu, handle, &attrs);
	return 0;
}
