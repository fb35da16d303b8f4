// SPDX-License-Identifier: GPL-2.0
/*
 * kbm_edu.c - kbufmap_edu.ko, a PCI driver for QEMU's "edu" device built on
 * kbufmap's public API only: the worked example of a DMA driver.
 *
 * Each device gets /dev/kbufmap-edu<N>: a kbufmap buffer mapped for the
 * device's DMA engine and mapped to user space at file offset 0, the
 * device's registers (BAR0) at KBM_EDU_BAR_OFFSET, an ioctl that moves a
 * range between the buffer and the device's 4 KiB buffer, and an ioctl
 * that brackets user space's access to the buffer (include/uapi/linux/
 * kbufmap.h).
 *
 * The device (QEMU hw/misc/edu.c): BAR0 holds, among others, 0x00 the
 * identification 0xRRrr00ed, 0x04 liveness (reads back the inverse of
 * what was written), 0x08 factorial, and the DMA engine: 0x80 source,
 * 0x88 destination, 0x90 count, 0x98 command (bit 0 start, bit 1 device
 * to RAM, bit 2 interrupt when done; bit 0 reads 1 until done).  The
 * engine reaches RAM through the device's DMA mask, 28 bits unless QEMU
 * is told otherwise (-device edu,dma_mask=...): higher addresses are
 * truncated, so the driver sets the same mask and the DMA API bounces or
 * remaps what lies above.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/capability.h>
#include <linux/delay.h>
#include <linux/fs.h>
#include <linux/io.h>
#include <linux/jiffies.h>
#include <linux/kernel.h>
#include <linux/kref.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/mutex.h>
#include <linux/pci.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <kbufmap/kbufmap.h>
#include "kbm_dma.h"	/* kbm_dma_set_mask() */

#define EDU_VENDOR		0x1234
#define EDU_DEVICE		0x11e8
#define EDU_REG_ID		0x00
#define EDU_REG_DMA_SRC		0x80
#define EDU_REG_DMA_DST		0x88
#define EDU_REG_DMA_COUNT	0x90
#define EDU_REG_DMA_CMD		0x98
#define EDU_CMD_START		0x1
#define EDU_CMD_TO_RAM		0x2
/* The device's buffer, as the DMA engine addresses it. */
#define EDU_DMA_BUF		0x40000
/* QEMU runs a transfer 100 ms (virtual time) after it is started. */
#define EDU_DMA_TIMEOUT_MS	2000
#define EDU_MAX_DEVICES		12

static unsigned int size_kb[EDU_MAX_DEVICES];
static unsigned int n_size_kb;
module_param_array(size_kb, uint, &n_size_kb, 0444);
MODULE_PARM_DESC(size_kb, "buffer size in KiB, per device (default 256)");

static char *backend[EDU_MAX_DEVICES];
static unsigned int n_backend;
module_param_array(backend, charp, &n_backend, 0444);
MODULE_PARM_DESC(backend, "contig, vmalloc, pages or dma (the device's coherent memory), per device (default pages)");

static char *cache[EDU_MAX_DEVICES];
static unsigned int n_cache;
module_param_array(cache, charp, &n_cache, 0444);
MODULE_PARM_DESC(cache, "cached, wc or uncached, per device (default cached)");

static char *fill[EDU_MAX_DEVICES];
static unsigned int n_fill;
module_param_array(fill, charp, &n_fill, 0444);
MODULE_PARM_DESC(fill, "prealloc, ondemand or sparse, per device (default prealloc)");

static char *populate[EDU_MAX_DEVICES];
static unsigned int n_populate;
module_param_array(populate, charp, &n_populate, 0444);
MODULE_PARM_DESC(populate, "eager, fault or remap (by PFN; 2 MiB runs by PMDs where the kernel can), per device (default eager, fault for ondemand and sparse)");

static unsigned int dma_bits = 28;
module_param(dma_bits, uint, 0444);
MODULE_PARM_DESC(dma_bits, "DMA address bits of the devices, as QEMU's dma_mask (20-32, default 28)");

