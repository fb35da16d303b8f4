// SPDX-License-Identifier: GPL-2.0
/*
 * kbufmap_demo.c - show, device by device, what kbufmap does.
 *
 * For every /dev/kbufmap<N>: two mappings see the same bytes and the same
 * physical frames; a store through the mapping is read by read(); a
 * write() is seen through the mapping; a MAP_PRIVATE write stays private;
 * and, on a sparse buffer, a hole gives SIGBUS.  Every check prints a TAP
 * line, so the VM runner can judge the run.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>
#include <linux/kbufmap.h>

static const char *const backends[] = { "contig", "vmalloc", "pages" };
static const char *const caches[] = { "cached", "write-combined", "uncached" };
static const char *const fills[] = { "preallocated", "on demand", "sparse" };
static const char *const populates[] = {
	"all pages inserted at mmap", "pages mapped on first touch",
	"one PFN remap at mmap"
};

static int checks, failed;
static long pg;

static void check(int ok, const char *what)
{
	printf("%s %d - %s\n", ok ? "ok" : "not ok", ++checks, what);
	if (!ok)
		failed++;
}

static uint64_t pfn_of(const void *addr)
{
	uint64_t e = 0;
	int fd = open("/proc/self/pagemap", O_RDONLY);

	if (fd < 0)
		return 0;
	if (pread(fd, &e, sizeof(e), (uintptr_t)addr / pg * sizeof(e)) != sizeof(e))
		e = 0;
	close(fd);
	return (e >> 63) ? e & ((1ULL << 55) - 1) : 0;
}

static sigjmp_buf bus_jmp;

static void on_sigbus(int sig)
{
	siglongjmp(bus_jmp, sig);
}

static void demo_sharing(int fd, size_t len, int pfnmap)
{
	struct kbm_phys phys = { .pgoff = 0 };
	char *a = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	char *b = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	char line[64];

	if (a == MAP_FAILED || b == MAP_FAILED) {
		check(0, "map the buffer twice");
		return;
	}
	snprintf(a, 64, "written through mapping A at %p", (void *)a);
	printf("#   mapping A at %p, mapping B at %p\n", (void *)a, (void *)b);
	printf("#   B reads: \"%s\"\n", b);
	check(!strcmp(a, b), "two mappings see the same bytes");
	if (ioctl(fd, KBM_IOC_PHYS, &phys))
		phys.phys = 0;
	printf("#   page 0: A -> pfn 0x%llx, B -> pfn 0x%llx (pagemap); the driver says pfn 0x%llx\n",
	       (unsigned long long)pfn_of(a), (unsigned long long)pfn_of(b),
	       (unsigned long long)(phys.phys / pg));
	if (pfnmap) {
		/* The kernel's page walkers skip VM_PFNMAP VMAs. */
		printf("#   (a PFN remap: pagemap cannot see it, KBM_IOC_PHYS can)\n");
		check(!pfn_of(a) && !pfn_of(b) && phys.phys,
		      "a PFN mapping is invisible to pagemap, its frame known to the driver");
	} else {
		check(pfn_of(a) && pfn_of(a) == pfn_of(b) &&
		      pfn_of(a) == phys.phys / pg,
		      "two mappings use the same physical frames");
	}

	strcpy(a, "stored through the mapping");
	memset(line, 0, sizeof(line));
	if (pread(fd, line, sizeof(line) - 1, 0) < 0)
		line[0] = 0;
	printf("#   read() returns: \"%s\"\n", line);
	check(!strcmp(line, "stored through the mapping"),
	      "a store through the mapping is seen by read()");

	strcpy(line, "written with write()");
	if (pwrite(fd, line, strlen(line) + 1, 0) < 0)
		line[0] = 0;
	printf("#   mapping B now reads: \"%s\"\n", b);
	check(!strcmp(b, "written with write()"),
	      "a write() is seen through the mapping");
	munmap(a, len);
	munmap(b, len);
}

