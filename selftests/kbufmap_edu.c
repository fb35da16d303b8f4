// SPDX-License-Identifier: GPL-2.0
/*
 * kbufmap_edu.c - a device's DMA into and out of a kbufmap buffer, seen
 * through the user mapping: kbufmap_edu.ko driving QEMU's edu device.
 *
 * The guest (selftests/edu-guest.sh) loads kbufmap_edu with one edu device
 * per buffer kind; every test runs once per kind (the fixture variants)
 * and finds its device by asking each /dev/kbufmap-edu<N> what it is.
 * The kernel's command line says how the device reaches memory: directly,
 * through an IOMMU (intel_iommu=on) or through bounce buffers
 * (swiotlb=force), and the tests check that the addresses given to the
 * device are of that kind.  Under swiotlb=force a missing or misplaced
 * sync loses data: the tests then see stale bytes.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include <linux/kbufmap.h>

#define PG		((size_t)sysconf(_SC_PAGESIZE))
#define EDU_ID		0x00
#define EDU_LIVENESS	0x04
#define EDU_FACTORIAL	0x08
#define EDU_STATUS	0x20
#define EDU_BAR_SIZE	(1UL << 20)
#define BIG		(32UL << 20)	/* the big page array */
#define BLOCK		(4UL << 20)	/* the page allocator's largest block */
#define DMA_BIG		(256UL << 20)	/* the DMA buffer from CMA, not under the IOMMU */
#define EDU_FILES	12		/* /dev/kbufmap-edu<N> looked at */

enum edu_mode { MODE_DIRECT, MODE_IOMMU, MODE_SWIOTLB };

FIXTURE(edu) {
	int fd;
	struct kbm_info info;
	size_t size;
	unsigned char *buf;
	volatile uint32_t *regs;
	enum edu_mode mode;
	unsigned int dma_bits;
};

FIXTURE_VARIANT(edu) {
	enum kbm_backend backend;
	enum kbm_cache cache;
	enum kbm_fill fill;
	size_t big;	/* 0: below BLOCK; else at least this many bytes */
};

#define EDU_VARIANT(name, b, c, f, big_)				\
	FIXTURE_VARIANT_ADD(edu, name) {				\
		.backend = KBM_BACKEND_##b, .cache = KBM_CACHE_##c,	\
		.fill = KBM_FILL_##f, .big = (big_),			\
	}

EDU_VARIANT(contig, CONTIG, CACHED, PREALLOC, 0);
EDU_VARIANT(vmalloc, VMALLOC, CACHED, PREALLOC, 0);
EDU_VARIANT(pages, PAGES, CACHED, PREALLOC, 0);
EDU_VARIANT(pages_ondemand, PAGES, CACHED, ONDEMAND, 0);
EDU_VARIANT(pages_wc, PAGES, WC, PREALLOC, 0);
EDU_VARIANT(pages_big, PAGES, CACHED, PREALLOC, BIG);
EDU_VARIANT(dma, DMA, CACHED, PREALLOC, 0);
EDU_VARIANT(dma_wc, DMA, WC, PREALLOC, 0);
EDU_VARIANT(dma_big, DMA, CACHED, PREALLOC, BLOCK);

/*
 * Pages whose DMA address a test asks one by one: every page, or for a
 * big buffer every 61st (an ioctl per page of 256 MiB is minutes in TCG).
 */
static size_t addr_stride(size_t size)
{
	return size >= BLOCK ? 61 * PG : PG;
}

static enum edu_mode edu_mode(void)
{
	char line[4096] = "";
	FILE *f = fopen("/proc/cmdline", "r");

	if (f) {
		if (!fgets(line, sizeof(line), f))
			line[0] = 0;
		fclose(f);
	}
	if (strstr(line, "intel_iommu=on"))
		return MODE_IOMMU;
	if (strstr(line, "swiotlb=force"))
		return MODE_SWIOTLB;
	return MODE_DIRECT;
}