struct kbm_edu {
	struct kref ref;
	struct pci_dev *pdev;
	void __iomem *regs;
	struct kbm_buffer *buf;
	struct miscdevice misc;
	/*
	 * One DMA at a time; regs and buf stay until removal sets gone.  Never
	 * held across a user copy: mmap() takes it under the mmap lock.
	 */
	struct mutex lock;
	bool gone;
	bool registered;
	unsigned int index;
	char name[24];
};

static DEFINE_MUTEX(kbm_edu_list_lock);
static struct kbm_edu *kbm_edu_devs[EDU_MAX_DEVICES];
/*
 * The slot of a device whose probe failed stays taken until the module
 * goes: device N is configured by entry N of the lists, N counted in the
 * order devices are probed, so one failure must not shift the rest.
 */
#define KBM_EDU_SLOT_FAILED	ERR_PTR(-ENODEV)

static const char *const kbm_edu_backends[] = { "contig", "vmalloc", "pages",
						  "dma" };
static const char *const kbm_edu_caches[] = { "cached", "wc", "uncached" };
static const char *const kbm_edu_fills[] = { "prealloc", "ondemand", "sparse" };
static const char *const kbm_edu_populates[] = { "eager", "fault", "remap" };

/* Entry @i of a list parameter, the last one beyond it, @dflt if empty. */
static int kbm_edu_param(char **list, unsigned int n, unsigned int i,
			 const char *const *names, unsigned int nr, int dflt,
			 const char *what)
{
	const char *val;
	unsigned int k;

	if (!n)
		return dflt;
	val = list[min(i, n - 1)];
	for (k = 0; k < nr; k++)
		if (!strcmp(val, names[k]))
			return k;
	pr_err("%s[%u]='%s' is not known\n", what, i, val);
	return -EINVAL;
}

static int kbm_edu_config(unsigned int i, struct kbm_buffer_config *cfg)
{
	u64 kb = n_size_kb ? size_kb[min(i, n_size_kb - 1)] : 256;
	int b, c, f, p;

	b = kbm_edu_param(backend, n_backend, i, kbm_edu_backends,
			  ARRAY_SIZE(kbm_edu_backends), KBM_BACKEND_PAGES,
			  "backend");
	c = kbm_edu_param(cache, n_cache, i, kbm_edu_caches,
			  ARRAY_SIZE(kbm_edu_caches), KBM_CACHE_CACHED, "cache");
	f = kbm_edu_param(fill, n_fill, i, kbm_edu_fills,
			  ARRAY_SIZE(kbm_edu_fills), KBM_FILL_PREALLOC, "fill");
	p = kbm_edu_param(populate, n_populate, i, kbm_edu_populates,
			  ARRAY_SIZE(kbm_edu_populates),
			  f == KBM_FILL_PREALLOC ? KBM_POPULATE_EAGER :
			  KBM_POPULATE_FAULT, "populate");
	if (b < 0 || c < 0 || f < 0 || p < 0)
		return -EINVAL;
	/* The DMA API allocates its memory whole... */
	if (b == KBM_BACKEND_DMA && f != KBM_FILL_PREALLOC) {
		pr_err("fill[%u]=%s: backend=dma is allocated whole (fill=prealloc)\n",
		       i, kbm_edu_fills[f]);
		return -EINVAL;
	}
	/* ...and gives cached or write-combined memory, never uncached. */
	if (b == KBM_BACKEND_DMA && c == KBM_CACHE_UNCACHED) {
		pr_err("cache[%u]=uncached: backend=dma is cached or wc\n", i);
		return -EINVAL;
	}
	/* ...and mapped whole: by the DMA API (eager) or by PFN (remap). */
	if (b == KBM_BACKEND_DMA && p == KBM_POPULATE_FAULT) {
		pr_err("populate[%u]=fault: backend=dma is mapped eager or remap\n",
		       i);
		return -EINVAL;
	}
	if (!kb || kb > (KBM_MAX_SIZE >> 10)) {
		pr_err("size_kb[%u]=%llu must be 1 to %llu\n", i,
		       (unsigned long long)kb, KBM_MAX_SIZE >> 10);
		return -EINVAL;
	}
	memset(cfg, 0, sizeof(*cfg));
	cfg->size = kb << 10;
	cfg->backend = b;
	cfg->cache = c;
	cfg->fill = f;
	cfg->populate = p;
	return 0;
}

