// SPDX-License-Identifier: GPL-2.0
/*
 * kbufmap_fuzz.c - seeded random sequences over every /dev/kbufmap<N>.
 *
 * usage: kbufmap_fuzz [-s SEED] [-n STEPS] [-v]
 *
 * Each step is one of: open or close a file descriptor; mmap (random
 * offset, length, protection, MAP_SHARED or MAP_PRIVATE, sometimes
 * MAP_FIXED over existing mappings, sometimes MAP_POPULATE); munmap of a
 * random piece; mremap (shrink, grow, move, MREMAP_DONTUNMAP); mprotect;
 * madvise with every advice; fork, the child doing a few random operations
 * of its own; pread/pwrite at random offsets and sizes with user buffers
 * partly unmapped; stores and loads through the mappings (a hole of a
 * sparse buffer must give SIGBUS); ioctls with random arguments.
 *
 * The program keeps a shadow of every device's bytes, of the pages of
 * sparse and on-demand buffers that exist, and of every page it maps
 * (device, offset, shared or private, protection, its private copy), and
 * after every step checks the bytes it touched through read() and through
 * the mappings, KBM_IOC_INFO's pages_present and map_count against the
 * VMAs it knows of, and map_count against /proc/self/maps.  Every 64 steps
 * it compares everything.  Expected errors (EINVAL, EACCES, EFAULT, ENOSPC,
 * EBADF, ENOTTY, SIGBUS) are checked too.
 *
 * The seed is printed first; the same seed and step count replay the same
 * sequence (address space randomisation is turned off by re-executing).
 * Exit status 0 when every check held, 1 at the first that did not.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/personality.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <linux/kbufmap.h>

#define PG		4096UL
#define MAX_DEVS	32
#define MAX_FDS		4
#define ARENA_PAGES	1024		/* MAP_FIXED lands only in here */
#define SCRATCH_PAGES	16
#define MAX_MAPPED	12288		/* pages mapped at once, at most */
#define HISTORY		24

#ifndef MREMAP_DONTUNMAP
#define MREMAP_DONTUNMAP 4
#endif
#ifndef MADV_POPULATE_READ
#define MADV_POPULATE_READ 22
#define MADV_POPULATE_WRITE 23
#endif

/* ---- random numbers: xorshift64*, reproducible from the seed ---------- */

static uint64_t rng_state;

static uint64_t rnd(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 2685821657736338717ULL;
}

/* 0 .. n-1 */
static uint64_t below(uint64_t n)
{
	return n ? rnd() % n : 0;
}

static bool chance(unsigned int percent)
{
	return below(100) < percent;
}

/*
 * KBM_IOC_INFO of any size from the first struct kbm_info (up to flags)
 * to today's: the driver answers them all with the leading part.
 */
static bool is_info_cmd(unsigned long cmd)
{
	return _IOC_TYPE(cmd) == KBM_IOC_MAGIC &&
	       _IOC_NR(cmd) == _IOC_NR(KBM_IOC_INFO) &&
	       _IOC_DIR(cmd) == _IOC_READ &&
	       _IOC_SIZE(cmd) >= offsetof(struct kbm_info, flags) + 4 &&
	       _IOC_SIZE(cmd) <= sizeof(struct kbm_info);
}

/* ---- the model ------------------------------------------------------- */

struct dev {
	int fd[MAX_FDS];		/* -1: closed */
	bool rdonly[MAX_FDS];
	struct kbm_info info;
	unsigned char *shadow;		/* nr_pages * PG bytes, beyond size 0 */
	unsigned char *present;		/* sparse/ondemand: the page exists */
	uint64_t present_min;		/* ondemand: pages known to exist */
	bool dirty;			/* touched this step: check it */
	char path[32];
};

/* One page of user address space that maps a device. */
struct upage {
	uintptr_t addr;
	unsigned int vma;		/* VMA id: pages of one VMA share it */
	unsigned short dev;
	bool shared, maywrite, dontfork, rand, seq, huge, nohuge;
	int prot;
	uint32_t pgoff;
	unsigned char *copy;		/* private page written: its bytes */
};

static struct dev devs[MAX_DEVS];
static unsigned int ndevs;
static struct upage *pages;		/* sorted by addr */
static size_t npages;
static unsigned int next_vma = 1;
static unsigned char *arena, *scratch;
static unsigned long step, steps = 2000;
static uint64_t seed;
static bool verbose, in_child;
static char history[HISTORY][160];
static unsigned long hist_n;

/* VMAs of each device outside this process (the parent's, in a child). */
static unsigned int other_vmas[MAX_DEVS];

/* The log child writes to its parent: every byte it stored in a device. */
static int child_log = -1;

static void say(const char *fmt, ...)
{
	char *slot = history[hist_n++ % HISTORY];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(slot, sizeof(history[0]), fmt, ap);
	va_end(ap);
	if (verbose)
		printf("# %s%lu: %s\n", in_child ? "child " : "", step, slot);
}

static void fail(const char *fmt, ...)
{
	unsigned long i;
	va_list ap;

	printf("# FAIL at step %lu%s (seed %llu): ", step,
	       in_child ? " in a forked child" : "", (unsigned long long)seed);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n# last operations:\n");
	i = hist_n > HISTORY ? hist_n - HISTORY : 0;
	for (; i < hist_n; i++)
		printf("#   %s\n", history[i % HISTORY]);
	printf("# replay: make fuzz SEED=%llu STEPS=%lu (kbufmap_fuzz -s %llu -n %lu -v)\n",
	       (unsigned long long)seed, step + 1, (unsigned long long)seed,
	       step + 1);
	fflush(stdout);
	_exit(1);
}

#define CHECK(cond, ...) do { if (!(cond)) fail(__VA_ARGS__); } while (0)

static bool dev_sparse(const struct dev *d)
{
	return d->info.fill == KBM_FILL_SPARSE;
}

static bool dev_pfnmap(const struct dev *d)
{
	return d->info.populate == KBM_POPULATE_REMAP;
}

/* May a page be read through a mapping without a SIGBUS? */
static bool page_backed(const struct upage *p)
{
	const struct dev *d = &devs[p->dev];

	return p->copy || !dev_sparse(d) || d->present[p->pgoff];
}

/* The bytes a page of a mapping shows. */
static const unsigned char *page_view(const struct upage *p)
{
	return p->copy ? p->copy : devs[p->dev].shadow + p->pgoff * PG;
}

/* A private page is written: it gets its own copy of what it showed. */
static void cow(struct upage *p)
{
	unsigned char *copy = malloc(PG);

	if (!copy) {
		printf("# out of memory\n");
		exit(1);
	}
	memcpy(copy, page_view(p), PG);
	p->copy = copy;
}

