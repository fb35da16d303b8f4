// SPDX-License-Identifier: GPL-2.0
/*
 * kbm_dev.c - kbufmap.ko, the reference driver: /dev/kbufmap<N>.
 *
 * Each device is one kbufmap buffer described by module parameters.  The
 * driver is a thin user of the core, as any other driver would be: it
 * forwards mmap, read, write and llseek, and reports the buffer by ioctl.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/capability.h>
#include <linux/fs.h>
#include <linux/kernel.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <kbufmap/kbufmap.h>

#define KBM_MAX_DEVICES	32

static unsigned int count = 1;
module_param(count, uint, 0444);
MODULE_PARM_DESC(count, "number of devices /dev/kbufmap<N> (1-32, default 1)");

/*
 * Per-device lists: device N takes entry N, or the last entry given, so
 * "backend=pages" configures every device and "backend=contig,pages" two.
 */
static char *size[KBM_MAX_DEVICES];
static unsigned int n_size;
module_param_array(size, charp, &n_size, 0444);
MODULE_PARM_DESC(size, "buffer size in bytes, K/M/G suffixes allowed (default 1M)");

static char *backend[KBM_MAX_DEVICES];
static unsigned int n_backend;
module_param_array(backend, charp, &n_backend, 0444);
MODULE_PARM_DESC(backend, "contig, vmalloc or pages (default pages)");

static char *cache[KBM_MAX_DEVICES];
static unsigned int n_cache;
module_param_array(cache, charp, &n_cache, 0444);
MODULE_PARM_DESC(cache, "cached, wc or uncached (default cached; wc and uncached: x86, contig or pages)");

static char *fill[KBM_MAX_DEVICES];
static unsigned int n_fill;
module_param_array(fill, charp, &n_fill, 0444);
MODULE_PARM_DESC(fill, "pages backend: prealloc, ondemand or sparse (default prealloc)");

static char *populate[KBM_MAX_DEVICES];
static unsigned int n_populate;
module_param_array(populate, charp, &n_populate, 0444);
MODULE_PARM_DESC(populate, "eager (insert all pages at mmap), fault (on first touch), remap (no struct page in the PTEs: contig: one PFN remap; pages, prealloc: PFNs on first touch, 2 MiB runs by PMDs where the kernel can) or pmd (pages, prealloc, cached: on first touch, 2 MiB runs by PMDs where the kernel can) (default eager)");

struct kbm_dev {
	struct miscdevice misc;
	struct kbm_buffer *buf;
	char name[20];	/* "kbufmap" + any unsigned int */
};

static struct kbm_dev *kbm_devs;
static unsigned int kbm_ndevs;
/* /proc/driver/kbufmap exists (removing a missing entry warns). */
static bool kbm_proc_made;

static const char *const kbm_backend_names[] = { "contig", "vmalloc", "pages" };
static const char *const kbm_cache_names[] = { "cached", "wc", "uncached" };
static const char *const kbm_fill_names[] = { "prealloc", "ondemand", "sparse" };
static const char *const kbm_populate_names[] = {
	"eager", "fault", "remap", "pmd"
};

/* Entry @i of a parameter list, the last one for devices beyond it. */
static const char *kbm_param(char **list, unsigned int n, unsigned int i,
			     const char *dflt)
{
	if (!n)
		return dflt;
	return list[min(i, n - 1)];
}

static int kbm_parse_name(const char *param, unsigned int i, const char *val,
			  const char *const *names, unsigned int nr, u32 *out)
{
	unsigned int k;

	for (k = 0; k < nr; k++) {
		if (!strcmp(val, names[k])) {
			*out = k;
			return 0;
		}
	}
	/* Every list has two to four names. */
	pr_err("%s[%u]='%s' is not one of: %s %s %s %s\n", param, i, val,
	       names[0], names[1], nr > 2 ? names[2] : "",
	       nr > 3 ? names[3] : "");
	return -EINVAL;
}

/*
 * Largest size this kernel can describe: KBM_MAX_SIZE, or on 32-bit the
 * last whole page below 4 GiB (a size_t, rounded up to pages, must not
 * wrap).
 */
static u64 kbm_size_limit(void)
{
	return min_t(u64, KBM_MAX_SIZE, (size_t)PAGE_MASK);
}

/*
 * Decimal digits and an optional K, M or G, checked for overflow at every
 * step: memparse() wraps silently before v7.2, so 2^64 + 1 was 1 byte.
 */
