/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kbm_dma_mem.h - core-internal: the DMA backend (core/kbm_dma_mem.c) and
 * the kernel's address of a buffer page, whatever the backend.
 */
#ifndef _KBM_CORE_DMA_MEM_H
#define _KBM_CORE_DMA_MEM_H

#include <kbufmap/kbufmap.h>

int kbm_dma_mem_check(const struct kbm_buffer_config *cfg);
int kbm_dma_mem_alloc(struct kbm_buffer *buf);
void kbm_dma_mem_free(struct kbm_buffer *buf);
int kbm_dma_mem_mmap(struct kbm_buffer *buf, struct kbm_mmap_req *req);
bool kbm_dma_mem_maps_like_ram(const struct kbm_buffer *buf);

void *kbm_buffer_kmap(struct kbm_buffer *buf, pgoff_t pgoff,
		      struct page *page);
void kbm_buffer_kunmap(struct kbm_buffer *buf, struct page *page, void *kaddr);

#endif /* _KBM_CORE_DMA_MEM_H */
