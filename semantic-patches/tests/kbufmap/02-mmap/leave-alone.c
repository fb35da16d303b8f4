// SPDX-License-Identifier: GPL-2.0
/*
 * What kbufmap cannot express is left (and reported): a vmalloc buffer
 * mapped with remap_vmalloc_range() (kbm_req_remap_vmalloc() wants the
 * page array too) and MMIO through io_remap_pfn_range().
 */
#include <linux/fs.h>
#include <linux/io.h>
#include <linux/mm.h>
#include <linux/vmalloc.h>

static void *vbuf;
static phys_addr_t regs_phys;

static int vbuf_mmap(struct file *file, struct vm_area_struct *vma)
{
	return remap_vmalloc_range(vma, vbuf, vma->vm_pgoff);
}

static int regs_mmap(struct file *file, struct vm_area_struct *vma)
{
	return io_remap_pfn_range(vma, vma->vm_start, regs_phys >> PAGE_SHIFT,
				  PAGE_SIZE, vma->vm_page_prot);
}
