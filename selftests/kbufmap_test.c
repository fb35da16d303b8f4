// SPDX-License-Identifier: GPL-2.0
/*
 * kbufmap_test.c - user-space behaviour of /dev/kbufmap<N>.
 *
 * The module is loaded with one device per buffer kind (see run_vm.sh);
 * every test runs once per kind (the fixture variants) and finds its
 * device by asking each /dev/kbufmap<N> what it is.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include <linux/kbufmap.h>

#define PG ((size_t)sysconf(_SC_PAGESIZE))

FIXTURE(kbm) {
	int fd;
	struct kbm_info info;
	size_t size;		/* mappable bytes: whole pages */
};

FIXTURE_VARIANT(kbm) {
	enum kbm_backend backend;
	enum kbm_cache cache;
	enum kbm_fill fill;
	enum kbm_populate populate;
	uint64_t size;		/* 0: KBM_FIXTURE_SIZE */
};

#define KBM_VARIANT_SIZE(name, b, c, f, p, sz)				\
	FIXTURE_VARIANT_ADD(kbm, name) {				\
		.backend = KBM_BACKEND_##b, .cache = KBM_CACHE_##c,	\
		.fill = KBM_FILL_##f, .populate = KBM_POPULATE_##p,	\
		.size = (sz),						\
	}
#define KBM_VARIANT(name, b, c, f, p)	KBM_VARIANT_SIZE(name, b, c, f, p, 0)

KBM_VARIANT(contig, CONTIG, CACHED, PREALLOC, EAGER);
KBM_VARIANT(contig_remap, CONTIG, CACHED, PREALLOC, REMAP);
KBM_VARIANT(vmalloc, VMALLOC, CACHED, PREALLOC, EAGER);
KBM_VARIANT(pages, PAGES, CACHED, PREALLOC, EAGER);
KBM_VARIANT(pages_fault, PAGES, CACHED, PREALLOC, FAULT);
KBM_VARIANT(pages_ondemand, PAGES, CACHED, ONDEMAND, FAULT);
KBM_VARIANT(pages_sparse, PAGES, CACHED, SPARSE, FAULT);
KBM_VARIANT(contig_wc, CONTIG, WC, PREALLOC, EAGER);
KBM_VARIANT(pages_uc, PAGES, UNCACHED, PREALLOC, EAGER);
/* Two PMDs' worth (2 MiB runs), so that every test crosses PMD mappings. */
KBM_VARIANT_SIZE(pages_pmd, PAGES, CACHED, PREALLOC, PMD, 4ULL << 20);
/* The same for frames mapped by PFN: special PMDs where the kernel has them. */
KBM_VARIANT_SIZE(pages_remap, PAGES, CACHED, PREALLOC, REMAP, 4ULL << 20);
/* A contiguous block as large: by PMDs on first touch there, else remapped. */
KBM_VARIANT_SIZE(contig_remap_pmd, CONTIG, CACHED, PREALLOC, REMAP, 4ULL << 20);

static bool kbm_sparse(const FIXTURE_VARIANT(kbm) *v)
{
	return v->fill == KBM_FILL_SPARSE;
}

static bool kbm_page_backed(const FIXTURE_VARIANT(kbm) *v)
{
	return v->populate != KBM_POPULATE_REMAP;
}

/*
 * Open the /dev/kbufmap<N> with this configuration and size (0: any whole
 * number of pages) and, if @map_count is not negative, that many mappings.
 */
static int kbm_open_kind(enum kbm_backend b, enum kbm_cache c, enum kbm_fill f,
			 enum kbm_populate p, uint64_t size, int map_count,
			 struct kbm_info *out)
{
	char path[32];
	int i;

	for (i = 0; i < 32; i++) {
		struct kbm_info info;
		int fd;

		snprintf(path, sizeof(path), "/dev/kbufmap%d", i);
		fd = open(path, O_RDWR);
		if (fd < 0)
			continue;
		if (ioctl(fd, KBM_IOC_INFO, &info) == 0 &&
		    info.backend == b && info.cache == c && info.fill == f &&
		    info.populate == p && info.size == size &&
		    (map_count < 0 || info.map_count == (unsigned int)map_count)) {
			if (out)
				*out = info;
			return fd;
		}
		close(fd);
	}
	return -1;
}

/* The size of the devices the fixture runs on (guest-run.sh loads them). */
#define KBM_FIXTURE_SIZE	(1ULL << 20)

static uint64_t kbm_variant_size(const FIXTURE_VARIANT(kbm) *v)
{
	return v->size ? v->size : KBM_FIXTURE_SIZE;
}

FIXTURE_SETUP(kbm)
{
	self->fd = kbm_open_kind(variant->backend, variant->cache,
				 variant->fill, variant->populate,
				 kbm_variant_size(variant), -1, &self->info);
#if !defined(__x86_64__) && !defined(__i386__)
	/* guest-run.sh checks that the driver refuses them here */
	if (self->fd < 0 && variant->cache != KBM_CACHE_CACHED)
		SKIP(return, "wc and uncached buffers are x86's: refused on this architecture");
#endif
	ASSERT_LE(0, self->fd) TH_LOG("no /dev/kbufmap<N> of this kind and size is loaded");
	self->size = self->info.nr_pages * PG;
	/* Sparse buffers: give every page a body first; holes are tested apart. */
	if (kbm_sparse(variant)) {
		char *zero = calloc(1, self->size);

		ASSERT_EQ(self->size, pwrite(self->fd, zero, self->size, 0));
		free(zero);
	}
}

FIXTURE_TEARDOWN(kbm)
{
	if (self->fd >= 0)
		close(self->fd);
}

static void *kbm_map(int fd, size_t len, int flags, off_t off)
{
	return mmap(NULL, len, PROT_READ | PROT_WRITE, flags, fd, off);
}

static void kbm_pattern(unsigned char *p, size_t len, unsigned int seed)
{
	size_t i;

	for (i = 0; i < len; i++)
		p[i] = (unsigned char)(i * 7 + seed + (i >> 12));
}

static bool kbm_check_pattern(const unsigned char *p, size_t len,
			      unsigned int seed)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (p[i] != (unsigned char)(i * 7 + seed + (i >> 12)))
			return false;
	return true;
}

/* The physical frame behind a user address, from /proc/self/pagemap. */
static uint64_t kbm_pfn(void *addr)
{
	uint64_t entry = 0;
	int fd = open("/proc/self/pagemap", O_RDONLY);
	off_t off = (uintptr_t)addr / PG * sizeof(entry);

	if (fd < 0)
		return 0;
	if (pread(fd, &entry, sizeof(entry), off) != sizeof(entry))
		entry = 0;
	close(fd);
	if (!(entry & (1ULL << 63)))
		return 0;
	return entry & ((1ULL << 55) - 1);
}

static unsigned int kbm_map_count(int fd)
{
	struct kbm_info info;

	if (ioctl(fd, KBM_IOC_INFO, &info))
		return ~0U;
	return info.map_count;
}

/* The byte kbm_pattern() put at @i. */
static unsigned char kbm_pattern_at(size_t i, unsigned int seed)
{
	return (unsigned char)(i * 7 + seed + (i >> 12));
}

/*
 * Memory types of RAM on x86.  PAT keeps a page's type in two page flags
 * (arch/x86/mm/pat/memtype.c, _PGMT_*): WB neither, WC PG_arch_1, UC-
 * the other, WT both.  The other was PG_uncached until "x86: Remove
 * PG_uncached" (v6.12) made it PG_arch_2; /proc/kpageflags shows
 * PG_arch_1 as KPF_ARCH and the other as KPF_UNCACHED or KPF_ARCH_2.
 *
 * /sys/kernel/debug/x86/pat_memtype_list is no help here: it lists the
 * types of ranges without struct pages only.  A RAM page's type lives in
 * its flags alone.
 */
#define KBM_KPF_ARCH		38	/* PG_arch_1 */
#define KBM_KPF_UNCACHED	39	/* PG_uncached, before v6.12 */
#define KBM_KPF_ARCH_2		41	/* PG_arch_2, from v6.12 */

enum kbm_memtype { KBM_MT_WB, KBM_MT_WC, KBM_MT_UC_MINUS, KBM_MT_WT };
static const char *const kbm_memtype_names[] = { "WB", "WC", "UC-", "WT" };

/* What a buffer of each cache mode must be in the direct map. */
static const enum kbm_memtype kbm_memtype_of_cache[] = {
	[KBM_CACHE_CACHED] = KBM_MT_WB,
	[KBM_CACHE_WC] = KBM_MT_WC,
	[KBM_CACHE_UNCACHED] = KBM_MT_UC_MINUS,
};

/* PFNs seen as WC or UC-, for memtype_restored_after_unload. */
#define KBM_MEMTYPE_PFNS	"/tmp/kbm-memtype-pfns"

/* NULL when memory types can be read here, else why not. */
static const char *kbm_memtype_untestable(void)
{
#if defined(__x86_64__) || defined(__i386__)
	char line[4096];
	bool pat = false;
	FILE *f;

	if (access("/proc/kpageflags", R_OK))
		return "/proc/kpageflags is not readable (root, CONFIG_PROC_PAGE_MONITOR)";
	f = fopen("/proc/cpuinfo", "r");
	if (!f)
		return "no /proc/cpuinfo";
	while (!pat && fgets(line, sizeof(line), f))
		pat = !strncmp(line, "flags", 5) && strstr(line, " pat ");
	fclose(f);
	/* Without PAT the kernel keeps no memory types in page flags. */
	return pat ? NULL : "the CPU has no PAT";
#else
	return "RAM memory types are x86's (kbufmap refuses wc/uncached elsewhere)";
#endif
}

/*
 * Is the running kernel @major.@minor or later?  @unknown when its release
 * cannot be read.
 */
static bool kbm_kernel_at_least(int major, int minor, bool unknown)
{
	struct utsname u;
	int ma = 0, mi = 0;

	if (uname(&u) || sscanf(u.release, "%d.%d", &ma, &mi) != 2)
		return unknown;
	return ma > major || (ma == major && mi >= minor);
}

/*
 * 2.6.32 (RHEL 6's too) copies PG_uncached into /proc/kpageflags only on
 * ia64 (CONFIG_IA64_UNCACHED_ALLOCATOR), 3.10 wherever PAT uses the flag
 * (CONFIG_ARCH_USES_PG_UNCACHED).  Below 3.10 an uncached (UC-) page may
 * read as one of the default type.
 */
static bool kbm_kpageflags_show_uncached(void)
{
	return kbm_kernel_at_least(3, 10, true);
}

/* The memory type /proc/kpageflags shows for @pfn, or -1. */
static int kbm_memtype(uint64_t pfn)
{
	int fd = open("/proc/kpageflags", O_RDONLY);
	uint64_t flags;
	ssize_t got;

	if (fd < 0)
		return -1;
	got = pread(fd, &flags, sizeof(flags), pfn * sizeof(flags));
	close(fd);
	if (got != sizeof(flags))
		return -1;
	return ((flags >> KBM_KPF_ARCH) & 1) |
	       ((((flags >> KBM_KPF_UNCACHED) | (flags >> KBM_KPF_ARCH_2)) & 1) << 1);
}

static const char *kbm_memtype_name(int mt)
{
	return mt < 0 ? "unreadable" : kbm_memtype_names[mt];
}

/* Field @name of /proc/meminfo in KiB: 0 where the kernel has none. */
static unsigned long kbm_meminfo_kib(const char *name)
{
	size_t n = strlen(name);
	unsigned long kib = 0;
	char line[128];
	FILE *f = fopen("/proc/meminfo", "r");

	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, name, n) && line[n] == ':' &&
		    sscanf(line + n + 1, "%lu", &kib) == 1)
			break;
	fclose(f);
	return kib;
}

/* HighTotal in KiB: 0 on kernels without highmem. */
static unsigned long kbm_high_total_kib(void)
{
	return kbm_meminfo_kib("HighTotal");
}

/*
 * Only a cached page array may be in highmem; where the kernel has highmem,
 * the page allocator hands it out first, so such a buffer's present pages
 * are (nearly all) highmem.  Everywhere else none are.
 */