/* CmaTotal of /proc/meminfo in kB: 0 for a kernel without CMA. */
static unsigned long cma_kb(void)
{
	FILE *f = fopen("/proc/meminfo", "r");
	unsigned long kb = 0;
	char line[128];

	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "CmaTotal: %lu kB", &kb) == 1)
			break;
	if (f)
		fclose(f);
	return kb;
}

static unsigned int edu_dma_bits(void)
{
	FILE *f = fopen("/sys/module/kbufmap_edu/parameters/dma_bits", "r");
	unsigned int bits = 0;

	if (f) {
		if (fscanf(f, "%u", &bits) != 1)
			bits = 0;
		fclose(f);
	}
	return bits;
}

/* The /dev/kbufmap-edu<N> of this kind, or -1. */
static int edu_open_kind(const FIXTURE_VARIANT(edu) *v, struct kbm_info *info)
{
	char path[64];
	int i, fd;

	for (i = 0; i < EDU_FILES; i++) {
		snprintf(path, sizeof(path), "/dev/kbufmap-edu%d", i);
		fd = open(path, O_RDWR);
		if (fd < 0)
			continue;
		if (!ioctl(fd, KBM_IOC_INFO, info) &&
		    info->backend == v->backend && info->cache == v->cache &&
		    info->fill == v->fill &&
		    (v->big ? info->size >= v->big : info->size < BLOCK))
			return fd;
		close(fd);
	}
	return -1;
}

FIXTURE_SETUP(edu)
{
	self->buf = MAP_FAILED;
	self->regs = MAP_FAILED;
	self->mode = edu_mode();
	self->dma_bits = edu_dma_bits();
	self->fd = edu_open_kind(variant, &self->info);
	if (self->fd < 0)
		SKIP(return, "no /dev/kbufmap-edu<N> of this kind in this run");
	self->size = self->info.nr_pages * PG;
	self->buf = mmap(NULL, self->size, PROT_READ | PROT_WRITE, MAP_SHARED,
			 self->fd, 0);
	ASSERT_NE(MAP_FAILED, self->buf);
	self->regs = mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_SHARED,
			  self->fd, KBM_EDU_BAR_OFFSET);
	ASSERT_NE(MAP_FAILED, (void *)self->regs);
}

FIXTURE_TEARDOWN(edu)
{
	if (self->buf != MAP_FAILED)
		munmap(self->buf, self->size);
	if (self->regs != MAP_FAILED)
		munmap((void *)self->regs, PG);
	if (self->fd >= 0)
		close(self->fd);
}

static int edu_sync(int fd, uint64_t flags, uint64_t off, uint64_t len)
{
	struct kbm_sync s = { .flags = flags, .offset = off, .len = len };

	return ioctl(fd, KBM_IOC_SYNC, &s);
}

static int edu_dma(int fd, uint32_t dir, uint64_t off, uint32_t len,
		   uint32_t dev_off, uint32_t *transfers)
{
	struct kbm_edu_dma d = {
		.offset = off, .len = len, .dev_offset = dev_off, .dir = dir,
	};
	int ret = ioctl(fd, KBM_IOC_EDU_DMA, &d);

	if (transfers)
		*transfers = d.transfers;
	return ret;
}

static void fill_pattern(unsigned char *p, size_t n, unsigned int seed)
{
	size_t i;

	for (i = 0; i < n; i++)
		p[i] = (unsigned char)(i * 7 + seed + (i >> 8));
}

static size_t first_mismatch(const unsigned char *p, size_t n,
			     unsigned int seed)
{
	unsigned char want[1 << 16];
	size_t i;

	fill_pattern(want, n, seed);
	for (i = 0; i < n; i++)
		if (p[i] != want[i])
			return i;
	return n;
}

/* The registers, through the user mapping of BAR0. */
TEST_F(edu, bar_identification)
{
	uint32_t id = self->regs[EDU_ID / 4];

	TH_LOG("identification 0x%08x", id);
	/* 0xRRrr00ed: major, minor, 00, ed. */
	ASSERT_EQ(0x00ed, id & 0xffff);
	ASSERT_GE(id >> 24, 1);
}

