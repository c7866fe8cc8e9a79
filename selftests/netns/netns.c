// SPDX-License-Identifier: GPL-2.0
/*
 * Network namespaces, counted exactly, for the tests' leak checks: the
 * kernel charges every namespace to user.max_net_namespaces from its
 * creation to the end of its teardown, and refuses a new one (ENOSPC) while
 * the charge is at the limit. A probe lowers the limit and unshares; one
 * that succeeds is held (an fd on its nsfs file) until the count is known.
 *
 * Not the net_namespace slab: the kernel frees a namespace only in the
 * cleanup round after the one that tore it down, so after any teardown the
 * slab counts one batch of dead namespaces too.
 *
 * Here the probes are a system call each, in this process, which switches
 * back to its own namespace at once: no fork, no exec. Nothing else may
 * create a namespace while a probe has the limit lowered.
 */

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "netns.h"

#define MAX_PATH "/proc/sys/user/max_net_namespaces"

static int self_ns = -1;
static long limit_orig = -1;

static long read_limit(void)
{
	char buf[32];
	ssize_t n;
	int fd = open(MAX_PATH, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -1;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = 0;
	return strtol(buf, NULL, 10);
}

static int write_limit(long v)
{
	char buf[32];
	int fd = open(MAX_PATH, O_WRONLY | O_CLOEXEC);
	int len, ok;

	if (fd < 0)
		return -1;
	len = snprintf(buf, sizeof(buf), "%ld\n", v);
	ok = write(fd, buf, len) == len;
	close(fd);
	return ok ? 0 : -1;
}

int netns_setup(void)
{
	if (self_ns >= 0)
		return 0;
	self_ns = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
	limit_orig = read_limit();
	return self_ns >= 0 && limit_orig > 0 ? 0 : -1;
}

/*
 * Is the charge below @limit? 1: yes, and a namespace is held in *held
 * (the charge grew by one), 0: no, -1: the probe itself failed.
 */
static int probe(long limit, int *held)
{
	int err;

	*held = -1;
	if (write_limit(limit))
		return -1;
	if (unshare(CLONE_NEWNET)) {
		err = errno;
		write_limit(limit_orig);
		return err == ENOSPC ? 0 : -1;
	}
	*held = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
	if (setns(self_ns, CLONE_NEWNET)) {
		fprintf(stderr, "cannot return to our network namespace: %s\n",
			strerror(errno));
		exit(2);
	}
	write_limit(limit_orig);
	return *held >= 0 ? 1 : -1;
}

/* Network namespaces besides the initial one, exactly; -1 on error. */
long netns_count(void)
{
	int held[64], nheld = 0, fd, r;
	long lo = 0, hi = 1, mid;

	if (netns_setup())
		return -1;
	/* the charge C is within [lo, hi]; hi is a limit not yet probed */
	for (;;) {
		r = probe(hi, &fd);
		if (r < 0 || nheld == 64)
			goto fail;
		if (r) {
			held[nheld++] = fd;
			lo++;
			break;
		}
		lo = hi;
		if (hi >= limit_orig)
			break;
		hi = hi * 2 < limit_orig ? hi * 2 : limit_orig;
	}
	while (lo < hi) {
		mid = lo + (hi - lo + 1) / 2;
		r = probe(mid, &fd);
		if (r < 0 || nheld == 64)
			goto fail;
		if (r) {
			held[nheld++] = fd;
			lo++;
			hi = mid;
		} else {
			lo = mid;
		}
	}
	/* the probes' own namespaces are counted in lo */
	lo -= nheld;
	while (nheld)
		close(held[--nheld]);
	return lo;
fail:
	while (nheld)
		close(held[--nheld]);
	return -1;
}

/*
 * Is the count exactly @n? Two probes: under @n none may be created, under
 * n + 1 one must be (and goes again at once). Cheaper than counting.
 */
bool netns_is(long n)
{
	int fd, r;

	if (netns_setup())
		return false;
	r = probe(n, &fd);
	if (fd >= 0)
		close(fd);
	if (r != 0)
		return false;
	r = probe(n + 1, &fd);
	if (fd >= 0)
		close(fd);
	return r == 1;
}
