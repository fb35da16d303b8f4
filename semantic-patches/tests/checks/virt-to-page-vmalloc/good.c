// SPDX-License-Identifier: GPL-2.0
/*
 * The right translation for each kind of address: vmalloc_to_page() for
 * vmalloc, virt_to_page() for kmalloc and the page allocator, and a
 * helper that picks with is_vmalloc_addr().
 */
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>

static void *vmem;
static void *kmem;

static int setup(void)
{
	vmem = vmalloc_user(PAGE_SIZE);
	kmem = kzalloc(PAGE_SIZE, GFP_KERNEL);
	return vmem && kmem ? 0 : -ENOMEM;
}

static struct page *to_page(const void *addr)
{
	if (is_vmalloc_addr(addr))
		return vmalloc_to_page(addr);
	return virt_to_page(addr);
}

static struct page *both(int which)
{
	return which ? vmalloc_to_page(vmem) : virt_to_page(kmem);
}
