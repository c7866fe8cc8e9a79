// SPDX-License-Identifier: GPL-2.0
/*
 * slab base
 * slab bytes
 * slab module
 * slab wait BASE TIMEOUT_S [ COMMAND [ ARGS... ] ]
 *
 * The slab caches, as the benchmark watches them (bench.h). "base" prints
 * how many objects the net_namespace cache has in use with nothing pending
 * (netns_baseline()), the baseline of a later wait; "bytes" the bytes of
 * the objects in use in all caches; "module" those of the nsbox module's own
 * caches, "NAME BYTES" per cache (its records, each kind in a cache named
 * after its struct: kernel/sandbox.c, kernel/link.c). "wait" makes the
 * nudge, starts the clock, runs COMMAND if given (the deletions; stdin and
 * stdout /dev/null) and waits until the net_namespace cache is back at
 * BASE (netns_settle()), at most TIMEOUT_S seconds: the teardown of network
 * namespaces. It prints "COMMAND_MS TOTAL_MS NUDGES", and fails if COMMAND
 * fails or the cache does not settle in time.
 */
#include "bench.h"

/* "NAME BYTES" for each of the module's caches: objects in use times size */
static void module_caches(void)
{
	static const char * const names[] = {
		"nsbox_entry", "nsbox_link", "nsbox_addr", "nsbox_route",
		"nsbox_sysctl", "nsbox_neigh",
	};
	long long bytes;
	unsigned int i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		bytes = slab_cache_bytes(names[i]);
		if (bytes < 0)
			die("no slab cache %s: is nsbox loaded, with slab_nomerge?", names[i]);
		printf("%s %lld\n", names[i], bytes);
	}
}

static void run(char **argv)
{
	int status, fd;
	pid_t pid;

	pid = fork();
	if (pid < 0)
		die("fork: %m");
	if (!pid) {
		fd = open("/dev/null", O_RDWR | O_CLOEXEC);
		if (fd < 0 || dup2(fd, 0) < 0 || dup2(fd, 1) < 0)
			_exit(126);
		execvp(argv[0], argv);
		fprintf(stderr, "slab: %s: %m\n", argv[0]);
		_exit(127);
	}
	if (waitpid(pid, &status, 0) != pid)
		die("waitpid: %m");
	if (!WIFEXITED(status) || WEXITSTATUS(status))
		die("%s failed (wait status %#x)", argv[0], status);
}

int main(int argc, char **argv)
{
	double cmd_ms = 0, total_ms, timeout_s;
	struct settle settle;
	uint64_t start;
	long base, n;

	if (argc == 2 && !strcmp(argv[1], "base")) {
		n = netns_baseline();
		if (n < 0)
			die("no net_namespace line in /proc/slabinfo");
		printf("%ld\n", n);
		return 0;
	}
	if (argc == 2 && !strcmp(argv[1], "module")) {
		module_caches();
		return 0;
	}
	if (argc == 2 && !strcmp(argv[1], "bytes")) {
		printf("%lld\n", slab_object_bytes());
		return 0;
	}
	if (argc < 4 || strcmp(argv[1], "wait"))
		die("usage: slab { base | bytes | module | wait BASE TIMEOUT_S [ COMMAND [ ARGS... ] ] }");
	base = atol(argv[2]);
	timeout_s = atof(argv[3]);

	settle_prepare(&settle);
	start = now_ns();
	if (argc > 4) {
		run(argv + 4);
		cmd_ms = ms_since(start);
	}
	total_ms = netns_settle(&settle, start, base, timeout_s * 1000);
	if (total_ms < 0)
		die("the net_namespace slab is not back at %ld objects after %.0f s (%ld)",
		    base, timeout_s, netns_slab_objects());
	printf("%.3f %.3f %u\n", cmd_ms, total_ms, settle.nudges);
	return 0;
}
