// SPDX-License-Identifier: GPL-2.0
/*
 * netns-count: the network namespaces besides the initial one, exactly,
 * for lib.sh's leak checks.
 *
 *   netns-count              print the count
 *   netns-count N [SECONDS]  wait until the count is N (default: 30 s);
 *                            on a timeout, say what it was and exit 1
 *
 * One process instead of lib.sh's probes in the shell, each of which was a
 * fork and exec of unshare(1): under TCG a process costs some 20 ms, on the
 * debug kernel half a second, and the leak checks run hundreds of times.
 * Each probe that succeeds makes a namespace that is then torn down in the
 * background, so the wait checks more and more slowly, down to once a
 * second, to give that teardown time.
 */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "netns.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void pause_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

static long parse(const char *s, const char *what)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < 0) {
		fprintf(stderr, "netns-count: bad %s: %s\n", what, s);
		exit(2);
	}
	return v;
}

static int wait_for(long want, long seconds)
{
	static const long pauses_ms[] = { 100, 200, 500, 1000 };
	double deadline = now() + seconds;
	unsigned int i = 0;
	long count;

	for (;;) {
		if (netns_is(want))
			return 0;
		if (now() >= deadline)
			break;
		pause_ms(pauses_ms[i]);
		if (i + 1 < ARRAY_SIZE(pauses_ms))
			i++;
	}
	count = netns_count();
	if (count == want)
		return 0;
	fprintf(stderr, "%ld network namespaces, not %ld\n", count, want);
	return 1;
}

int main(int argc, char **argv)
{
	long count;

	if (argc > 3 || (argc > 1 && argv[1][0] == '-')) {
		fprintf(stderr, "usage: netns-count [N [SECONDS]]\n");
		return 2;
	}
	if (netns_setup()) {
		fprintf(stderr, "netns-count: cannot probe: %s\n", strerror(errno));
		return 2;
	}
	if (argc > 1)
		return wait_for(parse(argv[1], "count"),
				argc > 2 ? parse(argv[2], "timeout") : 30);
	count = netns_count();
	if (count < 0) {
		fprintf(stderr, "netns-count: cannot count: %s\n", strerror(errno));
		return 2;
	}
	printf("%ld\n", count);
	return 0;
}
