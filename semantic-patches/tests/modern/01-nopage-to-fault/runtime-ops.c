// SPDX-License-Identifier: GPL-2.0
/* The handler is plugged into the ops at run time; *type is set always. */
#include <linux/mm.h>
#include <linux/vmalloc.h>

static void *vbuf;
static unsigned long vbuf_size;
static struct vm_operations_struct vbuf_vm_ops;

static struct page *vbuf_nopage(struct vm_area_struct *vma,
				unsigned long address, int *type)
{
	unsigned long off = address - vma->vm_start;
	struct page *page;

	*type = VM_FAULT_MINOR;
	if (off >= vbuf_size)
		return NULL;
	page = vmalloc_to_page(vbuf + off);
	get_page(page);
	return page;
}

void vbuf_setup_ops(void)
{
	vbuf_vm_ops.nopage = vbuf_nopage;
}
