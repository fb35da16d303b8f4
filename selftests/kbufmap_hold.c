// SPDX-License-Identifier: GPL-2.0
/*
 * kbufmap_hold.c - map a device, close it, and keep the mapping until
 * killed: lets the runner check that the module cannot be unloaded while
 * user space still maps one of its buffers.
 */
#include <fcntl.h>
#include <stdio.h>
#include <sys/mman.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	volatile char *m;
	int fd;

	if (argc != 2) {
		fprintf(stderr, "usage: %s /dev/kbufmapN\n", argv[0]);
		return 2;
	}
	fd = open(argv[1], O_RDWR);
	if (fd < 0) {
		perror(argv[1]);
		return 1;
	}
	m = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (m == MAP_FAILED) {
		perror("mmap");
		return 1;
	}
	close(fd);
	m[0] = 'h';
	printf("holding %s\n", argv[1]);
	fflush(stdout);
	for (;;)
		pause();
}
