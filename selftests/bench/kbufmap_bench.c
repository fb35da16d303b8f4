// SPDX-License-Identifier: GPL-2.0
/*
 * kbufmap_bench.c - what a kbufmap mapping costs, next to the kernel's own
 * ways of giving user space memory, measured side by side in one boot.
 *
 * usage: kbufmap_bench [-k DIR] [-m MIB] [-r REPS] [-T SECONDS] [-q]
 *
 *   -k DIR      where kbufmap.ko is (kbufmap_core.ko must be loaded), and
 *               kbufmap_edu.ko for the DMA backend (with an edu device)
 *   -m MIB      largest populate size (default 1024; sizes double from 1)
 *   -r REPS     repetitions per point, the median is kept (default 5;
 *               3 from 256 MiB up)
 *   -T SECONDS  do not start a populate size that would end after this
 *               long (default 420)
 *   -q          quick: up to 16 MiB, 3 repetitions, small stream/copy sizes
 *
 * Three parts, each a Markdown table on stdout:
 *
 *  populate  allocation, mmap and first touch of every page, timed apart,
 *            for anonymous memory, memfd, udmabuf, the dma-heap system heap
 *            and every kbufmap backend x mapping method; ns per page and
 *            the ratio to "anon4k" (anonymous memory, transparent huge pages
 *            off for the process, one 4 KiB page per fault).  kbufmap
 *            allocates at module load, so its allocation is the time of
 *            finit_module() of a one-device kbufmap.ko of that size minus
 *            that of a 4 KiB one (the fixed cost of loading a module).
 *  stream    sequential read and write bandwidth through each mapping,
 *            already populated, against anonymous memory of the same size;
 *            cached, write-combined and uncached kbufmap buffers.
 *  copy      read()/write() on a kbufmap device against memcpy() from/to
 *            its mapping, 4 KiB to 64 MiB per transfer.
 *
 * Lines starting with "@" are data for the host (the plot).  Under QEMU's
 * TCG absolute times are emulated; only the ratios within one run mean
 * anything.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#include <linux/dma-heap.h>
#include <linux/kbufmap.h>
#include <linux/udmabuf.h>

#ifndef MFD_ALLOW_SEALING
#define MFD_ALLOW_SEALING 0x0002U
#endif
#ifndef F_ADD_SEALS
#define F_ADD_SEALS 1033
#define F_SEAL_SHRINK 0x0002
#endif
#ifndef PR_SET_THP_DISABLE
#define PR_SET_THP_DISABLE 41
#endif
#ifndef MADV_HUGEPAGE
#define MADV_HUGEPAGE 14
#endif

#define KIB		1024UL
#define MIB		(1024 * KIB)
#define PG		4096UL
#define HPAGE		(2 * MIB)
#define MAX_SIZES	16
#define MAX_REPS	15
#define FAULT_AROUND	"/sys/module/kbufmap_core/parameters/fault_around_pages"
#define CHUNK_ORDER	"/sys/module/kbufmap_core/parameters/chunk_max_order"

static const char *kodir = ".";
static int ko_fd = -1, edu_fd = -1;
static unsigned long max_mib = 1024;
static int reps = 5;
static double budget_s = 420;
static bool quick;
static double t_start;
static volatile uint64_t sink;

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static void die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fprintf(stderr, "kbufmap_bench: ");
	vfprintf(stderr, fmt, ap);
	fprintf(stderr, ": %s\n", strerror(errno));
	va_end(ap);
	exit(1);
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double median(const double *v, int n)
{
	double s[MAX_REPS];

	memcpy(s, v, n * sizeof(*v));
	qsort(s, n, sizeof(*s), cmp_double);
	return n % 2 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
}

static const char *size_str(size_t bytes)
{
	static char b[4][24];
	static int i;
	char *s = b[i++ % 4];

	if (bytes >= 1024 * MIB && !(bytes % (1024 * MIB)))
		snprintf(s, 24, "%zu GiB", bytes / (1024 * MIB));
	else if (bytes >= MIB && !(bytes % MIB))
		snprintf(s, 24, "%zu MiB", bytes / MIB);
	else
		snprintf(s, 24, "%zu KiB", bytes / KIB);
	return s;
}

/* ---- kbufmap.ko: one device per load ---------------------------------- */

static int kbm_load(const char *params)
{
	if (syscall(SYS_finit_module, ko_fd, params, 0))
		return -errno;
	return 0;
}

static void module_unload(const char *name)
{
	int i;

	/* The last mapping may still be going away: retry a little. */
	for (i = 0; i < 100; i++) {
		if (!syscall(SYS_delete_module, name, O_NONBLOCK))
			return;
		usleep(10000);
	}
	die("rmmod %s", name);
}

static void kbm_unload(void)
{
	module_unload("kbufmap");
}

/*
 * kbufmap_edu.ko with one edu device: the buffer is allocated when the
 * device is probed, during finit_module(); a probe that fails (no memory
 * that large) leaves the module loaded without /dev/kbufmap-edu0.
 */
static int edu_load(const char *params, int *dfd)
{
	if (syscall(SYS_finit_module, edu_fd, params, 0))
		return -errno;
	*dfd = open("/dev/kbufmap-edu0", O_RDWR);
	if (*dfd >= 0)
		return 0;
	module_unload("kbufmap_edu");
	return -ENOMEM;
}

static double edu_base = NAN;	/* the load of a 4 KiB DMA buffer's edu module */

static bool have_fault_around, have_chunk_order;

static void set_param(const char *path, unsigned int v)
{
	char b[16];
	int fd = open(path, O_WRONLY);

	if (fd < 0)
		die("%s", path);
	snprintf(b, sizeof(b), "%u\n", v);
	if (write(fd, b, strlen(b)) < 0)
		die("%s", path);
	close(fd);
}

