// SPDX-License-Identifier: GPL-2.0
/*
 * A stand-in for nsbox-helper that misbehaves after its launch: it passes
 * the module's checks of the file and is the very process the module
 * launched, so its reports are authentic. 45-faults.sh loads the module
 * with helper_path pointing here (as FLT_DIR/flt-helper) and chooses what
 * it does in FLT_DIR/mode; each mode checks how the module answered its
 * reports and writes "MODE ok" or "MODE bad: ..." to FLT_DIR/log:
 *
 *   real		exec the real helper (always, but for create runs)
 *   garbage		reports that must all be refused: a wrong token, a token
 *			of the wrong size, one from outside a new namespace, an
 *			unknown command, a truncated attribute; then exits 0
 *   wrong-uts		a new namespace, but the UTS fd it reports is not that of
 *			its own new UTS namespace (three ways); exits 0
 *   lo-down		reports a new namespace without loopback up; exits 0
 *   report-kill	reports, then is killed (SIGKILL)
 *   report-exit	reports, then exits 3
 *   report-hang	reports, then never exits
 *   report-twice	reports twice (the second is refused); exits 0: a sandbox
 */

#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "faults.h"

struct hopts {
	uint64_t	token;
	uint16_t	family;
	const char	*hostname;
};

enum bad_report {
	GOOD,
	BAD_SIZE,	/* a 4-byte token */
	BAD_CMD,	/* an unknown command */
	BAD_TRUNC,	/* an attribute longer than the message */
};

/* One report; the module's answer (0 or -errno). */
static int report(const struct hopts *o, uint64_t token, int uts_fd, enum bad_report bad)
{
	struct genl_req r;
	struct answer a;
	int fd = genl_socket();

	if (fd < 0)
		return -errno;
	nsbox_family = o->family;
	nl_init(&r, bad == BAD_CMD ? 250 : NSBOX_CMD_HELPER_REPORT, 0);
	if (bad == BAD_SIZE)
		genl_put_u32(&r, NSBOX_A_REPORT_TOKEN, (uint32_t)token);
	else
		genl_put(&r, NSBOX_A_REPORT_TOKEN, &token, sizeof(token));
	if (uts_fd >= 0)
		genl_put_u32(&r, NSBOX_A_REPORT_UTS_FD, uts_fd);
	if (bad == BAD_TRUNC) {
		struct nlattr *nla = genl_put(&r, NSBOX_A_REPORT_ERRNO, "\1\0\0\0", 4);

		nla->nla_len = 64;
	}
	nl_talk(fd, &r, &a, NULL, NULL);
	close(fd);
	return a.send_err ?: a.recv_err ?: a.error;
}

static int loopback_up(void)
{
	struct ifreq ifr = { .ifr_name = "lo" };
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	int err = -1;

	if (fd < 0)
		return -1;
	if (!ioctl(fd, SIOCGIFFLAGS, &ifr)) {
		ifr.ifr_flags |= IFF_UP;
		err = ioctl(fd, SIOCSIFFLAGS, &ifr);
	}
	close(fd);
	return err;
}

static int new_namespaces(const struct hopts *o, bool lo)
{
	if (unshare(CLONE_NEWNET | (o->hostname ? CLONE_NEWUTS : 0)))
		return -1;
	if (o->hostname && sethostname(o->hostname, strlen(o->hostname)))
		return -1;
	return lo ? loopback_up() : 0;
}