static void kbm_check_highmem(struct __test_metadata *_metadata,
			      const struct kbm_info *info)
{
	bool may = info->backend == KBM_BACKEND_PAGES &&
		   info->cache == KBM_CACHE_CACHED;

	TH_LOG("%llu of %llu pages present are highmem (HighTotal %lu kB)",
	       (unsigned long long)info->highmem_pages,
	       (unsigned long long)info->pages_present, kbm_high_total_kib());
	ASSERT_LE(info->highmem_pages, info->pages_present);
	if (!may || !kbm_high_total_kib()) {
		ASSERT_EQ(0, info->highmem_pages);
	} else if (info->pages_present) {
		ASSERT_LT(0, info->highmem_pages);
	}
}

TEST_F(kbm, info_describes_buffer)
{
	ASSERT_EQ(variant->backend, self->info.backend);
	ASSERT_EQ(self->info.nr_pages, (self->info.size + PG - 1) / PG);
	ASSERT_EQ(0, self->info.map_count);
	ASSERT_EQ(kbm_page_backed(variant),
		  !!(self->info.flags & KBM_INFO_PAGE_BACKED));
	if (variant->fill == KBM_FILL_PREALLOC)
		ASSERT_EQ(self->info.nr_pages, self->info.pages_present);
	kbm_check_highmem(_metadata, &self->info);
}

TEST_F(kbm, two_shared_mappings_see_same_bytes)
{
	unsigned char *a = kbm_map(self->fd, self->size, MAP_SHARED, 0);
	unsigned char *b = kbm_map(self->fd, self->size, MAP_SHARED, 0);

	ASSERT_NE(MAP_FAILED, a);
	ASSERT_NE(MAP_FAILED, b);
	ASSERT_NE(a, b);
	kbm_pattern(a, self->size, 11);
	ASSERT_TRUE(kbm_check_pattern(b, self->size, 11));
	kbm_pattern(b, self->size, 12);
	ASSERT_TRUE(kbm_check_pattern(a, self->size, 12));
	munmap(a, self->size);
	munmap(b, self->size);
}

TEST_F(kbm, two_shared_mappings_same_frames)
{
	unsigned char *a = kbm_map(self->fd, self->size, MAP_SHARED, 0);
	unsigned char *b = kbm_map(self->fd, self->size, MAP_SHARED, 0);
	struct kbm_phys phys0 = { .pgoff = 0 };
	uint64_t first;
	size_t i;

	ASSERT_NE(MAP_FAILED, a);
	ASSERT_NE(MAP_FAILED, b);
	ASSERT_EQ(0, ioctl(self->fd, KBM_IOC_PHYS, &phys0));
	first = phys0.phys;
	for (i = 0; i < self->size; i += PG) {
		struct kbm_phys phys = { .pgoff = i / PG };
		uint64_t pa, pb;

		a[i] = 1;
		(void)*(volatile unsigned char *)&b[i];
		pa = kbm_pfn(a + i);
		pb = kbm_pfn(b + i);
		ASSERT_EQ(0, ioctl(self->fd, KBM_IOC_PHYS, &phys));
		ASSERT_NE(0, phys.phys);
		if (!kbm_page_backed(variant)) {
			/*
			 * Page walkers skip VM_PFNMAP VMAs, so pagemap shows
			 * nothing; a contiguous buffer's remap is one range.
			 */
			ASSERT_EQ(0, pa);
			if (variant->backend == KBM_BACKEND_CONTIG)
				ASSERT_EQ(first + i, phys.phys)
					TH_LOG("page %zu", i / PG);
			continue;
		}
		ASSERT_NE(0, pa) TH_LOG("page %zu not present", i / PG);
		ASSERT_EQ(pa, pb);
		ASSERT_EQ(pa * PG, phys.phys) TH_LOG("page %zu", i / PG);
		if (variant->backend == KBM_BACKEND_CONTIG)
			ASSERT_EQ(first + i, phys.phys);
	}
	munmap(a, self->size);
	munmap(b, self->size);
}

TEST_F(kbm, store_through_map_is_read)
{
	unsigned char *m = kbm_map(self->fd, self->size, MAP_SHARED, 0);
	unsigned char *buf = malloc(self->size);

	ASSERT_NE(MAP_FAILED, m);
	kbm_pattern(m, self->size, 21);
	ASSERT_EQ(self->size, pread(self->fd, buf, self->size, 0));
	ASSERT_TRUE(kbm_check_pattern(buf, self->size, 21));
	munmap(m, self->size);
	free(buf);
}

TEST_F(kbm, write_is_seen_by_map)
{
	unsigned char *m = kbm_map(self->fd, self->size, MAP_SHARED, 0);
	unsigned char *buf = malloc(self->size);

	ASSERT_NE(MAP_FAILED, m);
	(void)*(volatile unsigned char *)m;	/* map before the write */
	kbm_pattern(buf, self->size, 31);
	ASSERT_EQ(self->size, pwrite(self->fd, buf, self->size, 0));
	ASSERT_TRUE(kbm_check_pattern(m, self->size, 31));
	munmap(m, self->size);
	free(buf);
}

TEST_F(kbm, private_mapping_is_copy_on_write)
{
	unsigned char *shared, *priv, *buf;

	priv = kbm_map(self->fd, self->size, MAP_PRIVATE, 0);
	if (variant->cache != KBM_CACHE_CACHED) {
		/* Defined answer: COW copies would be cached, so refuse. */
		ASSERT_EQ(MAP_FAILED, priv);
		ASSERT_EQ(EINVAL, errno);
		return;
	}
	ASSERT_NE(MAP_FAILED, priv);
	shared = kbm_map(self->fd, self->size, MAP_SHARED, 0);
	ASSERT_NE(MAP_FAILED, shared);
	buf = malloc(self->size);

	kbm_pattern(shared, self->size, 41);
	/* Before any write, the private mapping sees the device's data. */
	ASSERT_TRUE(kbm_check_pattern(priv, self->size, 41));
	kbm_pattern(priv, self->size, 42);
	ASSERT_TRUE(kbm_check_pattern(priv, self->size, 42));
	ASSERT_TRUE(kbm_check_pattern(shared, self->size, 41));
	ASSERT_EQ(self->size, pread(self->fd, buf, self->size, 0));
	ASSERT_TRUE(kbm_check_pattern(buf, self->size, 41));
	/* Written private pages are no longer the device's frames. */
	if (kbm_page_backed(variant))
		ASSERT_NE(kbm_pfn(shared), kbm_pfn(priv));
	munmap(priv, self->size);
	munmap(shared, self->size);
	free(buf);
}

TEST_F(kbm, map_at_pgoff_shows_that_page)
{
	size_t n = self->size / PG, k = n / 2;
	unsigned char *whole = kbm_map(self->fd, self->size, MAP_SHARED, 0);
	unsigned char *part = kbm_map(self->fd, PG, MAP_SHARED, k * PG);

	ASSERT_NE(MAP_FAILED, whole);
	ASSERT_NE(MAP_FAILED, part);
	kbm_pattern(whole, self->size, 51);
	ASSERT_EQ(0, memcmp(part, whole + k * PG, PG));
	part[5] = 0xa5;
	ASSERT_EQ(0xa5, whole[k * PG + 5]);
	munmap(whole, self->size);
	munmap(part, PG);
}

TEST_F(kbm, mmap_past_end_is_einval)
{
	/* First page past the end. */
	ASSERT_EQ(MAP_FAILED, kbm_map(self->fd, PG, MAP_SHARED, self->size));
	ASSERT_EQ(EINVAL, errno);
	/* Length past the end. */
	ASSERT_EQ(MAP_FAILED, kbm_map(self->fd, self->size + PG, MAP_SHARED, 0));
	ASSERT_EQ(EINVAL, errno);
	/* Starts inside, ends outside. */
	ASSERT_EQ(MAP_FAILED, kbm_map(self->fd, 2 * PG, MAP_SHARED,
				      self->size - PG));
	ASSERT_EQ(EINVAL, errno);
}

TEST_F(kbm, mmap_huge_offset_is_refused)
{
	/* pgoff + pages would wrap; the kernel or kbufmap must refuse. */
	off_t off = (off_t)((~0ULL >> 1) & ~(PG - 1));

	ASSERT_EQ(MAP_FAILED, kbm_map(self->fd, PG, MAP_SHARED, off));
	ASSERT_TRUE(errno == EINVAL || errno == EOVERFLOW) TH_LOG("errno %d", errno);
}

TEST_F(kbm, mmap_zero_length_and_unaligned_offset)
{
	ASSERT_EQ(MAP_FAILED, kbm_map(self->fd, 0, MAP_SHARED, 0));
	ASSERT_EQ(EINVAL, errno);
	ASSERT_EQ(MAP_FAILED, kbm_map(self->fd, PG, MAP_SHARED, 1));
	ASSERT_EQ(EINVAL, errno);
}

TEST_F(kbm, mremap_cannot_grow_but_can_shrink)
{
	unsigned char *m = kbm_map(self->fd, self->size / 2, MAP_SHARED, 0);
	void *r;

	ASSERT_NE(MAP_FAILED, m);
	r = mremap(m, self->size / 2, self->size, MREMAP_MAYMOVE);
	ASSERT_EQ(MAP_FAILED, r);
	ASSERT_EQ(EFAULT, errno);
	r = mremap(m, self->size / 2, PG, 0);
	ASSERT_EQ((void *)m, r);
	m[0] = 7;
	ASSERT_EQ(1, kbm_map_count(self->fd));
	munmap(m, PG);
	ASSERT_EQ(0, kbm_map_count(self->fd));
}

TEST_F(kbm, forked_child_shares_mapping)
{
	unsigned char *m = kbm_map(self->fd, self->size, MAP_SHARED, 0);
	int status;
	pid_t pid;

	ASSERT_NE(MAP_FAILED, m);
	memset(m, 0, self->size);
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		kbm_pattern(m, self->size, 61);
		_exit(0);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_EQ(0, status);
	ASSERT_TRUE(kbm_check_pattern(m, self->size, 61));
	munmap(m, self->size);
}

TEST_F(kbm, madv_dontfork_hides_mapping_from_child)
{
	unsigned char *m = kbm_map(self->fd, self->size, MAP_SHARED, 0);
	int status;
	pid_t pid;

	ASSERT_NE(MAP_FAILED, m);
	ASSERT_EQ(0, madvise(m, self->size, MADV_DONTFORK));
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		m[0] = 1;	/* not mapped in the child: SIGSEGV */
		_exit(0);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_TRUE(WIFSIGNALED(status));
	ASSERT_EQ(SIGSEGV, WTERMSIG(status));
	munmap(m, self->size);
}

TEST_F(kbm, mapping_outlives_close)
{
	unsigned char *m = kbm_map(self->fd, self->size, MAP_SHARED, 0);
	unsigned char *buf = malloc(self->size);

	ASSERT_NE(MAP_FAILED, m);
	ASSERT_EQ(1, kbm_map_count(self->fd));
	close(self->fd);
	kbm_pattern(m, self->size, 71);
	/* Find the device again: the one with a mapping still alive. */
	self->fd = kbm_open_kind(variant->backend, variant->cache,
				 variant->fill, variant->populate,
				 kbm_variant_size(variant), 1, NULL);
	ASSERT_LE(0, self->fd);
	ASSERT_EQ(self->size, pread(self->fd, buf, self->size, 0));
	ASSERT_TRUE(kbm_check_pattern(buf, self->size, 71));
	munmap(m, self->size);
	ASSERT_EQ(0, kbm_map_count(self->fd));
	free(buf);
}

TEST_F(kbm, map_count_follows_vmas)
{
	unsigned char *a = kbm_map(self->fd, 4 * PG, MAP_SHARED, 0);
	unsigned char *b;

	ASSERT_NE(MAP_FAILED, a);
	ASSERT_EQ(1, kbm_map_count(self->fd));
	b = kbm_map(self->fd, PG, MAP_SHARED, 0);
	ASSERT_NE(MAP_FAILED, b);
	ASSERT_EQ(2, kbm_map_count(self->fd));
	/* Unmapping the middle splits one VMA in two. */
	ASSERT_EQ(0, munmap(a + PG, PG));
	ASSERT_EQ(3, kbm_map_count(self->fd));
	a[0] = 1;
	a[2 * PG] = 2;
	ASSERT_EQ(0, munmap(a, 4 * PG));
	ASSERT_EQ(1, kbm_map_count(self->fd));
	ASSERT_EQ(0, munmap(b, PG));
	ASSERT_EQ(0, kbm_map_count(self->fd));
}