/* FilePmdMapped of the whole process, in KiB (smaps_rollup). */
static long pmd_kib_now(void)
{
	char line[256];
	long kib = -1;
	FILE *f = fopen("/proc/self/smaps_rollup", "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "FilePmdMapped: %ld", &kib) == 1)
			break;
	fclose(f);
	return kib;
}

/*
 * KiB of a kbufmap mapping that PMDs map: smaps' FilePmdMapped counts the
 * page-backed ones (populate=pmd); the special PMDs of a PFN mapping
 * (populate=remap) are in no page walker's view, so the driver's count of
 * PMD faults (KBM_IOC_INFO pmd_maps, 2 MiB each) stands for them.
 */
static long pmd_kib_after(int fd)
{
	struct kbm_info info;
	long smaps = pmd_kib_now(), faults;

	if (ioctl(fd, KBM_IOC_INFO, &info))
		return smaps;
	faults = (long)info.pmd_maps * (HPAGE / KIB);
	return smaps > faults ? smaps : faults;
}

static void set_fault_around(unsigned int pages)
{
	char v[16];
	int fd;

	if (!have_fault_around)
		return;
	fd = open(FAULT_AROUND, O_WRONLY);
	if (fd < 0)
		die(FAULT_AROUND);
	snprintf(v, sizeof(v), "%u\n", pages);
	if (write(fd, v, strlen(v)) < 0)
		die(FAULT_AROUND);
	close(fd);
}

static unsigned int get_param(const char *path)
{
	char v[16] = "";
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		return 0;
	if (read(fd, v, sizeof(v) - 1) < 0)
		v[0] = 0;
	close(fd);
	return strtoul(v, NULL, 10);
}

static unsigned int get_fault_around(void)
{
	char v[16] = "";
	int fd = open(FAULT_AROUND, O_RDONLY);

	if (fd < 0)
		return 0;
	if (read(fd, v, sizeof(v) - 1) < 0)
		v[0] = 0;
	close(fd);
	return strtoul(v, NULL, 10);
}

/* ---- populate ----------------------------------------------------------- */

enum kind { ANON, ANON_THP, MEMFD, MEMFD_FILLED, UDMABUF, DMAHEAP, KBM, EDU };

#define F_POPULATE	1	/* MAP_POPULATE */
#define F_READ		2	/* first touch reads instead of writing */
#define F_FA		4	/* needs the fault_around_pages parameter */
#define F_THP		8	/* THP allowed for the process (PMD mappings) */
#define F_ORDER0	16	/* kbufmap_core chunk_max_order=0: single pages */

struct method {
	const char *id;
	const char *what;
	enum kind kind;
	int flags;
	const char *kbm;		/* kbufmap.ko (kbufmap_edu.ko) parameters */
	unsigned int fault_around;	/* 0: the module's default */
	/* results */
	bool skip;
	const char *why;
	size_t max_ok;			/* largest size that worked */
	size_t failed_at;
	int fail_err;
	/* per size: alloc, map, touch, total, free; ns per page */
	double r[MAX_SIZES][5];
	bool have[MAX_SIZES];
	/* PMD-mapped KiB of the mapping after the touch (smaps), last run */
	long pmd_kib[MAX_SIZES];
};

#define KBM(be, fill, pop)	"backend=" be " fill=" fill " populate=" pop

static struct method methods[] = {
	{ "anon4k", "anonymous, THP off for the process, one 4 KiB page per fault (the reference)", ANON, 0 },
	{ "anon4k-populate", "anonymous, THP off, MAP_POPULATE", ANON, F_POPULATE },
	{ "anon-thp", "anonymous, MADV_HUGEPAGE: 2 MiB pages", ANON_THP, 0 },
	{ "memfd", "memfd (shmem), MAP_SHARED, write faults", MEMFD, 0 },
	{ "memfd-populate", "memfd, MAP_POPULATE", MEMFD, F_POPULATE },
	{ "memfd-faultaround", "memfd filled with write() (in alloc: pages in the page cache, up to date), then read faults: the kernel's fault-around (map_pages, fault_around_bytes)", MEMFD_FILLED, F_READ },
	{ "udmabuf", "memfd + UDMABUF_CREATE (pins, allocates), mmap of the dma-buf", UDMABUF, 0 },
	{ "dmaheap-system", "/dev/dma_heap/system: DMA_HEAP_IOCTL_ALLOC, mmap of the dma-buf", DMAHEAP, 0 },
	{ "kbm-pages-eager", "kbufmap pages, prealloc, populate=eager (batched insertion at mmap); allocated in high-order chunks, split", KBM, 0, KBM("pages", "prealloc", "eager") },
	{ "kbm-pages-eager-order0", "kbm-pages-eager allocated one page at a time (kbufmap_core chunk_max_order=0, as before high-order chunks)", KBM, F_ORDER0, KBM("pages", "prealloc", "eager") },
	{ "kbm-pages-pmd", "kbufmap pages, prealloc, populate=pmd: 2 MiB runs kept whole and mapped by one PMD each on first touch (THP allowed for the process)", KBM, F_THP, KBM("pages", "prealloc", "pmd") },
	{ "kbm-pages-pmd-populate", "kbufmap pages, populate=pmd, MAP_POPULATE", KBM, F_THP | F_POPULATE, KBM("pages", "prealloc", "pmd") },
	{ "kbm-pages-remap", "kbufmap pages, prealloc, populate=remap: frames by PFN on first touch, no struct page behind the mapping; aligned 2 MiB runs by one special PMD each where the kernel can (THP allowed for the process)", KBM, F_THP, KBM("pages", "prealloc", "remap") },
	{ "kbm-pages-fault1", "kbufmap pages, prealloc, populate=fault, one page per fault (fault_around_pages=1)", KBM, F_FA, KBM("pages", "prealloc", "fault"), 1 },
	{ "kbm-pages-fault", "kbufmap pages, prealloc, populate=fault (default fault-around window)", KBM, 0, KBM("pages", "prealloc", "fault") },
	{ "kbm-pages-fault512", "kbufmap pages, prealloc, populate=fault, fault_around_pages=512 (a page table)", KBM, F_FA, KBM("pages", "prealloc", "fault"), 512 },
	{ "kbm-pages-fault-populate", "kbufmap pages, prealloc, populate=fault, MAP_POPULATE", KBM, F_POPULATE, KBM("pages", "prealloc", "fault") },
	{ "kbm-pages-ondemand", "kbufmap pages, fill=ondemand: a page allocated per fault", KBM, 0, KBM("pages", "ondemand", "fault") },
	{ "kbm-vmalloc-eager", "kbufmap vmalloc, populate=eager", KBM, 0, KBM("vmalloc", "prealloc", "eager") },
	{ "kbm-vmalloc-fault", "kbufmap vmalloc, populate=fault", KBM, 0, KBM("vmalloc", "prealloc", "fault") },
	{ "kbm-contig-eager", "kbufmap contig, populate=eager", KBM, 0, KBM("contig", "prealloc", "eager") },
	{ "kbm-contig-remap", "kbufmap contig, populate=remap: one remap_pfn_range at mmap; from 2 MiB on, where the kernel maps frames by PMD, by PFN on first touch, 2 MiB runs by special PMDs (THP allowed for the process)", KBM, F_THP, KBM("contig", "prealloc", "remap") },
	{ "kbm-contig-fault", "kbufmap contig, populate=fault", KBM, 0, KBM("contig", "prealloc", "fault") },
	{ "kbm-dma-eager", "kbufmap_edu.ko, backend=dma: an edu device's coherent DMA memory, one block (beyond 4 MiB from the CMA area, cma= on the command line), mapped by the DMA API (dma_mmap_attrs(), or its PFN remap)", EDU, 0, "backend=dma populate=eager" },
	{ "kbm-dma-remap", "kbufmap_edu.ko, backend=dma, populate=remap: the same block by PFN on first touch, 2 MiB runs by special PMDs where the kernel can (THP allowed for the process)", EDU, F_THP, "backend=dma populate=remap" },
};
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#define NMETHODS	ARRAY_SIZE(methods)

static size_t sizes[MAX_SIZES];
static int nsizes;
static double kbm_base[MAX_SIZES][2];	/* load, unload of a 4 KiB device */
static double kbm_load_min, kbm_load_max;
static int heap_fd = -1, udmabuf_fd = -1;

struct run {
	double alloc, map, touch, free;
	long pmd_kib;
};

static void touch(char *p, size_t size, bool rd)
{
	size_t off;
	uint64_t s = 0;

	if (rd) {
		for (off = 0; off < size; off += PG)
			s += ((volatile char *)p)[off];
		sink += s;
	} else {
		for (off = 0; off < size; off += PG)
			((volatile char *)p)[off] = 1;
	}
}

static long thp_kib(void)
{
	char line[256];
	long kib = -1;
	FILE *f = fopen("/proc/self/smaps_rollup", "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "AnonHugePages: %ld", &kib) == 1)
			break;
	fclose(f);
	return kib;
}

static long thp_seen = -1;

/* One allocation + mapping + first touch + teardown.  Return 0 or -errno. */
static int populate_once(struct method *m, size_t size, struct run *r)
{
	int prot = PROT_READ | PROT_WRITE;
	int mflags = (m->flags & F_POPULATE) ? MAP_POPULATE : 0;
	double t0, t1, t2 = 0, t3 = 0, t4;
	int fd = -1, dfd = -1, err = 0;
	char *p, *raw = NULL;
	char params[256];

	t0 = now();
	switch (m->kind) {
	case ANON:
	case ANON_THP:
		break;
	case MEMFD:
	case MEMFD_FILLED:
	case UDMABUF:
		fd = memfd_create("bench", m->kind == UDMABUF ? MFD_ALLOW_SEALING : 0);
		if (fd < 0 || ftruncate(fd, size))
			return -errno;
		/*
		 * map_pages maps only up-to-date page-cache pages: fallocate()d
		 * shmem pages are not, written ones are.
		 */
		if (m->kind == MEMFD_FILLED) {
			static char zeros[256 * KIB];
			size_t off;

			for (off = 0; off < size; off += sizeof(zeros))
				if (pwrite(fd, zeros, sizeof(zeros), off) != sizeof(zeros)) {
					err = -errno;
					close(fd);
					return err ?: -EIO;
				}
		}
		if (m->kind == UDMABUF) {
			struct udmabuf_create c = {
				.memfd = fd, .flags = UDMABUF_FLAGS_CLOEXEC,
				.offset = 0, .size = size,
			};

			if (fcntl(fd, F_ADD_SEALS, F_SEAL_SHRINK) < 0)
				return -errno;
			dfd = ioctl(udmabuf_fd, UDMABUF_CREATE, &c);
			if (dfd < 0) {
				err = -errno;
				close(fd);
				return err;
			}
		}
		break;
	case DMAHEAP: {
		struct dma_heap_allocation_data d = {
			.len = size, .fd_flags = O_RDWR | O_CLOEXEC,
		};

		if (ioctl(heap_fd, DMA_HEAP_IOCTL_ALLOC, &d) < 0)
			return -errno;
		dfd = d.fd;
		break;
	}
	case EDU:
		snprintf(params, sizeof(params), "size_kb=%zu dma_bits=32 %s", size / KIB, m->kbm);
		err = edu_load(params, &dfd);
		if (err)
			return err;
		break;
	case KBM:
		snprintf(params, sizeof(params), "count=1 size=%zu %s", size, m->kbm);
		err = kbm_load(params);
		if (err)
			return err;
		dfd = open("/dev/kbufmap0", O_RDWR);
		if (dfd < 0)
			die("/dev/kbufmap0");
		break;
	}
	t1 = now();

	switch (m->kind) {
	case ANON:
		p = mmap(NULL, size, prot, MAP_PRIVATE | MAP_ANONYMOUS | mflags, -1, 0);
		break;
	case ANON_THP:
		/* A 2 MiB-aligned range, so that every 2 MiB can be one page. */
		raw = mmap(NULL, size + HPAGE, prot, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (raw == MAP_FAILED) {
			p = MAP_FAILED;
			break;
		}
		p = (char *)(((uintptr_t)raw + HPAGE - 1) & ~(HPAGE - 1));
		if (p > raw)
			munmap(raw, p - raw);
		munmap(p + size, raw + HPAGE - p);
		if (madvise(p, size, MADV_HUGEPAGE))
			die("MADV_HUGEPAGE");
		break;
	case MEMFD:
	case MEMFD_FILLED:
		p = mmap(NULL, size, prot, MAP_SHARED | mflags, fd, 0);
		break;
	default:
		p = mmap(NULL, size, prot, MAP_SHARED | mflags, dfd, 0);
		break;
	}
	if (p == MAP_FAILED) {
		err = -errno;
		goto out;
	}
	t2 = now();
	touch(p, size, m->flags & F_READ);
	t3 = now();
	if (m->kind == ANON_THP && size >= 64 * MIB)
		thp_seen = thp_kib();
	if (m->kind == KBM || m->kind == EDU)
		r->pmd_kib = pmd_kib_after(dfd);
	munmap(p, size);
out:
	if (fd >= 0)
		close(fd);
	if (dfd >= 0)
		close(dfd);
	if (m->kind == KBM)
		kbm_unload();
	if (m->kind == EDU)
		module_unload("kbufmap_edu");
	t4 = now();
	if (err)
		return err;
	r->alloc = t1 - t0;
	r->map = t2 - t1;
	r->touch = t3 - t2;
	r->free = t4 - t3;
	return 0;
}

/*
 * Whatever a teardown left to the kernel's workers (RCU callbacks, freeing
 * a module's memory, lazy vunmap purges) runs now: one host thread
 * emulates every vCPU, so it would otherwise eat into the next timing.
 */
static void settle(void)
{
	usleep(20000);
}

/* The fixed cost of loading and unloading kbufmap.ko: a 4 KiB device. */
static void kbm_baseline_once(double *load, double *unload)
{
	double t0 = now();

	if (kbm_load("count=1 size=4096 backend=pages"))
		die("insmod kbufmap.ko size=4096");
	*load = now() - t0;
	t0 = now();
	kbm_unload();
	*unload = now() - t0;
	settle();
}

/*
 * The fixed cost of loading kbufmap_edu.ko and probing its device with a
 * 4 KiB DMA buffer, the least of three (the first also translates the
 * loader's code under TCG); NAN without an edu device.
 */
static void edu_baseline(void)
{
	int k, dfd;

	for (k = 0; k < 3; k++) {
		double t0 = now(), t;

		if (edu_load("size_kb=4 dma_bits=32 backend=dma", &dfd))
			return;
		t = now() - t0;
		close(dfd);
		module_unload("kbufmap_edu");
		edu_base = isnan(edu_base) ? t : fmin(edu_base, t);
		settle();
	}
}

static void thp_set(bool on)
{
	if (prctl(PR_SET_THP_DISABLE, on ? 0 : 1, 0, 0, 0))
		die("PR_SET_THP_DISABLE");
}

static struct method *method(const char *id)
{
	unsigned int i;

	for (i = 0; i < NMETHODS; i++)
		if (!strcmp(methods[i].id, id))
			return &methods[i];
	return NULL;
}

static double ratio(const struct method *m, int s, int col)
{
	const struct method *a = method("anon4k");

	if (!m->have[s] || !a->have[s] || a->r[s][3] <= 0)
		return NAN;
	return m->r[s][col] / a->r[s][3];
}

static void run_populate(void)
{
	unsigned int default_fa = get_fault_around();
	unsigned int default_order = get_param(CHUNK_ORDER);
	double last_size_s = 0;
	unsigned int i;
	int s, k, last_n = 1;

	for (i = 0; i < NMETHODS; i++) {
		struct method *m = &methods[i];

		if ((m->flags & F_FA) && !have_fault_around) {
			m->skip = true;
			m->why = "kbufmap_core has no fault_around_pages parameter";
		} else if ((m->flags & F_ORDER0) && !have_chunk_order) {
			m->skip = true;
			m->why = "kbufmap_core has no chunk_max_order parameter";
		} else if (m->kind == UDMABUF && udmabuf_fd < 0) {
			m->skip = true;
			m->why = "no /dev/udmabuf in this kernel";
		} else if (m->kind == DMAHEAP && heap_fd < 0) {
			m->skip = true;
			m->why = "no /dev/dma_heap/system in this kernel";
		} else if (m->kind == EDU && isnan(edu_base)) {
			m->skip = true;
			m->why = "no kbufmap_edu.ko with an edu device (bench.sh adds one)";
		}
	}

	/* The first loads also translate the module loader's code (TCG). */
	for (k = 0; k < 3; k++) {
		double l, u;

		kbm_baseline_once(&l, &u);
	}
	kbm_load_min = INFINITY;
	kbm_load_max = 0;
	for (s = 0; s < nsizes; s++) {
		size_t size = sizes[s];
		int n = size >= 256 * MIB && reps > 3 ? 3 : reps;
		double v[NMETHODS][MAX_REPS][5], t_size = now();
		double bl[MAX_REPS], bu[MAX_REPS], base, ubase;
		bool ok[NMETHODS] = { 0 };

		/* Twice the size, twice the time: stop before the budget runs out. */
		if (s && (t_size - t_start) / 1e9 + 2 * last_size_s * n / last_n > budget_s) {
			printf("\n**Populate stopped before %s**: at %.0f s, and that size would take "
			       "about %.0f s more, past the %g s budget.\n", size_str(size),
			       (t_size - t_start) / 1e9, 2 * last_size_s * n / last_n, budget_s);
			nsizes = s;
			break;
		}
		/* Interleaved: every method once, then again, so drift hits all. */
		for (k = 0; k < n; k++) {
			kbm_baseline_once(&bl[k], &bu[k]);
			kbm_load_min = fmin(kbm_load_min, bl[k]);
			kbm_load_max = fmax(kbm_load_max, bl[k]);
			for (i = 0; i < NMETHODS; i++) {
				struct method *m = &methods[i];
				struct run r = { 0 };
				int err;

				if (m->skip || (m->failed_at && size >= m->failed_at))
					continue;
				if (m->kind == KBM)
					set_fault_around(m->fault_around ?: default_fa);
				if (m->flags & F_ORDER0)
					set_param(CHUNK_ORDER, 0);
				if (m->kind == ANON_THP || (m->flags & F_THP))
					thp_set(true);
				err = populate_once(m, size, &r);
				if (m->kind == ANON_THP || (m->flags & F_THP))
					thp_set(false);
				if (m->flags & F_ORDER0)
					set_param(CHUNK_ORDER, default_order);
				m->pmd_kib[s] = r.pmd_kib;
				settle();
				if (err) {
					m->failed_at = size;
					m->fail_err = -err;
					continue;
				}
				v[i][k][0] = r.alloc;
				v[i][k][1] = r.map;
				v[i][k][2] = r.touch;
				v[i][k][3] = r.alloc + r.map + r.touch;
				v[i][k][4] = r.free;
				ok[i] = true;
			}
		}
		set_fault_around(default_fa);
		/* Loading a module is not allocating: less the 4 KiB module's load. */
		base = median(bl, n);
		ubase = median(bu, n);
		kbm_base[s][0] = base;
		kbm_base[s][1] = ubase;
		for (i = 0; i < NMETHODS; i++) {
			struct method *m = &methods[i];
			double tot[MAX_REPS], med;
			int best = 0, c;

			if (!ok[i] || (m->failed_at && size >= m->failed_at))
				continue;
			for (k = 0; k < n && m->kind == KBM; k++) {
				v[i][k][0] = fmax(v[i][k][0] - base, 0);
				v[i][k][4] = fmax(v[i][k][4] - ubase, 0);
				v[i][k][3] = v[i][k][0] + v[i][k][1] + v[i][k][2];
			}
			/* The edu module's own load and probe, measured at start. */
			for (k = 0; k < n && m->kind == EDU; k++) {
				v[i][k][0] = fmax(v[i][k][0] - edu_base, 0);
				v[i][k][3] = v[i][k][0] + v[i][k][1] + v[i][k][2];
			}
			/* The repetition with the median total, all its phases. */
			for (k = 0; k < n; k++)
				tot[k] = v[i][k][3];
			med = median(tot, n);
			for (k = 1; k < n; k++)
				if (fabs(tot[k] - med) < fabs(tot[best] - med))
					best = k;
			for (c = 0; c < 5; c++)
				m->r[s][c] = v[i][best][c] / (size / PG);
			m->r[s][3] = med / (size / PG);
			m->have[s] = true;
			m->max_ok = size;
		}
		last_size_s = (now() - t_size) / 1e9;
		last_n = n;
		fprintf(stderr, "kbufmap_bench: populate %s done at %.0f s\n",
			size_str(size), (now() - t_start) / 1e9);
	}
}

/*
 * Growth of the total cost with size: the exponent b of total = a * size^b
 * fitted over the sizes from 16 MiB up (1.0 = linear, i.e. a constant cost
 * per page).  Smaller kbufmap buffers allocate in less time than the
 * jitter of loading a module.
 */
static double growth(const struct method *m)
{
	double sx = 0, sy = 0, sxx = 0, sxy = 0;
	int s, n = 0;

	for (s = 0; s < nsizes; s++) {
		double x, y;

		if (!m->have[s] || sizes[s] < 16 * MIB)
			continue;
		x = log((double)sizes[s]);
		y = log(m->r[s][3] * (sizes[s] / PG));
		sx += x;
		sy += y;
		sxx += x * x;
		sxy += x * y;
		n++;
	}
	if (n < 3)
		return NAN;
	return (n * sxy - sx * sy) / (n * sxx - sx * sx);
}

static void fmt(char *b, size_t n, double v, const char *f)
{
	if (isnan(v))
		snprintf(b, n, "–");
	else
		snprintf(b, n, f, v);
}

static int ref_size_index(void)
{
	int s, best = -1;

	/* 256 MiB, or the largest measured size below it. */
	for (s = 0; s < nsizes; s++)
		if (sizes[s] <= 256 * MIB)
			best = s;
	return best;
}

static void print_populate(void)
{
	int rs = ref_size_index(), s;
	unsigned int i;
	char a[32], b[32], c[32], d[32], e[32], f[32], g[32], h[32];

	if (rs < 0)
		return;
	printf("\n### Populate: allocation + mmap + first touch, %s, ns per 4 KiB page\n\n",
	       size_str(sizes[rs]));
	printf("Median of %d (%d from 256 MiB) repetitions, methods interleaved. "
	       "Ratios are to anon4k's total at the same size; \"map+touch\" is the cost "
	       "of mapping an already allocated buffer.  kbufmap's alloc is finit_module() "
	       "of a one-device kbufmap.ko minus that of a 4 KiB one loaded in the same repetitions "
	       "(%.0f µs; rmmod %.0f µs).  Each teardown is followed by 20 ms of idle.\n\n",
	       reps, reps > 3 ? 3 : reps, kbm_base[rs][0] / 1e3, kbm_base[rs][1] / 1e3);
	printf("| method | alloc | mmap | touch | total | ratio | map+touch ratio | free | growth | largest |\n");
	printf("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
	for (i = 0; i < NMETHODS; i++) {
		struct method *m = &methods[i];
		char big[64];

		if (m->skip) {
			printf("| %s | – | – | – | – | – | – | – | – | skipped: %s |\n", m->id, m->why);
			continue;
		}
		if (m->failed_at)
			snprintf(big, sizeof(big), "%s (%s fails: %s)", m->max_ok ? size_str(m->max_ok) : "none",
				 size_str(m->failed_at), strerror(m->fail_err));
		else
			snprintf(big, sizeof(big), "%s", size_str(m->max_ok));
		if (!m->have[rs]) {
			printf("| %s | – | – | – | – | – | – | – | – | %s |\n", m->id, big);
			continue;
		}
		fmt(a, 32, m->r[rs][0], "%.0f");
		fmt(b, 32, m->r[rs][1], "%.0f");
		fmt(c, 32, m->r[rs][2], "%.0f");
		fmt(d, 32, m->r[rs][3], "%.0f");
		fmt(e, 32, ratio(m, rs, 3), "%.3f");
		fmt(f, 32, (m->r[rs][1] + m->r[rs][2]) / method("anon4k")->r[rs][3], "%.3f");
		fmt(g, 32, m->r[rs][4], "%.0f");
		fmt(h, 32, growth(m), "%.2f");
		printf("| %s | %s | %s | %s | %s | **%s** | %s | %s | %s | %s |\n",
		       m->id, a, b, c, d, e, f, g, h, big);
	}
	printf("\n\"growth\": exponent b of total = a·size^b fitted from 16 MiB up "
	       "(1.00 = linear in size, a constant cost per page).  Loading the 4 KiB module took "
	       "%.0f–%.0f µs: below 16 MiB, kbufmap's allocation is within that jitter.\n",
	       kbm_load_min / 1e3, kbm_load_max / 1e3);

	printf("\n### Populate: total ns per page (ratio to anon4k) by buffer size\n\n| method |");
	for (s = 0; s < nsizes; s++)
		printf(" %s |", size_str(sizes[s]));
	printf("\n|---|");
	for (s = 0; s < nsizes; s++)
		printf("---:|");
	printf("\n");
	for (i = 0; i < NMETHODS; i++) {
		struct method *m = &methods[i];

		if (m->skip)
			continue;
		printf("| %s |", m->id);
		for (s = 0; s < nsizes; s++) {
			if (m->have[s])
				printf(" %.0f (%.2f) |", m->r[s][3], ratio(m, s, 3));
			else
				printf(" – |");
		}
		printf("\n");
	}
	printf("\nMethods:\n\n");
	for (i = 0; i < NMETHODS; i++)
		printf("- `%s`: %s\n", methods[i].id, methods[i].what);
	if (thp_seen >= 0)
		printf("\nanon-thp really got huge pages: AnonHugePages %ld KiB after touching its largest buffer.\n",
		       thp_seen);

	/* data for the plot: one block per method, size in MiB, ns per page */
	for (i = 0; i < NMETHODS; i++) {
		struct method *m = &methods[i];

		if (m->skip || !m->max_ok)
			continue;
		printf("@plot \"%s\" \"ns/page\"\n", m->id);
		for (s = 0; s < nsizes; s++)
			if (m->have[s])
				printf("@plot %g %.1f\n", (double)sizes[s] / MIB, m->r[s][3]);
		printf("@plot\n@plot\n");
	}
}

/* Anonymous memory, 2 MiB-aligned for huge pages if @thp. */
static char *anon(size_t size, bool thp)
{
	char *raw, *p;

	if (!thp) {
		p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (p == MAP_FAILED)
			die("mmap anon");
		return p;
	}
	raw = mmap(NULL, size + HPAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (raw == MAP_FAILED)
		die("mmap anon");
	p = (char *)(((uintptr_t)raw + HPAGE - 1) & ~(HPAGE - 1));
	if (p > raw)
		munmap(raw, p - raw);
	munmap(p + size, raw + HPAGE - p);
	madvise(p, size, MADV_HUGEPAGE);
	return p;
}

/* ---- the zeroing floor -------------------------------------------------- */

/*
 * Every method that hands out freshly allocated memory zeroes it, with the
 * kernel's clear_page(): "rep stosb" when the CPU has ERMS, "rep stosq"
 * with REP_GOOD, else an unrolled loop of 8-byte stores.  The same three,
 * here in user space on a populated buffer, give about the cost of zeroing
 * a 4 KiB page on this (virtual) CPU, which every allocation pays.
 */
static void zero_stosb(void *p)
{
	unsigned long n = PG;

	__asm__ volatile("rep stosb" : "+D"(p), "+c"(n) : "a"(0) : "memory");
}

static void zero_stosq(void *p)
{
	unsigned long n = PG / 8;

	__asm__ volatile("rep stosq" : "+D"(p), "+c"(n) : "a"(0) : "memory");
}

static void zero_movq(void *p)
{
	volatile uint64_t *q = p;
	unsigned int i;

	for (i = 0; i < PG / 8; i += 8) {
		q[i] = 0; q[i + 1] = 0; q[i + 2] = 0; q[i + 3] = 0;
		q[i + 4] = 0; q[i + 5] = 0; q[i + 6] = 0; q[i + 7] = 0;
	}
}

static const struct {
	const char *name, *flag;
	void (*fn)(void *);
} zeroers[] = {
	{ "rep stosb", "erms", zero_stosb },
	{ "rep stosq", "rep_good", zero_stosq },
	{ "8-byte stores", NULL, zero_movq },
};
static double zero_ns[3];
static char cpu_flags[4096];

static bool cpu_has(const char *flag)
{
	char f[64];

	snprintf(f, sizeof(f), " %s ", flag);
	return strstr(cpu_flags, f) != NULL;
}

static void zero_floor(void)
{
	size_t size = quick ? 8 * MIB : 64 * MIB, off;
	FILE *f = fopen("/proc/cpuinfo", "r");
	char *p;
	char line[4096];
	unsigned int z;
	int k;

	while (f && fgets(line, sizeof(line), f))
		if (!strncmp(line, "flags", 5)) {
			snprintf(cpu_flags, sizeof(cpu_flags), " %s ", strchr(line, ':') + 1);
			*strchr(cpu_flags, '\n') = ' ';
			break;
		}
	if (f)
		fclose(f);
	/* Huge pages, as the kernel's direct map has. */
	thp_set(true);
	p = anon(size, true);
	touch(p, size, false);
	thp_set(false);
	for (z = 0; z < 3; z++) {
		double t[MAX_REPS];

		for (k = 0; k < reps; k++) {
			double t0 = now();

			for (off = 0; off < size; off += PG)
				zeroers[z].fn(p + off);
			t[k] = now() - t0;
		}
		zero_ns[z] = median(t, reps) / (size / PG);
	}
	munmap(p, size);
}

static void print_zero_floor(void)
{
	int rs = ref_size_index();
	double a = method("anon4k")->r[rs][3];
	const char *used = cpu_has("erms") ? "rep stosb" : cpu_has("rep_good") ? "rep stosq" : "8-byte stores";
	unsigned int z;

	printf("\n### The zeroing floor\n\n");
	printf("Zeroing 4 KiB, the three ways the kernel's clear_page() can do it, timed in user "
	       "space on a populated THP-backed buffer (median of %d): what every method that hands "
	       "out freshly allocated memory pays per page, give or take the kernel's own mapping.  "
	       "This CPU has%s%s%s, so the kernel zeroes with **%s**.  Under TCG \"rep stosb\" is "
	       "emulated a byte at a time: with ERMS (QEMU's -cpu max) zeroing alone costs more than "
	       "half an anonymous page fault, which is why the benchmark hides ERMS by default.\n\n",
	       reps, cpu_has("erms") ? " erms" : "", cpu_has("rep_good") ? " rep_good" : "",
	       !cpu_has("erms") && !cpu_has("rep_good") ? " neither erms nor rep_good" : "", used);
	printf("| zeroing 4 KiB with | ns per page | ratio to anon4k (%s) |\n|---|---:|---:|\n",
	       size_str(sizes[rs]));
	for (z = 0; z < 3; z++)
		printf("| %s%s | %.0f | %s%.3f%s |\n", zeroers[z].name,
		       !strcmp(zeroers[z].name, used) ? " (the kernel's, here)" : "", zero_ns[z],
		       !strcmp(zeroers[z].name, used) ? "**" : "", zero_ns[z] / a,
		       !strcmp(zeroers[z].name, used) ? "**" : "");
	printf("@zero %.1f %.4f\n", zero_ns[cpu_has("erms") ? 0 : cpu_has("rep_good") ? 1 : 2],
	       zero_ns[cpu_has("erms") ? 0 : cpu_has("rep_good") ? 1 : 2] / a);
}

/* ---- stream ------------------------------------------------------------- */

struct sbuf {
	const char *id;
	size_t size;
	char *p;
	double rd[MAX_REPS], wr[MAX_REPS];
	const char *ref;	/* anonymous buffer of the same size */
};

static __attribute__((noinline)) uint64_t read_pass(const uint64_t *p, size_t n)
{
	uint64_t s = 0;
	size_t i;

	for (i = 0; i < n; i++)
		s += p[i];
	return s;
}

static __attribute__((noinline)) void write_pass(uint64_t *p, size_t n, uint64_t v)
{
	size_t i;

	for (i = 0; i < n; i++)
		p[i] = v + i;
}

static char *map_dev(const char *dev, size_t size)
{
	int fd = open(dev, O_RDWR);
	char *p;

	if (fd < 0)
		die("%s", dev);
	p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (p == MAP_FAILED)
		die("mmap %s", dev);
	close(fd);
	return p;
}

static char *map_fd(int fd, size_t size)
{
	char *p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);

	if (p == MAP_FAILED)
		die("mmap");
	return p;
}

#define MAX_BUFS	16
#define MAX_ROUNDS	3

/* The table's order; stream_setup() creates them in another each round. */
static const char *const stream_ids[] = {
	"anon4k", "anon-thp", "anon4k-4M", "memfd", "udmabuf", "dmaheap-system",
	"kbm-pages-cached", "kbm-pages-wc", "kbm-pages-uncached", "kbm-vmalloc-cached",
	"kbm-contig-cached", "kbm-contig-remap",
};

static int stream_rank(const struct sbuf *b)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(stream_ids); i++)
		if (!strcmp(b->id, stream_ids[i]))
			return i;
	return i;
}

static int cmp_rank(const void *a, const void *b)
{
	return stream_rank(a) - stream_rank(b);
}

/* Create, and populate at once: the first write places an anonymous page. */
static void stream_add(struct sbuf *sb, int *nb, struct sbuf b)
{
	write_pass((uint64_t *)b.p, b.size / 8, 1);
	sb[(*nb)++] = b;
}

/*
 * The buffers of one round, populated: anonymous memory (4 KiB, THP, and
 * 4 MiB for the contiguous ones), memfd, udmabuf, dma-heap, and one load
 * of kbufmap.ko with six devices (pages cached/wc/uncached, vmalloc, and
 * a contiguous buffer at the largest size the page allocator gives,
 * inserted and remapped).  Where a buffer's pages land (in the guest, and
 * behind it in the host's memory) moves bandwidth under TCG by 10-20%, and
 * the first buffers allocated land in the same place every boot: so each
 * round starts the creation elsewhere in the list, and the three page
 * arrays take turns at being allocated first.
 */
static int stream_setup(struct sbuf *sb, size_t big, size_t small, int round, int rounds)
{
	static const char *const cache[] = { "cached", "wc", "uncached" };
	char params[512], dev[3][16];
	int nb = 0, d, step;

	for (step = 0; step < 7; step++) {
		switch ((step + round * 7 / rounds) % 7) {
		case 0:
			stream_add(sb, &nb, (struct sbuf){ "anon4k", big,
				   anon(big, false) });
			break;
		case 1:
			thp_set(true);
			stream_add(sb, &nb, (struct sbuf){ "anon-thp", big,
				   anon(big, true), .ref = "anon4k" });
			thp_set(false);
			break;
		case 2:
			stream_add(sb, &nb, (struct sbuf){ "anon4k-4M", small,
				   anon(small, false) });
			break;
		case 3: {
			int fd = memfd_create("stream", 0);

			if (fd < 0 || ftruncate(fd, big))
				die("memfd");
			stream_add(sb, &nb, (struct sbuf){ "memfd", big,
				   map_fd(fd, big), .ref = "anon4k" });
			close(fd);
			break;
		}
		case 4: {
			struct udmabuf_create c = { .flags = UDMABUF_FLAGS_CLOEXEC, .size = big };
			int fd, dfd;

			if (udmabuf_fd < 0)
				break;
			fd = memfd_create("stream", MFD_ALLOW_SEALING);
			if (fd < 0 || ftruncate(fd, big) || fcntl(fd, F_ADD_SEALS, F_SEAL_SHRINK) < 0)
				die("memfd");
			c.memfd = fd;
			dfd = ioctl(udmabuf_fd, UDMABUF_CREATE, &c);
			if (dfd < 0)
				die("UDMABUF_CREATE");
			stream_add(sb, &nb, (struct sbuf){ "udmabuf", big,
				   map_fd(dfd, big), .ref = "anon4k" });
			close(dfd);
			close(fd);
			break;
		}
		case 5: {
			struct dma_heap_allocation_data h = {
				.len = big, .fd_flags = O_RDWR | O_CLOEXEC,
			};

			if (heap_fd < 0)
				break;
			if (ioctl(heap_fd, DMA_HEAP_IOCTL_ALLOC, &h))
				die("DMA_HEAP_IOCTL_ALLOC");
			stream_add(sb, &nb, (struct sbuf){ "dmaheap-system", big,
				   map_fd(h.fd, big), .ref = "anon4k" });
			close(h.fd);
			break;
		}
		case 6:
			for (d = 0; d < 3; d++)		/* mode d on device (d + round) % 3 */
				snprintf(dev[d], sizeof(dev[0]), "/dev/kbufmap%d", (d + round) % 3);
			snprintf(params, sizeof(params),
				 "count=6 size=%zu,%zu,%zu,%zu,%zu,%zu "
				 "backend=pages,pages,pages,vmalloc,contig,contig "
				 "cache=%s,%s,%s,cached,cached,cached "
				 "populate=eager,eager,eager,eager,eager,remap",
				 big, big, big, big, small, small, cache[(3 - round % 3) % 3],
				 cache[(4 - round % 3) % 3], cache[(5 - round % 3) % 3]);
			if (kbm_load(params))
				die("insmod kbufmap.ko %s", params);
			stream_add(sb, &nb, (struct sbuf){ "kbm-pages-cached", big,
				   map_dev(dev[0], big), .ref = "anon4k" });
			stream_add(sb, &nb, (struct sbuf){ "kbm-pages-wc", big,
				   map_dev(dev[1], big), .ref = "anon4k" });
			stream_add(sb, &nb, (struct sbuf){ "kbm-pages-uncached", big,
				   map_dev(dev[2], big), .ref = "anon4k" });
			stream_add(sb, &nb, (struct sbuf){ "kbm-vmalloc-cached", big,
				   map_dev("/dev/kbufmap3", big), .ref = "anon4k" });
			stream_add(sb, &nb, (struct sbuf){ "kbm-contig-cached", small,
				   map_dev("/dev/kbufmap4", small), .ref = "anon4k-4M" });
			stream_add(sb, &nb, (struct sbuf){ "kbm-contig-remap", small,
				   map_dev("/dev/kbufmap5", small), .ref = "anon4k-4M" });
			break;
		}
	}
	qsort(sb, nb, sizeof(*sb), cmp_rank);
	return nb;
}

static void stream_teardown(struct sbuf *sb, int nb)
{
	for (int i = 0; i < nb; i++)
		munmap(sb[i].p, sb[i].size);
	kbm_unload();
	settle();
}

static struct sbuf *sbuf(struct sbuf *sb, int nb, const char *id)
{
	for (int i = 0; i < nb; i++)
		if (!strcmp(sb[i].id, id))
			return &sb[i];
	return NULL;
}

/* read()/write() against memcpy() through the mapping, on kbm-pages-cached */
static void copy_path(struct sbuf *sb, int nb, size_t big, int n, const char *dev)
{
	/*
	 * The user buffer starts 5 pages into a mapping of its own: buffers a
	 * multiple of 64 MiB apart alias in TCG's direct-mapped TLB, and
	 * copying between them would measure that.
	 */
	char *ubase = anon(big + 8 * PG, false), *u = ubase + 5 * PG;
	char *m = sbuf(sb, nb, "kbm-pages-cached")->p;
	int fd = open(dev, O_RDWR), k;
	struct kbm_info info;
	size_t len;

	if (fd < 0 || ioctl(fd, KBM_IOC_INFO, &info))
		die("%s", dev);
	if (info.cache != KBM_CACHE_CACHED || info.backend != KBM_BACKEND_PAGES) {
		errno = EINVAL;
		die("%s is not the cached page array", dev);
	}
	printf("\n### Copy path: read()/write() on the device against memcpy() through its mapping\n\n");
	printf("kbufmap pages, cached, %s buffer; the user buffer is populated anonymous memory "
	       "(THP off, 5 pages into its mapping: TCG's TLB would alias buffers 64 MiB apart).  "
	       "Each point copies at least 16 MiB (the transfer repeated), median of %d.  "
	       "The mapping side is glibc's memcpy() (whatever it picks for this CPU; "
	       "with ERMS that is rep movsb for middle sizes, which TCG emulates a byte at a time).  "
	       "Ratio = time of the system call / time of memcpy() through the mapping "
	       "(> 1: the mapping is faster).\n\n", size_str(big), n);
	touch(ubase, big + 8 * PG, false);
	printf("| transfer | read() MB/s | memcpy from map MB/s | read ratio | write() MB/s | memcpy to map MB/s | write ratio |\n");
	printf("|---:|---:|---:|---:|---:|---:|---:|\n");
	for (len = 4 * KIB; len <= big; len *= 4) {
		size_t it = len >= 16 * MIB ? 1 : 16 * MIB / len, j;
		double tr[MAX_REPS], tm[MAX_REPS], tw[MAX_REPS], tn[MAX_REPS];
		double b = (double)len * it, r, mm, w, mw;

		for (k = 0; k < n; k++) {
			double t0 = now();

			for (j = 0; j < it; j++)
				if (pread(fd, u, len, 0) != (ssize_t)len)
					die("pread");
			tr[k] = now() - t0;
			t0 = now();
			for (j = 0; j < it; j++) {
				memcpy(u, m, len);
				__asm__ volatile("" ::: "memory");
			}
			tm[k] = now() - t0;
			t0 = now();
			for (j = 0; j < it; j++)
				if (pwrite(fd, u, len, 0) != (ssize_t)len)
					die("pwrite");
			tw[k] = now() - t0;
			t0 = now();
			for (j = 0; j < it; j++) {
				memcpy(m, u, len);
				__asm__ volatile("" ::: "memory");
			}
			tn[k] = now() - t0;
		}
		r = median(tr, n);
		mm = median(tm, n);
		w = median(tw, n);
		mw = median(tn, n);
		printf("| %s | %.0f | %.0f | %.2f | %.0f | %.0f | %.2f |\n", size_str(len),
		       b / (r / 1e3), b / (mm / 1e3), r / mm, b / (w / 1e3), b / (mw / 1e3), w / mw);
		if (len == 16 * MIB && big > 16 * MIB)
			len = big / 4;
	}
	close(fd);
	munmap(ubase, big + 8 * PG);
}

static void run_stream_copy(void)
{
	size_t big = quick ? 8 * MIB : 64 * MIB, small = 4 * MIB;
	int rounds = quick ? 1 : MAX_ROUNDS, n = quick ? 3 : 5;
	double rdm[MAX_BUFS][MAX_ROUNDS], wrm[MAX_BUFS][MAX_ROUNDS];
	double rr[MAX_BUFS][MAX_ROUNDS], wr[MAX_BUFS][MAX_ROUNDS];
	struct sbuf sb[MAX_BUFS];
	char verdict[256] = "", cdev[32];
	int nb = 0, i, j, k, r;

	/* Rounds with fresh buffers, made in another order each time. */
	for (r = 0; r < rounds; r++) {
		nb = stream_setup(sb, big, small, r, rounds);
		for (k = 0; k < n; k++) {
			for (j = 0; j < nb; j++) {
				/* each pass starts with another buffer: no place is better */
				double t0 = now();

				i = (j + k) % nb;
				sink += read_pass((uint64_t *)sb[i].p, sb[i].size / 8);
				sb[i].rd[k] = now() - t0;
				t0 = now();
				write_pass((uint64_t *)sb[i].p, sb[i].size / 8, k);
				sb[i].wr[k] = now() - t0;
			}
		}
		for (i = 0; i < nb; i++) {
			rdm[i][r] = sb[i].size / (median(sb[i].rd, n) / 1e3);
			wrm[i][r] = sb[i].size / (median(sb[i].wr, n) / 1e3);
		}
		for (i = 0; i < nb; i++) {
			struct sbuf *ref = sb[i].ref ? sbuf(sb, nb, sb[i].ref) : NULL;

			rr[i][r] = ref ? rdm[i][r] / rdm[ref - sb][r] : 1;
			wr[i][r] = ref ? wrm[i][r] / wrm[ref - sb][r] : 1;
		}
		if (r < rounds - 1)
			stream_teardown(sb, nb);
	}

	printf("\n### Stream: sequential bandwidth through populated mappings\n\n");
	printf("64-bit loads (sum) and stores over the whole buffer.  %d rounds, each with freshly "
	       "allocated buffers, created in a different order each round (where the pages land moves "
	       "bandwidth under TCG by 10-20%%, and the first allocated land in the same place every "
	       "boot; the cached, wc and uncached page arrays also take turns at being allocated first), "
	       "and %d passes interleaved (each pass starting with the next buffer); "
	       "the median pass of each round, then the median round.  Ratio = bandwidth / that of "
	       "anonymous memory (THP off) of the same size in the same round.  TCG models no caches: "
	       "the cache mode cannot change the timing under QEMU (and x86 PAT may map RAM write-back "
	       "whatever was asked; see dmesg).\n\n", rounds, n);
	printf("| mapping | size | read MB/s | write MB/s | read ratio | write ratio | read ratio by round |\n");
	printf("|---|---:|---:|---:|---:|---:|---|\n");
	for (i = 0; i < nb; i++) {
		double mr = median(rr[i], rounds), mw = median(wr[i], rounds);
		char by[64] = "";

		for (r = 0; r < rounds; r++) {
			size_t l = strlen(by);

			snprintf(by + l, sizeof(by) - l, "%s%.2f", r ? " " : "", rr[i][r]);
		}
		printf("| %s | %s | %.0f | %.0f | %s%.3f%s | %s%.3f%s | %s |\n", sb[i].id,
		       size_str(sb[i].size), median(rdm[i], rounds), median(wrm[i], rounds),
		       sb[i].ref ? "**" : "", mr, sb[i].ref ? "**" : "",
		       sb[i].ref ? "**" : "", mw, sb[i].ref ? "**" : "", sb[i].ref ? by : "–");
		printf("@stream %s %.4f %.4f\n", sb[i].id, mr, mw);
		if (!strcmp(sb[i].id, "kbm-pages-cached"))
			snprintf(verdict, sizeof(verdict),
				 "\nTarget: streaming through a cached kbufmap mapping ≥ 0.95× anonymous memory: "
				 "read %.3f, write %.3f: %s.\n", mr, mw,
				 mr >= 0.95 && mw >= 0.95 ? "met" : "**not met**");
	}
	printf("%s", verdict);
	/* the cached page-array device of the last round */
	snprintf(cdev, sizeof(cdev), "/dev/kbufmap%d", (rounds - 1) % 3);
	copy_path(sb, nb, big, quick ? 3 : 9, cdev);
	stream_teardown(sb, nb);
}

/* ---- targets ------------------------------------------------------------ */

static void print_targets(void)
{
	int rs = ref_size_index();
	struct method *a = method("anon4k"), *thp = method("anon-thp");
	struct method *heap = method("dmaheap-system");
	static const char *const eager[] = {
		"kbm-pages-eager", "kbm-vmalloc-eager", "kbm-contig-eager", "kbm-contig-remap",
	};
	double best_mt = INFINITY, best_tot = INFINITY;
	const char *best_mt_id = "", *best_tot_id = "";
	unsigned int i;

	if (rs < 0 || !a->have[rs])
		return;
	printf("\n### Targets at %s (ratios to anon4k's total)\n\n", size_str(sizes[rs]));
	printf("| target | measured | met |\n|---|---|---|\n");
	for (i = 0; i < ARRAY_SIZE(eager); i++) {
		struct method *m = method(eager[i]);
		double mt, tot;

		if (!m || !m->have[rs])
			continue;
		mt = (m->r[rs][1] + m->r[rs][2]) / a->r[rs][3];
		tot = m->r[rs][3] / a->r[rs][3];
		if (mt < best_mt) {
			best_mt = mt;
			best_mt_id = m->id;
		}
		if (tot < best_tot) {
			best_tot = tot;
			best_tot_id = m->id;
		}
	}
	{
		/* The contiguous backend's own largest size (4 MiB without alloc_contig_pages()). */
		struct method *c = method("kbm-contig-remap");
		char extra[128] = "";
		int cs;

		for (cs = nsizes - 1; cs >= 0 && !(c->have[cs] && a->have[cs]); cs--)
			;
		if (cs >= 0)
			snprintf(extra, sizeof(extra), "; contig-remap at %s: %.3f",
				 size_str(sizes[cs]), (c->r[cs][1] + c->r[cs][2]) / a->r[cs][3]);
		printf("| eager mapping of an allocated kbufmap buffer (map + first touch) ≤ 0.06 | %.3f (%s)%s | %s |\n",
		       best_mt, best_mt_id, extra, best_mt <= 0.06 ? "yes" : "**no**");
	}
	{
		double t = thp->have[rs] ? thp->r[rs][3] / a->r[rs][3] : NAN;
		double h = heap->have[rs] ? heap->r[rs][3] / a->r[rs][3] : NAN;
		bool ok = best_tot <= 0.25 && !(best_tot >= t) && !(best_tot >= h);

		printf("| allocation + map + first touch ≤ 0.25, below anon-thp (%.3f) and dma-heap system (%.3f) | %.3f (%s) | %s |\n",
		       t, h, best_tot, best_tot_id, ok ? "yes" : "**no**");
	}
	{
		struct method *f = method("kbm-pages-fault"), *f1 = method("kbm-pages-fault1");
		double r = f->have[rs] ? f->r[rs][3] / a->r[rs][3] : NAN;
		double r1 = f1->have[rs] ? f1->r[rs][3] / a->r[rs][3] : NAN;

		printf("| fault-driven backend (pages, populate=fault) ≤ 0.5 | %.3f (one page per fault: %.3f) | %s |\n",
		       r, r1, r <= 0.5 ? "yes" : "**no**");
	}
	{
		static const char *const be[] = { "kbm-pages-eager", "kbm-vmalloc-eager", "kbm-contig-eager" };
		char buf[512] = "", met[128] = "";

		for (i = 0; i < ARRAY_SIZE(be); i++) {
			struct method *m = method(be[i]);
			bool ok = !m->failed_at && m->max_ok >= sizes[nsizes - 1];
			size_t l = strlen(buf), k = strlen(met);

			snprintf(buf + l, sizeof(buf) - l, "%s%s %s%s", i ? "; " : "",
				 m->id + 4, ok ? "up to " : m->failed_at ? "fails at " : "up to ",
				 m->failed_at ? size_str(m->failed_at) : size_str(m->max_ok));
			snprintf(met + k, sizeof(met) - k, "%s%s: %s", i ? ", " : "",
				 m->id + 4, ok ? "yes" : "**no**");
		}
		printf("| no size ceiling below 1 GiB without CMA (largest size measured: %s) | %s | %s |\n",
		       size_str(sizes[nsizes - 1]), buf, met);
	}
}

/* ---- PMD mappings and the targets of high-order chunks / PMDs ---------- */

static void print_pmd(void)
{
	unsigned int i;
	int s;

	printf("\n### PMD mappings actually used\n\n");
	printf("FilePmdMapped of the process (/proc/self/smaps_rollup), or for the special PMDs of PFN "
	       "mappings, which no page walker shows, the driver's count of PMD faults (KBM_IOC_INFO "
	       "pmd_maps), right after the first touch of every page, before munmap, in 2 MiB PMDs / "
	       "the buffer's 2 MiB runs (last repetition). Only kbm-pages-pmd*, kbm-pages-remap, "
	       "kbm-contig-remap and kbm-dma-remap may have any: the other kinds map 4 KiB pages.\n\n| method |");
	for (s = 0; s < nsizes; s++)
		printf(" %s |", size_str(sizes[s]));
	printf("\n|---|");
	for (s = 0; s < nsizes; s++)
		printf("---:|");
	printf("\n");
	for (i = 0; i < NMETHODS; i++) {
		struct method *m = &methods[i];

		if (m->skip || (m->kind != KBM && m->kind != EDU))
			continue;
		printf("| %s |", m->id);
		for (s = 0; s < nsizes; s++) {
			if (m->have[s] && m->pmd_kib[s] >= 0)
				printf(" %ld/%zu |", m->pmd_kib[s] / 2048, sizes[s] / HPAGE);
			else
				printf(" – |");
		}
		printf("\n");
		for (s = 0; s < nsizes; s++)
			if (m->have[s])
				printf("@pmd %s %zu %ld\n", m->id, sizes[s] / MIB, m->pmd_kib[s]);
	}
}

/* The best map+touch and total among @ids at size index @s (ratios to anon4k). */
static void best_of(const char *const *ids, int n, int s, double *mt, const char **mt_id,
		    double *tot, const char **tot_id)
{
	const struct method *a = method("anon4k");
	int i;

	*mt = *tot = INFINITY;
	*mt_id = *tot_id = "–";
	for (i = 0; i < n; i++) {
		const struct method *m = method(ids[i]);

		if (!m || m->skip || !m->have[s] || !a->have[s])
			continue;
		if ((m->r[s][1] + m->r[s][2]) / a->r[s][3] < *mt) {
			*mt = (m->r[s][1] + m->r[s][2]) / a->r[s][3];
			*mt_id = m->id;
		}
		if (m->r[s][3] / a->r[s][3] < *tot) {
			*tot = m->r[s][3] / a->r[s][3];
			*tot_id = m->id;
		}
	}
}

/* Whether this kernel has a CMA area: /proc/meminfo shows CmaTotal then. */
static bool have_cma(void)
{
	char line[128];
	bool cma = false;
	FILE *f = fopen("/proc/meminfo", "r");

	if (!f)
		return false;
	while (!cma && fgets(line, sizeof(line), f))
		cma = !strncmp(line, "CmaTotal:", 9);
	fclose(f);
	return cma;
}

/* Why method @m has no figure at a size it did not reach, in words. */
static const char *not_measured(const struct method *m)
{
	if (m->skip)
		return m->why;
	if (!m->failed_at)
		return "budget";
	if (m->kind == EDU && m->fail_err == ENOMEM && !have_cma())
		return "Cannot allocate memory: the kernel has no CMA (no CmaTotal in /proc/meminfo), and the page allocator gives no block that large";
	if (m->fail_err == E2BIG)
		return "Argument list too long: the kernel does not let modules have runs longer than the page allocator's largest block (no alloc_contig_pages() export)";
	return strerror(m->fail_err);
}

static void print_huge_targets(void)
{
	static const char *const kbm_ids[] = {
		"kbm-pages-eager", "kbm-pages-pmd", "kbm-pages-pmd-populate", "kbm-pages-remap",
		"kbm-vmalloc-eager", "kbm-contig-eager", "kbm-contig-remap", "kbm-dma-eager",
		"kbm-dma-remap",
	};
	static const char *const heap_id[] = { "dmaheap-system" };
	static const char *const thp_id[] = { "anon-thp" };
	const struct method *a = method("anon4k"), *o0 = method("kbm-pages-eager-order0");
	const struct method *hi = method("kbm-pages-eager");
	int targets[2] = { -1, -1 }, t, s;

	for (s = 0; s < nsizes; s++) {
		if (sizes[s] == 256 * MIB)
			targets[0] = s;
		if (sizes[s] == 1024 * MIB)
			targets[1] = s;
	}
	printf("\n### Targets of high-order chunks and PMD mappings (ratios to anon4k's total, same run)\n\n");
	printf("| size | target | measured | met |\n|---|---|---|---|\n");
	for (t = 0; t < 2; t++) {
		double mt, tot, hmt, htot, tmt, ttot, f, pf, rf;
		const char *mid, *tid, *x;
		const char *sz;

		s = targets[t];
		if (s < 0 || !a->have[s]) {
			printf("| %s | – | not measured (budget or memory) | – |\n", t ? "1 GiB" : "256 MiB");
			continue;
		}
		sz = size_str(sizes[s]);
		best_of(kbm_ids, ARRAY_SIZE(kbm_ids), s, &mt, &mid, &tot, &tid);
		best_of(heap_id, 1, s, &hmt, &x, &htot, &x);
		best_of(thp_id, 1, s, &tmt, &x, &ttot, &x);
		printf("| %s | map + first touch of an allocated buffer ≤ 0.02 and below dma-heap system's (%.3f) | %.3f (%s) | %s |\n",
		       sz, hmt, mt, mid, mt <= 0.02 && !(mt >= hmt) ? "yes" : "**no**");
		{
			/*
			 * What touching costs once everything is mapped: the
			 * touch phase of the methods that map at mmap() time.
			 * No mapping method can go below it.
			 */
			static const char *const pre[] = {
				"anon4k-populate", "memfd-populate", "dmaheap-system",
				"kbm-pages-eager", "kbm-vmalloc-eager",
				"kbm-pages-fault-populate", "kbm-dma-eager",
			};
			double fl = INFINITY;
			const char *fid = "–";
			unsigned int k;

			for (k = 0; k < ARRAY_SIZE(pre); k++) {
				const struct method *m = method(pre[k]);

				if (m && !m->skip && m->have[s] && m->r[s][2] / a->r[s][3] < fl) {
					fl = m->r[s][2] / a->r[s][3];
					fid = m->id;
				}
			}
			printf("| %s | (floor: the first touch of memory mapped already, the least touch phase of the methods that map at mmap time) | %.3f (%s) | – |\n",
			       sz, fl, fid);
		}
		printf("| %s | allocation + map + first touch ≤ 0.22, below anon-thp (%.3f) and dma-heap system (%.3f) | %.3f (%s) | %s |\n",
		       sz, ttot, htot, tot, tid,
		       tot <= 0.22 && !(tot >= ttot) && !(tot >= htot) ? "yes" : "**no**");
		f = method("kbm-pages-fault")->have[s] ? ratio(method("kbm-pages-fault"), s, 3) : NAN;
		pf = method("kbm-pages-pmd")->have[s] ? ratio(method("kbm-pages-pmd"), s, 3) : NAN;
		rf = method("kbm-pages-remap")->have[s] ? ratio(method("kbm-pages-remap"), s, 3) : NAN;
		printf("| %s | fault-driven population ≤ 0.3 | pmd %.3f (%ld PMDs); remap %.3f (%ld PMDs); 4 KiB fault-around %.3f | %s |\n",
		       sz, pf, method("kbm-pages-pmd")->pmd_kib[s] / 2048, rf,
		       method("kbm-pages-remap")->pmd_kib[s] / 2048, f,
		       fmin(fmin(pf, rf), f) <= 0.3 ? "yes" : "**no**");
		{
			const struct method *d = method("kbm-dma-remap");
			const struct method *e = method("kbm-dma-eager");
			const struct method *c = method("kbm-contig-remap");
			const struct method *ce = method("kbm-contig-eager");

			printf("| %s | a contiguous buffer this large | ", sz);
			if (d->have[s])
				printf("CMA, kbm-dma-remap: map + first touch %.3f, total %.3f, %ld PMDs; kbm-dma-eager (the DMA API's mapping): map + first touch %.3f",
				       (d->r[s][1] + d->r[s][2]) / a->r[s][3], d->r[s][3] / a->r[s][3],
				       d->pmd_kib[s] / 2048,
				       e->have[s] ? (e->r[s][1] + e->r[s][2]) / a->r[s][3] : NAN);
			else
				printf("CMA: not measured: %s", not_measured(d));
			if (c->have[s])
				printf("; a run of the page allocator (alloc_contig_pages()), kbm-contig-remap: map + first touch %.3f, total %.3f; kbm-contig-eager: map + first touch %.3f",
				       (c->r[s][1] + c->r[s][2]) / a->r[s][3], c->r[s][3] / a->r[s][3],
				       ce->have[s] ? (ce->r[s][1] + ce->r[s][2]) / a->r[s][3] : NAN);
			else
				printf("; kbm-contig: not measured: %s", not_measured(c));
			printf(" | %s |\n", d->have[s] || c->have[s] ? "yes" : "**no**");
		}
		if (o0->have[s] && hi->have[s])
			printf("| %s | high-order chunks: allocation against single pages (kbm-pages-eager vs -order0) | alloc %.3f vs %.3f (%.2fx) | – |\n",
			       sz, hi->r[s][0] / a->r[s][3], o0->r[s][0] / a->r[s][3],
			       o0->r[s][0] / fmax(hi->r[s][0], 1e-9));
	}
	printf("\nThe zeroing floor above is what any allocation of fresh memory pays at least; "
	       "a total below it is out of reach.\n");
}

int main(int argc, char **argv)
{
	char path[512];
	size_t sz;
	int c;

	while ((c = getopt(argc, argv, "k:m:r:T:q")) != -1) {
		switch (c) {
		case 'k':
			kodir = optarg;
			break;
		case 'm':
			max_mib = strtoul(optarg, NULL, 0);
			break;
		case 'r':
			reps = atoi(optarg);
			break;
		case 'T':
			budget_s = atof(optarg);
			break;
		case 'q':
			quick = true;
			break;
		default:
			fprintf(stderr, "usage: %s [-k DIR] [-m MIB] [-r REPS] [-T SECONDS] [-q]\n", argv[0]);
			return 2;
		}
	}
	if (quick) {
		max_mib = max_mib > 16 ? 16 : max_mib;
		reps = 3;
	}
	if (reps < 1 || reps > MAX_REPS)
		reps = 5;
	for (sz = MIB; sz <= max_mib * MIB && nsizes < MAX_SIZES; sz *= 2)
		sizes[nsizes++] = sz;

	snprintf(path, sizeof(path), "%s/kbufmap.ko", kodir);
	ko_fd = open(path, O_RDONLY | O_CLOEXEC);
	if (ko_fd < 0)
		die("%s", path);
	have_fault_around = access(FAULT_AROUND, W_OK) == 0;
	have_chunk_order = access(CHUNK_ORDER, W_OK) == 0;
	snprintf(path, sizeof(path), "%s/kbufmap_edu.ko", kodir);
	edu_fd = open(path, O_RDONLY | O_CLOEXEC);
	if (edu_fd >= 0)
		edu_baseline();
	heap_fd = open("/dev/dma_heap/system", O_RDWR | O_CLOEXEC);
	udmabuf_fd = open("/dev/udmabuf", O_RDWR | O_CLOEXEC);
	/* anon4k: transparent huge pages off for this process. */
	thp_set(false);

	t_start = now();
	zero_floor();
	run_populate();
	print_populate();
	print_zero_floor();
	print_targets();
	print_pmd();
	print_huge_targets();
	run_stream_copy();
	fprintf(stderr, "kbufmap_bench: done in %.0f s\n", (now() - t_start) / 1e9);
	return 0;
}