static void logf_(const char *mode, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void logf_(const char *mode, const char *fmt, ...)
{
	FILE *f = fopen(FLT_DIR "/log", "a");
	va_list ap;

	if (!f)
		return;
	fprintf(f, "%s ", mode);
	va_start(ap, fmt);
	vfprintf(f, fmt, ap);
	va_end(ap);
	fputc('\n', f);
	fclose(f);
}

static int parse(int argc, char **argv, struct hopts *o)
{
	memset(o, 0, sizeof(*o));
	for (int i = 2; i + 1 < argc; i++) {
		if (!strcmp(argv[i], "--token"))
			o->token = strtoull(argv[++i], NULL, 16);
		else if (!strcmp(argv[i], "--family"))
			o->family = strtoul(argv[++i], NULL, 10);
		else if (!strcmp(argv[i], "--hostname"))
			o->hostname = argv[++i];
	}
	return o->token && o->family ? 0 : -1;
}

static int garbage(const char *mode, const struct hopts *o)
{
	int r1 = report(o, o->token ^ 1, -1, GOOD);
	int r2 = report(o, o->token, -1, BAD_SIZE);
	int r3 = report(o, o->token, -1, GOOD);		/* from init's namespace */
	int r4 = report(o, o->token, -1, BAD_CMD);
	int r5 = report(o, o->token, -1, BAD_TRUNC);

	if (r1 == -ESRCH && r2 < 0 && r3 == -EINVAL && r4 < 0 && r5 < 0)
		logf_(mode, "ok");
	else
		logf_(mode, "bad: wrong token %d, 4-byte token %d, from init's namespace %d, unknown command %d, truncated %d",
		      r1, r2, r3, r4, r5);
	return 0;
}

static int wrong_uts(const char *mode, const struct hopts *o)
{
	int net, init_uts, r1, r2, r3;

	if (!o->hostname || new_namespaces(o, true)) {
		logf_(mode, "bad: no hostname, or no new namespaces");
		return 65;
	}
	net = open("/proc/self/ns/net", O_RDONLY);
	init_uts = open("/proc/1/ns/uts", O_RDONLY);
	r1 = report(o, o->token, net, GOOD);		/* not a UTS namespace */
	r2 = report(o, o->token, init_uts, GOOD);	/* not its own */
	r3 = report(o, o->token, 1000, GOOD);		/* no such fd */
	if (r1 == -EINVAL && r2 == -EINVAL && r3 == -EINVAL)
		logf_(mode, "ok");
	else
		logf_(mode, "bad: net fd %d, init's UTS %d, closed fd %d", r1, r2, r3);
	return 0;
}

/* A good report from a new namespace (with loopback up unless lo-down); then @mode. */
static int reported(const char *mode, const struct hopts *o)
{
	bool lo = strcmp(mode, "lo-down");
	int uts = -1, r, r2 = 0;

	if (new_namespaces(o, lo)) {
		logf_(mode, "bad: no new namespaces: %s", strerror(errno));
		return 65;
	}
	if (o->hostname)
		uts = open("/proc/self/ns/uts", O_RDONLY);
	r = report(o, o->token, uts, GOOD);
	if (!strcmp(mode, "report-twice"))
		r2 = report(o, o->token, uts, GOOD) == -EALREADY ? 0 : -1;
	if (r || r2)
		logf_(mode, "bad: report %d, second report %s", r, r2 ? "not EALREADY" : "-");
	else
		logf_(mode, "ok");

	if (!strcmp(mode, "report-kill"))
		kill(getpid(), SIGKILL);
	if (!strcmp(mode, "report-exit"))
		return 3;
	if (!strcmp(mode, "report-hang"))
		for (;;)
			pause();
	return 0;
}

int fake_helper(int argc, char **argv)
{
	char mode[64] = "real";
	struct hopts o;
	FILE *f;

	f = fopen(FLT_DIR "/mode", "r");
	if (f) {
		if (!fgets(mode, sizeof(mode), f))
			strcpy(mode, "real");
		mode[strcspn(mode, "\n")] = 0;
		fclose(f);
	}
	/* the same process goes on as the real helper: its report is accepted */
	if (!strcmp(mode, "real") || strcmp(argv[1], "create")) {
		execv(REAL_HELPER, argv);
		return 70;
	}
	if (parse(argc, argv, &o)) {
		logf_(mode, "bad: arguments");
		return 64;
	}
	if (!strcmp(mode, "garbage"))
		return garbage(mode, &o);
	if (!strcmp(mode, "wrong-uts"))
		return wrong_uts(mode, &o);
	if (!strcmp(mode, "lo-down") || !strncmp(mode, "report-", 7))
		return reported(mode, &o);
	logf_(mode, "bad: unknown mode");
	return 64;
}
