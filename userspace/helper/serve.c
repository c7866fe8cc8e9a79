// SPDX-License-Identifier: GPL-2.0
/*
 * nsbox-helper serve --token HEX --family ID
 *
 * Creates sandboxes one after the other, so that a create costs the module
 * no process start. The run says it is ready with a report carrying
 * NSBOX_A_REPORT_SERVE, sent from the initial network namespace; the module
 * then sends jobs to that socket, one at a time (NSBOX_CMD_HELPER_JOB).
 * A job holds what an "nsbox-helper create" run fetches, and its hostname:
 * it is run just so (create_run()), unsharing and reporting from the new
 * namespace with the job's token,
 * and then this process returns to its own namespaces and waits for the
 * next. It holds nothing of a sandbox once it is reported: the fds of a
 * run are closed by it, and the namespaces stay the module's alone.
 *
 * A job that fails ends the run, with the exit status of the create run
 * (the step that failed, reported before): nothing half made can outlive
 * it. The module ends an idle server by killing it.
 */

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <linux/nsbox.h>

#include "helper.h"
#include "nsnl.h"
#include "steps.h"

/* The module's namespaces for us, to come back to after each job. */
struct home {
	int	net;
	int	uts;
};

/*
 * Run one job, then go home: 0 to go on, or the exit status that ends us.
 * The job is a create's: its token, its hostname, its steps.
 */
static int serve_job(const struct nlmsghdr *nlh, uint16_t family, const struct home *home)
{
	const struct nlattr *tb[NSBOX_A_REPORT_MAX + 1];
	struct job job = { .nlh = (struct nlmsghdr *)nlh };
	struct create_opts o = { .family = family };
	struct steps steps;
	struct nlattr *attrs;
	size_t len;
	int code;

	if (job_check(&job, family, NSBOX_CMD_HELPER_JOB, &o.token))
		return NSBOX_HELPER_EXIT_USAGE;
	attrs = nsnl_msg_attrs(nlh, GENL_HDRLEN, &len);
	nsnl_parse(attrs, len, tb, NSBOX_A_REPORT_MAX);
	if (tb[NSBOX_A_REPORT_JOB_HOSTNAME]) {
		o.hostname = nsnl_get_str(tb[NSBOX_A_REPORT_JOB_HOSTNAME], NSBOX_HOSTNAME_MAX + 1);
		if (!o.hostname)
			return NSBOX_HELPER_EXIT_USAGE;
	}
	if (tb[NSBOX_A_REPORT_JOB_PROG] || job_steps(&job, &steps))
		return NSBOX_HELPER_EXIT_USAGE;
	code = create_run(&o, &steps);
	steps_free(&steps);
	if (code)
		return code;
	if (setns(home->net, CLONE_NEWNET) || setns(home->uts, CLONE_NEWUTS))
		return NSBOX_HELPER_EXIT_UNSHARE;
	return 0;
}

/* Each message the module sends: a job, or the refusal of our report. */
static int serve_msg(const struct nlmsghdr *nlh, size_t len, uint16_t family,
		     const struct home *home)
{
	const struct genlmsghdr *genl = NLMSG_DATA(nlh);

	if (nlh->nlmsg_type == NLMSG_ERROR) {
		if (len < NLMSG_LENGTH(sizeof(struct nlmsgerr)))
			return NSBOX_HELPER_EXIT_REPORT;
		/* 0 would be an ACK, which we never ask for */
		return ((const struct nlmsgerr *)genl)->error ? NSBOX_HELPER_EXIT_REPORT : 0;
	}
	if (nlh->nlmsg_type != family || len < NLMSG_LENGTH(GENL_HDRLEN) ||
	    genl->cmd != NSBOX_CMD_HELPER_JOB)
		return NSBOX_HELPER_EXIT_USAGE;
	return serve_job(nlh, family, home);
}

int serve_main(int argc, char **argv)
{
	struct home home;
	size_t size = 0;
	char *buf = NULL;
	uint64_t token;
	uint16_t family;
	int fd, code = 0;

	if (argc != 5 || strcmp(argv[1], "--token") || parse_token(argv[2], &token) ||
	    strcmp(argv[3], "--family") || parse_family(argv[4], &family))
		return NSBOX_HELPER_EXIT_USAGE;

	home.net = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
	home.uts = open("/proc/self/ns/uts", O_RDONLY | O_CLOEXEC);
	if (home.net < 0 || home.uts < 0)
		return NSBOX_HELPER_EXIT_NSFS;
	fd = report_open();
	if (fd < 0 || report_serving(fd, family, token))
		return NSBOX_HELPER_EXIT_REPORT;

	while (!code) {
		struct nlmsghdr *nlh;
		ssize_t len;

		len = nsnl_recv(fd, &buf, &size);
		if (len < 0) {
			code = NSBOX_HELPER_EXIT_REPORT;
			break;
		}
		for (nlh = (struct nlmsghdr *)buf; !code && NLMSG_OK(nlh, len);
		     nlh = NLMSG_NEXT(nlh, len))
			code = serve_msg(nlh, nlh->nlmsg_len, family, &home);
	}
	free(buf);
	return code;
}
