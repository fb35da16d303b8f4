// SPDX-License-Identifier: GPL-2.0
/*
 * Linear-map translations of addresses outside the linear map: a vmalloc
 * buffer (the scullv mistake), a module's static array, an on-stack array.
 */
#include <linux/mm.h>
#include <linux/vmalloc.h>

static char status_page[PAGE_SIZE] __aligned(PAGE_SIZE);

struct scv {
	void **data;
};

static int scv_fill(struct scv *d, int i)
{
	d->data[i] = vmalloc(PAGE_SIZE);
	return d->data[i] ? 0 : -ENOMEM;
}

static struct page *scv_page(struct scv *d, int i)
{
	return virt_to_page(d->data[i]);
}

static struct page *status(void)
{
	return virt_to_page(status_page);
}

static unsigned long scratch_pfn(void)
{
	char scratch[64];

	return virt_to_phys(scratch) >> PAGE_SHIFT;
}
