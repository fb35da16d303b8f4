// SPDX-License-Identifier: GPL-2.0
/*
 * kbm_page.c - the struct page behind a kernel address or a user buffer.
 */
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <kbufmap/kbufmap.h>

/**
 * kbm_kaddr_to_page() - the struct page of any kernel address
 * @addr: an address in the linear map (kmalloc, alloc_pages, a task's
 *        stack without VMAP_STACK), in vmalloc space, or in a module
 *
 * virt_to_page() is only arithmetic on the linear map: on a vmalloc or
 * module address it returns a wrong page without complaint, so those are
 * looked up in the page tables with vmalloc_to_page().  A highmem page has
 * no linear address, so it never reaches here; callers kmap() the page.
 *
 * Return: the page, or NULL for an address that has none.
 */
struct page *kbm_kaddr_to_page(const void *addr)
{
	if (kbm_is_vmalloc_addr(addr))
		return vmalloc_to_page((void *)addr);
	if (virt_addr_valid(addr))
		return virt_to_page(addr);
	return NULL;
}
EXPORT_SYMBOL_GPL(kbm_kaddr_to_page);

/**
 * kbm_pin_user_buffer() - pin the pages under a user buffer
 * @uaddr: user address of the first byte
 * @len: bytes
 * @write: the kernel (or a device) will write to the buffer
 * @up: receives the pages; release with kbm_unpin_user_buffer()
 *
 * The pages are pinned for as long as a device may use them: long-term
 * (FOLL_LONGTERM) where the kernel has it, so they are first moved out of
 * CMA and movable memory.
 *
 * Return: 0, or -EINVAL for an empty or wrapping range or one of more than
 * KBM_PIN_MAX_PAGES pages (1 TiB with 4 KiB pages), -ENOMEM, or -EFAULT
 * when not every page could be pinned (none stay pinned then).
 */
int kbm_pin_user_buffer(unsigned long uaddr, size_t len, bool write,
			struct kbm_user_pages *up)
{
	unsigned long first = uaddr & PAGE_MASK;
	unsigned long nr;
	long got;

	memset(up, 0, sizeof(*up));
	/* Nothing to pin. */
	if (!len)
		return -EINVAL;
	/* The range wraps, or its last page does when rounded up. */
	if (uaddr + len < uaddr || PAGE_ALIGN(uaddr + len) < uaddr + len)
		return -EINVAL;
	nr = (PAGE_ALIGN(uaddr + len) - first) >> PAGE_SHIFT;
	/* More than one call can count, or than one page array can hold. */
	if (nr > KBM_PIN_MAX_PAGES)
		return -EINVAL;
	up->pages = kbm_kvzalloc(nr * sizeof(*up->pages));
	if (!up->pages)
		return -ENOMEM;

	got = kbm_pin_user_pages(first, nr, write, up->pages);
	if (got < 0 || (unsigned long)got != nr) {
		if (got > 0)
			kbm_unpin_user_pages(up->pages, got, false);
		kbm_kvfree(up->pages);
		up->pages = NULL;
		return got < 0 ? got : -EFAULT;
	}
	up->nr_pages = nr;
	up->offset = uaddr & ~PAGE_MASK;
	up->write = write;
	return 0;
}
EXPORT_SYMBOL_GPL(kbm_pin_user_buffer);

/**
 * kbm_unpin_user_buffer() - release a buffer pinned by kbm_pin_user_buffer()
 * @up: the pinned buffer; emptied
 */
void kbm_unpin_user_buffer(struct kbm_user_pages *up)
{
	if (!up->pages)
		return;
	kbm_unpin_user_pages(up->pages, up->nr_pages, up->write);
	kbm_kvfree(up->pages);
	memset(up, 0, sizeof(*up));
}
EXPORT_SYMBOL_GPL(kbm_unpin_user_buffer);
