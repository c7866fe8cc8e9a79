/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the benchmark programs of selftests/bench/ share: a clock, fatal
 * errors, and the memory figures they watch: the net_namespace slab, the
 * objects of all slab caches and /proc/meminfo.
 *
 * Every program fails (exit status 1, a message on stderr) when what it
 * measures went wrong: a benchmark that timed a failure is worse than none.
 */
#ifndef NSBOX_BENCH_H
#define NSBOX_BENCH_H

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static inline uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

static inline double ms_since(uint64_t start)
{
	return (now_ns() - start) / 1e6;
}

__attribute__((noreturn, format(printf, 1, 2)))
static inline void die(const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fprintf(stderr, "%s: ", program_invocation_short_name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

/*
 * Objects of the net_namespace slab cache in use, exactly, or -1. The
 * active count of /proc/slabinfo takes every object of a CPU's own slabs
 * for in use, free or not; shrinking the cache first returns those slabs
 * to the node lists, where their free objects are counted. (Each cache has
 * its own name only with slab_nomerge, as the test VM boots.)
 */
static inline long netns_slab_objects(void)
{
	char line[512];
	long active = -1;
	FILE *fp;
	int fd;

	fd = open("/sys/kernel/slab/net_namespace/shrink", O_WRONLY | O_CLOEXEC);
	if (fd >= 0) {
		if (write(fd, "1", 1) != 1)
			die("shrinking the net_namespace slab: %m");
		close(fd);
	}
	fp = fopen("/proc/slabinfo", "re");
	if (!fp)
		return -1;
	while (fgets(line, sizeof(line), fp))
		if (sscanf(line, "net_namespace %ld", &active) == 1)
			break;
	fclose(fp);
	return active;
}

/*
 * Bytes of the objects in use in all slab caches: the active objects of
 * /proc/slabinfo times their size, every cache shrunk first (as above).
 * Slab in /proc/meminfo counts the caches' pages instead, and so depends on
 * how full earlier work left them: memory freed by one measurement's
 * teardown is partly reused by the next without growing Slab.
 */
static inline long long slab_object_bytes(void)
{
	long long total = 0;
	long active, size;
	char line[512], name[128];
	struct dirent *de;
	FILE *fp;
	DIR *dir;
	int fd;

	dir = opendir("/sys/kernel/slab");
	while (dir && (de = readdir(dir))) {
		/* a merged cache's other names are symbolic links to it */
		if (de->d_name[0] == '.' || de->d_type != DT_DIR)
			continue;
		snprintf(line, sizeof(line), "/sys/kernel/slab/%s/shrink", de->d_name);
		fd = open(line, O_WRONLY | O_CLOEXEC);
		if (fd < 0)
			continue;
		if (write(fd, "1", 1) != 1)
			die("%s: %m", line);
		close(fd);
	}
	if (dir)
		closedir(dir);
	fp = fopen("/proc/slabinfo", "re");
	if (!fp)
		die("/proc/slabinfo: %m");
	while (fgets(line, sizeof(line), fp))
		if (sscanf(line, "%127s %ld %*d %ld", name, &active, &size) == 3)
			total += (long long)active * size;
	fclose(fp);
	return total;
}

/* MemAvailable and Slab of /proc/meminfo, in kB. */
static inline void meminfo(long *avail_kb, long *slab_kb)
{
	char line[256];
	FILE *fp = fopen("/proc/meminfo", "re");

	*avail_kb = *slab_kb = -1;
	if (!fp)
		die("/proc/meminfo: %m");
	while (fgets(line, sizeof(line), fp)) {
		sscanf(line, "MemAvailable: %ld kB", avail_kb);
		sscanf(line, "Slab: %ld kB", slab_kb);
	}
	fclose(fp);
	if (*avail_kb < 0 || *slab_kb < 0)
		die("no MemAvailable or Slab in /proc/meminfo");
}

/* A network namespace created and dropped at once, by a child. */
static inline void netns_throwaway(void)
{
	int status;
	pid_t pid = fork();

	if (pid < 0)
		die("fork: %m");
	if (!pid)
		_exit(unshare(CLONE_NEWNET) ? 1 : 0);
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status))
		die("a throwaway network namespace could not be created");
}

#define SETTLE_POLL_NS		10000000ULL	/* 10 ms */
#define SETTLE_STALL_NS		100000000ULL	/* 100 ms */

/*
 * Wait until the net_namespace slab is back at @base objects, at most
 * @timeout_ms: the teardown of deleted namespaces, measured. Returns the
 * milliseconds since @start, or -1 on timeout.
 *
 * The kernel frees the namespaces of one cleanup round only in the next
 * round (net_complete_free(), after an RCU barrier), so those of the last
 * round would stay allocated until some other namespace dies. When the
 * count has not moved for SETTLE_STALL_NS, a throwaway namespace starts
 * that round; it may itself be held back the same way, hence @base + 1.
 */
static inline double netns_settle(uint64_t start, long base, double timeout_ms)
{
	uint64_t moved = now_ns();
	long n, last = -1;
	struct timespec pause = { 0, SETTLE_POLL_NS };

	for (;;) {
		n = netns_slab_objects();
		if (n < 0)
			die("no net_namespace line in /proc/slabinfo");
		if (n <= base + 1)
			return ms_since(start);
		if (ms_since(start) > timeout_ms)
			return -1;
		if (n != last) {
			last = n;
			moved = now_ns();
		} else if (now_ns() - moved > SETTLE_STALL_NS) {
			netns_throwaway();
			moved = now_ns();
		}
		nanosleep(&pause, NULL);
	}
}

#endif /* NSBOX_BENCH_H */