TEST_F(edu, bar_liveness_inverts)
{
	self->regs[EDU_LIVENESS / 4] = 0x12345678;
	ASSERT_EQ(~0x12345678u, self->regs[EDU_LIVENESS / 4]);
	self->regs[EDU_LIVENESS / 4] = 0;
	ASSERT_EQ(0xffffffffu, self->regs[EDU_LIVENESS / 4]);
}

static uint32_t edu_factorial(volatile uint32_t *regs, uint32_t n)
{
	int i;

	regs[EDU_FACTORIAL / 4] = n;
	/* Status bit 0: computing, done in a device thread. */
	for (i = 0; i < 2000 && (regs[EDU_STATUS / 4] & 1); i++)
		usleep(1000);
	return regs[EDU_FACTORIAL / 4];
}

TEST_F(edu, bar_factorial)
{
	ASSERT_EQ(120, edu_factorial(self->regs, 5));
	ASSERT_EQ(3628800, edu_factorial(self->regs, 10));
}

/* The window is 1 MiB of registers, shared, never past its end. */
TEST_F(edu, bar_mapping_checked)
{
	void *p;

	p = mmap(NULL, PG, PROT_READ, MAP_PRIVATE, self->fd, KBM_EDU_BAR_OFFSET);
	ASSERT_EQ(MAP_FAILED, p);
	ASSERT_EQ(EINVAL, errno);
	p = mmap(NULL, 2 * PG, PROT_READ, MAP_SHARED, self->fd,
		 KBM_EDU_BAR_OFFSET + EDU_BAR_SIZE - PG);
	ASSERT_EQ(MAP_FAILED, p);
	ASSERT_EQ(EINVAL, errno);
	p = mmap(NULL, PG, PROT_READ, MAP_SHARED, self->fd,
		 KBM_EDU_BAR_OFFSET + EDU_BAR_SIZE);
	ASSERT_EQ(MAP_FAILED, p);
	ASSERT_EQ(EINVAL, errno);
	/* The whole window maps. */
	p = mmap(NULL, EDU_BAR_SIZE, PROT_READ, MAP_SHARED, self->fd,
		 KBM_EDU_BAR_OFFSET);
	ASSERT_NE(MAP_FAILED, p);
	ASSERT_EQ(0x00ed, ((volatile uint32_t *)p)[0] & 0xffff);
	munmap(p, EDU_BAR_SIZE);
}

/*
 * The device's addresses are of the kind the boot asked for: physical
 * without an IOMMU, IOVAs with one (inside the device's mask, whatever
 * the page's physical address), bounce buffers under swiotlb=force.
 */
