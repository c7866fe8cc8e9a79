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
 *   nsbox-helper create --token HEX --family ID [--hostname NAME] [STEP...]
 *
 * unshares a new network namespace (and a UTS namespace when a hostname is
 * given), brings loopback up, runs the steps in it, and reports to the
 * module from inside it over the nsbox generic netlink family; the module
 * then holds the namespaces itself and this process exits.
 *
 *   nsbox-helper apply --token HEX --family ID --netns-fd FD [STEP...]
 *
 * enters the existing namespace FD, runs the steps there and reports; if a
 * step fails, what the earlier ones created is removed again first.
 *
 *   nsbox-helper exec --token HEX --family ID --netns-fd FD ... -- PATH ARGV0...
 *
 * enters a sandbox, reports, and becomes the program PATH there (exec.c).
 *
 *   nsbox-helper serve --token HEX --family ID
 *
 * runs create after create, as the module sends them (serve.c).
 *
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
	uint64_t	token;
	uint16_t	family;
	const char	*hostname;	/* create */
	int		netns_fd;	/* apply, -1 if not given */
};

static int parse_opt(int c, const char *arg, struct opts *o)
{
	unsigned long long v;

	switch (c) {
	case 't':
		return parse_token(arg, &o->token);
	case 'f':
		return parse_family(arg, &o->family);
	case 'h':
		o->hostname = arg;
		return 0;
	case 'n':
		if (parse_num(arg, 10, INT_MAX, &v))
			return -1;
		o->netns_fd = v;
		return 0;
	}
	return -1;
}

/* Options first; the steps are the words after them. Returns their index. */
static int parse_opts(int argc, char **argv, bool apply, struct opts *o)
{
	static const struct option opts[] = {
		{ "token",	required_argument, NULL, 't' },
		{ "family",	required_argument, NULL, 'f' },
		{ "hostname",	required_argument, NULL, 'h' },
		{ "netns-fd",	required_argument, NULL, 'n' },
		{ NULL, 0, NULL, 0 }
	};
	int c;

	memset(o, 0, sizeof(*o));
	o->netns_fd = -1;
	opterr = 0;	/* stderr may be a namespace fd */
	optind = 0;	/* a serving helper parses many argvs: start afresh */
	/* "+": stop at the first step word instead of permuting argv */
	while ((c = getopt_long(argc, argv, "+", opts, NULL)) != -1)
		if (parse_opt(c, optarg, o))
			return -1;
	if (!o->token || !o->family)
		return -1;
	/* --netns-fd is apply's, and mandatory there; --hostname is create's */
	if (apply && (o->hostname || o->netns_fd < 0))
		return -1;
	if (!apply && o->netns_fd >= 0)
		return -1;
	return optind;
}

static int create(const struct opts *o, struct steps *steps)
{
	const char *hostname = o->hostname;
	struct step_failure fail;
	int uts_fd = -1, code;

	if (unshare(CLONE_NEWNET | (hostname ? CLONE_NEWUTS : 0)))
		return NSBOX_HELPER_EXIT_UNSHARE;
	if (hostname && sethostname(hostname, strlen(hostname)))
		return NSBOX_HELPER_EXIT_HOSTNAME;
	if (loopback_up())
		return NSBOX_HELPER_EXIT_LOOPBACK;

	code = steps_run(steps, &fail);
	if (code) {
		/* no undo: the namespace and all made in it die with us */
		report(o->family, o->token, -1, &fail);
		return code;
	}

	if (hostname) {
		uts_fd = open("/proc/self/ns/uts", O_RDONLY | O_CLOEXEC);
		if (uts_fd < 0)
			return NSBOX_HELPER_EXIT_NSFS;
	}
	code = report(o->family, o->token, uts_fd, NULL) ? NSBOX_HELPER_EXIT_REPORT : 0;
	/* a serving helper goes on: it keeps nothing of this sandbox */
	if (uts_fd >= 0)
		close(uts_fd);
	return code;
}

static int apply(const struct opts *o, struct steps *steps)
{
	struct step_failure fail;
	int code;

	if (setns(o->netns_fd, CLONE_NEWNET))
		return NSBOX_HELPER_EXIT_UNSHARE;

	code = steps_run(steps, &fail);
	if (code) {
		/* all or nothing: clean up before the module hears of it */
		steps_undo(steps);
		report(o->family, o->token, -1, &fail);
		return code;
	}
	if (report(o->family, o->token, -1, NULL)) {
		/* the module did not take the result: leave nothing behind */
		steps_undo(steps);
		return NSBOX_HELPER_EXIT_REPORT;
	}
	return 0;
}

/* create or apply, argv from the mode's word; everything is checked first */
int run_mode(int argc, char **argv)
{
	bool is_apply = !strcmp(argv[0], "apply");
	struct steps steps;
	struct opts o;
	int first, code;

	first = parse_opts(argc, argv, is_apply, &o);
	if (first < 0 || steps_parse(&steps, argc - first, argv + first))
		return NSBOX_HELPER_EXIT_USAGE;

	code = is_apply ? apply(&o, &steps) : create(&o, &steps);
	steps_free(&steps);
	return code;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "nsbox-helper: started by the nsbox module, not by hand\n");
		return NSBOX_HELPER_EXIT_USAGE;
	}
	/* exec has a grammar and an ending of its own: it never returns here */
	if (!strcmp(argv[1], "exec"))
		return exec_main(argc - 1, argv + 1);
	if (!strcmp(argv[1], "serve"))
		return serve_main(argc - 1, argv + 1);
	if (strcmp(argv[1], "create") && strcmp(argv[1], "apply"))
		return NSBOX_HELPER_EXIT_USAGE;
	return run_mode(argc - 1, argv + 1);
}
