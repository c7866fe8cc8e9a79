// SPDX-License-Identifier: GPL-2.0
/*
 * nsbox-helper: the userspace half of what the nsbox module cannot do itself.
 *
 * The module starts it with call_usermodehelper(): it runs as full root in
 * init's namespaces, with no open files but those the module installed
 * (for create and apply only namespace fds, so fds 0-2 may be namespaces:
 * it prints nothing, but for the hint of a bare run by hand; exec gets the
 * program's stdin, stdout and stderr first), and an environment the module
 * chose. It is never meant to be run by hand.
 *
 *   nsbox-helper create --token HEX --family ID [--hostname NAME] [--no-job]
 *
 * unshares a new network namespace (and a UTS namespace when a hostname is
 * given), brings loopback up, fetches its job from inside it (unless told
 * it has none), runs the job's steps there, and reports to the module from
 * inside it over the nsbox generic netlink family; the module then holds
 * the namespaces itself and this process exits.
 *
 *   nsbox-helper apply --token HEX --family ID --netns-fd FD
 *
 * enters the existing namespace FD, fetches its job, runs the steps there
 * and reports; if a step fails, what the earlier ones created is removed
 * again first.
 *
 *   nsbox-helper exec --token HEX --family ID --netns-fd FD [--uts-fd FD]
 *
 * enters a sandbox, fetches its job (the program and its options), reports,
 * and becomes the program there (exec.c).
 *
 *   nsbox-helper serve --token HEX --family ID
 *
 * runs create after create, as the module sends them (serve.c).
 *
 * The command line says only how to get into place; what to do there is
 * the job: netlink attributes the module encodes once, fetched with
 * NSBOX_CMD_HELPER_JOB_GET on the socket the run reports on (job.c).
 * The steps are described in steps.h. A failing step is reported with its
 * errno and index; the exit status names the step that failed (enum
 * nsbox_helper_exit), which the module turns into its error message.
 */

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <net/if.h>
#include <sched.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>
#include <linux/nsbox.h>

#include "helper.h"
#include "steps.h"

/* Loopback comes up before the module is told the namespace is ready. */
static int loopback_up(void)
{
	struct ifreq ifr = { .ifr_name = "lo" };
	int fd, err = -1;

	fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	if (ioctl(fd, SIOCGIFFLAGS, &ifr) == 0) {
		ifr.ifr_flags |= IFF_UP;
		err = ioctl(fd, SIOCSIFFLAGS, &ifr);
	}
	close(fd);
	return err;
}

struct opts {
	struct create_opts	c;		/* token, family; create's own */
	int			netns_fd;	/* apply, -1 if not given */
};

static int parse_opt(int c, const char *arg, struct opts *o)
{
	unsigned long long v;

	switch (c) {
	case 't':
		return parse_token(arg, &o->c.token);
	case 'f':
		return parse_family(arg, &o->c.family);
	case 'h':
		o->c.hostname = arg;
		return 0;
	case 'j':
		o->c.no_job = true;
		return 0;
	case 'n':
		if (parse_num(arg, 10, INT_MAX, &v))
			return -1;
		o->netns_fd = v;
		return 0;
	}
	return -1;
}

/* Options only: what to do comes as the job. */
static int parse_opts(int argc, char **argv, bool apply, struct opts *o)
{
	static const struct option opts[] = {
		{ "token",	required_argument, NULL, 't' },
		{ "family",	required_argument, NULL, 'f' },
		{ "hostname",	required_argument, NULL, 'h' },
		{ "no-job",	no_argument,	   NULL, 'j' },
		{ "netns-fd",	required_argument, NULL, 'n' },
		{ NULL, 0, NULL, 0 }
	};
	int c;

	memset(o, 0, sizeof(*o));
	o->netns_fd = -1;
	opterr = 0;	/* stderr may be a namespace fd */
	while ((c = getopt_long(argc, argv, "+", opts, NULL)) != -1)
		if (parse_opt(c, optarg, o))
			return -1;
	if (optind != argc || !o->c.token || !o->c.family)
		return -1;
	/* --netns-fd is apply's, and mandatory there; the others are create's */
	if (apply && (o->c.hostname || o->c.no_job || o->netns_fd < 0))
		return -1;
	if (!apply && o->netns_fd >= 0)
		return -1;
	return 0;
}