TEST_F(kbm, llseek_whences)
{
	off_t end = (off_t)self->info.size;

	ASSERT_EQ(10, lseek(self->fd, 10, SEEK_SET));
	ASSERT_EQ(15, lseek(self->fd, 5, SEEK_CUR));
	ASSERT_EQ(5, lseek(self->fd, -10, SEEK_CUR));
	ASSERT_EQ(end, lseek(self->fd, 0, SEEK_END));
	ASSERT_EQ(end - 1, lseek(self->fd, -1, SEEK_END));
	ASSERT_EQ(-1, lseek(self->fd, -1, SEEK_SET));
	ASSERT_EQ(EINVAL, errno);
	ASSERT_EQ(-1, lseek(self->fd, -end - 1, SEEK_END));
	ASSERT_EQ(EINVAL, errno);
	/* The position did not move on failure. */
	ASSERT_EQ(end - 1, lseek(self->fd, 0, SEEK_CUR));
}

TEST_F(kbm, read_write_at_the_end)
{
	off_t end = (off_t)self->info.size;
	char buf[8] = "abcdefg";

	ASSERT_EQ(3, pwrite(self->fd, buf, 8, end - 3));
	ASSERT_EQ(3, pread(self->fd, buf, 8, end - 3));
	ASSERT_EQ(0, memcmp(buf, "abc", 3));
	ASSERT_EQ(0, pread(self->fd, buf, 8, end));
	ASSERT_EQ(0, pread(self->fd, buf, 8, end + 100));
	ASSERT_EQ(-1, pwrite(self->fd, buf, 8, end));
	ASSERT_EQ(ENOSPC, errno);
	/* read() and write() advance the position. */
	ASSERT_EQ(end - 2, lseek(self->fd, -2, SEEK_END));
	ASSERT_EQ(2, read(self->fd, buf, 8));
	ASSERT_EQ(end, lseek(self->fd, 0, SEEK_CUR));
}

TEST_F(kbm, pread_pwrite_across_page_boundaries)
{
	unsigned char *m = kbm_map(self->fd, self->size, MAP_SHARED, 0);
	unsigned char in[37], out[37];
	size_t b;

	ASSERT_NE(MAP_FAILED, m);
	memset(m, 0, self->size);
	for (b = PG; b < self->size; b += PG) {
		off_t off = b - 17;	/* odd offset, straddles the boundary */

		kbm_pattern(in, sizeof(in), b / PG);
		ASSERT_EQ(sizeof(in), pwrite(self->fd, in, sizeof(in), off));
		ASSERT_EQ(0, memcmp(m + off, in, sizeof(in)));
		memset(out, 0, sizeof(out));
		ASSERT_EQ(sizeof(out), pread(self->fd, out, sizeof(out), off));
		ASSERT_EQ(0, memcmp(in, out, sizeof(in)));
		ASSERT_EQ(0, m[off - 1]);
		ASSERT_EQ(0, m[off + sizeof(in)]);
	}
	munmap(m, self->size);
}

TEST_F(kbm, unknown_ioctl_is_enotty)
{
	ASSERT_EQ(-1, ioctl(self->fd, _IO(KBM_IOC_MAGIC, 99)));
	ASSERT_EQ(ENOTTY, errno);
	ASSERT_EQ(-1, ioctl(self->fd, _IOR('x', 1, int), NULL));
	ASSERT_EQ(ENOTTY, errno);
}

/* volatile: the compiler must not reason about the (invalid) pointer. */
static void *volatile kbm_bad_ptr = (void *)16;

TEST_F(kbm, bad_pointers_are_efault)
{
	void *bad = kbm_bad_ptr;

	ASSERT_EQ(-1, ioctl(self->fd, KBM_IOC_INFO, bad));
	ASSERT_EQ(EFAULT, errno);
	ASSERT_EQ(-1, ioctl(self->fd, KBM_IOC_PHYS, bad));
	ASSERT_EQ(EFAULT, errno);
	ASSERT_EQ(-1, pread(self->fd, bad, 64, 0));
	ASSERT_EQ(EFAULT, errno);
	ASSERT_EQ(-1, pwrite(self->fd, bad, 64, 0));
	ASSERT_EQ(EFAULT, errno);
}

TEST_F(kbm, phys_needs_cap_sys_admin)
{
	struct kbm_phys phys = { .pgoff = self->info.nr_pages };
	int status;
	pid_t pid;

	ASSERT_EQ(-1, ioctl(self->fd, KBM_IOC_PHYS, &phys));
	ASSERT_EQ(EINVAL, errno);
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		phys.pgoff = 0;
		if (setuid(65534))
			_exit(2);
		_exit(ioctl(self->fd, KBM_IOC_PHYS, &phys) == -1 &&
		      errno == EPERM ? 0 : 1);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_EQ(0, status);
}

/* The offset /proc/self/maps prints for the mapping at @addr, or -1. */
static long long kbm_maps_offset(void *addr)
{
	unsigned long start, end;
	unsigned long long off;
	long long found = -1;
	char line[512];
	FILE *f = fopen("/proc/self/maps", "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%lx-%lx %*4s %llx", &start, &end, &off) == 3 &&
		    start == (uintptr_t)addr) {
			found = (long long)off;
			break;
		}
	}
	fclose(f);
	return found;
}

/*
 * Every mapping shows its file offset in /proc/<pid>/maps, which anyone
 * who may open the device can read: never a physical address (a PFN
 * remap stores the PFN in vm_pgoff for copy-on-write mappings).
 */
TEST_F(kbm, maps_shows_the_offset_never_a_frame)
{
	const int flags[] = { MAP_SHARED, MAP_PRIVATE };
	unsigned char *m;
	unsigned int i;

	for (i = 0; i < 2; i++) {
		/* Private mappings of WC/UC buffers are refused (see above). */
		if (flags[i] == MAP_PRIVATE && variant->cache != KBM_CACHE_CACHED)
			continue;
		m = mmap(NULL, 2 * PG, PROT_READ, flags[i], self->fd, PG);
		ASSERT_NE(MAP_FAILED, m);
		ASSERT_EQ((long long)PG, kbm_maps_offset(m))
			TH_LOG("%s mapping at offset %zu",
			       i ? "private" : "shared", PG);
		munmap(m, 2 * PG);
	}
}

TEST_F(kbm, madv_dontneed_keeps_data)
{
	unsigned char *m = kbm_map(self->fd, self->size, MAP_SHARED, 0);
	int ret;

	ASSERT_NE(MAP_FAILED, m);
	kbm_pattern(m, self->size, 81);
	ret = madvise(m, self->size, MADV_DONTNEED);
	if (!kbm_page_backed(variant)) {
		/* PFN mappings cannot be zapped and refaulted: documented EINVAL. */
		ASSERT_EQ(-1, ret);
		ASSERT_EQ(EINVAL, errno);
	} else {
		ASSERT_EQ(0, ret);
	}
	/* Either way the device's data is still there, through the fault path. */
	ASSERT_TRUE(kbm_check_pattern(m, self->size, 81));
	munmap(m, self->size);
}

TEST_F(kbm, process_vm_readv_reads_mapping)
{
	unsigned char *m = kbm_map(self->fd, self->size, MAP_SHARED, 0);
	unsigned char *buf = malloc(self->size);
	struct iovec local = { buf, self->size }, remote = { NULL, self->size };
	ssize_t got;

	ASSERT_NE(MAP_FAILED, m);
	kbm_pattern(m, self->size, 91);
	remote.iov_base = m;
	got = process_vm_readv(getpid(), &local, 1, &remote, 1, 0);
	if (!kbm_page_backed(variant)) {
		/* No struct page behind PFN mappings: GUP fails, documented EFAULT. */
		ASSERT_EQ(-1, got);
		ASSERT_EQ(EFAULT, errno);
	} else {
		ASSERT_EQ((ssize_t)self->size, got);
		ASSERT_TRUE(kbm_check_pattern(buf, self->size, 91));
	}
	munmap(m, self->size);
	free(buf);
}

/*
 * O_DIRECT against a real block device (run_vm.sh loads brd: /dev/ram0), so
 * the transfer pins the mapping's pages with get_user_pages; tmpfs would
 * only copy.  PFN mappings have no pages to pin: documented EFAULT.
 */
TEST_F(kbm, o_direct_through_mapping)
{
	unsigned char *m = kbm_map(self->fd, self->size, MAP_SHARED, 0);
	unsigned char *buf = aligned_alloc(PG, self->size);
	ssize_t got;
	int f;

	ASSERT_NE(MAP_FAILED, m);
	f = open("/dev/ram0", O_RDWR);
	ASSERT_LE(0, f) TH_LOG("no /dev/ram0: the runner loads brd");
	kbm_pattern(buf, self->size, 101);
	ASSERT_EQ((ssize_t)self->size, pwrite(f, buf, self->size, 0));
	ASSERT_EQ(0, fsync(f));
	close(f);

	f = open("/dev/ram0", O_RDWR | O_DIRECT);
	ASSERT_LE(0, f);
	memset(m, 0, self->size);
	got = pread(f, m, self->size, 0);
	if (!kbm_page_backed(variant)) {
		ASSERT_EQ(-1, got);
		ASSERT_EQ(EFAULT, errno);
	} else {
		ASSERT_EQ((ssize_t)self->size, got);
		ASSERT_TRUE(kbm_check_pattern(m, self->size, 101));
		/* And out again: direct write from the mapping. */
		kbm_pattern(m, self->size, 102);
		ASSERT_EQ((ssize_t)self->size, pwrite(f, m, self->size, 0));
		ASSERT_EQ((ssize_t)self->size, pread(f, buf, self->size, 0));
		ASSERT_TRUE(kbm_check_pattern(buf, self->size, 102));
	}
	close(f);
	munmap(m, self->size);
	free(buf);
}

struct kbm_thread_arg {
	unsigned char *m;
	size_t size;
	int id;
};

static void *kbm_thread(void *p)
{
	struct kbm_thread_arg *a = p;
	size_t i;

	/* Every thread touches every page (same pages) and owns one byte in each. */
	for (i = 0; i < a->size; i += 4096)
		a->m[i + 64 + a->id] = (unsigned char)(a->id + i / 4096);
	return NULL;
}

TEST_F(kbm, eight_threads_fault_concurrently)
{
	unsigned char *m = kbm_map(self->fd, self->size, MAP_SHARED, 0);
	struct kbm_thread_arg args[8];
	pthread_t th[8];
	size_t i;
	int t;

	ASSERT_NE(MAP_FAILED, m);
	ASSERT_EQ(0, madvise(m, self->size, kbm_page_backed(variant) ?
			     MADV_DONTNEED : MADV_NORMAL));
	for (t = 0; t < 8; t++) {
		args[t] = (struct kbm_thread_arg){ m, self->size, t };
		ASSERT_EQ(0, pthread_create(&th[t], NULL, kbm_thread, &args[t]));
	}
	for (t = 0; t < 8; t++)
		pthread_join(th[t], NULL);
	for (i = 0; i < self->size; i += 4096)
		for (t = 0; t < 8; t++)
			ASSERT_EQ((unsigned char)(t + i / 4096), m[i + 64 + t]);
	munmap(m, self->size);
}

TEST_F(kbm, private_uncached_is_refused)
{
	void *m = kbm_map(self->fd, PG, MAP_PRIVATE, 0);

	if (variant->cache == KBM_CACHE_CACHED) {
		ASSERT_NE(MAP_FAILED, m);
		munmap(m, PG);
	} else {
		ASSERT_EQ(MAP_FAILED, m);
		ASSERT_EQ(EINVAL, errno);
	}
}

TEST_F(kbm, read_only_mapping_cannot_write)
{
	unsigned char *m = mmap(NULL, self->size, PROT_READ, MAP_SHARED,
				self->fd, 0);
	int status;
	pid_t pid;

	ASSERT_NE(MAP_FAILED, m);
	ASSERT_EQ(0, mprotect(m, self->size, PROT_READ));
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		m[1] = 1;
		_exit(0);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_TRUE(WIFSIGNALED(status));
	ASSERT_EQ(SIGSEGV, WTERMSIG(status));
	munmap(m, self->size);
}

