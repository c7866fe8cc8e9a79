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
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
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

/*
 * Bytes of the objects in use in the slab cache @name, shrunk first (as
 * above), or -1 if /proc/slabinfo has no such cache.
 */
static inline long long slab_cache_bytes(const char *name)
{
	char line[512], got[128];
	long long bytes = -1;
	long active, size;
	FILE *fp;
	int fd;

	snprintf(line, sizeof(line), "/sys/kernel/slab/%s/shrink", name);
	fd = open(line, O_WRONLY | O_CLOEXEC);
	if (fd >= 0) {
		if (write(fd, "1", 1) != 1)
			die("%s: %m", line);
		close(fd);
	}
	fp = fopen("/proc/slabinfo", "re");
	if (!fp)
		die("/proc/slabinfo: %m");
	while (fgets(line, sizeof(line), fp))
		if (sscanf(line, "%127s %ld %*d %ld", got, &active, &size) == 3 &&
		    !strcmp(got, name)) {
			bytes = (long long)active * size;
			break;
		}
	fclose(fp);
	return bytes;
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

/*
 * A new network namespace, held by the returned nsfs descriptor; the
 * process stays in its own.
 */
static inline int netns_hold(void)
{
	int home, fd;

	home = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
	if (home < 0)
		die("/proc/thread-self/ns/net: %m");
	if (unshare(CLONE_NEWNET))
		die("unshare: %m");
	fd = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		die("/proc/thread-self/ns/net: %m");
	if (setns(home, CLONE_NEWNET))
		die("setns back: %m");
	close(home);
	return fd;
}

#define SETTLE_POLL_NS		50000000ULL	/* 50 ms */
#define SETTLE_STALL_NS		1000000000ULL	/* 1 s */
#define SETTLE_STALL_MAX	10	/* stalls: then release anyway */

/*
 * The kernel's cleanup work for network namespaces, cleanup_net(), as the
 * workqueue_execute_start and _end tracepoints see it, in a tracing
 * instance of the benchmark's own with the CLOCK_MONOTONIC trace clock.
 */
static char settle_trace_dir[256];

static inline int settle_trace_write(const char *file, const char *val, bool must)
{
	char path[512];
	int fd;

	snprintf(path, sizeof(path), "%s/%s", settle_trace_dir, file);
	fd = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC);
	if (fd < 0 || write(fd, val, strlen(val)) != (ssize_t)strlen(val)) {
		if (must)
			die("%s: %m", path);
		if (fd >= 0)
			close(fd);
		return -1;
	}
	close(fd);
	return 0;
}

/* "function == ADDRESS" of cleanup_net() from /proc/kallsyms, or "" */
static inline void settle_trace_filter(char *buf, size_t size)
{
	char line[256], name[128];
	unsigned long long addr;
	FILE *fp = fopen("/proc/kallsyms", "re");

	buf[0] = '\0';
	while (fp && fgets(line, sizeof(line), fp))
		if (sscanf(line, "%llx %*s %127s", &addr, name) == 2 &&
		    !strcmp(name, "cleanup_net") && addr) {
			snprintf(buf, size, "function == 0x%llx", addr);
			break;
		}
	if (fp)
		fclose(fp);
}

/* Clear the instance's buffer and record from now on. */
static inline void settle_trace_start(void)
{
	static const char * const roots[] = {
		"/sys/kernel/tracing", "/sys/kernel/debug/tracing",
	};
	static const char * const events[] = {
		"events/workqueue/workqueue_execute_start",
		"events/workqueue/workqueue_execute_end",
	};
	char path[128], filter[64];
	unsigned int i;

	for (i = 0; !settle_trace_dir[0] && i < sizeof(roots) / sizeof(roots[0]); i++) {
		snprintf(path, sizeof(path), "%s/instances", roots[i]);
		if (access(path, F_OK))
			continue;
		snprintf(settle_trace_dir, sizeof(settle_trace_dir),
			 "%s/nsbox-bench", path);
		if (mkdir(settle_trace_dir, 0755) && errno != EEXIST)
			die("%s: %m", settle_trace_dir);
		settle_trace_write("trace_clock", "mono", true);
		/* only cleanup_net()'s, where the filter takes an address */
		settle_trace_filter(filter, sizeof(filter));
		for (i = 0; i < sizeof(events) / sizeof(events[0]); i++) {
			snprintf(path, sizeof(path), "%s/filter", events[i]);
			if (filter[0])
				settle_trace_write(path, filter, false);
			snprintf(path, sizeof(path), "%s/enable", events[i]);
			settle_trace_write(path, "1", true);
		}
	}
	if (!settle_trace_dir[0])
		die("no tracefs (mount -t tracefs tracefs /sys/kernel/tracing)");
	settle_trace_write("tracing_on", "0", true);
	settle_trace_write("trace", "", true);
	settle_trace_write("tracing_on", "1", true);
}

/* What the trace says of cleanup_net() so far. */
struct settle_trace {
	unsigned int	starts, ends;
	uint64_t	last_end;	/* CLOCK_MONOTONIC ns, at or before a time */
};