TEST_F(edu, dma_addresses)
{
	uint64_t limit = self->dma_bits ? 1ULL << self->dma_bits : 0;
	unsigned long high = 0, differ = 0, n = 0, apart = 0;
	const bool coherent = variant->backend == KBM_BACKEND_DMA;
	struct kbm_dma_addr da, first = { 0 };
	size_t off;

	ASSERT_NE(0, self->dma_bits);
	for (off = 0; off < self->size; off += addr_stride(self->size), n++) {
		memset(&da, 0, sizeof(da));
		da.offset = off;
		ASSERT_EQ(0, ioctl(self->fd, KBM_IOC_DMA_ADDR, &da));
		ASSERT_NE(0, da.phys);
		ASSERT_GE(da.contig, PG);
		ASSERT_LE(da.dma_addr + PG, limit);
		if (!off)
			first = da;
		if (da.dma_addr != da.phys)
			differ++;
		if (da.phys >= limit)
			high++;
		if (da.dma_addr != first.dma_addr + off ||
		    da.phys != first.phys + off)
			apart++;
	}
	TH_LOG("%lu pages: %lu at a DMA address other than their physical one, %lu above the %u-bit mask, %lu not where one block would put them",
	       n, differ, high, self->dma_bits, apart);
	/*
	 * Streaming mappings of the pages go through the IOMMU or the bounce
	 * buffers; a DMA buffer's coherent memory through the IOMMU only.
	 */
	if (self->mode == MODE_DIRECT ||
	    (coherent && self->mode == MODE_SWIOTLB)) {
		ASSERT_EQ(0, differ);
	} else {
		ASSERT_EQ(n, differ);
	}
	if (coherent) {
		/* One block, physically and for the device. */
		ASSERT_EQ(0, apart);
		/* A PFN remap: not page-backed, and never mapped private. */
		ASSERT_EQ(0, self->info.flags & KBM_INFO_PAGE_BACKED);
		ASSERT_EQ(MAP_FAILED, mmap(NULL, PG, PROT_READ, MAP_PRIVATE,
					   self->fd, 0));
		ASSERT_EQ(EINVAL, errno);
	}
	/*
	 * With a CMA area and no IOMMU that needs the address space, the
	 * big one is a block 64 times the page allocator's largest.
	 */
	if (coherent && variant->big && cma_kb() && self->mode != MODE_IOMMU)
		ASSERT_GE(self->info.size, DMA_BIG);
	/* The page array of an on-demand buffer was filled for the device. */
	ASSERT_EQ(0, ioctl(self->fd, KBM_IOC_INFO, &self->info));
	ASSERT_EQ(self->info.nr_pages, self->info.pages_present);
	/* Past the end: refused. */
	da.offset = self->info.size;
	ASSERT_EQ(-1, ioctl(self->fd, KBM_IOC_DMA_ADDR, &da));
	ASSERT_EQ(EINVAL, errno);
}

/*
 * User stores reach the device after END|WRITE (memory -> device), the
 * device's data reaches the mapping after START|READ (device -> memory).
 */
static void roundtrip(struct __test_metadata *_metadata, FIXTURE_DATA(edu) *self,
		      size_t a, size_t b, uint32_t len, uint32_t dev_off,
		      unsigned int seed)
{
	uint32_t transfers = 0;

	fill_pattern(self->buf + a, len, seed);
	ASSERT_EQ(0, edu_sync(self->fd, KBM_SYNC_END | KBM_SYNC_WRITE, a, len));
	memset(self->buf + b, 0x5a, len);
	ASSERT_EQ(0, edu_sync(self->fd, KBM_SYNC_END | KBM_SYNC_WRITE, b, len));

	ASSERT_EQ(0, edu_dma(self->fd, KBM_EDU_TO_DEVICE, a, len, dev_off,
			     &transfers));
	ASSERT_GE(transfers, (len + KBM_EDU_DEV_SIZE - 1) / KBM_EDU_DEV_SIZE);
	ASSERT_GE(transfers, dev_off + len > KBM_EDU_DEV_SIZE ? 2 : 1);
	ASSERT_EQ(0, edu_dma(self->fd, KBM_EDU_FROM_DEVICE, b, len, dev_off,
			     NULL));

	ASSERT_EQ(0, edu_sync(self->fd, KBM_SYNC_START | KBM_SYNC_READ, b, len));
	ASSERT_EQ(len, first_mismatch(self->buf + b, len, seed)) {
		size_t i = first_mismatch(self->buf + b, len, seed);

		TH_LOG("byte %zu of the device's data reads 0x%02x through the mapping",
		       i, self->buf[b + i]);
	}
	ASSERT_EQ(0, edu_sync(self->fd, KBM_SYNC_END | KBM_SYNC_READ, b, len));
}

TEST_F(edu, dma_page_roundtrip)
{
	ASSERT_GE(self->size, 4 * PG);
	roundtrip(_metadata, self, 0, self->size - 2 * PG, KBM_EDU_DEV_SIZE, 0, 1);
}

/* Ranges that start mid-page, cross pages and wrap the device's ring. */
TEST_F(edu, dma_unaligned_roundtrip)
{
	ASSERT_GE(self->size, 6 * PG);
	roundtrip(_metadata, self, PG - 100, self->size - 3 * PG + 13, 4000,
		  3000, 2);
}