TEST_F(kbm, two_processes_share_bytes_and_frames)
{
	unsigned char *m = kbm_map(self->fd, self->size, MAP_SHARED, 0);
	uint64_t child_pfn = 0;
	int pfd[2], status;
	pid_t pid;

	ASSERT_NE(MAP_FAILED, m);
	ASSERT_EQ(0, pipe(pfd));
	m[PG + 3] = 0x3c;
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		/* The child maps the device on its own, not through fork. */
		unsigned char *c = kbm_map(self->fd, self->size, MAP_SHARED, 0);
		uint64_t pfn;

		if (c == MAP_FAILED || c[PG + 3] != 0x3c)
			_exit(1);
		c[PG + 4] = 0xc3;
		pfn = kbm_pfn(c + PG);
		_exit(write(pfd[1], &pfn, sizeof(pfn)) == sizeof(pfn) ? 0 : 2);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_EQ(0, status);
	ASSERT_EQ(sizeof(child_pfn), read(pfd[0], &child_pfn, sizeof(child_pfn)));
	ASSERT_EQ(0xc3, m[PG + 4]);
	ASSERT_EQ(kbm_pfn(m + PG), child_pfn);
	close(pfd[0]);
	close(pfd[1]);
	munmap(m, self->size);
}

TEST_F(kbm, vmsplice_from_mapping)
{
	unsigned char *m = kbm_map(self->fd, self->size, MAP_SHARED, 0);
	unsigned char out[4096];
	struct iovec iov;
	int pfd[2];
	ssize_t got;

	ASSERT_NE(MAP_FAILED, m);
	kbm_pattern(m, self->size, 111);
	ASSERT_EQ(0, pipe(pfd));
	iov.iov_base = m + PG;
	iov.iov_len = 4096;
	got = vmsplice(pfd[1], &iov, 1, 0);
	if (!kbm_page_backed(variant)) {
		/* vmsplice pins pages with GUP: none behind a PFN mapping. */
		ASSERT_EQ(-1, got);
		ASSERT_EQ(EFAULT, errno);
	} else {
		ASSERT_EQ(4096, got);
		ASSERT_EQ(4096, read(pfd[0], out, sizeof(out)));
		ASSERT_EQ(0, memcmp(out, m + PG, sizeof(out)));
	}
	close(pfd[0]);
	close(pfd[1]);
	munmap(m, self->size);
}

TEST_F(kbm, process_vm_writev_into_mapping)
{
	unsigned char *m = kbm_map(self->fd, self->size, MAP_SHARED, 0);
	unsigned char src[64];
	struct iovec local = { src, sizeof(src) }, remote;
	ssize_t got;

	ASSERT_NE(MAP_FAILED, m);
	memset(src, 0x77, sizeof(src));
	memset(m, 0, PG);
	remote.iov_base = m + 100;
	remote.iov_len = sizeof(src);
	got = process_vm_writev(getpid(), &local, 1, &remote, 1, 0);
	if (!kbm_page_backed(variant)) {
		ASSERT_EQ(-1, got);
		ASSERT_EQ(EFAULT, errno);
	} else {
		ASSERT_EQ((ssize_t)sizeof(src), got);
		ASSERT_EQ(0x77, m[100]);
		ASSERT_EQ(0x77, m[163]);
		ASSERT_EQ(0, m[164]);
	}
	munmap(m, self->size);
}

TEST_F(kbm, unaligned_hint_is_rounded_and_fixed_unaligned_fails)
{
	unsigned char *m, *hint;

	hint = kbm_map(self->fd, 2 * PG, MAP_SHARED, 0);
	ASSERT_NE(MAP_FAILED, hint);
	munmap(hint, 2 * PG);
	/* A hint is only a hint: any result is page aligned. */
	m = mmap(hint + 123, PG, PROT_READ, MAP_SHARED, self->fd, 0);
	ASSERT_NE(MAP_FAILED, m);
	ASSERT_EQ(0, (uintptr_t)m % PG);
	munmap(m, PG);
	m = mmap(hint + 123, PG, PROT_READ, MAP_SHARED | MAP_FIXED, self->fd, 0);
	ASSERT_EQ(MAP_FAILED, m);
	ASSERT_EQ(EINVAL, errno);
}

TEST_F(kbm, absurd_length_is_refused)
{
	/* 64 TiB; 1 GiB where size_t has 32 bits, still far past the buffer */
	ASSERT_EQ(MAP_FAILED, kbm_map(self->fd,
				      (size_t)1 << (sizeof(size_t) > 4 ? 46 : 30),
				      MAP_SHARED, 0));
	ASSERT_TRUE(errno == EINVAL || errno == ENOMEM) TH_LOG("errno %d", errno);
	ASSERT_EQ(MAP_FAILED, kbm_map(self->fd, ~(size_t)0 - PG, MAP_SHARED, 0));
	ASSERT_TRUE(errno == EINVAL || errno == ENOMEM) TH_LOG("errno %d", errno);
	ASSERT_EQ(0, kbm_map_count(self->fd));
}

TEST_F(kbm, read_only_open_cannot_map_shared_writable)
{
	int fd = kbm_open_kind(variant->backend, variant->cache, variant->fill,
			       variant->populate, kbm_variant_size(variant), -1,
			       NULL);
	int ro;
	char path[32];
	void *m;

	ASSERT_LE(0, fd);
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	ro = open(path, O_RDONLY);
	close(fd);
	ASSERT_LE(0, ro);
	m = mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_SHARED, ro, 0);
	ASSERT_EQ(MAP_FAILED, m);
	ASSERT_EQ(EACCES, errno);
	m = mmap(NULL, PG, PROT_READ, MAP_SHARED, ro, 0);
	ASSERT_NE(MAP_FAILED, m);
	munmap(m, PG);
	ASSERT_EQ(-1, write(ro, "x", 1));
	ASSERT_EQ(EBADF, errno);
	close(ro);
}

TEST_F(kbm, fork_counts_a_mapping_per_process)
{
	unsigned char *m = kbm_map(self->fd, PG, MAP_SHARED, 0);
	int pfd[2], status;
	char go;
	pid_t pid;

	ASSERT_NE(MAP_FAILED, m);
	ASSERT_EQ(0, pipe(pfd));
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		/* Hold the inherited mapping until the parent has counted. */
		_exit(read(pfd[0], &go, 1) == 1 ? 0 : 1);
	}
	ASSERT_EQ(2, kbm_map_count(self->fd));
	ASSERT_EQ(1, write(pfd[1], "g", 1));
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_EQ(0, status);
	ASSERT_EQ(1, kbm_map_count(self->fd));
	munmap(m, PG);
	ASSERT_EQ(0, kbm_map_count(self->fd));
	close(pfd[0]);
	close(pfd[1]);
}

TEST_F(kbm, mremap_move_keeps_data)
{
	unsigned char *m = kbm_map(self->fd, 4 * PG, MAP_SHARED, 0);
	unsigned char *dst, *r;

	ASSERT_NE(MAP_FAILED, m);
	kbm_pattern(m, 4 * PG, 121);
	dst = mmap(NULL, 4 * PG, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, dst);
	r = mremap(m, 4 * PG, 4 * PG, MREMAP_MAYMOVE | MREMAP_FIXED, dst);
	if (self->info.flags & KBM_INFO_NO_MOVE) {
		/* Refused, and the mapping is still where it was, whole. */
		ASSERT_EQ(MAP_FAILED, r);
		ASSERT_EQ(EINVAL, errno);
		ASSERT_TRUE(kbm_check_pattern(m, 4 * PG, 121));
		ASSERT_EQ(1, kbm_map_count(self->fd));
		munmap(m, 4 * PG);
		ASSERT_EQ(0, kbm_map_count(self->fd));
		return;
	}
	ASSERT_EQ(dst, r);
	ASSERT_TRUE(kbm_check_pattern(r, 4 * PG, 121));
	ASSERT_EQ(1, kbm_map_count(self->fd));
	munmap(r, 4 * PG);
	ASSERT_EQ(0, kbm_map_count(self->fd));
}

TEST_F(kbm, mremap_cannot_regrow_after_shrink)
{
	unsigned char *m = kbm_map(self->fd, 4 * PG, MAP_SHARED, 0);

	ASSERT_NE(MAP_FAILED, m);
	ASSERT_EQ((void *)m, mremap(m, 4 * PG, PG, 0));
	ASSERT_EQ(MAP_FAILED, mremap(m, PG, 2 * PG, 0));
	ASSERT_EQ(EFAULT, errno);
	munmap(m, PG);
}

TEST_F(kbm, msync_and_mlock_work)
{
	unsigned char *m = kbm_map(self->fd, self->size, MAP_SHARED, 0);

	ASSERT_NE(MAP_FAILED, m);
	m[0] = 1;
	/* Memory needs no writeback, but MS_SYNC must still succeed. */
	ASSERT_EQ(0, msync(m, self->size, MS_SYNC));
	ASSERT_EQ(0, msync(m, self->size, MS_ASYNC));
	ASSERT_EQ(0, fsync(self->fd));
	ASSERT_EQ(0, mlock(m, 4 * PG));
	ASSERT_EQ(1, m[0]);
	ASSERT_EQ(0, munlock(m, 4 * PG));
	munmap(m, self->size);
}

TEST_F(kbm, map_populate_prefaults)
{
	unsigned char *m = mmap(NULL, self->size, PROT_READ | PROT_WRITE,
				MAP_SHARED | MAP_POPULATE, self->fd, 0);
	unsigned char vec[64];

	ASSERT_NE(MAP_FAILED, m);
	if (kbm_page_backed(variant)) {
		/* mincore() sees the pages that MAP_POPULATE brought in. */
		ASSERT_EQ(0, mincore(m, 64 * PG, vec));
		ASSERT_EQ(1, vec[0] & 1);
		ASSERT_EQ(1, vec[63] & 1);
	}
	m[self->size - 1] = 9;
	ASSERT_EQ(9, m[self->size - 1]);
	munmap(m, self->size);
}

