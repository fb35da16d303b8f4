/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kbm_mem.h - kernel memory helpers whose names or existence moved.
 */
#ifndef _KBM_COMPAT_MEM_H
#define _KBM_COMPAT_MEM_H

#include <linux/highmem.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/vmalloc.h>
#include "kbm_config.h"
#include "kbm_types.h"

#ifdef KBM_HAVE_IS_VMALLOC_ADDR
#define KBM_BRANCH_VADDR	"vaddr=is_vmalloc_addr"
#else
#define KBM_BRANCH_VADDR	"vaddr=VMALLOC_START..END"
#endif

#ifdef KBM_HAVE_KVZALLOC
#define KBM_BRANCH_KV		"kv=kvzalloc"
#else
#define KBM_BRANCH_KV		"kv=kzalloc/vmalloc"
#endif

#ifdef KBM_HAVE_KMAP_LOCAL_PAGE
#define KBM_BRANCH_KMAP		"kmap=kmap_local_page"
#else
#define KBM_BRANCH_KMAP		"kmap=kmap"
#endif

/**
 * kbm_is_vmalloc_addr() - is @addr mapped through the vmalloc page tables?
 * @addr: a kernel virtual address
 *
 * Return: true for vmalloc addresses and, where modules have an area of
 * their own (MODULES_VADDR), for module addresses, which are mapped the
 * same way.  is_vmalloc_or_module_addr() says the same but is not exported.
 */
static inline bool kbm_is_vmalloc_addr(const void *addr)
{
	unsigned long a = (unsigned long)addr;

#if defined(MODULES_VADDR)
	if (a >= MODULES_VADDR && a < MODULES_END)
		return true;
#endif
#if defined(KBM_HAVE_IS_VMALLOC_ADDR)
	/* v2.6.25, 9e2779fa281c */
	return is_vmalloc_addr(addr);
#else
	return a >= VMALLOC_START && a < VMALLOC_END;
#endif
}

/**
 * kbm_kvzalloc() - zeroed memory that may be too large for kmalloc
 * @size: bytes
 *
 * Return: the memory, to be freed with kbm_kvfree(), or NULL.
 */
static inline void *kbm_kvzalloc(size_t size)
{
#ifdef KBM_HAVE_KVZALLOC
	/* v4.12, a7c3e901a46f */
	return kvzalloc(size, GFP_KERNEL);
#else
	void *p;

	if (size <= PAGE_SIZE)
		return kzalloc(size, GFP_KERNEL);
	p = vmalloc(size);
	if (p)
		memset(p, 0, size);
	return p;
#endif
}

/**
 * kbm_kvfree() - free what kbm_kvzalloc() returned
 * @p: the memory, or NULL
 */
static inline void kbm_kvfree(void *p)
{
#ifdef KBM_HAVE_KVZALLOC
	kvfree(p);
#else
	if (kbm_is_vmalloc_addr(p))
		vfree(p);
	else
		kfree(p);
#endif
}

/**
 * kbm_kmap_local_page() - map a page, possibly highmem, for this thread
 * @page: the page
 *
 * The mapping may be held across page faults (copy_to_user()), and is
 * released with kbm_kunmap_local().
 *
 * Return: the page's kernel address.
 */
static inline void *kbm_kmap_local_page(struct page *page)
{
#ifdef KBM_HAVE_KMAP_LOCAL_PAGE
	/* v5.11, f3ba3c710ac5: kmap() is deprecated for local use. */
	return kmap_local_page(page);
#else
	return kmap(page);
#endif
}

/**
 * kbm_kunmap_local() - release what kbm_kmap_local_page() mapped
 * @page: the page (kunmap() before v5.11 wants it)
 * @addr: the address kbm_kmap_local_page() returned (kunmap_local() does)
 */
static inline void kbm_kunmap_local(struct page *page, void *addr)
{
#ifdef KBM_HAVE_KMAP_LOCAL_PAGE
	kunmap_local(addr);
#else
	kunmap(page);
#endif
}

/**
 * kbm_split_page() - give every page of a high-order block its own count
 * @page: the first page of a non-compound block from alloc_pages()
 * @order: the block's order
 *
 * Afterwards each page can be mapped, referenced and freed on its own.
 */
static inline void kbm_split_page(struct page *page, unsigned int order)
{
	split_page(page, order);
}

/*
 * kzalloc_obj(), v7.2: allocation sized by the object's type.  Tested as
 * the macro it is.
 */
#ifdef kzalloc_obj
#define kbm_kzalloc_obj(p)	kzalloc_obj(*(p))
#define KBM_BRANCH_ALLOC	"alloc=kzalloc_obj"
#else
#define kbm_kzalloc_obj(p)	kzalloc(sizeof(*(p)), GFP_KERNEL)
#define KBM_BRANCH_ALLOC	"alloc=kzalloc"
#endif

#endif /* _KBM_COMPAT_MEM_H */