/*
 * The job's steps, fetched on @sock once in place: 0, or the exit status.
 * A job that cannot be had or understood fails the run before any step.
 */
static int fetch_steps(int sock, uint16_t family, uint64_t token, struct steps *steps)
{
	struct job job;
	int code = 0;

	if (sock < 0 || job_fetch(sock, family, token, &job))
		return NSBOX_HELPER_EXIT_REPORT;
	if (job_steps(&job, steps))
		code = NSBOX_HELPER_EXIT_USAGE;
	job_free(&job);
	return code;
}

int create_run(const struct create_opts *o, struct steps *given)
{
	const char *hostname = o->hostname;
	struct steps fetched = { 0 }, *steps = given ?: &fetched;
	struct step_failure fail;
	int sock, uts_fd = -1, code;

	if (unshare(CLONE_NEWNET | (hostname ? CLONE_NEWUTS : 0)))
		return NSBOX_HELPER_EXIT_UNSHARE;
	if (hostname && sethostname(hostname, strlen(hostname)))
		return NSBOX_HELPER_EXIT_HOSTNAME;
	if (loopback_up())
		return NSBOX_HELPER_EXIT_LOOPBACK;

	/* one socket, opened in the new namespace: the job, then the report */
	sock = report_open();
	if (sock < 0)
		return NSBOX_HELPER_EXIT_REPORT;
	if (!given && !o->no_job) {
		code = fetch_steps(sock, o->family, o->token, steps);
		if (code)
			goto out;
	}

	code = steps_run(steps, &fail);
	if (code) {
		/* no undo: the namespace and all made in it die with us */
		report_send(sock, o->family, o->token, -1, &fail);
		goto out;
	}

	if (hostname) {
		uts_fd = open("/proc/self/ns/uts", O_RDONLY | O_CLOEXEC);
		if (uts_fd < 0) {
			code = NSBOX_HELPER_EXIT_NSFS;
			goto out;
		}
	}
	code = report_send(sock, o->family, o->token, uts_fd, NULL) ? NSBOX_HELPER_EXIT_REPORT : 0;
	/* a serving helper goes on: it keeps nothing of this sandbox */
	if (uts_fd >= 0)
		close(uts_fd);
out:
	close(sock);
	steps_free(&fetched);
	return code;
}

static int apply(const struct opts *o)
{
	uint16_t family = o->c.family;
	uint64_t token = o->c.token;
	struct step_failure fail;
	struct steps steps = { 0 };
	int sock, code;

	if (setns(o->netns_fd, CLONE_NEWNET))
		return NSBOX_HELPER_EXIT_UNSHARE;
	sock = report_open();
	code = fetch_steps(sock, family, token, &steps);
	if (code)
		goto out;

	code = steps_run(&steps, &fail);
	if (code) {
		/* all or nothing: clean up before the module hears of it */
		steps_undo(&steps);
		report_send(sock, family, token, -1, &fail);
		goto out;
	}
	if (report_send(sock, family, token, -1, NULL)) {
		/* the module did not take the result: leave nothing behind */
		steps_undo(&steps);
		code = NSBOX_HELPER_EXIT_REPORT;
	}
out:
	if (sock >= 0)
		close(sock);
	steps_free(&steps);
	return code;
}

int main(int argc, char **argv)
{
	bool is_apply;
	struct opts o;

	if (argc < 2) {
		fprintf(stderr, "nsbox-helper: started by the nsbox module, not by hand\n");
		return NSBOX_HELPER_EXIT_USAGE;
	}
	/* exec has options and an ending of its own: it never returns here */
	if (!strcmp(argv[1], "exec"))
		return exec_main(argc - 1, argv + 1);
	if (!strcmp(argv[1], "serve"))
		return serve_main(argc - 1, argv + 1);
	if (strcmp(argv[1], "create") && strcmp(argv[1], "apply"))
		return NSBOX_HELPER_EXIT_USAGE;
	is_apply = !strcmp(argv[1], "apply");
	if (parse_opts(argc - 1, argv + 1, is_apply, &o))
		return NSBOX_HELPER_EXIT_USAGE;
	return is_apply ? apply(&o) : create_run(&o.c, NULL);
}