TEST_F(kbm, short_write_stops_at_bad_user_page)
{
	unsigned char *src = mmap(NULL, 2 * PG, PROT_READ | PROT_WRITE,
				  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	unsigned char back[16], before[16];
	ssize_t n;

	ASSERT_NE(MAP_FAILED, src);
	memset(src, 0x42, PG);
	ASSERT_EQ(0, munmap(src + PG, PG));
	ASSERT_EQ(16, pread(self->fd, before, 16, 0));
	/*
	 * 8 bytes reachable, then a hole: the write reports what it did.  32-bit
	 * ARM's copy_from_user() copies nothing when a fault ends the block it
	 * copies: there the write moves nothing, says EFAULT and changes nothing.
	 */
	n = pwrite(self->fd, src + PG - 8, 64, 0);
	ASSERT_EQ(16, pread(self->fd, back, 16, 0));
#ifdef __arm__
	if (n == -1) {
		ASSERT_EQ(EFAULT, errno);
		ASSERT_EQ(0, memcmp(before, back, 16));
		munmap(src, PG);
		return;
	}
#endif
	ASSERT_EQ(8, n);
	ASSERT_EQ(0x42, back[7]);
	munmap(src, PG);
}

TEST_F(kbm, negative_and_zero_length_io)
{
	char c;

	ASSERT_EQ(0, pread(self->fd, &c, 0, 0));
	ASSERT_EQ(0, pwrite(self->fd, &c, 0, 0));
	ASSERT_EQ(-1, pread(self->fd, &c, 1, -1));
	ASSERT_EQ(EINVAL, errno);
	ASSERT_EQ(-1, pwrite(self->fd, &c, 1, -1));
	ASSERT_EQ(EINVAL, errno);
	/* Seeking past the end is allowed; reading there is EOF. */
	ASSERT_EQ((off_t)self->info.size + 10,
		  lseek(self->fd, 10, SEEK_END));
	ASSERT_EQ(0, read(self->fd, &c, 1));
}

TEST_F(kbm, mapping_survives_dup_and_close)
{
	int fd2 = dup(self->fd);
	unsigned char *m;

	ASSERT_LE(0, fd2);
	m = kbm_map(fd2, PG, MAP_SHARED, 0);
	ASSERT_NE(MAP_FAILED, m);
	close(fd2);
	m[1] = 0x99;
	ASSERT_EQ(1, kbm_map_count(self->fd));
	munmap(m, PG);
}

TEST_F(kbm, map_unmap_churn_with_readers_and_writers)
{
	unsigned char *m = kbm_map(self->fd, self->size, MAP_SHARED, 0);
	pid_t kids[4];
	int k, status;

	ASSERT_NE(MAP_FAILED, m);
	memset(m, 0, self->size);
	for (k = 0; k < 4; k++) {
		kids[k] = fork();
		ASSERT_LE(0, kids[k]);
		if (kids[k] == 0) {
			int i;

			for (i = 0; i < 200; i++) {
				if (k < 2) {
					/* churn: map, touch, unmap */
					unsigned char *c = kbm_map(self->fd, 8 * PG,
								   MAP_SHARED, 0);

					if (c == MAP_FAILED)
						_exit(1);
					(void)*(volatile unsigned char *)(c + 7 * PG);
					munmap(c, 8 * PG);
				} else {
					/* each writer owns a byte per page */
					size_t pg;

					for (pg = 0; pg < self->size / PG; pg += 16)
						m[pg * PG + k] = (unsigned char)i;
				}
			}
			_exit(0);
		}
	}
	for (k = 0; k < 4; k++) {
		ASSERT_EQ(kids[k], waitpid(kids[k], &status, 0));
		ASSERT_EQ(0, status);
	}
	for (k = 2; k < 4; k++) {
		size_t pg;

		for (pg = 0; pg < self->size / PG; pg += 16)
			ASSERT_EQ(199, m[pg * PG + k]);
	}
	ASSERT_EQ(1, kbm_map_count(self->fd));
	munmap(m, self->size);
}

TEST_F(kbm, two_devices_are_independent)
{
	struct kbm_info other;
	int fd2 = kbm_open_kind(KBM_BACKEND_PAGES, KBM_CACHE_CACHED,
				KBM_FILL_PREALLOC, KBM_POPULATE_EAGER, 10000, -1,
				&other);
	unsigned char *a, *b;

	ASSERT_LE(0, fd2);
	a = kbm_map(self->fd, PG, MAP_SHARED, 0);
	b = kbm_map(fd2, PG, MAP_SHARED, 0);
	ASSERT_NE(MAP_FAILED, a);
	ASSERT_NE(MAP_FAILED, b);
	a[0] = 0x11;
	b[0] = 0x22;
	ASSERT_EQ(0x11, a[0]);
	ASSERT_EQ(0x22, b[0]);
	if (kbm_page_backed(variant))
		ASSERT_NE(kbm_pfn(a), kbm_pfn(b));
	munmap(a, PG);
	munmap(b, PG);
	close(fd2);
}

/*
 * A write-combined or uncached buffer has that memory type in the kernel's
 * direct map too, so the CPU never holds the same page as cacheable and
 * uncacheable at once; a cached buffer stays write-back.
 */
TEST_F(kbm, direct_map_memory_type_matches_cache_mode)
{
	int want = kbm_memtype_of_cache[variant->cache];
	const char *why = kbm_memtype_untestable();
	FILE *log = NULL;
	uint64_t pg;

	if (why)
		SKIP(return, "%s", why);
	if (want == KBM_MT_UC_MINUS && !kbm_kpageflags_show_uncached())
		SKIP(return, "/proc/kpageflags may not show PG_uncached before 3.10");
	if (want != KBM_MT_WB)
		log = fopen(KBM_MEMTYPE_PFNS, "a");
	for (pg = 0; pg < self->info.nr_pages; pg++) {
		struct kbm_phys phys = { .pgoff = pg };
		uint64_t pfn;
		int mt;

		ASSERT_EQ(0, ioctl(self->fd, KBM_IOC_PHYS, &phys));
		ASSERT_NE(0, phys.phys);
		pfn = phys.phys / PG;
		mt = kbm_memtype(pfn);
		ASSERT_EQ(want, mt)
			TH_LOG("page %llu, pfn %#llx: %s in the direct map, want %s",
			       (unsigned long long)pg, (unsigned long long)pfn,
			       kbm_memtype_name(mt), kbm_memtype_names[want]);
		if (log)
			fprintf(log, "%llu\n", (unsigned long long)pfn);
	}
	if (log)
		fclose(log);
}

/*
 * Can this kernel write through /proc/<pid>/mem at all?  Writing came in
 * v2.6.39 ("proc: enable writing to /proc/pid/mem"); before it the file has
 * no write method (EINVAL), whatever the mapping.  Asked of a byte of the
 * stack, which any kernel that has the method writes.
 */
static bool kbm_proc_mem_writes(int mem)
{
	volatile unsigned char probe = 0;
	unsigned char one = 1;

	if (pwrite(mem, &one, 1, (uintptr_t)&probe) == 1 && probe == 1)
		return true;
	return false;
}

/*
 * ptrace and /proc/<pid>/mem reach a mapping through get_user_pages or,
 * where no struct page is behind the PTEs (populate=remap), through
 * vm_ops->access.  Either way they read and write the buffer's bytes.
 */
TEST_F(kbm, proc_self_mem_reads_and_writes_mapping)
{
	unsigned char *m = kbm_map(self->fd, self->size, MAP_SHARED, 0);
	unsigned char *buf = malloc(self->size), got[64], mark[64];
	size_t k = self->size / PG / 2, at = k * PG - 32;
	int mem = open("/proc/self/mem", O_RDWR);

	ASSERT_NE(MAP_FAILED, m);
	ASSERT_LE(0, mem);
	kbm_pattern(buf, self->size, 131);
	ASSERT_EQ(self->size, pwrite(self->fd, buf, self->size, 0));
#ifdef __arm__
	/*
	 * 32-bit ARM has no CONFIG_HAVE_IOREMAP_PROT: the kernel never calls
	 * ->access there, and a PFN mapping is out of /proc/<pid>/mem's reach.
	 */
	if (!kbm_page_backed(variant)) {
		ASSERT_EQ(-1, pread(mem, got, sizeof(got), (uintptr_t)(m + at)));
		ASSERT_EQ(EIO, errno);
		close(mem);
		munmap(m, self->size);
		free(buf);
		SKIP(return, "32-bit ARM: no ->access for PFN mappings (EIO, as expected)");
	}
#endif
	/* Across the boundary of two pages. */
	ASSERT_EQ(sizeof(got), pread(mem, got, sizeof(got), (uintptr_t)(m + at)))
		TH_LOG("read of /proc/self/mem: %s", strerror(errno));
	ASSERT_EQ(0, memcmp(got, buf + at, sizeof(got)));
	if (!kbm_proc_mem_writes(mem)) {
		close(mem);
		munmap(m, self->size);
		free(buf);
		SKIP(return, "read checked; no writes to /proc/<pid>/mem before v2.6.39");
	}
	memset(mark, 0xa7, sizeof(mark));
	ASSERT_EQ(sizeof(mark), pwrite(mem, mark, sizeof(mark), (uintptr_t)(m + at)))
		TH_LOG("write of /proc/self/mem: %s", strerror(errno));
	/* The device's read() sees the write; the bytes around it stay. */
	ASSERT_EQ(self->size, pread(self->fd, buf, self->size, 0));
	ASSERT_EQ(0, memcmp(buf + at, mark, sizeof(mark)));
	ASSERT_EQ(kbm_pattern_at(at - 1, 131), buf[at - 1]);
	ASSERT_EQ(kbm_pattern_at(at + sizeof(mark), 131), buf[at + sizeof(mark)]);
	ASSERT_EQ(0xa7, m[at]);
	close(mem);
	munmap(m, self->size);
	free(buf);
}

/* /proc/<pid>/mem stops at the end of the VMA and honours its protection. */
TEST_F(kbm, proc_self_mem_stops_at_vma_end)
{
	unsigned char *m = kbm_map(self->fd, 3 * PG, MAP_SHARED, 0);
	unsigned char zero[12] = { 0 }, mark[8], back[12];
	int mem = open("/proc/self/mem", O_RDWR);
	unsigned char *ro;
	size_t i;

#ifdef __arm__
	if (!kbm_page_backed(variant))
		SKIP(return, "32-bit ARM: no ->access for PFN mappings (no CONFIG_HAVE_IOREMAP_PROT)");
#endif
	ASSERT_NE(MAP_FAILED, m);
	ASSERT_LE(0, mem);
	/* The VMA now ends two pages in, and nothing is mapped after it. */
	ASSERT_EQ(0, munmap(m + 2 * PG, PG));
	if (!kbm_proc_mem_writes(mem)) {
		/* Reads past the end are refused there too. */
		ASSERT_EQ(-1, pread(mem, back, sizeof(back), (uintptr_t)(m + 2 * PG)));
		ASSERT_EQ(EIO, errno);
		close(mem);
		munmap(m, 2 * PG);
		SKIP(return, "no writes to /proc/<pid>/mem before v2.6.39");
	}
	ASSERT_EQ(sizeof(zero), pwrite(self->fd, zero, sizeof(zero), 2 * PG - 4));
	memset(mark, 0x5c, sizeof(mark));
	/* Straddling the end: the part inside is written, no more. */
	ASSERT_EQ(4, pwrite(mem, mark, sizeof(mark), (uintptr_t)(m + 2 * PG - 4)));
	ASSERT_EQ(sizeof(back), pread(self->fd, back, sizeof(back), 2 * PG - 4));
	ASSERT_EQ(0, memcmp(back, mark, 4));
	for (i = 4; i < sizeof(back); i++)
		ASSERT_EQ(0, back[i]) TH_LOG("byte %zu past the VMA's end written", i - 4);
	/* Wholly past the end: refused. */
	ASSERT_EQ(-1, pwrite(mem, mark, sizeof(mark), (uintptr_t)(m + 2 * PG)));
	ASSERT_EQ(EIO, errno);
	ASSERT_EQ(-1, pread(mem, back, sizeof(back), (uintptr_t)(m + 2 * PG)));
	ASSERT_EQ(EIO, errno);
	/*
	 * A read-only shared PFN mapping is not written this way either:
	 * kbufmap's own .access refuses.  Page-backed mappings are the
	 * kernel's GUP with FOLL_FORCE, whose answer for shared read-only
	 * mappings depends on the kernel (RHEL 7's writes through).
	 */
	ro = mmap(NULL, PG, PROT_READ, MAP_SHARED, self->fd, 0);
	ASSERT_NE(MAP_FAILED, ro);
	if (!kbm_page_backed(variant)) {
		ASSERT_EQ(-1, pwrite(mem, mark, sizeof(mark), (uintptr_t)ro));
		ASSERT_EQ(EIO, errno);
		ASSERT_EQ(sizeof(back), pread(self->fd, back, sizeof(back), 0));
		ASSERT_NE(0, memcmp(back, mark, sizeof(mark)));
	}
	munmap(ro, PG);
	close(mem);
	munmap(m, 2 * PG);
}

/* Hole device: a sparse buffer nobody else writes (run_vm.sh: 64 KiB). */
TEST(sparse_hole_gives_sigbus_until_written)
{
	struct kbm_info info;
	__u64 present;
	unsigned char *m, page[4096];
	int fd, status;
	pid_t pid;

	fd = kbm_open_kind(KBM_BACKEND_PAGES, KBM_CACHE_CACHED, KBM_FILL_SPARSE,
			   KBM_POPULATE_FAULT, 64 << 10, 0, &info);
	ASSERT_LE(0, fd);
	/* Page 5 is this test's alone. */
	present = info.pages_present;
	m = kbm_map(fd, info.size, MAP_SHARED, 0);
	ASSERT_NE(MAP_FAILED, m);
	/* A hole reads as zeros through read() and is not filled by it. */
	ASSERT_EQ(4096, pread(fd, page, 4096, 5 * 4096));
	ASSERT_EQ(0, page[100]);
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		(void)*(volatile unsigned char *)(m + 5 * 4096);
		_exit(0);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_TRUE(WIFSIGNALED(status));
	ASSERT_EQ(SIGBUS, WTERMSIG(status));
	ASSERT_EQ(0, ioctl(fd, KBM_IOC_INFO, &info));
	ASSERT_EQ(present, info.pages_present);
	/* write() fills the hole; the mapping then sees the data. */
	memset(page, 0x5a, sizeof(page));
	ASSERT_EQ(4096, pwrite(fd, page, 4096, 5 * 4096));
	ASSERT_EQ(0x5a, m[5 * 4096 + 17]);
	ASSERT_EQ(0, ioctl(fd, KBM_IOC_INFO, &info));
	ASSERT_EQ(present + 1, info.pages_present);
	munmap(m, info.size);
	close(fd);
}

/* On-demand device (run_vm.sh: 128 KiB): pages appear on first touch. */
TEST(ondemand_pages_appear_on_touch_and_persist)
{
	struct kbm_info info;
	unsigned char *m;
	int fd;

	fd = kbm_open_kind(KBM_BACKEND_PAGES, KBM_CACHE_CACHED,
			   KBM_FILL_ONDEMAND, KBM_POPULATE_FAULT, 128 << 10, 0,
			   &info);
	ASSERT_LE(0, fd);
	ASSERT_EQ(0, info.pages_present);
	m = kbm_map(fd, info.size, MAP_SHARED, 0);
	ASSERT_NE(MAP_FAILED, m);
	ASSERT_EQ(0, ioctl(fd, KBM_IOC_INFO, &info));
	ASSERT_EQ(0, info.pages_present);
	m[3 * 4096] = 3;
	m[7 * 4096 + 1] = 7;
	ASSERT_EQ(0, ioctl(fd, KBM_IOC_INFO, &info));
	ASSERT_EQ(2, info.pages_present);
	munmap(m, info.size);
	m = kbm_map(fd, info.size, MAP_SHARED, 0);
	ASSERT_NE(MAP_FAILED, m);
	ASSERT_EQ(3, m[3 * 4096]);
	ASSERT_EQ(7, m[7 * 4096 + 1]);
	munmap(m, info.size);
	close(fd);
}

/* Odd-size device (run_vm.sh: 10000 bytes): mmap rounds, read() does not. */
TEST(size_not_a_page_multiple)
{
	struct kbm_info info;
	unsigned char *m, buf[64];
	int fd;

	fd = kbm_open_kind(KBM_BACKEND_PAGES, KBM_CACHE_CACHED,
			   KBM_FILL_PREALLOC, KBM_POPULATE_EAGER, 10000, -1, &info);
	ASSERT_LE(0, fd);
	ASSERT_EQ(3, info.nr_pages);
	m = kbm_map(fd, 3 * 4096, MAP_SHARED, 0);
	ASSERT_NE(MAP_FAILED, m);
	ASSERT_EQ(MAP_FAILED, kbm_map(fd, 4 * 4096, MAP_SHARED, 0));
	ASSERT_EQ(EINVAL, errno);
	m[9999] = 0x11;
	m[10000] = 0x22;	/* beyond size, inside the last page */
	ASSERT_EQ(1, pread(fd, buf, sizeof(buf), 9999));
	ASSERT_EQ(0x11, buf[0]);
	ASSERT_EQ(0, pread(fd, buf, sizeof(buf), 10000));
	ASSERT_EQ(-1, pwrite(fd, buf, 1, 10000));
	ASSERT_EQ(ENOSPC, errno);
	ASSERT_EQ(10000, lseek(fd, 0, SEEK_END));
	munmap(m, 3 * 4096);
	close(fd);
}

/* write() into an on-demand hole allocates exactly that page. */
TEST(ondemand_write_fills_one_page)
{
	struct kbm_info before, after;
	char c = 'w';
	int fd;

	fd = kbm_open_kind(KBM_BACKEND_PAGES, KBM_CACHE_CACHED,
			   KBM_FILL_ONDEMAND, KBM_POPULATE_FAULT, 128 << 10, 0,
			   &before);
	ASSERT_LE(0, fd);
	ASSERT_EQ(1, pwrite(fd, &c, 1, 20 * 4096 + 5));
	ASSERT_EQ(0, ioctl(fd, KBM_IOC_INFO, &after));
	ASSERT_EQ(before.pages_present + 1, after.pages_present);
	c = 0;
	ASSERT_EQ(1, pread(fd, &c, 1, 20 * 4096 + 5));
	ASSERT_EQ('w', c);
	close(fd);
}

/* Does touching the page at @addr kill the toucher with SIGBUS? */
static bool kbm_touch_sigbus(volatile unsigned char *addr)
{
	int status;
	pid_t pid = fork();

	if (pid == 0) {
		(void)*addr;
		_exit(0);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		return false;
	return WIFSIGNALED(status) && WTERMSIG(status) == SIGBUS;
}

/*
 * A write() fills a hole only with bytes that arrived: a source that
 * faults at once fills nothing, one that faults on its second page fills
 * the first hole and leaves the second a hole (SIGBUS through a mapping).
 */
TEST(sparse_failed_write_fills_no_hole)
{
	/* volatile: the compiler must not see that the source is bad. */
	unsigned char *volatile unmapped = (unsigned char *)16;
	struct kbm_info info;
	unsigned char *src, *m;
	__u64 present;
	int fd;

	fd = kbm_open_kind(KBM_BACKEND_PAGES, KBM_CACHE_CACHED, KBM_FILL_SPARSE,
			   KBM_POPULATE_FAULT, 64 << 10, 0, &info);
	ASSERT_LE(0, fd);
	/* Pages 8-11 are this test's alone. */
	present = info.pages_present;
	ASSERT_EQ(-1, pwrite(fd, unmapped, 4096, 8 * 4096));
	ASSERT_EQ(EFAULT, errno);
	ASSERT_EQ(0, ioctl(fd, KBM_IOC_INFO, &info));
	ASSERT_EQ(present, info.pages_present);

	src = mmap(NULL, 2 * 4096, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, src);
	memset(src, 0x77, 4096);
	ASSERT_EQ(0, mprotect(src + 4096, 4096, PROT_NONE));
	ASSERT_EQ(4096, pwrite(fd, src, 2 * 4096, 10 * 4096));
	ASSERT_EQ(0, ioctl(fd, KBM_IOC_INFO, &info));
	ASSERT_EQ(present + 1, info.pages_present);

	m = kbm_map(fd, info.size, MAP_SHARED, 0);
	ASSERT_NE(MAP_FAILED, m);
	ASSERT_EQ(0x77, m[10 * 4096 + 4095]);
	ASSERT_TRUE(kbm_touch_sigbus(m + 8 * 4096));
	ASSERT_TRUE(kbm_touch_sigbus(m + 11 * 4096));
	munmap(m, info.size);
	munmap(src, 2 * 4096);
	close(fd);
}

static int kbm_write_file(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = write(fd, text, strlen(text));
	close(fd);
	return n == (ssize_t)strlen(text) ? 0 : -1;
}

/* Does the file at @path hold the word @word? */
static bool kbm_file_has(const char *path, const char *word)
{
	char w[64];
	bool found = false;
	FILE *f = fopen(path, "r");

	if (!f)
		return false;
	while (!found && fscanf(f, "%63s", w) == 1)
		found = !strcmp(w, word);
	fclose(f);
	return found;
}

/* The value of @key in a memory.stat file, or -1. */
static long long kbm_memcg_stat(const char *path, const char *key)
{
	char name[64];
	long long v, found = -1;
	FILE *f = fopen(path, "r");

	if (!f)
		return -1;
	while (fscanf(f, "%63s %lld", name, &v) == 2)
		if (!strcmp(name, key))
			found = v;
	fclose(f);
	return found;
}

/* From 5.11 a charged page can be mapped to user space (compat: memcg). */
static bool kbm_kernel_charges_touched_pages(void)
{
	return kbm_kernel_at_least(5, 11, false);
}

/*
 * Pages an on-demand buffer allocates on a touch are charged to the
 * toucher's memory cgroup: they show up in its memory.stat as mapped file
 * pages.  Uncharged pages belong to no cgroup and show up nowhere, so
 * whoever may open the device could pin memory its limits never see.
 */
TEST(ondemand_pages_are_charged_to_the_toucher)
{
	const char *cg = "/tmp/kbm-cg", *child = "/tmp/kbm-cg/kbm-test";
	char pid[32], stat[64];
	struct kbm_info info;
	long long before, after;
	unsigned char *m;
	int fd, i;

	/*
	 * Without a memory controller (no cgroup2 before 4.5, or a kernel
	 * configured without it) there is nothing to charge to.
	 */
	if (!kbm_file_has("/proc/filesystems", "cgroup2"))
		SKIP(return, "no cgroup2 in this kernel");
	mkdir(cg, 0755);
	if (mount("none", cg, "cgroup2", 0, NULL))
		ASSERT_EQ(EBUSY, errno);
	if (!kbm_file_has("/tmp/kbm-cg/cgroup.controllers", "memory"))
		SKIP(return, "no memory controller in this kernel");
	ASSERT_EQ(0, kbm_write_file("/tmp/kbm-cg/cgroup.subtree_control",
				    "+memory"));
	ASSERT_TRUE(mkdir(child, 0755) == 0 || errno == EEXIST);
	snprintf(pid, sizeof(pid), "%d", getpid());
	snprintf(stat, sizeof(stat), "%s/memory.stat", child);

	fd = kbm_open_kind(KBM_BACKEND_PAGES, KBM_CACHE_CACHED,
			   KBM_FILL_ONDEMAND, KBM_POPULATE_FAULT, 128 << 10, 0,
			   &info);
	ASSERT_LE(0, fd);
	m = kbm_map(fd, info.size, MAP_SHARED, 0);
	ASSERT_NE(MAP_FAILED, m);
	ASSERT_EQ(0, kbm_write_file("/tmp/kbm-cg/kbm-test/cgroup.procs", pid));
	/* Statistics are flushed every 2 s (and on some reads). */
	sleep(3);
	before = kbm_memcg_stat(stat, "file_mapped");
	/* Pages 21-31 are this test's alone (pages 3, 7, 20 are others'). */
	for (i = 21; i < 32; i++)
		m[i * 4096] = (unsigned char)i;
	/*
	 * The flush runs from a worker, late on a loaded machine: wait for
	 * the charge to show up, up to 30 s (it never does when uncharged).
	 */
	for (i = 0; i < (kbm_kernel_charges_touched_pages() ? 30 : 3); i++) {
		sleep(1);
		after = kbm_memcg_stat(stat, "file_mapped");
		if (after - before >= 11 * 4096)
			break;
	}
	ASSERT_EQ(0, kbm_write_file("/tmp/kbm-cg/cgroup.procs", pid));
	munmap(m, info.size);
	close(fd);
	ASSERT_LE(0, before);
	TH_LOG("file_mapped of the toucher's cgroup: %lld -> %lld", before,
	       after);
	if (kbm_kernel_charges_touched_pages())
		ASSERT_LE(11 * 4096, after - before);
}

/*
 * On-demand write-combined device (guest-run.sh: 128 KiB): every page has
 * its memory type before it can be seen, whether a fault or write()
 * brings it.
 */
TEST(ondemand_wc_pages_are_wc_when_they_appear)
{
	const char *why = kbm_memtype_untestable();
	struct kbm_phys phys;
	struct kbm_info info;
	unsigned char *m;
	FILE *log;
	int fd, mt;

	if (why)
		SKIP(return, "%s", why);
	fd = kbm_open_kind(KBM_BACKEND_PAGES, KBM_CACHE_WC, KBM_FILL_ONDEMAND,
			   KBM_POPULATE_FAULT, 128 << 10, 0, &info);
	ASSERT_LE(0, fd);
	m = kbm_map(fd, info.size, MAP_SHARED, 0);
	ASSERT_NE(MAP_FAILED, m);
	m[3 * 4096] = 3;
	ASSERT_EQ(1, pwrite(fd, "w", 1, 9 * 4096));
	log = fopen(KBM_MEMTYPE_PFNS, "a");
	for (phys.pgoff = 0; phys.pgoff < info.nr_pages; phys.pgoff++) {
		ASSERT_EQ(0, ioctl(fd, KBM_IOC_PHYS, &phys));
		if (!phys.phys)
			continue;
		mt = kbm_memtype(phys.phys / 4096);
		ASSERT_EQ(KBM_MT_WC, mt)
			TH_LOG("page %llu: %s", (unsigned long long)phys.pgoff,
			       kbm_memtype_name(mt));
		if (log)
			fprintf(log, "%llu\n", (unsigned long long)phys.phys / 4096);
	}
	if (log)
		fclose(log);
	ASSERT_EQ(3, m[3 * 4096]);
	ASSERT_EQ('w', m[9 * 4096]);
	munmap(m, info.size);
	close(fd);
}

/*
 * guest-run.sh runs this alone once kbufmap.ko is unloaded: the pages seen
 * as WC or UC- above are all write-back again.  The page allocator clears
 * the PAT flags of a page it takes back, so this catches pages kept with a
 * memory type (never freed); whether their direct map was restored is
 * kbufmap's own check (it warns when that fails) and the runner fails on
 * any kernel warning.
 */
TEST(memtype_restored_after_unload)
{
	const char *why = kbm_memtype_untestable();
	unsigned long long pfn;
	int n = 0, mt;
	FILE *f;

	if (why)
		SKIP(return, "%s", why);
	f = fopen(KBM_MEMTYPE_PFNS, "r");
	ASSERT_NE(NULL, f) TH_LOG("no %s: run the memory-type tests first", KBM_MEMTYPE_PFNS);
	while (fscanf(f, "%llu", &pfn) == 1) {
		mt = kbm_memtype(pfn);
		ASSERT_EQ(KBM_MT_WB, mt)
			TH_LOG("pfn %#llx still %s", pfn, kbm_memtype_name(mt));
		n++;
	}
	fclose(f);
	ASSERT_LT(0, n);
}

/*
 * FilePmdMapped of the VMAs inside [start, end), in KiB, from
 * /proc/self/smaps: the kernel's own count of PMD-mapped file memory.
 */
static long kbm_pmd_kib(void *start, void *end)
{
	unsigned long lo, hi;
	bool inside = false;
	char line[256];
	long kib, sum = 0;
	FILE *f = fopen("/proc/self/smaps", "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%lx-%lx ", &lo, &hi) == 2)
			inside = lo >= (uintptr_t)start && hi <= (uintptr_t)end;
		else if (inside && sscanf(line, "FilePmdMapped: %ld", &kib) == 1)
			sum += kib;
	}
	fclose(f);
	return sum;
}