/* Index of the first page at or above @addr. */
static size_t page_index(uintptr_t addr)
{
	size_t lo = 0, hi = npages;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (pages[mid].addr < addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static struct upage *page_at(uintptr_t addr)
{
	size_t i = page_index(addr);

	return i < npages && pages[i].addr == addr ? &pages[i] : NULL;
}

static bool in_arena(uintptr_t addr)
{
	return addr >= (uintptr_t)arena && addr < (uintptr_t)arena + ARENA_PAGES * PG;
}

/* A VMA that starts before @addr and goes on at @addr is split there. */
static void split_at(uintptr_t addr)
{
	struct upage *p = page_at(addr), *prev = page_at(addr - PG);
	unsigned int old, id;
	size_t i;

	if (!p || !prev || p->vma != prev->vma)
		return;
	old = p->vma;
	id = next_vma++;
	for (i = p - pages; i < npages && pages[i].vma == old; i++)
		pages[i].vma = id;
}

/* Forget the pages of [addr, addr + n pages): they are unmapped. */
static void model_unmap(uintptr_t addr, size_t n)
{
	size_t i = page_index(addr), j = page_index(addr + n * PG), k;

	split_at(addr);
	split_at(addr + n * PG);
	for (k = i; k < j; k++)
		free(pages[k].copy);
	memmove(&pages[i], &pages[j], (npages - j) * sizeof(*pages));
	npages -= j - i;
}

/* Insert n pages (one new VMA) described by @tmpl at @addr. */
static void model_map(uintptr_t addr, size_t n, const struct upage *tmpl)
{
	size_t i, k;

	model_unmap(addr, n);
	CHECK(npages + n <= MAX_MAPPED, "model full");
	i = page_index(addr);
	memmove(&pages[i + n], &pages[i], (npages - i) * sizeof(*pages));
	for (k = 0; k < n; k++) {
		pages[i + k] = *tmpl;
		pages[i + k].addr = addr + k * PG;
		pages[i + k].pgoff = tmpl->pgoff + k;
		pages[i + k].copy = NULL;
		pages[i + k].vma = next_vma;
	}
	npages += n;
	next_vma++;
}

/* Unmapped arena pages are reserved again, so nothing else lands there. */
static void arena_reserve(uintptr_t addr, size_t n)
{
	size_t k;

	for (k = 0; k < n; k++) {
		uintptr_t a = addr + k * PG;

		if (!in_arena(a) || page_at(a))
			continue;
		if (mmap((void *)a, PG, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS |
			 MAP_FIXED | MAP_NORESERVE, -1, 0) == MAP_FAILED)
			fail("re-reserving arena page %#lx: %s", (unsigned long)a,
			     strerror(errno));
	}
}

/* VMAs the model knows of for device @d. */
static unsigned int model_vmas(unsigned int d)
{
	unsigned int n = 0, last = 0;
	size_t i;

	for (i = 0; i < npages; i++) {
		if (pages[i].dev != d || pages[i].vma == last)
			continue;
		last = pages[i].vma;
		n++;
	}
	return n;
}

/* VMAs of each device in /proc/self/maps. */
static void maps_vmas(unsigned int *count)
{
	char line[512];
	FILE *f = fopen("/proc/self/maps", "r");
	unsigned int d;

	memset(count, 0, sizeof(*count) * MAX_DEVS);
	CHECK(f, "cannot open /proc/self/maps");
	while (fgets(line, sizeof(line), f)) {
		char *p = strstr(line, "/dev/kbufmap");

		if (p && sscanf(p, "/dev/kbufmap%u", &d) == 1 && d < MAX_DEVS)
			count[d]++;
	}
	fclose(f);
}

static const char *prot_name(int prot)
{
	switch (prot) {
	case PROT_NONE: return "---";
	case PROT_READ: return "r--";
	case PROT_WRITE: return "-w-";
	default: return "rw-";
	}
}

/* ---- guarded memory access: SIGBUS/SIGSEGV become return values ------ */

static sigjmp_buf guard_jmp;
static volatile sig_atomic_t guard_on;
static volatile int guard_sig;

static void guard_handler(int sig)
{
	if (!guard_on) {
		signal(sig, SIG_DFL);
		raise(sig);
		return;
	}
	guard_sig = sig;
	siglongjmp(guard_jmp, 1);
}

/* Copy @n bytes; 0, or the signal that stopped it. */
static int guarded_copy(void *dst, const void *src, size_t n)
{
	guard_sig = 0;
	if (sigsetjmp(guard_jmp, 1) == 0) {
		guard_on = 1;
		memcpy(dst, src, n);
		/* The copy must happen even if nobody reads @dst. */
		asm volatile("" : : "r"(dst), "r"(src) : "memory");
	}
	guard_on = 0;
	return guard_sig;
}

/* ---- checks ---------------------------------------------------------- */

static int any_fd(unsigned int d)
{
	int k;

	for (k = 0; k < MAX_FDS; k++)
		if (devs[d].fd[k] >= 0)
			return devs[d].fd[k];
	return -1;
}

static void dev_info(unsigned int d, struct kbm_info *info)
{
	int fd = any_fd(d), tmp = -1;

	if (fd < 0)
		fd = tmp = open(devs[d].path, O_RDONLY);
	CHECK(fd >= 0, "open %s: %s", devs[d].path, strerror(errno));
	CHECK(!ioctl(fd, KBM_IOC_INFO, info), "KBM_IOC_INFO on %s: %s",
	      devs[d].path, strerror(errno));
	if (tmp >= 0)
		close(tmp);
}

static unsigned char iobuf[8 << 20];	/* the largest device: 4 MiB (populate=pmd) */

/* The device's bytes through read() against the shadow. */
static void check_read(unsigned int d)
{
	struct dev *dv = &devs[d];
	int fd = open(dv->path, O_RDONLY);
	ssize_t n;
	size_t i;

	CHECK(fd >= 0, "open %s: %s", dv->path, strerror(errno));
	n = pread(fd, iobuf, dv->info.size, 0);
	CHECK(n == (ssize_t)dv->info.size, "%s: pread of all %llu bytes gave %zd (%s)",
	      dv->path, (unsigned long long)dv->info.size, n, strerror(errno));
	close(fd);
	if (memcmp(iobuf, dv->shadow, dv->info.size)) {
		for (i = 0; iobuf[i] == dv->shadow[i]; i++)
			;
		fail("%s: byte %zu (page %zu) reads %#x, expected %#x", dv->path,
		     i, i / PG, iobuf[i], dv->shadow[i]);
	}
}

/* The device's lines of /proc/self/maps and the model's VMAs of it. */
static void dump_vmas(unsigned int d)
{
	char line[512], name[40];
	FILE *f = fopen("/proc/self/maps", "r");
	size_t i;

	snprintf(name, sizeof(name), "%s\n", devs[d].path);
	printf("# /proc/self/maps:\n");
	while (f && fgets(line, sizeof(line), f))
		if (strstr(line, name))
			printf("#   %s", line);
	if (f)
		fclose(f);
	printf("# the fuzzer's pages (address, VMA id, offset):\n");
	for (i = 0; i < npages; i++)
		if (pages[i].dev == d && (i == 0 || pages[i - 1].vma != pages[i].vma ||
					  pages[i - 1].dev != d))
			printf("#   %#lx vma %u pgoff %u %s %s\n",
			       (unsigned long)pages[i].addr, pages[i].vma,
			       pages[i].pgoff, pages[i].shared ? "shared" : "private",
			       prot_name(pages[i].prot));
}

static void check_info(unsigned int d, const unsigned int *maps)
{
	struct dev *dv = &devs[d];
	struct kbm_info info;
	uint64_t present = 0, k;

	dev_info(d, &info);
	if (info.map_count != model_vmas(d) + other_vmas[d] ||
	    info.map_count != maps[d] + other_vmas[d])
		dump_vmas(d);
	CHECK(info.map_count == model_vmas(d) + other_vmas[d],
	      "%s: map_count %u, but the fuzzer has %u VMAs of it (+ %u in its parent)",
	      dv->path, info.map_count, model_vmas(d), other_vmas[d]);
	CHECK(info.map_count == maps[d] + other_vmas[d],
	      "%s: map_count %u, but /proc/self/maps shows %u VMAs (+ %u in the parent)",
	      dv->path, info.map_count, maps[d], other_vmas[d]);
	switch (dv->info.fill) {
	case KBM_FILL_PREALLOC:
		CHECK(info.pages_present == info.nr_pages,
		      "%s: pages_present %llu of %llu", dv->path,
		      (unsigned long long)info.pages_present,
		      (unsigned long long)info.nr_pages);
		break;
	case KBM_FILL_SPARSE:
		for (k = 0; k < dv->info.nr_pages; k++)
			present += dv->present[k];
		CHECK(info.pages_present == present,
		      "%s: pages_present %llu, %llu pages written", dv->path,
		      (unsigned long long)info.pages_present,
		      (unsigned long long)present);
		break;
	case KBM_FILL_ONDEMAND:
		for (k = 0; k < dv->info.nr_pages; k++)
			present += dv->present[k];
		CHECK(info.pages_present >= present &&
		      info.pages_present <= info.nr_pages &&
		      info.pages_present >= dv->present_min,
		      "%s: pages_present %llu, at least %llu touched, %llu before",
		      dv->path, (unsigned long long)info.pages_present,
		      (unsigned long long)present,
		      (unsigned long long)dv->present_min);
		dv->present_min = info.pages_present;
		break;
	}
}

/* Every readable, backed page of the mappings of the devices in @mask. */
static void check_mappings(bool all)
{
	static unsigned char page[PG];
	size_t i;
	int sig;

	for (i = 0; i < npages; i++) {
		struct upage *p = &pages[i];

		if (!all && !devs[p->dev].dirty && !p->copy)
			continue;
		if (!page_backed(p) || p->prot == PROT_NONE)
			continue;
		sig = guarded_copy(page, (void *)p->addr, PG);
		CHECK(!sig, "%s page %u mapped %s at %#lx: signal %d on read",
		      devs[p->dev].path, p->pgoff,
		      p->shared ? "shared" : "private", (unsigned long)p->addr,
		      sig);
		if (memcmp(page, page_view(p), PG)) {
			size_t b;

			for (b = 0; page[b] == page_view(p)[b]; b++)
				;
			unsigned char now = 0;
			int fd = open(devs[p->dev].path, O_RDONLY);

			if (fd < 0 || pread(fd, &now, 1, p->pgoff * PG + b) != 1)
				now = 0;
			if (fd >= 0)
				close(fd);
			fail("%s page %u mapped %s%s %s at %#lx: byte %zu is %#x, expected %#x (read() says %#x)",
			     devs[p->dev].path, p->pgoff,
			     p->shared ? "shared" : "private",
			     p->copy ? " (written)" : "", prot_name(p->prot),
			     (unsigned long)p->addr, b, page[b], page_view(p)[b],
			     now);
		}
		/* Touching a page of an on-demand buffer allocates it. */
		if (devs[p->dev].info.fill == KBM_FILL_ONDEMAND && !p->copy)
			devs[p->dev].present[p->pgoff] = 1;
	}
}

static void check_all(bool all)
{
	unsigned int maps[MAX_DEVS], d;

	check_mappings(all);
	maps_vmas(maps);
	for (d = 0; d < ndevs; d++) {
		if (all || devs[d].dirty)
			check_read(d);
		check_info(d, maps);
		devs[d].dirty = false;
	}
}

/* ---- operations ------------------------------------------------------ */

static unsigned int pick_dev(void)
{
	return below(ndevs);
}

static void device_stored(unsigned int d, uint64_t off, const void *src,
			  size_t n)
{
	struct dev *dv = &devs[d];
	uint64_t pg;

	if (!n)
		return;
	memcpy(dv->shadow + off, src, n);
	for (pg = off / PG; pg <= (off + n - 1) / PG; pg++)
		if (dv->present)
			dv->present[pg] = 1;
	dv->dirty = true;
	if (child_log >= 0) {
		struct { uint32_t d; uint32_t n; uint64_t off; } h = { d, n, off };

		if (write(child_log, &h, sizeof(h)) != sizeof(h) ||
		    write(child_log, src, n) != (ssize_t)n)
			fail("child: cannot report a store to the parent");
	}
}

static void op_open(void)
{
	unsigned int d = pick_dev();
	struct dev *dv = &devs[d];
	int k = below(MAX_FDS);

	if (dv->fd[k] >= 0) {
		say("close %s fd %d", dv->path, dv->fd[k]);
		CHECK(!close(dv->fd[k]), "close: %s", strerror(errno));
		dv->fd[k] = -1;
		return;
	}
	dv->rdonly[k] = chance(20);
	dv->fd[k] = open(dv->path, dv->rdonly[k] ? O_RDONLY : O_RDWR);
	say("open %s %s -> %d", dv->path, dv->rdonly[k] ? "O_RDONLY" : "O_RDWR",
	    dv->fd[k]);
	CHECK(dv->fd[k] >= 0, "open %s: %s", dv->path, strerror(errno));
}

/* An open fd of @d (opened now if there is none); its slot in *slot. */
static int dev_fd(unsigned int d, int *slot)
{
	struct dev *dv = &devs[d];
	int k, start = below(MAX_FDS);

	for (k = 0; k < MAX_FDS; k++) {
		int s = (start + k) % MAX_FDS;

		if (dv->fd[s] >= 0) {
			*slot = s;
			return dv->fd[s];
		}
	}
	dv->fd[start] = open(dv->path, O_RDWR);
	dv->rdonly[start] = false;
	CHECK(dv->fd[start] >= 0, "open %s: %s", dv->path, strerror(errno));
	*slot = start;
	return dv->fd[start];
}


static void op_mmap(void)
{
	static const int prots[] = { PROT_READ | PROT_WRITE, PROT_READ | PROT_WRITE,
				     PROT_READ, PROT_NONE, PROT_WRITE };
	unsigned int d = pick_dev();
	struct dev *dv = &devs[d];
	uint64_t nr = dv->info.nr_pages, off, len;
	int slot, fd = dev_fd(d, &slot), prot = prots[below(5)];
	bool shared = chance(65), fixed = chance(35), populate = chance(15);
	int expect = 0, flags;
	uintptr_t want = 0;
	void *m;

	/* Mostly valid ranges, sometimes past the end or empty. */
	off = below(nr);
	len = 1 + below(nr - off < 48 ? nr - off : 48);
	if (chance(8))
		len = nr - off + 1 + below(3);
	else if (chance(3))
		off = nr + below(4);
	else if (chance(2))
		len = 0;
	/* In the kernel's order: length, file mode, then the driver. */
	if (!len)
		expect = EINVAL;
	else if (shared && (prot & PROT_WRITE) && dv->rdonly[slot])
		expect = EACCES;
	else if (off + len > nr)
		expect = EINVAL;
	else if (!shared && dv->info.cache != KBM_CACHE_CACHED)
		expect = EINVAL;
	/* A failed MAP_FIXED may leave the old range unmapped: not tried. */
	if (expect)
		fixed = false;
	if (fixed && len > ARENA_PAGES)
		fixed = false;
	if (fixed)
		want = (uintptr_t)arena + below(ARENA_PAGES - len + 1) * PG;
	flags = (shared ? MAP_SHARED : MAP_PRIVATE) | (fixed ? MAP_FIXED : 0) |
		(populate ? MAP_POPULATE : 0);
	say("mmap %s off %llu pages %llu %s %s%s%s at %#lx",
	    dv->path, (unsigned long long)off, (unsigned long long)len,
	    prot_name(prot), shared ? "shared" : "private",
	    fixed ? " fixed" : "", populate ? " populate" : "",
	    (unsigned long)want);
	m = mmap((void *)want, len * PG, prot, flags, fd, off * PG);
	if (expect) {
		CHECK(m == MAP_FAILED && errno == expect,
		      "mmap: expected %s, got %s", strerror(expect),
		      m == MAP_FAILED ? strerror(errno) : "a mapping");
		return;
	}
	CHECK(m != MAP_FAILED, "mmap failed: %s", strerror(errno));
	CHECK(!fixed || (uintptr_t)m == want, "MAP_FIXED moved the mapping");
	if (npages + len > MAX_MAPPED) {
		/* The model is full: give this one back at once. */
		CHECK(!munmap(m, len * PG), "munmap: %s", strerror(errno));
		arena_reserve((uintptr_t)m, len);
		return;
	}
	{
		struct upage t = {
			.dev = d, .shared = shared, .pgoff = off,
			.prot = prot,
			.maywrite = !shared || !dv->rdonly[slot],
		};

		model_map((uintptr_t)m, len, &t);
	}
	/*
	 * MAP_POPULATE faults every page in (an on-demand buffer allocates
	 * them), and a private writable mapping breaks copy-on-write for each
	 * page up to the first hole of a sparse buffer.
	 */
	if (populate && prot != PROT_NONE) {
		uint64_t k;

		for (k = 0; k < len; k++) {
			struct upage *q = page_at((uintptr_t)m + k * PG);

			if (!page_backed(q))
				break;
			if (dv->info.fill == KBM_FILL_ONDEMAND)
				dv->present[off + k] = 1;
			if (!shared && (prot & PROT_WRITE))
				cow(q);
		}
	}
	dv->dirty = true;
}

/* A random run of mapped pages: [*a, *a + *n pages), all in one VMA if @one. */
static bool pick_run(uintptr_t *a, size_t *n, bool one)
{
	size_t i, j, k, max;

	if (!npages)
		return false;
	i = below(npages);
	/* The run goes on while pages are adjacent (and of one VMA). */
	for (j = i + 1; j < npages && pages[j].addr == pages[j - 1].addr + PG &&
	     (!one || pages[j].vma == pages[i].vma); j++)
		;
	max = j - i;
	k = 1 + below(max < 24 ? max : 24);
	*a = pages[i].addr;
	*n = k;
	return true;
}

static void op_munmap(void)
{
	uintptr_t a;
	size_t n, k;

	if (!pick_run(&a, &n, false))
		return;
	if (chance(5)) {
		say("munmap %#lx + 1 (unaligned)", (unsigned long)a + 1);
		CHECK(munmap((void *)(a + 1), n * PG) && errno == EINVAL,
		      "unaligned munmap: expected EINVAL");
		return;
	}
	say("munmap %#lx pages %zu", (unsigned long)a, n);
	for (k = 0; k < n; k++)
		devs[page_at(a + k * PG)->dev].dirty = true;
	CHECK(!munmap((void *)a, n * PG), "munmap: %s", strerror(errno));
	model_unmap(a, n);
	arena_reserve(a, n);
}

static void op_mremap(void)
{
	uintptr_t a, dst;
	size_t n, k;
	struct upage *p;
	void *r;
	int kind = below(5);

	if (!pick_run(&a, &n, true))
		return;
	p = page_at(a);
	devs[p->dev].dirty = true;
	switch (kind) {
	case 0:	/* shrink in place */
		if (n < 2)
			return;
		k = 1 + below(n - 1);
		say("mremap %#lx pages %zu -> %zu in place", (unsigned long)a, n, k);
		r = mremap((void *)a, n * PG, k * PG, 0);
		CHECK(r == (void *)a, "mremap shrink: %s", strerror(errno));
		/* The tail is gone (the rest of the VMA beyond it stays). */
		model_unmap(a + k * PG, n - k);
		arena_reserve(a + k * PG, n - k);
		break;
	case 1:	/* grow: VM_DONTEXPAND refuses */
		say("mremap %#lx pages %zu -> %zu (grow)", (unsigned long)a, n, n + 1);
		r = mremap((void *)a, n * PG, (n + 1) * PG,
			   chance(50) ? MREMAP_MAYMOVE : 0);
		CHECK(r == MAP_FAILED && errno == EFAULT,
		      "mremap grow: expected EFAULT, got %s",
		      r == MAP_FAILED ? strerror(errno) : "success");
		break;
	case 2:	/* MREMAP_DONTUNMAP: not for VM_DONTEXPAND */
		say("mremap %#lx pages %zu dontunmap", (unsigned long)a, n);
		r = mremap((void *)a, n * PG, n * PG,
			   MREMAP_MAYMOVE | MREMAP_DONTUNMAP);
		CHECK(r == MAP_FAILED && errno == EINVAL,
		      "mremap MREMAP_DONTUNMAP: expected EINVAL, got %s",
		      r == MAP_FAILED ? strerror(errno) : "success");
		break;
	default: {	/* move, maybe shrinking, into the arena */
		struct upage *tmp = malloc(n * sizeof(*tmp));
		size_t newn = chance(30) ? 1 + below(n) : n;

		/* Refused by the driver there: kbufmap_test checks that. */
		if (devs[p->dev].info.flags & KBM_INFO_NO_MOVE) {
			free(tmp);
			return;
		}
		dst = (uintptr_t)arena + below(ARENA_PAGES - n + 1) * PG;
		if (dst < a + n * PG && a < dst + n * PG) {
			free(tmp);
			return;		/* overlapping: EINVAL, not tried */
		}
		say("mremap %#lx pages %zu -> %#lx pages %zu (move)",
		    (unsigned long)a, n, (unsigned long)dst, newn);
		r = mremap((void *)a, n * PG, newn * PG,
			   MREMAP_MAYMOVE | MREMAP_FIXED, (void *)dst);
		CHECK(r == (void *)dst, "mremap move: %s", strerror(errno));
		/* Keep the moved pages (and their private copies) ... */
		for (k = 0; k < n; k++) {
			tmp[k] = *page_at(a + k * PG);
			page_at(a + k * PG)->copy = k < newn ? NULL : tmp[k].copy;
		}
		split_at(a);
		split_at(a + n * PG);
		model_unmap(a, n);
		model_unmap(dst, newn);
		/* ... and put them at their new place as one new VMA. */
		k = page_index(dst);
		memmove(&pages[k + newn], &pages[k], (npages - k) * sizeof(*pages));
		for (size_t i = 0; i < newn; i++) {
			pages[k + i] = tmp[i];
			pages[k + i].addr = dst + i * PG;
			pages[k + i].vma = next_vma;
		}
		npages += newn;
		next_vma++;
		free(tmp);
		arena_reserve(a, n);
		break;
	}
	}
}

static void op_mprotect(void)
{
	static const int prots[] = { PROT_NONE, PROT_READ, PROT_WRITE,
				     PROT_READ | PROT_WRITE };
	int prot = prots[below(4)];
	uintptr_t a;
	size_t n, k;
	struct upage *p;
	bool ok;

	if (!pick_run(&a, &n, true))
		return;
	p = page_at(a);
	ok = !(prot & PROT_WRITE) || p->maywrite;
	say("mprotect %#lx pages %zu %s%s", (unsigned long)a, n, prot_name(prot),
	    ok ? "" : " (expect EACCES)");
	if (mprotect((void *)a, n * PG, prot)) {
		CHECK(!ok && errno == EACCES, "mprotect: %s", strerror(errno));
		return;
	}
	CHECK(ok, "mprotect to writable of a read-only shared mapping succeeded");
	/* The same protection changes no VMA flag: nothing is split. */
	if (p->prot == prot)
		return;
	split_at(a);
	split_at(a + n * PG);
	for (k = 0; k < n; k++) {
		p = page_at(a + k * PG);
		p->prot = prot;
		p->vma = next_vma;
	}
	next_vma++;
}

static void op_madvise(void)
{
	static const int advices[] = {
		MADV_NORMAL, MADV_RANDOM, MADV_SEQUENTIAL, MADV_WILLNEED,
		MADV_DONTNEED, MADV_FREE, MADV_REMOVE, MADV_DONTFORK,
		MADV_DOFORK, MADV_MERGEABLE, MADV_UNMERGEABLE, MADV_HUGEPAGE,
		MADV_NOHUGEPAGE, MADV_DONTDUMP, MADV_DODUMP, MADV_WIPEONFORK,
		MADV_KEEPONFORK, MADV_COLD, MADV_PAGEOUT, MADV_POPULATE_READ,
		MADV_POPULATE_WRITE, 24 /* MADV_DONTNEED_LOCKED */,
		25 /* MADV_COLLAPSE */, 102 /* MADV_GUARD_INSTALL */,
		103 /* MADV_GUARD_REMOVE */, 99 /* no such advice */,
	};
	int adv = advices[below(sizeof(advices) / sizeof(advices[0]))];
	uintptr_t a;
	size_t n, k;
	struct upage *p;
	bool backed = true, dontfork, rand, seq, huge, nohuge;
	int ret, err;

	if (!pick_run(&a, &n, true))
		return;
	p = page_at(a);
	for (k = 0; k < n; k++)
		backed &= page_backed(page_at(a + k * PG));
	/* Holes make the populate advices fail half-way. */
	if ((adv == MADV_POPULATE_WRITE || adv == MADV_POPULATE_READ) && !backed)
		adv = MADV_WILLNEED;
	ret = madvise((void *)a, n * PG, adv);
	err = ret ? errno : 0;
	say("madvise %#lx pages %zu (%s %s %s) advice %d -> %s",
	    (unsigned long)a, n, devs[p->dev].path,
	    p->shared ? "shared" : "private", prot_name(p->prot), adv,
	    ret ? strerror(err) : "0");
	devs[p->dev].dirty = true;
	dontfork = p->dontfork;
	rand = p->rand;
	seq = p->seq;
	huge = p->huge;
	nohuge = p->nohuge;
	switch (adv) {
	case MADV_NORMAL:
		CHECK(!ret, "MADV_NORMAL: %s", strerror(err));
		rand = seq = false;
		break;
	case MADV_RANDOM:
		CHECK(!ret, "MADV_RANDOM: %s", strerror(err));
		rand = true;
		seq = false;
		break;
	case MADV_SEQUENTIAL:
		CHECK(!ret, "MADV_SEQUENTIAL: %s", strerror(err));
		seq = true;
		rand = false;
		break;
	case MADV_DONTFORK:
		CHECK(!ret, "MADV_DONTFORK: %s", strerror(err));
		dontfork = true;
		break;
	case MADV_DOFORK:
		/* VM_SPECIAL mappings refuse it on 7.x; older kernels allow. */
		if (!ret)
			dontfork = false;
		break;
	case MADV_HUGEPAGE:
		/* Refused without transparent huge pages. */
		if (!ret) {
			huge = true;
			nohuge = false;
		}
		break;
	case MADV_NOHUGEPAGE:
		if (!ret) {
			nohuge = true;
			huge = false;
		}
		break;
	case MADV_DODUMP:
		CHECK(ret && err == EINVAL, "MADV_DODUMP: expected EINVAL");
		break;
	case MADV_DONTNEED:
	case 24:
		if (p->shared && dev_pfnmap(&devs[p->dev])) {
			CHECK(ret && err == EINVAL,
			      "MADV_DONTNEED of a PFN mapping: expected EINVAL");
			break;
		}
		CHECK(!ret, "MADV_DONTNEED: %s", strerror(err));
		/* Private copies are dropped: the device shows through again. */
		for (k = 0; k < n; k++) {
			p = page_at(a + k * PG);
			free(p->copy);
			p->copy = NULL;
		}
		p = page_at(a);
		break;
	case MADV_POPULATE_READ:
		if (!ret && devs[p->dev].info.fill == KBM_FILL_ONDEMAND)
			for (k = 0; k < n; k++)
				devs[p->dev].present[page_at(a + k * PG)->pgoff] = 1;
		break;
	case MADV_POPULATE_WRITE:
		if (!(p->prot & PROT_WRITE) ||
		    (p->shared && dev_pfnmap(&devs[p->dev]))) {
			CHECK(ret, "MADV_POPULATE_WRITE of a mapping it cannot write succeeded");
			break;
		}
		CHECK(!ret, "MADV_POPULATE_WRITE: %s", strerror(err));
		for (k = 0; k < n; k++) {
			struct upage *q = page_at(a + k * PG);

			if (devs[q->dev].present)
				devs[q->dev].present[q->pgoff] |=
					devs[q->dev].info.fill == KBM_FILL_ONDEMAND;
			if (!q->shared && !q->copy)
				cow(q);
		}
		break;
	case 102:
		/* Guard markers would turn the pages into SIGSEGV: take them off. */
		if (!ret)
			CHECK(!madvise((void *)a, n * PG, 103),
			      "MADV_GUARD_REMOVE: %s", strerror(errno));
		break;
	case 99:
		CHECK(ret && err == EINVAL, "madvise 99: expected EINVAL");
		break;
	default:
		/* No effect the fuzzer can see: the checks tell if there was one. */
		break;
	}
	if (dontfork == p->dontfork && rand == p->rand && seq == p->seq &&
	    huge == p->huge && nohuge == p->nohuge)
		return;
	/* A VMA flag changed: the range is a VMA of its own now. */
	split_at(a);
	split_at(a + n * PG);
	for (k = 0; k < n; k++) {
		p = page_at(a + k * PG);
		p->dontfork = dontfork;
		p->rand = rand;
		p->seq = seq;
		p->huge = huge;
		p->nohuge = nohuge;
		p->vma = next_vma;
	}
	next_vma++;
}

/* Store or load through a mapping; holes must SIGBUS, PROT_NONE SIGSEGV. */
static void op_touch(void)
{
	unsigned char bytes[PG], got[PG];
	struct upage *p;
	struct dev *dv;
	size_t o, len;
	bool store;
	int sig;

	if (!npages)
		return;
	p = &pages[below(npages)];
	dv = &devs[p->dev];
	store = chance(60);
	o = below(PG);
	len = 1 + below(PG - o);
	if (chance(50))
		len = len > 16 ? 16 : len;
	if (!page_backed(p)) {
		say("touch hole %s page %u at %#lx (%s)", dv->path, p->pgoff,
		    (unsigned long)p->addr, prot_name(p->prot));
		sig = guarded_copy(got, (void *)p->addr, 1);
		CHECK(sig == (p->prot == PROT_NONE ? SIGSEGV : SIGBUS),
		      "read of a hole: signal %d, expected %s", sig,
		      p->prot == PROT_NONE ? "SIGSEGV" : "SIGBUS");
		return;
	}
	if (p->prot == PROT_NONE) {
		say("touch PROT_NONE %#lx", (unsigned long)p->addr);
		sig = guarded_copy(got, (void *)p->addr, 1);
		CHECK(sig == SIGSEGV, "read of PROT_NONE: signal %d", sig);
		return;
	}
	if (dv->info.fill == KBM_FILL_ONDEMAND)
		dv->present[p->pgoff] = 1;
	if (!store || !(p->prot & PROT_WRITE)) {
		if (store) {
			say("store to read-only %#lx", (unsigned long)p->addr);
			sig = guarded_copy((void *)p->addr, bytes, 1);
			CHECK(sig == SIGSEGV, "store to read-only: signal %d", sig);
			return;
		}
		say("load %s page %u +%zu len %zu (%s)", dv->path, p->pgoff, o,
		    len, p->shared ? "shared" : "private");
		sig = guarded_copy(got, (void *)(p->addr + o), len);
		CHECK(!sig, "load: signal %d", sig);
		CHECK(!memcmp(got, page_view(p) + o, len),
		      "load from %s page %u +%zu: not what was stored", dv->path,
		      p->pgoff, o);
		return;
	}
	for (size_t i = 0; i < len; i++)
		bytes[i] = rnd();
	say("store %s page %u +%zu len %zu (%s)", dv->path, p->pgoff, o, len,
	    p->shared ? "shared" : "private");
	if (!p->shared && !p->copy)
		cow(p);
	sig = guarded_copy((void *)(p->addr + o), bytes, len);
	CHECK(!sig, "store: signal %d", sig);
	if (p->shared)
		device_stored(p->dev, p->pgoff * PG + o, bytes, len);
	else
		memcpy(p->copy + o, bytes, len);
	dv->dirty = true;
}

/*
 * A user buffer for read()/write(): the scratch area with random pages
 * unmapped, or sometimes pages of a mapping.  Returns its address and in
 * *good how many bytes from it are reachable; *from the mapped pages used.
 */
static unsigned char *io_buffer(size_t len, size_t *good, bool dst,
				struct upage **from)
{
	size_t start = below(PG), k, first_bad = SCRATCH_PAGES;
	uintptr_t a;
	size_t n;

	*from = NULL;
	if (chance(25) && pick_run(&a, &n, true)) {
		size_t i, ok = 0;

		for (i = 0; i < n; i++) {
			struct upage *p = page_at(a + i * PG);

			if (!page_backed(p) || p->prot == PROT_NONE ||
			    (dst && !(p->prot & PROT_WRITE)))
				break;
			ok++;
		}
		if (ok) {
			*from = page_at(a);
			*good = ok * PG;
			return (unsigned char *)a;
		}
	}
	/*
	 * Punch holes (unmapped or PROT_NONE) into the scratch area; the
	 * caller restores it right after its one system call, before anything
	 * else could be mapped into a hole.
	 */
	for (k = 0; k < SCRATCH_PAGES * PG; k++)
		scratch[k] = rnd();
	for (k = 0; k < SCRATCH_PAGES; k++) {
		if (!chance(12))
			continue;
		if (chance(50))
			munmap(scratch + k * PG, PG);
		else
			mprotect(scratch + k * PG, PG, PROT_NONE);
		if (k < first_bad)
			first_bad = k;
	}
	*good = first_bad * PG > start ? first_bad * PG - start : 0;
	(void)len;
	return scratch + start;
}

static void scratch_restore(void)
{
	if (mmap(scratch, SCRATCH_PAGES * PG, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) == MAP_FAILED)
		fail("scratch: %s", strerror(errno));
}

static void op_io_once(void)
{
	unsigned int d = pick_dev();
	struct dev *dv = &devs[d];
	int slot, fd = dev_fd(d, &slot);
	bool wr = chance(55);
	uint64_t size = dv->info.size;
	int64_t off;
	size_t len, good, avail, i;
	struct upage *from;
	unsigned char *ubuf;
	ssize_t r;

	/* Pick a slot at random so read-only descriptors get used too. */
	off = below(size);
	if (chance(6))
		off = size + below(3);
	else if (chance(2))
		off = -1 - below(PG);
	len = 1 + below(chance(30) ? 4 * PG : 64);
	if (chance(3))
		len = 0;
	if (len > (SCRATCH_PAGES - 1) * PG)
		len = (SCRATCH_PAGES - 1) * PG;
	ubuf = io_buffer(len, &good, !wr, &from);
	if (from && len > good)
		len = good;
	/* A buffer mapping the same device must not overlap the I/O range. */
	if (from && from->dev == d) {
		uint64_t b = from->pgoff * PG;

		if (off < 0 || off >= (int64_t)size ||
		    (b < off + len && (uint64_t)off < b + len) || !from->shared)
			return;
	}
	avail = off >= 0 && (uint64_t)off < size ? size - off : 0;
	if (avail > len)
		avail = len;
	say("%s %s fd%s off %lld len %zu buf %s (%zu good)",
	    wr ? "pwrite" : "pread", dv->path, dv->rdonly[slot] ? " ro" : "",
	    (long long)off, len, from ? "mapping" : "scratch", good);
	if (wr) {
		unsigned char src[16 * PG];

		/* What the buffer holds, before the kernel reads it. */
		if (from)
			for (i = 0; i * PG < len; i++)
				memcpy(src + i * PG, page_view(page_at((uintptr_t)ubuf + i * PG)), PG);
		else
			memcpy(src, ubuf, good < len ? good : len);
		r = pwrite(fd, ubuf, len, off);
		/* In the kernel's order: the offset, then the file mode. */
		if (off < 0) {
			CHECK(r == -1 && errno == EINVAL, "pwrite at %lld: %zd", (long long)off, r);
			return;
		}
		if (dv->rdonly[slot]) {
			CHECK(r == -1 && errno == EBADF, "pwrite on O_RDONLY: %zd", r);
			return;
		}
		if (!len) {
			CHECK(r == 0, "pwrite of 0 bytes: %zd (%s)", r, strerror(errno));
			return;
		}
		if ((uint64_t)off >= size) {
			CHECK(r == -1 && errno == ENOSPC, "pwrite at the end: %zd", r);
			return;
		}
		if (!good) {
			CHECK(r == -1 && errno == EFAULT, "pwrite from a bad buffer: %zd", r);
			return;
		}
		CHECK(r > 0 && (size_t)r <= avail && (size_t)r <= good,
		      "pwrite: %zd of %zu (%zu reachable): %s", r, avail, good,
		      r < 0 ? strerror(errno) : "");
		CHECK(good < avail || (size_t)r == avail, "pwrite: short: %zd of %zu", r, avail);
		device_stored(d, off, src, r);
		if (from && devs[from->dev].info.fill == KBM_FILL_ONDEMAND)
			for (i = 0; i * PG < (size_t)r; i++)
				devs[from->dev].present[from->pgoff + i] = 1;
		if (dv->info.fill == KBM_FILL_ONDEMAND)
			for (i = off / PG; i <= (off + r - 1) / PG; i++)
				dv->present[i] = 1;
		return;
	}
	r = pread(fd, ubuf, len, off);
	if (off < 0) {
		CHECK(r == -1 && errno == EINVAL, "pread at %lld: %zd", (long long)off, r);
		return;
	}
	if (!len || (uint64_t)off >= size) {
		CHECK(r == 0, "pread at %lld len %zu: %zd", (long long)off, len, r);
		return;
	}
	if (!good) {
		CHECK(r == -1 && errno == EFAULT, "pread into a bad buffer: %zd", r);
		return;
	}
	CHECK(r > 0 && (size_t)r <= avail && (size_t)r <= good,
	      "pread: %zd of %zu (%zu reachable): %s", r, avail, good,
	      r < 0 ? strerror(errno) : "");
	CHECK(good < avail || (size_t)r == avail, "pread: short: %zd of %zu", r, avail);
	if (!from) {
		CHECK(!memcmp(ubuf, dv->shadow + off, r),
		      "pread %s at %lld: not the device's bytes", dv->path,
		      (long long)off);
		return;
	}
	/* Read into mapped pages: they now hold the device's bytes. */
	{
		unsigned char data[16 * PG];

		memcpy(data, dv->shadow + off, r);
		for (i = 0; i * PG < (size_t)r; i++) {
			struct upage *q = page_at((uintptr_t)ubuf + i * PG);
			size_t n = (size_t)r - i * PG < PG ? (size_t)r - i * PG : PG;

			if (q->shared) {
				device_stored(q->dev, q->pgoff * PG, data + i * PG, n);
				continue;
			}
			if (devs[q->dev].info.fill == KBM_FILL_ONDEMAND)
				devs[q->dev].present[q->pgoff] = 1;
			if (!q->copy)
				cow(q);
			memcpy(q->copy, data + i * PG, n);
		}
	}
}

static void op_io(void)
{
	op_io_once();
	scratch_restore();
}

static void op_ioctl(void)
{
	static void *const bad[] = { NULL, (void *)16, (void *)-4096L,
				     (void *)0xffff888000000000UL };
	unsigned int d = pick_dev();
	struct dev *dv = &devs[d];
	int slot, fd = dev_fd(d, &slot), kind = below(4);
	struct kbm_phys phys;
	struct kbm_info info;
	unsigned long cmd;
	void *arg;
	int r;

	switch (kind) {
	case 0:
		arg = chance(50) ? (void *)&info : bad[below(4)];
		if (chance(20)) {
			/*
			 * 8 bytes before the end of an arena page: EFAULT when
			 * that page cannot be written; success when it and the
			 * next can.  Half-writable pairs would be written in
			 * part, and are not tried.
			 */
			uintptr_t k = (uintptr_t)arena + below(ARENA_PAGES - 1) * PG;
			struct upage *p0 = page_at(k), *p1 = page_at(k + PG);
			bool w0 = p0 && page_backed(p0) && (p0->prot & PROT_WRITE);
			bool w1 = p1 && page_backed(p1) && (p1->prot & PROT_WRITE);

			if (!w0 || w1)
				arg = (void *)(k + PG - 8);
		}
		say("ioctl %s INFO %p", dv->path, arg);
		r = ioctl(fd, KBM_IOC_INFO, arg);
		if (arg == &info) {
			CHECK(!r && info.size == dv->info.size, "KBM_IOC_INFO: %s", strerror(errno));
			return;
		}
		/* 8 bytes before a page end: the rest must fault unless mapped. */
		if (r == 0) {
			CHECK(in_arena((uintptr_t)arg) && page_at((uintptr_t)arg + 8 - PG) &&
			      page_at((uintptr_t)arg + 8) &&
			      (page_at((uintptr_t)arg + 8 - PG)->prot & PROT_WRITE),
			      "KBM_IOC_INFO to %p succeeded", arg);
			/* It wrote through the mappings: resynchronise. */
			{
				uintptr_t base = (uintptr_t)arg + 8 - PG;
				struct upage *p0 = page_at(base), *p1 = page_at(base + PG);

				for (int j = 0; j < 2; j++) {
					struct upage *q = j ? p1 : p0;
					size_t o = j ? 0 : PG - 8;
					size_t n = j ? sizeof(info) - 8 : 8;
					const unsigned char *src = (const unsigned char *)arg +
								   (j ? 8 : 0);
					unsigned char tmp[sizeof(info)];

					if (!page_backed(q) || !(q->prot & PROT_WRITE))
						fail("KBM_IOC_INFO wrote to an unwritable page");
					memcpy(tmp, src, n);
					if (devs[q->dev].info.fill == KBM_FILL_ONDEMAND)
						devs[q->dev].present[q->pgoff] = 1;
					if (q->shared) {
						device_stored(q->dev, q->pgoff * PG + o, tmp, n);
					} else {
						if (!q->copy)
							cow(q);
						memcpy(q->copy + o, tmp, n);
					}
				}
			}
			return;
		}
		CHECK(errno == EFAULT, "KBM_IOC_INFO to %p: %s", arg, strerror(errno));
		return;
	case 1:
		phys.pgoff = chance(80) ? below(dv->info.nr_pages + 2) :
			     rnd() | (1ULL << 63);
		phys.phys = 0;
		arg = chance(85) ? (void *)&phys : bad[below(4)];
		say("ioctl %s PHYS pgoff %llu %p", dv->path,
		    (unsigned long long)phys.pgoff, arg);
		r = ioctl(fd, KBM_IOC_PHYS, arg);
		if (arg != &phys) {
			CHECK(r == -1 && errno == EFAULT, "KBM_IOC_PHYS to %p: %d", arg, r);
			return;
		}
		if (phys.pgoff >= dv->info.nr_pages) {
			CHECK(r == -1 && errno == EINVAL, "KBM_IOC_PHYS past the end: %d", r);
			return;
		}
		CHECK(!r, "KBM_IOC_PHYS: %s", strerror(errno));
		if (dv->present && !dv->present[phys.pgoff] && dev_sparse(dv))
			CHECK(!phys.phys, "KBM_IOC_PHYS of a hole: %#llx",
			      (unsigned long long)phys.phys);
		else if (!dv->present || dv->present[phys.pgoff])
			CHECK(phys.phys, "KBM_IOC_PHYS of a present page: 0");
		return;
	default:
		/* Anything else of this driver's magic (or the next) is ENOTTY. */
		do {
			cmd = _IOC(below(4), chance(80) ? KBM_IOC_MAGIC : KBM_IOC_MAGIC + 1,
				   below(256), below(1 << 14));
		} while (is_info_cmd(cmd) || cmd == KBM_IOC_PHYS);
		arg = chance(50) ? (void *)(uintptr_t)rnd() : (void *)&info;
		say("ioctl %s cmd %#lx arg %p", dv->path, cmd, arg);
		r = ioctl(fd, cmd, arg);
		CHECK(r == -1 && errno == ENOTTY, "ioctl %#lx: %d (%s)", cmd, r,
		      strerror(errno));
	}
}

static void op_fork(void);

struct op {
	void (*fn)(void);
	unsigned int weight;
	bool in_child;
};

static const struct op ops[] = {
	{ op_open, 8, false },
	{ op_mmap, 14, true },
	{ op_munmap, 9, true },
	{ op_mremap, 6, true },
	{ op_mprotect, 6, true },
	{ op_madvise, 9, true },
	{ op_touch, 20, true },
	{ op_io, 18, true },
	{ op_ioctl, 6, true },
	{ op_fork, 3, false },
};

static void one_op(void)
{
	unsigned int total = 0, i, r;

	for (i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
		if (!in_child || ops[i].in_child)
			total += ops[i].weight;
	r = below(total);
	for (i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
		if (in_child && !ops[i].in_child)
			continue;
		if (r < ops[i].weight) {
			ops[i].fn();
			return;
		}
		r -= ops[i].weight;
	}
}

static void op_fork(void)
{
	unsigned int before[MAX_DEVS], d;
	int pfd[2], status, k, nops;
	uint64_t child_seed = rnd();
	pid_t pid;
	size_t i;

	for (d = 0; d < ndevs; d++)
		before[d] = model_vmas(d);
	nops = 1 + below(6);
	say("fork: the child does %d operations", nops);
	CHECK(!pipe(pfd), "pipe: %s", strerror(errno));
	fflush(stdout);
	pid = fork();
	CHECK(pid >= 0, "fork: %s", strerror(errno));
	if (pid == 0) {
		struct kbm_info info;

		in_child = true;
		close(pfd[0]);
		child_log = pfd[1];
		rng_state = child_seed | 1;
		/* MADV_DONTFORK pages are not in the child. */
		for (i = 0; i < npages; i++) {
			if (!pages[i].dontfork)
				continue;
			uintptr_t a = pages[i].addr;

			model_unmap(a, 1);
			arena_reserve(a, 1);
			i--;
		}
		for (d = 0; d < ndevs; d++) {
			other_vmas[d] = before[d];
			dev_info(d, &info);
			CHECK(info.map_count == before[d] + model_vmas(d),
			      "%s: map_count %u in the child, expected %u (parent) + %u (child)",
			      devs[d].path, info.map_count, before[d], model_vmas(d));
		}
		for (k = 0; k < nops; k++) {
			one_op();
			check_all(false);
		}
		_exit(0);
	}
	close(pfd[1]);
	/* Apply the child's stores to shared mappings and by write(). */
	for (;;) {
		struct { uint32_t d; uint32_t n; uint64_t off; } h;
		static unsigned char data[16 * PG];
		ssize_t r = read(pfd[0], &h, sizeof(h));

		if (r == 0)
			break;
		CHECK(r == sizeof(h) && h.d < ndevs && h.n <= sizeof(data),
		      "child's log: bad record");
		for (size_t got = 0; got < h.n; got += r) {
			r = read(pfd[0], data + got, h.n - got);
			CHECK(r > 0, "child's log: short record");
		}
		device_stored(h.d, h.off, data, h.n);
	}
	close(pfd[0]);
	CHECK(waitpid(pid, &status, 0) == pid, "waitpid: %s", strerror(errno));
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0,
	      "the forked child failed (status %#x)", status);
	/* The child's on-demand touches allocated pages the parent cannot know. */
	say("fork: the child passed");
}

/* ---- setup ----------------------------------------------------------- */

static void setup_devices(void)
{
	unsigned int d;
	uint64_t k;

	for (d = 0; d < MAX_DEVS; d++) {
		struct dev *dv = &devs[ndevs];
		unsigned char *m;
		int fd, j;

		snprintf(dv->path, sizeof(dv->path), "/dev/kbufmap%u", d);
		fd = open(dv->path, O_RDWR);
		if (fd < 0)
			break;
		CHECK(!ioctl(fd, KBM_IOC_INFO, &dv->info), "KBM_IOC_INFO: %s",
		      strerror(errno));
		CHECK(dv->info.map_count == 0,
		      "%s is mapped by someone else (map_count %u)", dv->path,
		      dv->info.map_count);
		dv->shadow = calloc(dv->info.nr_pages, PG);
		CHECK(dv->shadow && dv->info.size <= sizeof(iobuf),
		      "%s: %llu bytes is too big for the fuzzer", dv->path,
		      (unsigned long long)dv->info.size);
		CHECK(pread(fd, dv->shadow, dv->info.size, 0) == (ssize_t)dv->info.size,
		      "%s: initial read: %s", dv->path, strerror(errno));
		if (dv->info.fill != KBM_FILL_PREALLOC) {
			dv->present = calloc(dv->info.nr_pages, 1);
			dv->present_min = dv->info.pages_present;
		}
		if (dev_sparse(dv)) {
			/* Which pages exist: the holes SIGBUS. */
			m = mmap(NULL, dv->info.nr_pages * PG, PROT_READ, MAP_SHARED, fd, 0);
			CHECK(m != MAP_FAILED, "%s: mmap: %s", dv->path, strerror(errno));
			for (k = 0; k < dv->info.nr_pages; k++) {
				unsigned char c;

				dv->present[k] = !guarded_copy(&c, m + k * PG, 1);
			}
			munmap(m, dv->info.nr_pages * PG);
		}
		/*
		 * Bytes past the size in the last page are reached only by
		 * mappings, and earlier runs may have left something there.
		 */
		k = dv->info.nr_pages - 1;
		if (dv->info.size % PG && (!dev_sparse(dv) || dv->present[k])) {
			m = mmap(NULL, PG, PROT_READ, MAP_SHARED, fd, k * PG);
			CHECK(m != MAP_FAILED, "%s: mmap: %s", dv->path, strerror(errno));
			memcpy(dv->shadow + dv->info.size, m + dv->info.size % PG,
			       PG - dv->info.size % PG);
			munmap(m, PG);
		}
		for (j = 0; j < MAX_FDS; j++)
			dv->fd[j] = -1;
		dv->fd[0] = fd;
		ndevs++;
	}
}

static void usage(const char *argv0)
{
	fprintf(stderr, "usage: %s [-s SEED] [-n STEPS] [-v]\n", argv0);
	exit(2);
}

int main(int argc, char **argv)
{
	struct sigaction sa = { .sa_handler = guard_handler };
	bool have_seed = false;
	unsigned int maps[MAX_DEVS], d;
	int opt;

	while ((opt = getopt(argc, argv, "s:n:v")) != -1) {
		switch (opt) {
		case 's':
			seed = strtoull(optarg, NULL, 0);
			have_seed = true;
			break;
		case 'n':
			steps = strtoul(optarg, NULL, 0);
			break;
		case 'v':
			verbose = true;
			break;
		default:
			usage(argv[0]);
		}
	}
	/* The same seed must give the same addresses: no ASLR. */
	if (!(personality(0xffffffff) & ADDR_NO_RANDOMIZE) &&
	    personality(personality(0xffffffff) | ADDR_NO_RANDOMIZE) != -1 &&
	    !getenv("KBM_FUZZ_REEXEC")) {
		char s[32];

		setenv("KBM_FUZZ_REEXEC", "1", 1);
		if (!have_seed) {
			struct timeval tv;

			gettimeofday(&tv, NULL);
			snprintf(s, sizeof(s), "%llu", (unsigned long long)
				 ((tv.tv_sec * 1000003ULL) ^ tv.tv_usec ^ getpid()) % 1000000007ULL);
			setenv("KBM_FUZZ_SEED", s, 1);
		}
		execv("/proc/self/exe", argv);
	}
	if (!have_seed) {
		if (getenv("KBM_FUZZ_SEED"))
			seed = strtoull(getenv("KBM_FUZZ_SEED"), NULL, 0);
		else
			seed = (uint64_t)time(NULL) % 1000000007ULL;
	}
	printf("# kbufmap_fuzz: seed %llu, %lu steps\n", (unsigned long long)seed, steps);
	fflush(stdout);
	rng_state = seed * 0x9e3779b97f4a7c15ULL + 1;
	sigaction(SIGBUS, &sa, NULL);
	sigaction(SIGSEGV, &sa, NULL);

	pages = calloc(MAX_MAPPED + 1, sizeof(*pages));
	arena = mmap(NULL, ARENA_PAGES * PG, PROT_NONE,
		     MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	scratch = mmap(NULL, SCRATCH_PAGES * PG, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(pages && arena != MAP_FAILED && scratch != MAP_FAILED, "no memory");
	setup_devices();
	CHECK(ndevs, "no /dev/kbufmap<N>");
	printf("# %u devices\n", ndevs);

	for (step = 0; step < steps; step++) {
		one_op();
		/* -v: everything after every step, to find the first mismatch. */
		check_all(verbose || step % 64 == 63);
	}
	/* Unmap everything: every count goes back to zero. */
	step = steps;
	while (npages) {
		uintptr_t a = pages[0].addr;

		CHECK(!munmap((void *)a, PG), "munmap: %s", strerror(errno));
		model_unmap(a, 1);
	}
	check_all(true);
	maps_vmas(maps);
	for (d = 0; d < ndevs; d++)
		CHECK(!maps[d], "%s still mapped", devs[d].path);
	printf("# kbufmap_fuzz: seed %llu: %lu steps, every check held\n",
	       (unsigned long long)seed, steps);
	return 0;
}