static void demo_private(int fd, size_t len, int cached)
{
	char *s = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	char *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	char line[64] = "";

	if (!cached) {
		printf("#   MAP_PRIVATE refused: %s (copies would be cached)\n",
		       p == MAP_FAILED ? strerror(errno) : "not refused!");
		check(p == MAP_FAILED && errno == EINVAL,
		      "a private mapping of non-cached memory is refused with EINVAL");
		if (p != MAP_FAILED)
			munmap(p, len);
		munmap(s, len);
		return;
	}
	if (s == MAP_FAILED || p == MAP_FAILED) {
		check(0, "map shared and private");
		return;
	}
	strcpy(s, "device data");
	printf("#   private mapping before writing: \"%s\"\n", p);
	strcpy(p, "private change");
	if (pread(fd, line, sizeof(line) - 1, 0) < 0)
		line[0] = 0;
	printf("#   after writing it: private \"%s\", shared \"%s\", read() \"%s\"\n",
	       p, s, line);
	check(!strcmp(p, "private change") && !strcmp(s, "device data") &&
	      !strcmp(line, "device data"),
	      "a MAP_PRIVATE write stays private (copy-on-write)");
	munmap(s, len);
	munmap(p, len);
}

/* Sparse buffers: page 0 written by setup; the last page is a hole. */
static void demo_hole(int fd, size_t len)
{
	struct sigaction sa = { .sa_handler = on_sigbus };
	char *m = mmap(NULL, len, PROT_READ, MAP_SHARED, fd, 0);
	volatile char *hole;
	int sig;

	if (m == MAP_FAILED) {
		check(0, "map the sparse buffer");
		return;
	}
	hole = m + len - pg;
	sigaction(SIGBUS, &sa, NULL);
	sig = sigsetjmp(bus_jmp, 1);
	if (!sig)
		(void)*hole;
	printf("#   touching the hole at %p: %s\n", (void *)hole,
	       sig == SIGBUS ? "SIGBUS" : "no signal");
	check(sig == SIGBUS, "touching a hole of a sparse buffer gives SIGBUS");
	signal(SIGBUS, SIG_DFL);
	munmap(m, len);
}

int main(void)
{
	int n, devices = 0;

	pg = sysconf(_SC_PAGESIZE);
	setvbuf(stdout, NULL, _IOLBF, 0);
	printf("TAP version 13\n");
	for (n = 0; n < 32; n++) {
		struct kbm_info info;
		char path[32];
		size_t len;
		int fd;

		snprintf(path, sizeof(path), "/dev/kbufmap%d", n);
		fd = open(path, O_RDWR);
		if (fd < 0)
			continue;
		if (ioctl(fd, KBM_IOC_INFO, &info)) {
			close(fd);
			continue;
		}
		devices++;
		len = info.nr_pages * pg;
		printf("# == %s: %s backend, %llu bytes, %s, %s, %s, via %s\n",
		       path, backends[info.backend],
		       (unsigned long long)info.size, caches[info.cache],
		       fills[info.fill], populates[info.populate],
		       info.flags & KBM_INFO_MMAP_PREPARE ?
		       "f_op->mmap_prepare" : "f_op->mmap");
		if (info.fill == KBM_FILL_SPARSE) {
			char zero[64] = "";

			/* Give page 0 a body; the rest stay holes. */
			if (pwrite(fd, zero, sizeof(zero), 0) < 0)
				check(0, "write page 0 of the sparse buffer");
			demo_hole(fd, len);
			len = pg;
		}
		demo_sharing(fd, len, !(info.flags & KBM_INFO_PAGE_BACKED));
		demo_private(fd, len, info.cache == KBM_CACHE_CACHED);
		close(fd);
	}
	check(devices > 0, "found /dev/kbufmap devices");
	printf("1..%d\n", checks);
	printf("# demo: %d passed, %d failed\n", checks - failed, failed);
	return failed ? 1 : 0;
}