/* Read the trace: the runs of cleanup_net(), and the last end at or before @before. */
static inline void settle_trace_read(struct settle_trace *st, uint64_t before)
{
	char path[512], line[512], *p, *q;
	bool end;
	uint64_t t;
	FILE *fp;

	memset(st, 0, sizeof(*st));
	snprintf(path, sizeof(path), "%s/trace", settle_trace_dir);
	fp = fopen(path, "re");
	if (!fp)
		die("%s: %m", path);
	while (fgets(line, sizeof(line), fp)) {
		/* "... [001] .....  123.456789: workqueue_execute_end: ... function cleanup_net" */
		if (line[0] == '#' || !strstr(line, "function cleanup_net"))
			continue;
		p = strstr(line, ": workqueue_execute_");
		if (!p)
			continue;
		end = !strncmp(p, ": workqueue_execute_end:", 24);
		*p = '\0';
		q = strrchr(line, ' ');
		if (!q)
			continue;
		t = strtod(q + 1, NULL) * 1e9;
		if (!end) {
			st->starts++;
			continue;
		}
		st->ends++;
		if (t <= before && t > st->last_end)
			st->last_end = t;
	}
	fclose(fp);
}

/*
 * Waiting for the teardown of network namespaces to end, and for the
 * net_namespace slab to be back at its baseline.
 *
 * The teardown runs in the kernel's cleanup work, cleanup_net(), after the
 * deletions return. Its end is not visible in the slab: the kernel frees
 * the namespaces of one cleanup round only in the next round
 * (net_complete_free(), after an RCU barrier), so the count moves at the
 * start of a round, and those of the last round stay allocated until some
 * other namespace dies. The end of the teardown is therefore read from the
 * kernel's own trace: the last end of cleanup_net() before the first
 * release below, or before the count reached the target if it did so on
 * its own.
 *
 * To see the memory back, the wait holds one namespace of its own, the
 * nudge, made by settle_prepare() before the clock starts. When the count
 * has not moved for SETTLE_STALL_NS and no cleanup round runs (the trace
 * has as many ends of cleanup_net() as starts, and at least one: a round of
 * hundreds of namespaces runs for seconds without moving the count, much
 * of it asleep in RCU barriers), it releases the nudge: its cleanup round
 * frees what the last rounds left, and the nudge itself stays allocated
 * until the next one. So the target is always the baseline plus one, the
 * nudge, held or pending; never a real namespace. Should the count stall
 * again above the target (a namespace whose last reference went after its
 * round is freed only one round later), or no round end for
 * SETTLE_STALL_MAX stalls (such a release does not end the measured time),
 * a further namespace is made and dropped at once. Each release is counted
 * in @nudges, which the benchmark prints; none falls in the measured time,
 * which ends before the first release made with no round running.
 *
 * The count is read every SETTLE_POLL_NS (each read shrinks the cache, and
 * the cleanup work must not be kept from the CPU), the trace only when the
 * count stalls.
 */
struct settle {
	int		nudge;		/* nsfs fd of the nudge, -1 once released */
	unsigned int	nudges;		/* namespaces released to start a round */
};

/* Before the clock: make the nudge, start the trace. */
static inline void settle_prepare(struct settle *s)
{
	s->nudge = netns_hold();
	s->nudges = 0;
	settle_trace_start();
}

/*
 * Wait until the net_namespace slab is at @base + 1 objects (@base: the
 * count with no namespace of the benchmark alive or pending), at most
 * @timeout_ms. Returns the milliseconds from @start to the end of the
 * teardown (above), or -1 on timeout.
 */
static inline double netns_settle(struct settle *s, uint64_t start, long base,
				  double timeout_ms)
{
	struct timespec pause = { 0, SETTLE_POLL_NS };
	uint64_t t, moved = 0, cutoff = 0;
	struct settle_trace st;
	long n, last = -1;
	bool idle;

	for (;;) {
		n = netns_slab_objects();
		if (n < 0)
			die("no net_namespace line in /proc/slabinfo");
		t = now_ns();
		if (n != last) {
			if (n <= base + 1)
				break;
			last = n;
			moved = t;
		}
		if ((t - start) / 1e6 > timeout_ms)
			return -1;
		if (t - moved > SETTLE_STALL_NS) {
			settle_trace_read(&st, t);
			idle = st.ends && st.ends >= st.starts;
			if (idle || t - moved > SETTLE_STALL_MAX * SETTLE_STALL_NS) {
				/* the end is before a release with no round running */
				if (!cutoff && idle)
					cutoff = t;
				if (s->nudge >= 0) {
					close(s->nudge);
					s->nudge = -1;
				} else {
					close(netns_hold());
				}
				s->nudges++;
				moved = now_ns();
			}
		}
		nanosleep(&pause, NULL);
	}
	if (s->nudge >= 0) {
		close(s->nudge);	/* left pending: the next wait frees it */
		s->nudge = -1;
	}
	settle_trace_write("tracing_on", "0", true);
	settle_trace_read(&st, cutoff ? cutoff : t);
	if (!st.last_end)
		die("no end of cleanup_net() in the trace from %.3f to %.3f s (%u starts, %u ends)",
		    start / 1e9, (cutoff ? cutoff : t) / 1e9, st.starts, st.ends);
	return st.last_end < start ? 0 : (st.last_end - start) / 1e6;
}

/*
 * The count of the net_namespace slab with nothing pending: a namespace is
 * made and dropped, which frees what earlier rounds left, and once the
 * count has not moved for SETTLE_STALL_NS it is read, less that namespace,
 * itself pending. The baseline of netns_settle().
 */
static inline long netns_baseline(void)
{
	struct timespec pause = { 0, SETTLE_POLL_NS };
	uint64_t moved;
	long n, last;

	close(netns_hold());
	last = netns_slab_objects();
	moved = now_ns();
	while (now_ns() - moved < SETTLE_STALL_NS) {
		nanosleep(&pause, NULL);
		n = netns_slab_objects();
		if (n != last) {
			last = n;
			moved = now_ns();
		}
	}
	return last - 1;
}

#endif /* NSBOX_BENCH_H */
