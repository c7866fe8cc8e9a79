// SPDX-License-Identifier: GPL-2.0
/*
 * nsbox-helper serve --token HEX --family ID
 *
 * Creates sandboxes one after the other, so that a create costs the module
 * no process start. The run says it is ready with a report carrying
 * NSBOX_A_REPORT_SERVE, sent from the initial network namespace; the module
 * then sends jobs to that socket, one at a time (NSBOX_CMD_HELPER_JOB).
 * A job's words are those of an "nsbox-helper create" run: it is run just
 * so, unsharing and reporting from the new namespace with the job's token,
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

/* The module's namespaces for us, to come back to after each job. */
struct home {
	int	net;
	int	uts;
};

/* One message, whole, however large: jobs carry all of a create's words. */
static ssize_t recv_msg(int fd, char **buf, size_t *size)
{
	ssize_t len;
	char *p;

	do {
		len = recv(fd, NULL, 0, MSG_PEEK | MSG_TRUNC);
	} while (len < 0 && errno == EINTR);
	if (len <= 0)
		return -1;
	if ((size_t)len > *size) {
		p = realloc(*buf, len);
		if (!p)
			return -1;
		*buf = p;
		*size = len;
	}
	do {
		len = recv(fd, *buf, *size, 0);
	} while (len < 0 && errno == EINTR);
	return len;
}

/*
 * A job's words as the argv of a create run: "create", then each
 * NSBOX_A_REPORT_ARG in order. Anything malformed is -1.
 */
static int job_argv(const struct nlmsghdr *nlh, char ***argvp)
{
	const struct nlattr *nla;
	char **argv;
	int rem, argc = 1;

	rem = nlh->nlmsg_len - NLMSG_LENGTH(GENL_HDRLEN);
	argv = calloc(rem / NLA_HDRLEN + 2, sizeof(*argv));
	if (!argv)
		return -1;
	argv[0] = "create";
	nla = (const struct nlattr *)((const char *)NLMSG_DATA(nlh) + GENL_HDRLEN);
	while (rem >= NLA_HDRLEN) {
		int len = nla->nla_len - NLA_HDRLEN;
		char *data = (char *)nla + NLA_HDRLEN;

		if (nla->nla_len < NLA_HDRLEN || nla->nla_len > rem)
			goto bad;
		if ((nla->nla_type & NLA_TYPE_MASK) == NSBOX_A_REPORT_ARG) {
			if (len < 1 || data[len - 1])
				goto bad;
			argv[argc++] = data;
		}
		rem -= NLA_ALIGN(nla->nla_len);
		nla = (const struct nlattr *)((const char *)nla + NLA_ALIGN(nla->nla_len));
	}
	if (argc == 1)
		goto bad;
	*argvp = argv;
	return argc;
bad:
	free(argv);
	return -1;
}

/* Run one job, then go home: 0 to go on, or the exit status that ends us. */
static int serve_job(const struct nlmsghdr *nlh, const struct home *home)
{
	char **argv;
	int argc, code;

	argc = job_argv(nlh, &argv);
	if (argc < 0)
		return NSBOX_HELPER_EXIT_USAGE;
	code = run_mode(argc, argv);
	free(argv);
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
	return serve_job(nlh, home);
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

		len = recv_msg(fd, &buf, &size);
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
