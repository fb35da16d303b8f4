// SPDX-License-Identifier: GPL-2.0
/*
 * kbm_io.c - read(), write() and llseek() on a buffer.
 *
 * They go through the same pages that mmap() maps, so a store through a
 * shared mapping is seen by read() and a write() is seen by the mapping.
 */
#include <linux/fs.h>
#include <linux/gfp.h>
#include <linux/highmem.h>
#include <linux/module.h>
#include <linux/uaccess.h>
#include <kbufmap/kbufmap.h>
#include "kbm_dma_mem.h"

/*
 * Copy up to one page's worth; @to_user chooses the direction.  A hole
 * reads as zeros and is filled on write.  The local kmap keeps highmem
 * kernels right and may take the page faults the user copy can cause.
 *
 * A write goes through @bounce: copy_from_user() zero-fills whatever it
 * could not copy, and in the device's page that would destroy bytes the
 * write then does not report as written.  The bounce copy comes first, so
 * a hole is filled only when at least one byte arrived for it.
 *
 * Return: bytes copied (short when the user buffer faults), or -errno.
 */
static ssize_t kbm_copy_page(struct kbm_buffer *buf, pgoff_t pgoff,
			     unsigned int off, char __user *ubuf, size_t n,
			     bool to_user, void *bounce)
{
	struct page *page;
	char *kaddr;
	int err;

	if (!to_user) {
		n -= copy_from_user(bounce, (const char __user *)ubuf, n);
		if (!n)
			return 0;
	}
	err = kbm_buffer_page_get(buf, pgoff, !to_user, &page);
	if (err == -ENOENT)
		return n - clear_user(ubuf, n);
	if (err)
		return err;
	kaddr = kbm_buffer_kmap(buf, pgoff, page);
	if (to_user)
		n -= copy_to_user(ubuf, kaddr + off, n);
	else
		memcpy(kaddr + off, bounce, n);
	kbm_buffer_kunmap(buf, page, kaddr);
	return n;
}

static ssize_t kbm_buffer_rw(struct kbm_buffer *buf, char __user *ubuf,
			     size_t count, loff_t *ppos, bool to_user)
{
	loff_t pos = *ppos;
	void *bounce = NULL;
	size_t done = 0;
	ssize_t n = 0;

	if (pos < 0)
		return -EINVAL;
	if (!count)
		return 0;
	/* At or past the end: EOF for read(), no space for write(). */
	if (pos >= buf->cfg.size)
		return to_user ? 0 : -ENOSPC;
	/* Short transfer at the end; pos < size, so no overflow. */
	count = min_t(u64, count, buf->cfg.size - pos);
	if (!to_user) {
		bounce = (void *)__get_free_page(GFP_KERNEL);
		if (!bounce)
			return -ENOMEM;
	}

	while (done < count) {
		pgoff_t pgoff = (pos + done) >> PAGE_SHIFT;
		unsigned int off = (pos + done) & ~PAGE_MASK;
		size_t want = min_t(size_t, count - done, PAGE_SIZE - off);

		n = kbm_copy_page(buf, pgoff, off, ubuf + done, want, to_user,
				  bounce);
		if (n > 0)
			done += n;
		if ((size_t)n != want)
			break;
		cond_resched();
	}
	free_page((unsigned long)bounce);
	*ppos = pos + done;
	/* Report what was transferred before a fault, as read(2) does. */
	if (done)
		return done;
	return n < 0 ? n : -EFAULT;
}

/**
 * kbm_buffer_read() - read(2) from a buffer
 * @buf: the buffer
 * @ubuf: user destination
 * @count: bytes wanted
 * @ppos: file position, advanced by what was read
 *
 * Return: bytes read (short at the end of the buffer, 0 past it), or
 * -EFAULT, or -EINVAL for a negative position.
 */
ssize_t kbm_buffer_read(struct kbm_buffer *buf, char __user *ubuf,
			size_t count, loff_t *ppos)
{
	return kbm_buffer_rw(buf, ubuf, count, ppos, true);
}
EXPORT_SYMBOL_GPL(kbm_buffer_read);

/**
 * kbm_buffer_write() - write(2) to a buffer
 * @buf: the buffer
 * @ubuf: user source
 * @count: bytes offered
 * @ppos: file position, advanced by what was written
 *
 * Holes of on-demand and sparse buffers are filled as they are written.
 *
 * Return: bytes written (short at the end of the buffer), -ENOSPC at or
 * past the end, -EFAULT, -ENOMEM, or -EINVAL for a negative position.
 */
ssize_t kbm_buffer_write(struct kbm_buffer *buf, const char __user *ubuf,
			 size_t count, loff_t *ppos)
{
	return kbm_buffer_rw(buf, (char __user *)ubuf, count, ppos, false);
}
EXPORT_SYMBOL_GPL(kbm_buffer_write);

/**
 * kbm_buffer_llseek() - llseek(2) within a buffer
 * @buf: the buffer
 * @file: the file whose position moves
 * @offset: offset relative to @whence
 * @whence: SEEK_SET, SEEK_CUR or SEEK_END (the buffer's size)
 *
 * Return: the new position, or -EINVAL for an unknown @whence or a
 * negative result.  Positions past the end are allowed, as for files.
 */
loff_t kbm_buffer_llseek(struct kbm_buffer *buf, struct file *file,
			 loff_t offset, int whence)
{
	loff_t base;

	switch (whence) {
	case SEEK_SET:
		base = 0;
		break;
	case SEEK_CUR:
		base = file->f_pos;
		break;
	case SEEK_END:
		base = buf->cfg.size;
		break;
	default:
		return -EINVAL;
	}
	/* Both are non-negative here: base <= LLONG_MAX, so only check sums. */
	if (offset < -base || (offset > 0 && offset > LLONG_MAX - base))
		return -EINVAL;
	file->f_pos = base + offset;
	return file->f_pos;
}
EXPORT_SYMBOL_GPL(kbm_buffer_llseek);
