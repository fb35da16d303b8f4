// SPDX-License-Identifier: GPL-2.0
/*
 * kbufmap_demo.c - show, device by device, what kbufmap does.
 *
 * For every /dev/kbufmap<N>: two mappings see the same bytes and the same
 * physical frames; a store through the mapping is read by read(); a
 * write() is seen through the mapping; a MAP_PRIVATE write stays private;
 * and, on a sparse buffer, a hole gives SIGBUS.  Every check prints a TAP
 * line, so the VM runner can judge the run; the explanations are TAP
 * comments ("# "), and a summary table (one row per device: its module
 * parameters, the mmap hook, what was shown) closes the run.
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

/* The same, as the module parameters that select them (summary table). */
static const char *const backend_params[] = { "contig", "vmalloc", "pages" };
static const char *const cache_params[] = { "cached", "wc", "uncached" };
static const char *const fill_params[] = { "prealloc", "ondemand", "sparse" };
static const char *const populate_params[] = { "eager", "fault", "remap" };

static int checks, failed;
static long pg;

/* What the current device has shown, for its row of the summary. */
static char shown[96];
static char summary[32][256];
static int rows;

static int check(int ok, const char *what)
{
	printf("%s %d - %s\n", ok ? "ok" : "not ok", ++checks, what);
	if (!ok)
		failed++;
	return ok;
}

/* check(), and on success name what was shown in the device's summary row. */
static void check_shown(int ok, const char *what, const char *token)
{
	size_t n = strlen(shown);

	if (!check(ok, what))
		token = "FAILED";
	snprintf(shown + n, sizeof(shown) - n, "%s%s", n ? " " : "", token);
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
		check_shown(0, "map the buffer twice", "");
		return;
	}
	snprintf(a, 64, "written through mapping A at %p", (void *)a);
	printf("#   mapping A at %p, mapping B at %p\n", (void *)a, (void *)b);
	printf("#   B reads: \"%s\"\n", b);
	check_shown(!strcmp(a, b), "two mappings see the same bytes",
		    "bytes");
	if (ioctl(fd, KBM_IOC_PHYS, &phys))
		phys.phys = 0;
	printf("#   page 0: A -> pfn 0x%llx, B -> pfn 0x%llx (pagemap); the driver says pfn 0x%llx\n",
	       (unsigned long long)pfn_of(a), (unsigned long long)pfn_of(b),
	       (unsigned long long)(phys.phys / pg));
	if (pfnmap) {
		/* The kernel's page walkers skip VM_PFNMAP VMAs. */
		printf("#   (a PFN remap: pagemap cannot see it, KBM_IOC_PHYS can)\n");
		check_shown(!pfn_of(a) && !pfn_of(b) && phys.phys,
			    "a PFN mapping is invisible to pagemap, its frame known to the driver",
			    "pfnmap");
	} else {
		check_shown(pfn_of(a) && pfn_of(a) == pfn_of(b) &&
			    pfn_of(a) == phys.phys / pg,
			    "two mappings use the same physical frames",
			    "frames");
	}

	strcpy(a, "stored through the mapping");
	memset(line, 0, sizeof(line));
	if (pread(fd, line, sizeof(line) - 1, 0) < 0)
		line[0] = 0;
	printf("#   read() returns: \"%s\"\n", line);
	check_shown(!strcmp(line, "stored through the mapping"),
		    "a store through the mapping is seen by read()", "read");

	strcpy(line, "written with write()");
	if (pwrite(fd, line, strlen(line) + 1, 0) < 0)
		line[0] = 0;
	printf("#   mapping B now reads: \"%s\"\n", b);
	check_shown(!strcmp(b, "written with write()"),
		    "a write() is seen through the mapping", "write");
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
		check_shown(p == MAP_FAILED && errno == EINVAL,
			    "a private mapping of non-cached memory is refused with EINVAL",
			    "no-private");
		if (p != MAP_FAILED)
			munmap(p, len);
		munmap(s, len);
		return;
	}
	if (s == MAP_FAILED || p == MAP_FAILED) {
		check_shown(0, "map shared and private", "");
		return;
	}
	strcpy(s, "device data");
	printf("#   private mapping before writing: \"%s\"\n", p);
	strcpy(p, "private change");
	if (pread(fd, line, sizeof(line) - 1, 0) < 0)
		line[0] = 0;
	printf("#   after writing it: private \"%s\", shared \"%s\", read() \"%s\"\n",
	       p, s, line);
	check_shown(!strcmp(p, "private change") && !strcmp(s, "device data") &&
		    !strcmp(line, "device data"),
		    "a MAP_PRIVATE write stays private (copy-on-write)",
		    "cow");
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
		check_shown(0, "map the sparse buffer", "");
		return;
	}
	hole = m + len - pg;
	sigaction(SIGBUS, &sa, NULL);
	sig = sigsetjmp(bus_jmp, 1);
	if (!sig)
		(void)*hole;
	printf("#   touching the hole at %p: %s\n", (void *)hole,
	       sig == SIGBUS ? "SIGBUS" : "no signal");
	check_shown(sig == SIGBUS,
		    "touching a hole of a sparse buffer gives SIGBUS", "sigbus");
	signal(SIGBUS, SIG_DFL);
	munmap(m, len);
}