/*
 * Only the covering segments are synchronised: under swiotlb the device's
 * data is in the bounce buffer until START|READ covers it, and a sync of
 * another range does not bring it.  Without bounce buffers x86 DMA is
 * coherent: the data is there at once.
 */
TEST_F(edu, dma_sync_is_partial)
{
	size_t far = 0, b = self->size - 2 * PG, n = KBM_EDU_DEV_SIZE;
#if defined(__x86_64__) || defined(__i386__)
	const bool x86 = true;
#else
	const bool x86 = false;
#endif

	ASSERT_GE(self->size, 128 * 1024);
	fill_pattern(self->buf + far, n, 3);
	ASSERT_EQ(0, edu_sync(self->fd, KBM_SYNC_END | KBM_SYNC_WRITE, far, n));
	memset(self->buf + b, 0x5a, n);
	ASSERT_EQ(0, edu_sync(self->fd, KBM_SYNC_END | KBM_SYNC_WRITE, b, n));
	ASSERT_EQ(0, edu_dma(self->fd, KBM_EDU_TO_DEVICE, far, n, 0, NULL));
	ASSERT_EQ(0, edu_dma(self->fd, KBM_EDU_FROM_DEVICE, b, n, 0, NULL));

	/* A sync of a range 64 KiB and more away: another segment. */
	ASSERT_EQ(0, edu_sync(self->fd, KBM_SYNC_START | KBM_SYNC_READ, far, n));
	if (variant->backend == KBM_BACKEND_DMA) {
		/* Coherent memory: never bounced, nothing to synchronise. */
		ASSERT_EQ(n, first_mismatch(self->buf + b, n, 3));
	} else if (self->mode == MODE_SWIOTLB) {
		ASSERT_EQ(0, first_mismatch(self->buf + b, n, 3));
	} else if (x86) {
		ASSERT_EQ(n, first_mismatch(self->buf + b, n, 3));
	}
	ASSERT_EQ(0, edu_sync(self->fd, KBM_SYNC_START | KBM_SYNC_READ, b, n));
	ASSERT_EQ(n, first_mismatch(self->buf + b, n, 3));
	ASSERT_EQ(0, edu_sync(self->fd, KBM_SYNC_END | KBM_SYNC_READ, b, n));
	ASSERT_EQ(0, edu_sync(self->fd, KBM_SYNC_END | KBM_SYNC_READ, far, n));
}

/* IOMMU: a page above the device's mask is still reached, by its IOVA. */
TEST_F(edu, dma_above_the_mask)
{
	uint64_t limit = 1ULL << self->dma_bits;
	struct kbm_dma_addr da;
	size_t off, high = (size_t)-1;

	for (off = 0; off + 2 * PG < self->size && high == (size_t)-1;
	     off += addr_stride(self->size)) {
		memset(&da, 0, sizeof(da));
		da.offset = off;
		ASSERT_EQ(0, ioctl(self->fd, KBM_IOC_DMA_ADDR, &da));
		if (da.phys >= limit)
			high = off;
	}
	if (high == (size_t)-1)
		SKIP(return, "no page of this buffer lies above the %u-bit mask",
		     self->dma_bits);
	TH_LOG("page at offset %zu: physical 0x%llx, DMA 0x%llx", high,
	       (unsigned long long)da.phys, (unsigned long long)da.dma_addr);
	roundtrip(_metadata, self, self->size - PG, high, KBM_EDU_DEV_SIZE, 0, 4);
}

/*
 * A mapping from a page offset on maps the buffer from there: the same
 * bytes as the whole mapping shows, both ways.
 */