static void kbm_edu_free(struct kref *ref)
{
	kfree(container_of(ref, struct kbm_edu, ref));
}

static int kbm_edu_open(struct inode *inode, struct file *file)
{
	unsigned int i;
	int err = -ENODEV;

	/* By minor: older misc_open() leaves private_data alone. */
	mutex_lock(&kbm_edu_list_lock);
	for (i = 0; i < EDU_MAX_DEVICES; i++) {
		struct kbm_edu *edu = kbm_edu_devs[i];

		if (edu && !IS_ERR(edu) && edu->registered &&
		    edu->misc.minor == iminor(inode)) {
			kref_get(&edu->ref);
			file->private_data = edu;
			err = 0;
			break;
		}
	}
	mutex_unlock(&kbm_edu_list_lock);
	return err;
}

static int kbm_edu_release(struct inode *inode, struct file *file)
{
	struct kbm_edu *edu = file->private_data;

	kref_put(&edu->ref, kbm_edu_free);
	return 0;
}

/* Lock a device that is still there, or say it is gone. */
static int kbm_edu_lock(struct kbm_edu *edu)
{
	mutex_lock(&edu->lock);
	if (!edu->gone)
		return 0;
	mutex_unlock(&edu->lock);
	return -ENODEV;
}

/* Offset 0 on: the buffer; KBM_EDU_BAR_OFFSET on: the registers. */
static int kbm_edu_mmap(struct file *file, struct kbm_mmap_req *req)
{
	struct kbm_edu *edu = file->private_data;
	pgoff_t bar = KBM_EDU_BAR_OFFSET >> PAGE_SHIFT;
	int err;

	err = kbm_edu_lock(edu);
	if (err)
		return err;
	if (kbm_req_pgoff(req) >= bar)
		err = kbm_mmio_mmap(req, pci_resource_start(edu->pdev, 0),
				    pci_resource_len(edu->pdev, 0), bar,
				    KBM_CACHE_UNCACHED);
	else
		err = kbm_buffer_mmap(edu->buf, req);
	mutex_unlock(&edu->lock);
	return err;
}

KBM_DEFINE_MMAP(kbm_edu_mmap);

/* For buffers whose runs PMDs can map: an address aligned to suit them. */
static unsigned long kbm_edu_get_unmapped_area(struct file *file,
					       unsigned long addr,
					       unsigned long len,
					       unsigned long pgoff,
					       unsigned long flags)
{
	struct kbm_edu *edu = file->private_data;
	unsigned long ret;
	int err;

	err = kbm_edu_lock(edu);
	if (err)
		return err;
	ret = kbm_buffer_get_unmapped_area(edu->buf, file, addr, len, pgoff,
					   flags);
	mutex_unlock(&edu->lock);
	return ret;
}

/* read(), write() and lseek() reach the buffer, while the device is there. */
static ssize_t kbm_edu_read(struct file *file, char __user *ubuf,
			    size_t count, loff_t *ppos)
{
	struct kbm_edu *edu = file->private_data;
	ssize_t ret = kbm_edu_lock(edu);

	if (ret)
		return ret;
	ret = kbm_buffer_read(edu->buf, ubuf, count, ppos);
	mutex_unlock(&edu->lock);
	return ret;
}

static ssize_t kbm_edu_write(struct file *file, const char __user *ubuf,
			     size_t count, loff_t *ppos)
{
	struct kbm_edu *edu = file->private_data;
	ssize_t ret = kbm_edu_lock(edu);

	if (ret)
		return ret;
	ret = kbm_buffer_write(edu->buf, ubuf, count, ppos);
	mutex_unlock(&edu->lock);
	return ret;
}