static void print_summary(void)
{
	int i;

	printf("#\n# Summary: each device, the module parameters that made it, the hook\n");
	printf("# that maps it, and what the demo showed on it\n#\n");
	printf("#   %-9s %-7s %-6s %-8s %-8s %-12s %s\n", "device",
	       "backend", "cache", "fill", "populate", "hook", "shown");
	for (i = 0; i < rows; i++)
		printf("#   %s\n", summary[i]);
	printf("#\n");
	printf("#   bytes, frames: two mappings see the same bytes, the same physical frames\n");
	printf("#   pfnmap: one PFN remap; pagemap cannot see it, the driver knows its frame\n");
	printf("#   read, write: read() sees stores to the mapping, the mapping sees write()\n");
	printf("#   cow: a MAP_PRIVATE write stays private (no-private: refused, not cached)\n");
	printf("#   sigbus: touching a hole of a sparse buffer raises SIGBUS\n");
}

int main(void)
{
	int n, devices = 0;

	pg = sysconf(_SC_PAGESIZE);
	setvbuf(stdout, NULL, _IOLBF, 0);
	printf("TAP version 13\n");
	printf("# Every /dev/kbufmap<N> is one buffer that kbufmap.ko made from its module\n");
	printf("# parameters.  For each: two shared mappings see the same bytes and the\n");
	printf("# same physical frames; read() and write() agree with the mapping; a\n");
	printf("# MAP_PRIVATE write stays private; a hole of a sparse buffer is SIGBUS.\n");
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
		shown[0] = 0;
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
				check_shown(0, "write page 0 of the sparse buffer", "");
			demo_hole(fd, len);
			len = pg;
		}
		demo_sharing(fd, len, !(info.flags & KBM_INFO_PAGE_BACKED));
		demo_private(fd, len, info.cache == KBM_CACHE_CACHED);
		close(fd);
		snprintf(summary[rows++], sizeof(summary[0]),
			 "%-9s %-7s %-6s %-8s %-8s %-12s %s", path + 5,
			 backend_params[info.backend], cache_params[info.cache],
			 fill_params[info.fill], populate_params[info.populate],
			 info.flags & KBM_INFO_MMAP_PREPARE ?
			 "mmap_prepare" : "mmap", shown);
	}
	printf("#\n");
	check(devices > 0, "found /dev/kbufmap devices");
	print_summary();
	printf("1..%d\n", checks);
	printf("# demo: %d passed, %d failed\n", checks - failed, failed);
	return failed ? 1 : 0;
}