static int kbm_parse_bytes(const char *s, u64 *out)
{
	unsigned int shift = 0;
	u64 v = 0;

	/* At least one digit. */
	if (*s < '0' || *s > '9')
		return -EINVAL;
	for (; *s >= '0' && *s <= '9'; s++) {
		/*
		 * v * 10 + digit must fit in 64 bits.  Constants only: 32-bit
		 * kernels have no 64-bit division (__udivdi3, __aeabi_uldivmod).
		 */
		if (v > ~0ULL / 10 ||
		    (v == ~0ULL / 10 && (unsigned int)(*s - '0') > ~0ULL % 10))
			return -ERANGE;
		v = v * 10 + (*s - '0');
	}
	switch (*s) {
	case 'K':
	case 'k':
		shift = 10;
		break;
	case 'M':
	case 'm':
		shift = 20;
		break;
	case 'G':
	case 'g':
		shift = 30;
		break;
	}
	/* Nothing may follow the suffix. */
	if (shift)
		s++;
	if (*s)
		return -EINVAL;
	/* The suffix must not shift bits out. */
	if (v > (~0ULL >> shift))
		return -ERANGE;
	*out = v << shift;
	return 0;
}

static int kbm_parse_size(unsigned int i, const char *val, size_t *out)
{
	u64 bytes;

	if (kbm_parse_bytes(val, &bytes) || !bytes ||
	    bytes > kbm_size_limit()) {
		pr_err("size[%u]='%s' must be 1 byte to %llu MiB, with an optional K, M or G\n",
		       i, val, (unsigned long long)kbm_size_limit() >> 20);
		return -EINVAL;
	}
	*out = bytes;
	return 0;
}

static int kbm_dev_config(unsigned int i, struct kbm_buffer_config *cfg)
{
	u32 b, c, f, p;
	int err;

	err = kbm_parse_size(i, kbm_param(size, n_size, i, "1M"), &cfg->size);
	err = err ?: kbm_parse_name("backend", i,
				    kbm_param(backend, n_backend, i, "pages"),
				    kbm_backend_names,
				    ARRAY_SIZE(kbm_backend_names), &b);
	err = err ?: kbm_parse_name("cache", i,
				    kbm_param(cache, n_cache, i, "cached"),
				    kbm_cache_names,
				    ARRAY_SIZE(kbm_cache_names), &c);
	err = err ?: kbm_parse_name("fill", i,
				    kbm_param(fill, n_fill, i, "prealloc"),
				    kbm_fill_names,
				    ARRAY_SIZE(kbm_fill_names), &f);
	err = err ?: kbm_parse_name("populate", i,
				    kbm_param(populate, n_populate, i, "eager"),
				    kbm_populate_names,
				    ARRAY_SIZE(kbm_populate_names), &p);
	if (err)
		return err;
	if (f != KBM_FILL_PREALLOC && b != KBM_BACKEND_PAGES) {
		pr_err("fill[%u]=%s needs backend=pages\n", i, kbm_fill_names[f]);
		return -EINVAL;
	}
	if (p == KBM_POPULATE_REMAP && b != KBM_BACKEND_CONTIG &&
	    (b != KBM_BACKEND_PAGES || f != KBM_FILL_PREALLOC)) {
		pr_err("populate[%u]=remap needs backend=contig, or backend=pages fill=prealloc\n",
		       i);
		return -EINVAL;
	}
	if (p == KBM_POPULATE_PMD &&
	    (b != KBM_BACKEND_PAGES || f != KBM_FILL_PREALLOC ||
	     c != KBM_CACHE_CACHED)) {
		pr_err("populate[%u]=pmd needs backend=pages fill=prealloc cache=cached\n",
		       i);
		return -EINVAL;
	}
	cfg->backend = b;
	cfg->cache = c;
	cfg->fill = f;
	cfg->populate = p;
	return 0;
}

static int kbm_dev_open(struct inode *inode, struct file *file)
{
	unsigned int i;

	/* Look the device up by minor: older misc_open() leaves private_data alone. */
	for (i = 0; i < kbm_ndevs; i++) {
		if (kbm_devs[i].misc.minor == iminor(inode)) {
			file->private_data = &kbm_devs[i];
			return 0;
		}
	}
	return -ENODEV;
}

static struct kbm_buffer *kbm_file_buffer(const struct file *file)
{
	return ((struct kbm_dev *)file->private_data)->buf;
}

static ssize_t kbm_dev_read(struct file *file, char __user *ubuf,
			    size_t count, loff_t *ppos)
{
	return kbm_buffer_read(kbm_file_buffer(file), ubuf, count, ppos);
}

static ssize_t kbm_dev_write(struct file *file, const char __user *ubuf,
			     size_t count, loff_t *ppos)
{
	return kbm_buffer_write(kbm_file_buffer(file), ubuf, count, ppos);
}

static loff_t kbm_dev_llseek(struct file *file, loff_t offset, int whence)
{
	return kbm_buffer_llseek(kbm_file_buffer(file), file, offset, whence);
}

static int kbm_dev_mmap(struct file *file, struct kbm_mmap_req *req)
{
	return kbm_buffer_mmap(kbm_file_buffer(file), req);
}