static loff_t kbm_edu_llseek(struct file *file, loff_t offset, int whence)
{
	struct kbm_edu *edu = file->private_data;
	loff_t ret = kbm_edu_lock(edu);

	if (ret)
		return ret;
	ret = kbm_buffer_llseek(edu->buf, file, offset, whence);
	mutex_unlock(&edu->lock);
	return ret;
}

/*
 * One transfer of at most the device's ring (KBM_EDU_DEV_SIZE, which
 * stops a byte short of the buffer's end), polled to completion.  The
 * engine takes 32-bit register writes; dma_bits <= 32 keeps every address
 * below 4 GiB.
 */
static int kbm_edu_transfer(struct kbm_edu *edu, dma_addr_t addr,
			    u32 dev_off, u32 n, bool to_ram)
{
	u32 dev = EDU_DMA_BUF + dev_off;
	unsigned long timeout;

	if (upper_32_bits(addr))
		return -EIO;
	writel(to_ram ? dev : lower_32_bits(addr), edu->regs + EDU_REG_DMA_SRC);
	writel(to_ram ? lower_32_bits(addr) : dev, edu->regs + EDU_REG_DMA_DST);
	writel(n, edu->regs + EDU_REG_DMA_COUNT);
	writel(EDU_CMD_START | (to_ram ? EDU_CMD_TO_RAM : 0),
	       edu->regs + EDU_REG_DMA_CMD);
	timeout = jiffies + msecs_to_jiffies(EDU_DMA_TIMEOUT_MS);
	while (readl(edu->regs + EDU_REG_DMA_CMD) & EDU_CMD_START) {
		if (time_after(jiffies, timeout))
			return -ETIMEDOUT;
		kbm_usleep_range(1000, 2000);
	}
	return 0;
}

static int kbm_edu_dma(struct kbm_edu *edu, struct kbm_edu_dma *req)
{
	size_t size = kbm_buffer_size(edu->buf);
	size_t contig;
	dma_addr_t addr;
	u32 done, dev, n;
	int err;

	/* No flags are defined; reserved stays zero for later use. */
	if (req->flags || req->reserved)
		return -EINVAL;
	/* One of the two directions. */
	if (req->dir != KBM_EDU_TO_DEVICE && req->dir != KBM_EDU_FROM_DEVICE)
		return -EINVAL;
	/* Bounded, so one call cannot hold the device for long. */
	if (req->len > KBM_EDU_DMA_MAX)
		return -EINVAL;
	/* Inside the device's buffer. */
	if (req->dev_offset >= KBM_EDU_DEV_SIZE)
		return -EINVAL;
	/* Inside the buffer; written not to overflow. */
	if (req->offset > size || req->len > size - req->offset)
		return -EINVAL;

	req->transfers = 0;
	err = kbm_edu_lock(edu);
	if (err)
		return err;
	for (done = 0; done < req->len; done += n) {
		addr = kbm_buffer_dma_addr(edu->buf, req->offset + done, &contig);
		/* Mapped at probe over the whole buffer: cannot be 0. */
		if (!contig) {
			err = -EIO;
			break;
		}
		dev = (req->dev_offset + done) % KBM_EDU_DEV_SIZE;
		n = min_t(size_t, req->len - done, KBM_EDU_DEV_SIZE - dev);
		n = min_t(size_t, n, contig);
		err = kbm_edu_transfer(edu, addr, dev, n,
				       req->dir == KBM_EDU_FROM_DEVICE);
		if (err)
			break;
		req->transfers++;
		if (fatal_signal_pending(current)) {
			err = -EINTR;
			break;
		}
	}
	mutex_unlock(&edu->lock);
	return err;
}

static long kbm_edu_ioctl_dma(struct kbm_edu *edu,
			      struct kbm_edu_dma __user *arg)
{
	struct kbm_edu_dma req = { 0 };
	int err;