/* @len bytes at @p hold kbm_pattern()'s bytes from buffer offset @off on. */
static bool kbm_check_at(const unsigned char *p, size_t off, size_t len,
			 unsigned int seed)
{
	size_t i;

	for (i = off; i < off + len; i++)
		if (p[i - off] != (unsigned char)(i * 7 + seed + (i >> 12)))
			return false;
	return true;
}

/*
 * Move the @hp-byte run at @run to a free address aligned to @hp, with
 * MREMAP_FIXED over a reservation there.  Return: the new address, or
 * MAP_FAILED if the reservation or the move failed or mremap() put the
 * run anywhere else.
 */
static unsigned char *kbm_move_run(unsigned char *run, size_t hp)
{
	unsigned char *t = mmap(NULL, 2 * hp, PROT_NONE,
				MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (t == MAP_FAILED)
		return t;
	t = (unsigned char *)(((uintptr_t)t + hp - 1) & ~(hp - 1));
	return mremap(run, hp, hp, MREMAP_MAYMOVE | MREMAP_FIXED, t) == t ?
	       t : MAP_FAILED;
}

/*
 * populate=pmd: where the kernel can (KBM_INFO_PMD), each aligned 2 MiB run
 * of a shared mapping is one PMD, counted by smaps; get_user_pages, fork,
 * MADV_DONTNEED, mremap and splitting (mprotect, a partial munmap) all
 * keep the bytes; private mappings stay 4 KiB and copy on write.
 * Elsewhere nothing is PMD-mapped and the same holds page by page.
 */
TEST(pmd_mappings_are_used_split_and_kept)
{
	const size_t hp = 2UL << 20, size = 4UL << 20;
	unsigned char *m, *p, *t, *back;
	struct iovec local, remote;
	struct kbm_info info;
	long full, half;
	pid_t pid;
	int fd, st;

	fd = kbm_open_kind(KBM_BACKEND_PAGES, KBM_CACHE_CACHED,
			   KBM_FILL_PREALLOC, KBM_POPULATE_PMD, size, 0, &info);
	ASSERT_LE(0, fd) TH_LOG("guest-run.sh loads a 4 MiB populate=pmd device");
	full = info.flags & KBM_INFO_PMD ? (long)(size >> 10) : 0;
	half = full / 2;
	TH_LOG("KBM_INFO_PMD %s", full ? "set: expecting PMD mappings" :
	       "clear: this kernel maps page by page");

	m = kbm_map(fd, size, MAP_SHARED, 0);
	ASSERT_NE(MAP_FAILED, m);
	if (full)	/* get_unmapped_area aligned it like the buffer offset */
		ASSERT_EQ(0, (uintptr_t)m % hp);
	kbm_pattern(m, size, 5);
	TH_LOG("4 MiB touched: FilePmdMapped %ld kB", kbm_pmd_kib(m, m + size));
	ASSERT_EQ(full, kbm_pmd_kib(m, m + size));

	/* get_user_pages on the PMD range: process_vm_readv of ourselves. */
	back = malloc(size);
	ASSERT_NE(NULL, back);
	local.iov_base = back;
	local.iov_len = size;
	remote.iov_base = m;
	remote.iov_len = size;
	ASSERT_EQ((ssize_t)size, process_vm_readv(getpid(), &local, 1, &remote, 1, 0));
	ASSERT_TRUE(kbm_check_at(back, 0, size, 5));
	ASSERT_EQ((ssize_t)size, pread(fd, back, size, 0));
	ASSERT_TRUE(kbm_check_at(back, 0, size, 5));

	/* fork: the child maps the PMDs again and writes through them. */
	pid = fork();
	ASSERT_LE(0, pid);
	if (!pid) {
		bool ok = kbm_check_at(m, 0, size, 5);

		m[hp + 7] ^= 0xff;
		_exit(ok && kbm_pmd_kib(m, m + size) == full ? 0 : 1);
	}
	ASSERT_EQ(pid, waitpid(pid, &st, 0));
	ASSERT_TRUE(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	ASSERT_FALSE(kbm_check_at(m, 0, size, 5));
	m[hp + 7] ^= 0xff;

	/* MADV_DONTNEED drops the first PMD; the bytes stay, the PMD returns. */
	ASSERT_EQ(0, madvise(m, hp, MADV_DONTNEED));
	ASSERT_EQ(half, kbm_pmd_kib(m, m + size));
	ASSERT_TRUE(kbm_check_at(m, 0, size, 5));
	ASSERT_EQ(full, kbm_pmd_kib(m, m + size));

	/* mremap moves the second run, PMD and all, to a 2 MiB boundary. */
	t = kbm_move_run(m + hp, hp);
	ASSERT_NE(MAP_FAILED, t);
	ASSERT_EQ(half, kbm_pmd_kib(t, t + hp));
	ASSERT_TRUE(kbm_check_at(t, hp, hp, 5));
	ASSERT_EQ(2, kbm_map_count(fd));

	/* mprotect of one page splits the first PMD. */
	ASSERT_EQ(0, mprotect(m + PG, PG, PROT_READ));
	ASSERT_EQ(0, kbm_pmd_kib(m, m + hp));
	ASSERT_TRUE(kbm_check_at(m, 0, hp, 5));
	ASSERT_EQ(4, kbm_map_count(fd));

	/* A hole punched in the moved run splits it too. */
	ASSERT_EQ(0, munmap(t + 16 * PG, PG));
	ASSERT_EQ(0, kbm_pmd_kib(t, t + hp));
	ASSERT_TRUE(kbm_check_at(t, hp, 16 * PG, 5));
	ASSERT_TRUE(kbm_check_at(t + 17 * PG, hp + 17 * PG, hp - 17 * PG, 5));
	ASSERT_EQ(0, munmap(m, hp));
	ASSERT_EQ(0, munmap(t, hp));
	ASSERT_EQ(0, kbm_map_count(fd));

	/* A private mapping is never PMD-mapped, and copies on write. */
	p = kbm_map(fd, size, MAP_PRIVATE, 0);
	ASSERT_NE(MAP_FAILED, p);
	ASSERT_TRUE(kbm_check_at(p, 0, size, 5));
	p[3] ^= 0xff;
	ASSERT_EQ(0, kbm_pmd_kib(p, p + size));
	ASSERT_EQ(1, pread(fd, back, 1, 3));
	ASSERT_EQ((unsigned char)(3 * 7 + 5), back[0]);
	ASSERT_EQ(0, munmap(p, size));

	/* MAP_POPULATE maps by PMDs at once. */
	m = kbm_map(fd, size, MAP_SHARED | MAP_POPULATE, 0);
	ASSERT_NE(MAP_FAILED, m);
	ASSERT_EQ(full, kbm_pmd_kib(m, m + size));
	ASSERT_TRUE(kbm_check_at(m, 0, size, 5));
	ASSERT_EQ(0, munmap(m, size));
	free(back);
	close(fd);
}

/* PMD mappings the buffer's faults have made so far (KBM_IOC_INFO). */
static long kbm_pmd_maps(int fd)
{
	struct kbm_info info;

	if (ioctl(fd, KBM_IOC_INFO, &info))
		return -1;
	return (long)info.pmd_maps;
}

/* 2 MiB runs of the buffer that are 512 aligned, consecutive frames. */
static long kbm_contig_runs(int fd, size_t size)
{
	const uint64_t hp = 2ULL << 20;
	long runs = 0;
	size_t run, i;

	for (run = 0; run + hp <= size; run += hp) {
		struct kbm_phys first = { .pgoff = run / PG };
		bool ok;

		if (ioctl(fd, KBM_IOC_PHYS, &first) || first.phys % hp)
			continue;
		for (ok = true, i = PG; ok && i < hp; i += PG) {
			struct kbm_phys ph = { .pgoff = (run + i) / PG };

			ok = !ioctl(fd, KBM_IOC_PHYS, &ph) &&
			     ph.phys == first.phys + i;
		}
		runs += ok;
	}
	return runs;
}

/*
 * populate=remap page arrays: no struct page behind the mapping
 * (VM_PFNMAP), and where the kernel can (KBM_INFO_PMD) every aligned 2 MiB
 * run of consecutive frames in a shared mapping is one special PMD, which
 * neither smaps nor pagemap show: KBM_IOC_INFO's pmd_maps counts the huge
 * faults that made one.  A fresh guest's allocator hands out 2 MiB blocks,
 * so both runs of the 4 MiB buffer are such runs.  Splits (mprotect), a
 * move (mremap) and fork keep the bytes and the count right; MAP_POPULATE
 * maps nothing (get_user_pages() refuses VM_PFNMAP); private mappings get
 * the pages and copy on write.  Elsewhere
 * every page is mapped by PFN, one fault each, and nothing counts.
 */
static void kbm_check_pfn_pmds(struct __test_metadata *_metadata, int fd,
			       const struct kbm_info *info)
{
	const size_t hp = 2UL << 20, size = 4UL << 20;
	unsigned char *m, *p, *t, *back;
	long pmds, base;
	pid_t pid;
	int st;

	ASSERT_EQ(0, info->flags & KBM_INFO_PAGE_BACKED);
	ASSERT_EQ(2, kbm_contig_runs(fd, size))
		TH_LOG("the allocator gave no 2 MiB blocks at load");
	pmds = info->flags & KBM_INFO_PMD ? 2 : 0;
	TH_LOG("KBM_INFO_PMD %s", pmds ? "set: expecting special PMDs" :
	       "clear: this kernel maps frame by frame");
	base = kbm_pmd_maps(fd);
	ASSERT_LE(0, base);

	m = kbm_map(fd, size, MAP_SHARED, 0);
	ASSERT_NE(MAP_FAILED, m);
	if (pmds)	/* get_unmapped_area aligned it like the buffer offset */
		ASSERT_EQ(0, (uintptr_t)m % hp);
	kbm_pattern(m, size, 5);
	TH_LOG("4 MiB touched: %ld PMD mappings", kbm_pmd_maps(fd) - base);
	ASSERT_EQ(base + pmds, kbm_pmd_maps(fd));
	back = malloc(size);
	ASSERT_NE(NULL, back);
	ASSERT_EQ((ssize_t)size, pread(fd, back, size, 0));
	ASSERT_TRUE(kbm_check_at(back, 0, size, 5));

	/* fork: the child sees the bytes and writes through the mapping. */
	pid = fork();
	ASSERT_LE(0, pid);
	if (!pid) {
		bool ok = kbm_check_at(m, 0, size, 5);

		m[hp + 7] ^= 0xff;
		_exit(ok ? 0 : 1);
	}
	ASSERT_EQ(pid, waitpid(pid, &st, 0));
	ASSERT_TRUE(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	ASSERT_FALSE(kbm_check_at(m, 0, size, 5));
	m[hp + 7] ^= 0xff;

	/* mremap moves the second run to a 2 MiB boundary, PMD and all. */
	t = kbm_move_run(m + hp, hp);
	ASSERT_NE(MAP_FAILED, t);
	ASSERT_TRUE(kbm_check_at(t, hp, hp, 5));
	ASSERT_EQ(2, kbm_map_count(fd));

	/*
	 * mprotect of one page splits the first PMD: the rest of that run
	 * comes back page by page, with no new PMD.
	 */
	ASSERT_EQ(0, mprotect(m + PG, PG, PROT_READ));
	ASSERT_TRUE(kbm_check_at(m, 0, hp, 5));
	ASSERT_EQ(4, kbm_map_count(fd));
	ASSERT_EQ(base + pmds, kbm_pmd_maps(fd));
	ASSERT_EQ(0, munmap(m, hp));
	ASSERT_EQ(0, munmap(t, hp));
	ASSERT_EQ(0, kbm_map_count(fd));

	/* A private mapping is page-backed, never PMD-mapped, and copies on write. */
	p = kbm_map(fd, size, MAP_PRIVATE, 0);
	ASSERT_NE(MAP_FAILED, p);
	ASSERT_TRUE(kbm_check_at(p, 0, size, 5));
	p[3] ^= 0xff;
	ASSERT_EQ(1, pread(fd, back, 1, 3));
	ASSERT_EQ((unsigned char)(3 * 7 + 5), back[0]);
	ASSERT_EQ(0, munmap(p, size));
	ASSERT_EQ(base + pmds, kbm_pmd_maps(fd));

	/*
	 * MAP_POPULATE goes through get_user_pages(), which refuses PFN
	 * mappings: nothing is mapped before the first touch, which maps
	 * each run by one PMD again.
	 */
	m = kbm_map(fd, size, MAP_SHARED | MAP_POPULATE, 0);
	ASSERT_NE(MAP_FAILED, m);
	ASSERT_EQ(base + pmds, kbm_pmd_maps(fd));
	ASSERT_TRUE(kbm_check_at(m, 0, size, 5));
	ASSERT_EQ(base + 2 * pmds, kbm_pmd_maps(fd));
	ASSERT_EQ(0, munmap(m, size));
	free(back);
}

TEST(pfn_pmd_mappings_are_used_split_and_kept)
{
	struct kbm_info info;
	int fd;

	fd = kbm_open_kind(KBM_BACKEND_PAGES, KBM_CACHE_CACHED,
			   KBM_FILL_PREALLOC, KBM_POPULATE_REMAP, 4UL << 20, 0,
			   &info);
	ASSERT_LE(0, fd) TH_LOG("guest-run.sh loads a 4 MiB populate=remap page array");
	kbm_check_pfn_pmds(_metadata, fd, &info);
	close(fd);
}

/*
 * The same for a 4 MiB contiguous block (one block of the allocator, so
 * aligned to 4 MiB), where the kernel maps frames by PMD; elsewhere it is
 * one remap_pfn_range at mmap time, which the fixture's contig_remap_pmd
 * variant runs the whole suite on.
 */
TEST(contig_pfn_pmd_mappings_are_used_split_and_kept)
{
	struct kbm_info info, pinfo;
	int fd, pages;

	fd = kbm_open_kind(KBM_BACKEND_CONTIG, KBM_CACHE_CACHED,
			   KBM_FILL_PREALLOC, KBM_POPULATE_REMAP, 4UL << 20, 0,
			   &info);
	ASSERT_LE(0, fd) TH_LOG("guest-run.sh loads a 4 MiB populate=remap contiguous block");
	/* Where a page array's frames get PMDs, so do a block's. */
	pages = kbm_open_kind(KBM_BACKEND_PAGES, KBM_CACHE_CACHED,
			      KBM_FILL_PREALLOC, KBM_POPULATE_REMAP, 4UL << 20,
			      -1, &pinfo);
	ASSERT_LE(0, pages);
	close(pages);
	ASSERT_EQ(pinfo.flags & KBM_INFO_PMD, info.flags & KBM_INFO_PMD);
	if (!(info.flags & KBM_INFO_PMD)) {
		close(fd);
		SKIP(return, "KBM_INFO_PMD clear: one PFN remap at mmap on this kernel");
	}
	kbm_check_pfn_pmds(_metadata, fd, &info);
	close(fd);
}

/* The 256 MiB device of the large-buffer stage (run_vm.sh loads it alone). */
/*
 * The large device guest-run.sh loads for this test alone: 256 MiB of
 * single pages, or 1 GiB on kernels with highmem (more than their lowmem,
 * in a 2 GiB guest), mapped eagerly or on faults.
 */
static int kbm_open_large(struct kbm_info *info)
{
	int fd;

	fd = kbm_open_kind(KBM_BACKEND_PAGES, KBM_CACHE_CACHED,
			   KBM_FILL_PREALLOC, KBM_POPULATE_EAGER, 256ULL << 20, 0,
			   info);
	if (fd < 0)
		fd = kbm_open_kind(KBM_BACKEND_PAGES, KBM_CACHE_CACHED,
				   KBM_FILL_PREALLOC, KBM_POPULATE_FAULT,
				   1ULL << 30, 0, info);
	return fd;
}

static uint32_t kbm_page_tag(size_t pgoff, uint32_t seed)
{
	return (uint32_t)pgoff * 2654435761u + seed;
}

/*
 * A fixture only for its timeout: every page of 1 GiB takes minutes under
 * QEMU's emulation of 32-bit ARM, the harness's default is 30 s.
 */
FIXTURE(kbm_large) {
	int unused;
};

FIXTURE_SETUP(kbm_large)
{
}

FIXTURE_TEARDOWN(kbm_large)
{
}

TEST_F_TIMEOUT(kbm_large, large_buffer_every_page, 900)
{
	size_t i, off, pg = 4096, chunk = 1 << 20;
	unsigned char *m, *buf;
	struct kbm_info info;
	int fd;

	fd = kbm_open_large(&info);
	ASSERT_LE(0, fd) TH_LOG("guest-run.sh loads the large device for this test alone");
	kbm_check_highmem(_metadata, &info);
	/* Stores through the mapping (faults, for populate=fault) ... */
	m = kbm_map(fd, info.size, MAP_SHARED, 0);
	ASSERT_NE(MAP_FAILED, m);
	for (i = 0; i < info.size; i += pg)
		*(uint32_t *)(m + i) = kbm_page_tag(i / pg, 0);
	for (i = 0; i < info.size; i += pg)
		ASSERT_EQ(kbm_page_tag(i / pg, 0), *(uint32_t *)(m + i));
	/*
	 * ... are read by read() from every page, and write() to every page
	 * is seen through the mapping: 1 MiB a call (one per page takes
	 * longer than the harness's 30 s under QEMU's 32-bit ARM).
	 */
	buf = malloc(chunk);
	ASSERT_NE(NULL, buf);
	for (off = 0; off < info.size; off += chunk) {
		ASSERT_EQ(chunk, pread(fd, buf, chunk, off));
		for (i = 0; i < chunk; i += pg)
			ASSERT_EQ(kbm_page_tag((off + i) / pg, 0),
				  *(uint32_t *)(buf + i));
		for (i = 0; i < chunk; i += pg)
			*(uint32_t *)(buf + i + 8) = kbm_page_tag((off + i) / pg, 1);
		ASSERT_EQ(chunk, pwrite(fd, buf, chunk, off));
	}
	free(buf);
	for (i = 0; i < info.size; i += pg)
		ASSERT_EQ(kbm_page_tag(i / pg, 1), *(uint32_t *)(m + i + 8));
	ASSERT_EQ(0, munmap(m, info.size));
	close(fd);
}

/*
 * Not a check of kbufmap: leaves most free memory holding a pattern, so
 * that a buffer allocated next cannot read as zeroed by luck (a freshly
 * booted guest's free memory is zeroes).  guest-run.sh runs it alone,
 * before it loads the devices of contig_beyond_largest_block.
 */
TEST(junk_in_free_memory)
{
	unsigned long kib = kbm_meminfo_kib("MemAvailable");
	unsigned char *p;
	size_t len;

	ASSERT_LT(0, kib);
	len = kib / 4 * 3 * 1024;
	p = mmap(NULL, len, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, p);
	memset(p, 0xa5, len);
	ASSERT_EQ(0xa5, p[len - 1]);
	ASSERT_EQ(0, munmap(p, len));
}

/*
 * The contiguous devices guest-run.sh loads for this test alone, where the
 * module finds runs longer than the page allocator's largest block
 * (modinfo kbm_compat "contig=alloc_contig_pages"): one mapped eagerly,
 * one by PFN remap and, on x86, one write-combined, all of one size.
 */
#define KBM_CONTIG_RUN_DEVS	3

TEST_F_TIMEOUT(kbm_large, contig_beyond_largest_block, 300)
{
	bool memtypes = !kbm_memtype_untestable();
	struct kbm_info info[KBM_CONTIG_RUN_DEVS];
	int fd[KBM_CONTIG_RUN_DEVS], n = 0, j;
	char path[32];
	size_t i;

	for (j = 0; j < 32 && n < KBM_CONTIG_RUN_DEVS; j++) {
		snprintf(path, sizeof(path), "/dev/kbufmap%d", j);
		fd[n] = open(path, O_RDWR);
		if (fd[n] < 0)
			continue;
		if (ioctl(fd[n], KBM_IOC_INFO, &info[n]) == 0 &&
		    info[n].backend == KBM_BACKEND_CONTIG)
			n++;
		else
			close(fd[n]);
	}
	ASSERT_LE(2, n) TH_LOG("guest-run.sh loads these devices for this test alone");
	for (j = 0; j < n; j++) {
		size_t size = info[j].nr_pages * PG;
		struct kbm_phys phys = { .pgoff = 0 };
		unsigned char *m, *back;
		uint64_t first;
		bool remap = info[j].populate == KBM_POPULATE_REMAP;

		TH_LOG("device %d: %zu KiB, populate %u, cache %u", j,
		       size >> 10, info[j].populate, info[j].cache);
		/* One run of frames, page after page. */
		ASSERT_EQ(0, ioctl(fd[j], KBM_IOC_PHYS, &phys));
		first = phys.phys;
		ASSERT_NE(0, first);
		for (i = 1; i < info[j].nr_pages; i++) {
			phys.pgoff = i;
			ASSERT_EQ(0, ioctl(fd[j], KBM_IOC_PHYS, &phys));
			ASSERT_EQ(first + i * PG, phys.phys) {
				TH_LOG("page %zu", i);
			}
		}
		m = kbm_map(fd[j], size, MAP_SHARED, 0);
		ASSERT_NE(MAP_FAILED, m);
		/* Zeroed: the run held other users' pages a moment ago. */
		for (i = 0; i < size; i++) {
			ASSERT_EQ(0, m[i]) {
				TH_LOG("byte %zu not zeroed", i);
			}
		}
		/*
		 * Where the kernel maps frames by PMD, a PFN mapping of a block
		 * this large is one PMD per 2 MiB (aligned: the run is aligned
		 * to its power-of-two size, the address to the run).
		 */
		if (remap && (info[j].flags & KBM_INFO_PMD))
			ASSERT_EQ((long)(size >> 21), kbm_pmd_maps(fd[j]));
		/* The mapping is that run (a PFN remap shows no frames)... */
		for (i = 0; i < size; i += PG) {
			ASSERT_EQ(remap ? 0 : (first + i) / PG, kbm_pfn(m + i)) {
				TH_LOG("page %zu", i / PG);
			}
		}
		/* ...in the buffer's memory type, where it can be read... */
		for (i = 0; memtypes && i < size; i += PG) {
			ASSERT_EQ(kbm_memtype_of_cache[info[j].cache],
				  kbm_memtype((first + i) / PG)) {
				TH_LOG("page %zu", i / PG);
			}
		}
		/* ...and what is stored through it is what read() sees. */
		kbm_pattern(m, size, j + 40);
		back = malloc(size);
		ASSERT_NE(NULL, back);
		ASSERT_EQ(size, pread(fd[j], back, size, 0));
		ASSERT_TRUE(kbm_check_pattern(back, size, j + 40));
		kbm_pattern(back, size, j + 50);
		ASSERT_EQ(size, pwrite(fd[j], back, size, 0));
		ASSERT_TRUE(kbm_check_pattern(m, size, j + 50));
		free(back);
		ASSERT_EQ(0, munmap(m, size));
		close(fd[j]);
	}
}

TEST_HARNESS_MAIN