KBM_DEFINE_MMAP(kbm_dev_mmap);

/* Devices whose buffer PMDs can map: user addresses aligned to match. */
static unsigned long kbm_dev_get_unmapped_area(struct file *file,
					       unsigned long addr,
					       unsigned long len,
					       unsigned long pgoff,
					       unsigned long flags)
{
	return kbm_buffer_get_unmapped_area(kbm_file_buffer(file), file, addr,
					    len, pgoff, flags);
}

static long kbm_ioctl_phys(struct kbm_buffer *buf, struct kbm_phys __user *arg)
{
	struct kbm_phys phys;
	struct page *page;

	/* Physical addresses let a DMA engine scribble anywhere: root only. */
	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	if (copy_from_user(&phys, arg, sizeof(phys)))
		return -EFAULT;
	if (phys.pgoff >= buf->nr_pages)
		return -EINVAL;
	page = kbm_buffer_page(buf, phys.pgoff);
	phys.phys = page ? (u64)page_to_pfn(page) << PAGE_SHIFT : 0;
	return copy_to_user(arg, &phys, sizeof(phys)) ? -EFAULT : 0;
}

/* struct kbm_info as it first was, up to @flags */
#define KBM_INFO_SIZE_V1	(offsetof(struct kbm_info, flags) + sizeof(__u32))

static long kbm_dev_ioctl(struct file *file, unsigned int cmd,
			  unsigned long arg)
{
	struct kbm_buffer *buf = kbm_file_buffer(file);
	struct kbm_info info;

	/*
	 * KBM_IOC_INFO of any size up to today's: programs built against an
	 * older, shorter struct kbm_info get its leading part (fields are
	 * only added at the end).
	 */
	if (_IOC_TYPE(cmd) == KBM_IOC_MAGIC &&
	    _IOC_NR(cmd) == _IOC_NR(KBM_IOC_INFO) &&
	    _IOC_DIR(cmd) == _IOC_READ &&
	    _IOC_SIZE(cmd) >= KBM_INFO_SIZE_V1 &&
	    _IOC_SIZE(cmd) <= sizeof(info)) {
		kbm_buffer_info(buf, &info);
		if (copy_to_user((void __user *)arg, &info, _IOC_SIZE(cmd)))
			return -EFAULT;
		return 0;
	}
	switch (cmd) {
	case KBM_IOC_PHYS:
		return kbm_ioctl_phys(buf, (struct kbm_phys __user *)arg);
	default:
		return -ENOTTY;
	}
}

KBM_DEFINE_COMPAT_IOCTL(kbm_dev_ioctl);

/* /proc/driver/kbufmap: one line per device, for people and scripts. */
static int kbm_proc_show(struct seq_file *m, void *v)
{
	struct kbm_info info;
	unsigned int i;

	seq_puts(m, "device size backend cache fill populate pages_present maps highmem pmd_maps\n");
	for (i = 0; i < kbm_ndevs; i++) {
		kbm_buffer_info(kbm_devs[i].buf, &info);
		/* __u64 is unsigned long on some old 64-bit kernels. */
		seq_printf(m, "%s %llu %s %s %s %s %llu %u %llu %llu\n",
			   kbm_devs[i].name,
			   (unsigned long long)info.size,
			   kbm_backend_names[info.backend],
			   kbm_cache_names[info.cache], kbm_fill_names[info.fill],
			   kbm_populate_names[info.populate],
			   (unsigned long long)info.pages_present,
			   info.map_count,
			   (unsigned long long)info.highmem_pages,
			   (unsigned long long)info.pmd_maps);
	}
	return 0;
}

KBM_DEFINE_PROC_SHOW(kbm_proc_show);

static const struct file_operations kbm_dev_fops = {
	.owner = THIS_MODULE,
	.open = kbm_dev_open,
	.read = kbm_dev_read,
	.write = kbm_dev_write,
	.llseek = kbm_dev_llseek,
	KBM_FOP_IOCTL(kbm_dev_ioctl),
	KBM_FOP_MMAP(kbm_dev_mmap),
	KBM_FOP_FSYNC_NOTHING,
};

/* The same, for a buffer kbm_buffer_pmd_capable() says PMDs can map. */
static const struct file_operations kbm_dev_fops_pmd = {
	.owner = THIS_MODULE,
	.open = kbm_dev_open,
	.read = kbm_dev_read,
	.write = kbm_dev_write,
	.llseek = kbm_dev_llseek,
	.get_unmapped_area = kbm_dev_get_unmapped_area,
	KBM_FOP_IOCTL(kbm_dev_ioctl),
	KBM_FOP_MMAP(kbm_dev_mmap),
	KBM_FOP_FSYNC_NOTHING,
};