	if (copy_from_user(&req, arg, sizeof(req)))
		return -EFAULT;
	err = kbm_edu_dma(edu, &req);
	if (err)
		return err;
	return copy_to_user(arg, &req, sizeof(req)) ? -EFAULT : 0;
}

/* DMA_BUF_IOCTL_SYNC's rules: START hands the range to the CPU, END back. */
static long kbm_edu_ioctl_sync(struct kbm_edu *edu, struct kbm_sync __user *arg)
{
	enum dma_data_direction dir;
	struct kbm_sync sync = { 0 };
	int err;

	if (copy_from_user(&sync, arg, sizeof(sync)))
		return -EFAULT;
	/* Only the flags that mean something. */
	if (sync.flags & ~KBM_SYNC_VALID_FLAGS)
		return -EINVAL;
	switch (sync.flags & KBM_SYNC_RW) {
	case KBM_SYNC_READ:
		dir = DMA_FROM_DEVICE;
		break;
	case KBM_SYNC_WRITE:
		dir = DMA_TO_DEVICE;
		break;
	case KBM_SYNC_RW:
		dir = DMA_BIDIRECTIONAL;
		break;
	default:
		/* Neither reading nor writing. */
		return -EINVAL;
	}
	/* size_t may be narrower than the ABI's __u64. */
	if (sync.offset > SIZE_MAX || sync.len > SIZE_MAX)
		return -EINVAL;
	err = kbm_edu_lock(edu);
	if (err)
		return err;
	if (sync.flags & KBM_SYNC_END)
		err = kbm_buffer_sync_for_device(edu->buf, sync.offset,
						 sync.len, dir);
	else
		err = kbm_buffer_sync_for_cpu(edu->buf, sync.offset, sync.len,
					      dir);
	mutex_unlock(&edu->lock);
	return err;
}

static long kbm_edu_ioctl_dma_addr(struct kbm_edu *edu,
				   struct kbm_dma_addr __user *arg)
{
	struct kbm_dma_addr da = { 0 };
	struct page *page;
	size_t contig;
	int err;

	/* Physical and bus addresses are for the administrator only. */
	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	if (copy_from_user(&da, arg, sizeof(da)))
		return -EFAULT;
	err = kbm_edu_lock(edu);
	if (err)
		return err;
	/* Inside the buffer. */
	if (da.offset >= kbm_buffer_size(edu->buf)) {
		mutex_unlock(&edu->lock);
		return -EINVAL;
	}
	da.dma_addr = kbm_buffer_dma_addr(edu->buf, da.offset, &contig);
	da.contig = contig;
	page = kbm_buffer_page(edu->buf, da.offset >> PAGE_SHIFT);
	da.phys = page ? ((u64)page_to_pfn(page) << PAGE_SHIFT) +
		  offset_in_page(da.offset) : 0;
	mutex_unlock(&edu->lock);
	return copy_to_user(arg, &da, sizeof(da)) ? -EFAULT : 0;
}

static long kbm_edu_ioctl(struct file *file, unsigned int cmd,
			  unsigned long arg)
{
	struct kbm_edu *edu = file->private_data;
	void __user *uarg = (void __user *)arg;
	struct kbm_info info;
	long err;

	switch (cmd) {
	case KBM_IOC_INFO:
		err = kbm_edu_lock(edu);
		if (err)
			break;
		kbm_buffer_info(edu->buf, &info);
		mutex_unlock(&edu->lock);
		err = copy_to_user(uarg, &info, sizeof(info)) ? -EFAULT : 0;
		break;
	case KBM_IOC_SYNC:
		err = kbm_edu_ioctl_sync(edu, uarg);
		break;
	case KBM_IOC_DMA_ADDR:
		err = kbm_edu_ioctl_dma_addr(edu, uarg);
		break;
	case KBM_IOC_EDU_DMA:
		err = kbm_edu_ioctl_dma(edu, uarg);
		break;
	default:
		err = -ENOTTY;
	}
	return err;
}

KBM_DEFINE_COMPAT_IOCTL(kbm_edu_ioctl);

