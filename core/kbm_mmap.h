/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kbm_mmap.h - core-internal: what core/kbm_mmap.c decides about a
 * buffer's mappings, for the rest of the core.
 */
#ifndef _KBM_CORE_MMAP_H
#define _KBM_CORE_MMAP_H

#include <kbufmap/kbufmap.h>

bool kbm_buffer_remapped(const struct kbm_buffer *buf);

#endif /* _KBM_CORE_MMAP_H */
