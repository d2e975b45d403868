// SPDX-License-Identifier: GPL-2.0
/*
 * blk-bench: reads of a block device with O_DIRECT, one at a time, for `make bench`
 * (scripts/bench_virtio.py): busybox's dd has no direct I/O (each read would go through
 * the page cache and its read-ahead) and no tool measures a disk's IOPS rather than the
 * shell's loop around dd. Benchmark program, not a user tool.
 *
 *   blk-bench <device> seq|rand <bytes per read> <reads>
 *
 * seq reads from offset 0 on; rand reads at offsets from a fixed-seed generator (the same
 * places on two devices of the same size). Prints
 * "blk-bench: <mode> <reads> reads of <bytes> bytes in <s> s: <iops> IOPS, <MiB/s> MiB/s"
 * and exits 0, or one line saying what failed and exits 1.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdbool.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define BLK_BENCH_ALIGN 4096u /* O_DIRECT: buffer, offsets and sizes in logical blocks */

/* xorshift64: the same sequence everywhere, unlike rand(). */
static uint64_t blk_bench_next(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

static double blk_bench_now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

int main(int argc, char **argv)
{
	uint64_t seed = 0x9e3779b97f4a7c15ull, slots;
	unsigned long bs, reads, i;
	bool rand_mode;
	double t0, t;
	void *buf;
	off_t size;
	int fd;

	if (argc != 5 || (strcmp(argv[2], "seq") && strcmp(argv[2], "rand"))) {
		fprintf(stderr, "usage: blk-bench <device> seq|rand <bytes per read> <reads>\n");
		return 1;
	}
	rand_mode = !strcmp(argv[2], "rand");
	bs = strtoul(argv[3], NULL, 0);
	reads = strtoul(argv[4], NULL, 0);
	if (!bs || bs % BLK_BENCH_ALIGN || !reads) {
		printf("blk-bench: %lu reads of %lu bytes: the size must be a non-zero multiple of "
		       "%u\n",
		       reads, bs, BLK_BENCH_ALIGN);
		return 1;
	}
	fd = open(argv[1], O_RDONLY | O_DIRECT);
	if (fd < 0) {
		printf("blk-bench: %s: %s\n", argv[1], strerror(errno));
		return 1;
	}
	size = lseek(fd, 0, SEEK_END);
	slots = size > 0 ? (uint64_t)size / bs : 0;
	if (!slots || (!rand_mode && reads > slots)) {
		printf("blk-bench: %s: %lld bytes, too small for %lu reads of %lu bytes\n", argv[1],
		       (long long)size, reads, bs);
		return 1;
	}
	if (posix_memalign(&buf, BLK_BENCH_ALIGN, bs)) {
		printf("blk-bench: out of memory\n");
		return 1;
	}
	t0 = blk_bench_now();
	for (i = 0; i < reads; i++) {
		uint64_t slot = rand_mode ? blk_bench_next(&seed) % slots : i;
		off_t off = (off_t)(slot * bs);
		ssize_t n = pread(fd, buf, bs, off);

		if (n != (ssize_t)bs) {
			printf("blk-bench: %s: read %lu at %lld: %s\n", argv[1], i, (long long)off,
			       n < 0 ? strerror(errno) : "short read");
			return 1;
		}
	}
	t = blk_bench_now() - t0;
	printf("blk-bench: %s %lu reads of %lu bytes in %.3f s: %.0f IOPS, %.2f MiB/s\n", argv[2],
	       reads, bs, t, t > 0 ? (double)reads / t : 0.0,
	       t > 0 ? (double)reads * (double)bs / t / (1 << 20) : 0.0);
	free(buf);
	close(fd);
	return 0;
}