static const struct file_operations kbm_edu_fops = {
	.owner = THIS_MODULE,
	.open = kbm_edu_open,
	.release = kbm_edu_release,
	.read = kbm_edu_read,
	.write = kbm_edu_write,
	.llseek = kbm_edu_llseek,
	KBM_FOP_IOCTL(kbm_edu_ioctl),
	KBM_FOP_MMAP(kbm_edu_mmap),
};

/* The same, for a buffer kbm_buffer_pmd_capable() says PMDs can map. */
static const struct file_operations kbm_edu_fops_pmd = {
	.owner = THIS_MODULE,
	.open = kbm_edu_open,
	.release = kbm_edu_release,
	.read = kbm_edu_read,
	.write = kbm_edu_write,
	.llseek = kbm_edu_llseek,
	.get_unmapped_area = kbm_edu_get_unmapped_area,
	KBM_FOP_IOCTL(kbm_edu_ioctl),
	KBM_FOP_MMAP(kbm_edu_mmap),
};

/* Claim a slot, and with it the device's number. */
static int kbm_edu_slot(struct kbm_edu *edu)
{
	unsigned int i;

	mutex_lock(&kbm_edu_list_lock);
	for (i = 0; i < EDU_MAX_DEVICES && kbm_edu_devs[i]; i++)
		;
	if (i < EDU_MAX_DEVICES) {
		edu->index = i;
		kbm_edu_devs[i] = edu;
	}
	mutex_unlock(&kbm_edu_list_lock);
	return i < EDU_MAX_DEVICES ? 0 : -ENOSPC;
}

static int kbm_edu_setup(struct kbm_edu *edu)
{
	struct pci_dev *pdev = edu->pdev;
	struct kbm_buffer_config cfg;
	struct sg_table *sgt;
	u32 id;
	int err;

	id = readl(edu->regs + EDU_REG_ID);
	if ((id & 0xff) != 0xed) {
		dev_err(&pdev->dev, "identification 0x%08x is not edu's\n", id);
		return -ENODEV;
	}
	err = kbm_edu_config(edu->index, &cfg);
	if (err)
		return err;
	cfg.dev = &pdev->dev;
	edu->buf = kbm_buffer_create(&cfg);
	if (IS_ERR(edu->buf)) {
		err = PTR_ERR(edu->buf);
		edu->buf = NULL;
		dev_err(&pdev->dev, "cannot create a %zu-byte buffer: %d\n",
			cfg.size, err);
		return err;
	}
	sgt = kbm_buffer_dma_map(edu->buf, &pdev->dev, DMA_BIDIRECTIONAL);
	if (IS_ERR(sgt)) {
		err = PTR_ERR(sgt);
		dev_err(&pdev->dev, "cannot map the buffer for DMA: %d%s\n", err,
			err == -ENXIO ? " (a sparse buffer with holes)" : "");
		return err;
	}
	dev_info(&pdev->dev, "edu %u.%u: %zu-byte %s buffer, %u DMA segment(s), %u-bit DMA\n",
		 id >> 24, (id >> 16) & 0xff, cfg.size,
		 kbm_edu_backends[cfg.backend], sgt->nents, dma_bits);
	return 0;
}

static void kbm_edu_teardown(struct kbm_edu *edu)
{
	if (edu->buf) {
		kbm_buffer_dma_unmap(edu->buf);
		kbm_buffer_put(edu->buf);
	}
	if (edu->regs)
		pci_iounmap(edu->pdev, edu->regs);
	pci_release_regions(edu->pdev);
	pci_disable_device(edu->pdev);
}