TEST_F(edu, mapping_at_an_offset)
{
	size_t off = self->size / 2 & ~(PG - 1);
	unsigned char *part;

	part = mmap(NULL, 2 * PG, PROT_READ | PROT_WRITE, MAP_SHARED, self->fd,
		    off);
	ASSERT_NE(MAP_FAILED, part);
	fill_pattern(self->buf + off, 2 * PG, 5);
	EXPECT_EQ(0, memcmp(part, self->buf + off, 2 * PG));
	part[PG + 1] ^= 0xff;
	EXPECT_EQ(part[PG + 1], self->buf[off + PG + 1]);
	/* Past the end: refused. */
	EXPECT_EQ(MAP_FAILED, mmap(NULL, 2 * PG, PROT_READ, MAP_SHARED,
				   self->fd, self->size - PG));
	EXPECT_EQ(0, munmap(part, 2 * PG));
}

/*
 * read() and write() reach the bytes the mapping shows, and so does a
 * debugger (/proc/<pid>/mem: vm_ops->access where the mapping is a PFN
 * remap, as a DMA buffer's is).
 */
TEST_F(edu, rw_and_debugger_see_the_mapping)
{
	size_t off = self->size - PG - 100;
	unsigned char got[200], put[200];
	int mem;

	fill_pattern(self->buf + off, sizeof(got), 6);
	ASSERT_EQ(sizeof(got), pread(self->fd, got, sizeof(got), off));
	EXPECT_EQ(0, memcmp(got, self->buf + off, sizeof(got)));
	memset(put, 0xa5, sizeof(put));
	ASSERT_EQ(sizeof(put), pwrite(self->fd, put, sizeof(put), off));
	EXPECT_EQ(0, memcmp(put, self->buf + off, sizeof(put)));
	/* At the end: nothing more to read. */
	EXPECT_EQ(0, pread(self->fd, got, 1, self->info.size));

	mem = open("/proc/self/mem", O_RDWR);
	ASSERT_LE(0, mem);
	fill_pattern(self->buf + off, sizeof(got), 7);
	ASSERT_EQ(sizeof(got), pread(mem, got, sizeof(got),
				     (off_t)(uintptr_t)(self->buf + off)));
	EXPECT_EQ(0, memcmp(got, self->buf + off, sizeof(got)));
	ASSERT_EQ(sizeof(put), pwrite(mem, put, sizeof(put),
				      (off_t)(uintptr_t)(self->buf + off)));
	EXPECT_EQ(0, memcmp(put, self->buf + off, sizeof(put)));
	close(mem);
}

/*
 * The big DMA buffer is populate=remap (edu-guest.sh): where the kernel
 * maps a coherent device's memory with special PMDs (KBM_INFO_PMD), every
 * 2 MiB-aligned run of the block is one PMD on first touch, counted by
 * KBM_IOC_INFO's pmd_maps; the block is aligned as its allocator chose
 * (a CMA area: 1 MiB), so all of its 2 MiB runs or all but one are.  The
 * mapping keeps the bytes read() sees, and the device's DMA into it
 * (the fixture's tests) lands where the mapping shows it.  Elsewhere it
 * is the DMA API's own PFN remap, and nothing is counted.
 */
TEST(dma_remap_maps_runs_by_pmds)
{
	const FIXTURE_VARIANT(edu) big = {
		.backend = KBM_BACKEND_DMA, .cache = KBM_CACHE_CACHED,
		.fill = KBM_FILL_PREALLOC, .big = BLOCK,
	};
	size_t size, off, runs;
	struct kbm_info info, after;
	unsigned char *m;
	uint64_t v;
	int fd;

	fd = edu_open_kind(&big, &info);
	ASSERT_LE(0, fd) TH_LOG("edu-guest.sh loads a big DMA buffer");
	ASSERT_EQ(KBM_POPULATE_REMAP, info.populate);
	size = info.nr_pages * PG;
	runs = size / (2UL << 20);
	m = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	ASSERT_NE(MAP_FAILED, m);
	for (off = 0; off < size; off += PG)
		*(volatile uint64_t *)(m + off) = off ^ 0x5a5a5a5aUL;
	ASSERT_EQ(0, ioctl(fd, KBM_IOC_INFO, &after));
	TH_LOG("KBM_INFO_PMD %s; %zu MiB touched: %llu PMD mappings of %zu runs",
	       info.flags & KBM_INFO_PMD ? "set" : "clear", size >> 20,
	       (unsigned long long)(after.pmd_maps - info.pmd_maps), runs);
	if (info.flags & KBM_INFO_PMD) {
		ASSERT_LE(runs - 1, after.pmd_maps - info.pmd_maps);
		ASSERT_GE(runs, after.pmd_maps - info.pmd_maps);
	} else {
		ASSERT_EQ(info.pmd_maps, after.pmd_maps);
	}
	for (off = 0; off < size; off += addr_stride(size)) {
		ASSERT_EQ(sizeof(v), pread(fd, &v, sizeof(v), off));
		ASSERT_EQ(off ^ 0x5a5a5a5aUL, v) TH_LOG("offset %zu", off);
	}
	ASSERT_EQ(0, munmap(m, size));
	close(fd);
}