static void kbm_dev_destroy(unsigned int n)
{
	while (n--) {
		misc_deregister(&kbm_devs[n].misc);
		kbm_buffer_put(kbm_devs[n].buf);
	}
	kfree(kbm_devs);
}

/*
 * Why kbm_buffer_create() refuses a write-combined or uncached buffer: the
 * kernel's own mapping of the pages would stay cached.
 */
static const char kbm_refused_vmalloc[] =
	"the vmalloc backend's kernel mapping would stay cached (use backend=contig or pages)";
static const char kbm_refused_arch[] =
	"only x86 can change the memory type of RAM, so the kernel's mapping would stay cached";

/* Why kbm_buffer_create() refused, in words a module parameter can fix. */
static void kbm_dev_create_failed(unsigned int i,
				  const struct kbm_buffer_config *cfg, int err)
{
	switch (err) {
	case -E2BIG:
		pr_err("device %u: a contiguous buffer can be at most %lu KiB here (the page allocator's largest block), not %zu bytes\n",
		       i, (PAGE_SIZE << (KBM_NR_PAGE_ORDERS - 1)) >> 10,
		       cfg->size);
		break;
	case -EOPNOTSUPP:
		if (cfg->populate == KBM_POPULATE_REMAP &&
		    cfg->backend == KBM_BACKEND_PAGES) {
			pr_err("device %u: populate=remap of a page array refused: this kernel's fault handlers cannot map frames (use backend=contig)\n",
			       i);
			break;
		}
		pr_err("device %u: cache=%s refused: %s\n", i,
		       kbm_cache_names[cfg->cache],
		       cfg->backend == KBM_BACKEND_VMALLOC ?
		       kbm_refused_vmalloc : kbm_refused_arch);
		break;
	case -ENOMEM:
		pr_err("device %u: not enough memory for a %zu-byte %s buffer (%lu KiB available%s)\n",
		       i, cfg->size, kbm_backend_names[cfg->backend],
		       kbm_mem_available() << (PAGE_SHIFT - 10),
		       cfg->backend == KBM_BACKEND_CONTIG ?
		       ", not necessarily in one piece" : "");
		break;
	default:
		pr_err("device %u: cannot create a %zu-byte %s buffer: %d\n",
		       i, cfg->size, kbm_backend_names[cfg->backend], err);
	}
}

static int kbm_dev_create(unsigned int i)
{
	struct kbm_dev *dev = &kbm_devs[i];
	struct kbm_buffer_config cfg;
	int err;

	err = kbm_dev_config(i, &cfg);
	if (err)
		return err;
	dev->buf = kbm_buffer_create(&cfg);
	if (IS_ERR(dev->buf)) {
		err = PTR_ERR(dev->buf);
		kbm_dev_create_failed(i, &cfg, err);
		return err;
	}
	snprintf(dev->name, sizeof(dev->name), "kbufmap%u", i);
	dev->misc.minor = MISC_DYNAMIC_MINOR;
	dev->misc.name = dev->name;
	dev->misc.fops = kbm_buffer_pmd_capable(dev->buf) ? &kbm_dev_fops_pmd :
			 &kbm_dev_fops;
	err = misc_register(&dev->misc);
	if (err) {
		pr_err("device %u: misc_register failed: %d\n", i, err);
		kbm_buffer_put(dev->buf);
	}
	return err;
}

static int __init kbm_dev_init(void)
{
	unsigned int i;
	int err;

	if (count < 1 || count > KBM_MAX_DEVICES) {
		pr_err("count=%u must be 1 to %u\n", count, KBM_MAX_DEVICES);
		return -EINVAL;
	}
	kbm_devs = kcalloc(count, sizeof(*kbm_devs), GFP_KERNEL);
	if (!kbm_devs)
		return -ENOMEM;
	for (i = 0; i < count; i++) {
		err = kbm_dev_create(i);
		if (err) {
			kbm_dev_destroy(i);
			return err;
		}
	}
	kbm_ndevs = count;
	/* A status file is a convenience: the devices work without it. */
	kbm_proc_made = !!kbm_proc_create("driver/kbufmap",
					  KBM_PROC_OPS(kbm_proc_show));
	if (!kbm_proc_made)
		pr_info("no /proc/driver/kbufmap\n");
	pr_info("%u device(s), mapping through %s\n", count,
		kbm_req_uses_mmap_prepare() ? "mmap_prepare" : "mmap");
	return 0;
}

static void __exit kbm_dev_exit(void)
{
	if (kbm_proc_made)
		remove_proc_entry("driver/kbufmap", NULL);
	kbm_dev_destroy(kbm_ndevs);
}

module_init(kbm_dev_init);
module_exit(kbm_dev_exit);

MODULE_DESCRIPTION("kbufmap reference driver: /dev/kbufmap<N>");
MODULE_AUTHOR("kbufmap developers");
MODULE_LICENSE("GPL");