static int kbm_edu_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	struct kbm_edu *edu;
	int err;

	edu = kbm_kzalloc_obj(edu);
	if (!edu)
		return -ENOMEM;
	kref_init(&edu->ref);
	mutex_init(&edu->lock);
	edu->pdev = pdev;
	err = kbm_edu_slot(edu);
	if (err)
		goto out_free;
	err = pci_enable_device(pdev);
	if (err)
		goto out_slot;
	err = pci_request_regions(pdev, KBUILD_MODNAME);
	if (err) {
		pci_disable_device(pdev);
		goto out_slot;
	}
	pci_set_master(pdev);
	err = kbm_dma_set_mask(&pdev->dev, dma_bits);
	if (err) {
		dev_err(&pdev->dev, "no %u-bit DMA here: %d\n", dma_bits, err);
		goto out_teardown;
	}
	edu->regs = pci_iomap(pdev, 0, 0);
	err = -ENOMEM;
	if (!edu->regs)
		goto out_teardown;
	err = kbm_edu_setup(edu);
	if (err)
		goto out_teardown;

	snprintf(edu->name, sizeof(edu->name), "kbufmap-edu%u", edu->index);
	edu->misc.minor = MISC_DYNAMIC_MINOR;
	edu->misc.name = edu->name;
	edu->misc.fops = kbm_buffer_pmd_capable(edu->buf) ? &kbm_edu_fops_pmd :
			 &kbm_edu_fops;
	edu->misc.parent = &pdev->dev;
	err = misc_register(&edu->misc);
	if (err)
		goto out_teardown;
	mutex_lock(&kbm_edu_list_lock);
	edu->registered = true;
	mutex_unlock(&kbm_edu_list_lock);
	pci_set_drvdata(pdev, edu);
	return 0;

out_teardown:
	kbm_edu_teardown(edu);
out_slot:
	mutex_lock(&kbm_edu_list_lock);
	kbm_edu_devs[edu->index] = KBM_EDU_SLOT_FAILED;
	mutex_unlock(&kbm_edu_list_lock);
out_free:
	kref_put(&edu->ref, kbm_edu_free);
	return err;
}

static void kbm_edu_remove(struct pci_dev *pdev)
{
	struct kbm_edu *edu = pci_get_drvdata(pdev);

	misc_deregister(&edu->misc);
	mutex_lock(&kbm_edu_list_lock);
	edu->registered = false;
	kbm_edu_devs[edu->index] = NULL;
	mutex_unlock(&kbm_edu_list_lock);
	/* Open files keep @edu, but the device and its buffer's DMA go now. */
	mutex_lock(&edu->lock);
	edu->gone = true;
	kbm_edu_teardown(edu);
	mutex_unlock(&edu->lock);
	kref_put(&edu->ref, kbm_edu_free);
}

static const struct pci_device_id kbm_edu_ids[] = {
	{ PCI_DEVICE(EDU_VENDOR, EDU_DEVICE) },
	{ 0 }
};
MODULE_DEVICE_TABLE(pci, kbm_edu_ids);

static struct pci_driver kbm_edu_driver = {
	.name = "kbufmap_edu",
	.id_table = kbm_edu_ids,
	.probe = kbm_edu_probe,
	.remove = kbm_edu_remove,
};

static int __init kbm_edu_init(void)
{
	unsigned int i, n;
	struct kbm_buffer_config cfg;
	int err;

	/*
	 * The longest list, one max() at a time: three nested deep are "too
	 * long a token expansion" for sparse under RHEL 8's minmax.h.
	 */
	n = max(n_size_kb, n_backend);
	n = max(n, max(n_cache, n_fill));
	n = max(n, n_populate);

	if (dma_bits < 20 || dma_bits > 32) {
		pr_err("dma_bits=%u must be 20 to 32\n", dma_bits);
		return -EINVAL;
	}
	/* Every entry of the lists, before any device is probed. */
	for (i = 0; i < max(n, 1U); i++) {
		err = kbm_edu_config(i, &cfg);
		if (err)
			return err;
	}
	return pci_register_driver(&kbm_edu_driver);
}

static void __exit kbm_edu_exit(void)
{
	pci_unregister_driver(&kbm_edu_driver);
}

module_init(kbm_edu_init);
module_exit(kbm_edu_exit);

MODULE_DESCRIPTION("kbufmap example: QEMU's edu PCI device, DMA through a mapped buffer");
MODULE_AUTHOR("kbufmap developers");
MODULE_LICENSE("GPL");