/* Hostile arguments: refused, nothing moved. */
TEST_F(edu, bad_arguments_refused)
{
	struct kbm_edu_dma d;
	uint64_t size = self->info.size;

	ASSERT_EQ(-1, edu_dma(self->fd, KBM_EDU_TO_DEVICE, size - 10, 11, 0, NULL));
	ASSERT_EQ(EINVAL, errno);
	ASSERT_EQ(-1, edu_dma(self->fd, KBM_EDU_TO_DEVICE, ~0ULL, 1, 0, NULL));
	ASSERT_EQ(EINVAL, errno);
	ASSERT_EQ(-1, edu_dma(self->fd, KBM_EDU_TO_DEVICE, ~0ULL - 10, 4096, 0, NULL));
	ASSERT_EQ(EINVAL, errno);
	ASSERT_EQ(-1, edu_dma(self->fd, KBM_EDU_TO_DEVICE, 0, 1,
			      KBM_EDU_DEV_SIZE, NULL));
	ASSERT_EQ(EINVAL, errno);
	ASSERT_EQ(-1, edu_dma(self->fd, 2, 0, 1, 0, NULL));
	ASSERT_EQ(EINVAL, errno);
	ASSERT_EQ(-1, edu_dma(self->fd, KBM_EDU_TO_DEVICE, 0,
			      KBM_EDU_DMA_MAX + 1, 0, NULL));
	ASSERT_EQ(EINVAL, errno);
	memset(&d, 0, sizeof(d));
	d.len = 1;
	d.flags = 1;
	ASSERT_EQ(-1, ioctl(self->fd, KBM_IOC_EDU_DMA, &d));
	ASSERT_EQ(EINVAL, errno);
	ASSERT_EQ(-1, ioctl(self->fd, KBM_IOC_EDU_DMA, (void *)8));
	ASSERT_EQ(EFAULT, errno);

	ASSERT_EQ(-1, edu_sync(self->fd, KBM_SYNC_START, 0, 1));
	ASSERT_EQ(EINVAL, errno);
	ASSERT_EQ(-1, edu_sync(self->fd, KBM_SYNC_READ | (1ULL << 5), 0, 1));
	ASSERT_EQ(EINVAL, errno);
	ASSERT_EQ(-1, edu_sync(self->fd, KBM_SYNC_READ, self->size, 1));
	ASSERT_EQ(EINVAL, errno);
	ASSERT_EQ(-1, edu_sync(self->fd, KBM_SYNC_READ, 1, ~0ULL));
	ASSERT_EQ(EINVAL, errno);
	ASSERT_EQ(-1, edu_sync(self->fd, KBM_SYNC_READ, ~0ULL, 2));
	ASSERT_EQ(EINVAL, errno);
	/* An empty range is nothing to do. */
	ASSERT_EQ(0, edu_sync(self->fd, KBM_SYNC_READ, self->size, 0));
	ASSERT_EQ(-1, ioctl(self->fd, _IO(KBM_IOC_MAGIC, 0x7f), 0));
	ASSERT_EQ(ENOTTY, errno);
}

TEST_HARNESS_MAIN
