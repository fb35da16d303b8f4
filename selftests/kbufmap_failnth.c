// SPDX-License-Identifier: GPL-2.0
/*
 * kbufmap_failnth.c - make the Nth fault-injectable allocation of one
 * system call fail (/proc/thread-self/fail-nth), and say how it ended.
 *
 * usage: kbufmap_failnth N load MODULE [PARAM...]   finit_module()
 *        kbufmap_failnth N mmap DEV PGOFF PAGES      mmap(MAP_SHARED)
 *        kbufmap_failnth N fault DEV PGOFF           first touch of a page
 *        kbufmap_failnth N write DEV OFFSET LEN      pwrite()
 *
 * Everything the operation needs (the module file, the device, the
 * mapping, the source buffer) is set up first; fail-nth is written right
 * before the one system call (or the one store) and read back right after,
 * so no other allocation of this task is counted.  It prints one line:
 *
 *   n=N injected=yes|no result=ok|E<NAME>|SIGBUS present=A->B
 *
 * injected=no means the operation made fewer than N allocations: a sweep
 * over N is complete.  present is KBM_IOC_INFO's pages_present before and
 * after.  Exit status: 0 the operation succeeded, 1 it failed cleanly
 * (ENOMEM; a failed fault may also SIGBUS), 2 anything else.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <linux/kbufmap.h>

static int nth_fd = -1;

static void nth_set(unsigned long n)
{
	char s[32];
	int len = snprintf(s, sizeof(s), "%lu", n);

	if (pwrite(nth_fd, s, len, 0) != len) {
		perror("fail-nth");
		exit(2);
	}
}

/* Was the failure injected (the counter ran down to zero)?  Then reset. */
static int nth_done(void)
{
	char s[32] = "";
	int injected;

	if (pread(nth_fd, s, sizeof(s) - 1, 0) <= 0) {
		perror("fail-nth");
		exit(2);
	}
	injected = atoi(s) == 0;
	nth_set(0);
	return injected;
}

static long long present(int fd)
{
	struct kbm_info info;

	if (fd < 0 || ioctl(fd, KBM_IOC_INFO, &info))
		return -1;
	return info.pages_present;
}

static const char *errname(int err)
{
	static char s[32];

	switch (err) {
	case ENOMEM: return "ENOMEM";
	case EINVAL: return "EINVAL";
	case EFAULT: return "EFAULT";
	case ENOSPC: return "ENOSPC";
	case EBUSY: return "EBUSY";
	case EEXIST: return "EEXIST";
	case EAGAIN: return "EAGAIN";
	case ENODEV: return "ENODEV";
	}
	snprintf(s, sizeof(s), "errno%d", err);
	return s;
}

static sigjmp_buf bus_jmp;

static void on_sigbus(int sig)
{
	(void)sig;
	siglongjmp(bus_jmp, 1);
}

/* Store to @m with the Nth allocation failing; 1 if that raised SIGBUS. */
static int touch(volatile unsigned char *m, unsigned long n)
{
	struct sigaction sa = { .sa_handler = on_sigbus };

	sigaction(SIGBUS, &sa, NULL);
	if (sigsetjmp(bus_jmp, 1) == 0) {
		nth_set(n);
		m[0] = 1;
		return 0;
	}
	return 1;
}

static void usage(void)
{
	fprintf(stderr, "usage: kbufmap_failnth N load MODULE [PARAM...]\n"
		"       kbufmap_failnth N mmap DEV PGOFF PAGES\n"
		"       kbufmap_failnth N fault DEV PGOFF\n"
		"       kbufmap_failnth N write DEV OFFSET LEN\n");
	exit(2);
}

int main(int argc, char **argv)
{
	unsigned long n;
	const char *op, *result = "ok";
	long long before = -1, after = -1;
	int fd = -1, err = 0, injected, sigbus = 0;
	ssize_t r = 0;

	if (argc < 4)
		usage();
	n = strtoul(argv[1], NULL, 0);
	op = argv[2];
	nth_fd = open("/proc/thread-self/fail-nth", O_RDWR);
	if (nth_fd < 0) {
		perror("/proc/thread-self/fail-nth (CONFIG_FAULT_INJECTION)");
		return 2;
	}

	if (!strcmp(op, "load")) {
		char params[4096] = "";
		int i;

		for (i = 4; i < argc; i++) {
			if (strlen(params) + strlen(argv[i]) + 2 > sizeof(params))
				usage();
			strcat(params, argv[i]);
			strcat(params, i + 1 < argc ? " " : "");
		}
		fd = open(argv[3], O_RDONLY | O_CLOEXEC);
		if (fd < 0) {
			perror(argv[3]);
			return 2;
		}
		nth_set(n);
		r = syscall(SYS_finit_module, fd, params, 0);
		err = errno;
		injected = nth_done();
		close(fd);
		fd = -1;
	} else if (!strcmp(op, "mmap") && argc == 6) {
		size_t len = strtoul(argv[5], NULL, 0) * 4096;
		void *m;

		fd = open(argv[3], O_RDWR);
		if (fd < 0) {
			perror(argv[3]);
			return 2;
		}
		before = present(fd);
		nth_set(n);
		m = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd,
			 strtoul(argv[4], NULL, 0) * 4096);
		err = errno;
		injected = nth_done();
		r = m == MAP_FAILED ? -1 : 0;
		if (m != MAP_FAILED)
			munmap(m, len);
	} else if (!strcmp(op, "fault") && argc == 5) {
		volatile unsigned char *m;

		fd = open(argv[3], O_RDWR);
		if (fd < 0) {
			perror(argv[3]);
			return 2;
		}
		m = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd,
			 strtoul(argv[4], NULL, 0) * 4096);
		if (m == MAP_FAILED) {
			perror("mmap");
			return 2;
		}
		before = present(fd);
		sigbus = touch(m, n);
		injected = nth_done();
		munmap((void *)m, 4096);
	} else if (!strcmp(op, "write") && argc == 6) {
		size_t len = strtoul(argv[5], NULL, 0);
		char *buf = malloc(len);

		fd = open(argv[3], O_RDWR);
		if (fd < 0 || !buf) {
			perror(argv[3]);
			return 2;
		}
		memset(buf, 0x6b, len);
		before = present(fd);
		nth_set(n);
		r = pwrite(fd, buf, len, strtoll(argv[4], NULL, 0));
		err = errno;
		injected = nth_done();
		free(buf);
	} else {
		usage();
	}
	after = present(fd);
	if (sigbus)
		result = "SIGBUS";
	else if (r < 0)
		result = errname(err);
	printf("n=%lu injected=%s result=%s present=%lld->%lld\n", n,
	       injected ? "yes" : "no", result, before, after);
	if (fd >= 0)
		close(fd);
	if (!sigbus && r >= 0)
		return 0;
	return sigbus || err == ENOMEM ? 1 : 2;
}
