// SPDX-License-Identifier: GPL-2.0
/* Ported by the kbufmap rules, without the header yet. */
#include <linux/fs.h>	/* file_operations */
#include <linux/mm.h>	/* vm_area_struct */
#include <linux/module.h>

static void *page_buf;

static int pb_mmap(struct file *file, struct kbm_mmap_req *req)
{
	if (kbm_req_size(req) > PAGE_SIZE)
		return -EINVAL;
	return kbm_req_remap_pfn(req, virt_to_phys(page_buf) >> PAGE_SHIFT);
}
KBM_DEFINE_MMAP(pb_mmap);

static const struct file_operations pb_fops = {
	.owner = THIS_MODULE,
	KBM_FOP_MMAP(pb_mmap),
};
