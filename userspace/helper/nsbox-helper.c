// SPDX-License-Identifier: GPL-2.0
/*
 * nsbox-helper: the userspace half of what the nsbox module cannot do itself.
 *
 * The module starts it with call_usermodehelper(): it runs as full root in
 * init's namespaces, with no open files and a fixed environment. It is never
 * meant to be run by hand.
 *
 *   nsbox-helper create --token HEX --family ID [--hostname NAME]
 *
 * unshares a new network namespace (and a UTS namespace when a hostname is
 * given), brings loopback up, and reports to the module from inside it over
 * the nsbox generic netlink family; the module then holds the namespaces
 * itself and this process exits. The exit status names the step that failed
 * (enum nsbox_helper_exit), which the module turns into its error message.
 */

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <net/if.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <linux/nsbox.h>

#define NLA_SPACE(len)	NLA_ALIGN(NLA_HDRLEN + (len))

struct report_msg {
	struct nlmsghdr		nlh;
	struct genlmsghdr	genl;
	char			attrs[NLA_SPACE(sizeof(uint64_t)) + NLA_SPACE(sizeof(uint32_t))];
};

static void put_attr(struct nlmsghdr *nlh, uint16_t type, const void *data, uint16_t len)
{
	struct nlattr *nla = (struct nlattr *)((char *)nlh + NLMSG_ALIGN(nlh->nlmsg_len));

	nla->nla_type = type;
	nla->nla_len = NLA_HDRLEN + len;
	memcpy((char *)nla + NLA_HDRLEN, data, len);
	nlh->nlmsg_len = NLMSG_ALIGN(nlh->nlmsg_len) + NLA_ALIGN(nla->nla_len);
}

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

/*
 * The socket is opened after unshare(), so it belongs to the new network
 * namespace: that is how the module learns which namespace to hold.
 */
static int report(uint16_t family, uint64_t token, int uts_fd)
{
	struct report_msg msg = {
		.nlh = {
			.nlmsg_len = NLMSG_LENGTH(GENL_HDRLEN),
			.nlmsg_type = family,
			.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK,
			.nlmsg_seq = 1,
		},
		.genl = {
			.cmd = NSBOX_CMD_HELPER_REPORT,
			.version = NSBOX_GENL_VERSION,
		},
	};
	struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };
	char buf[1024];
	struct nlmsghdr *nlh = (struct nlmsghdr *)buf;
	ssize_t len;
	int fd, err = -1;

	put_attr(&msg.nlh, NSBOX_A_REPORT_TOKEN, &token, sizeof(token));
	if (uts_fd >= 0) {
		uint32_t fdv = uts_fd;

		put_attr(&msg.nlh, NSBOX_A_REPORT_UTS_FD, &fdv, sizeof(fdv));
	}

	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);
	if (fd < 0)
		return -1;
	if (sendto(fd, &msg, msg.nlh.nlmsg_len, 0, (struct sockaddr *)&kernel,
		   sizeof(kernel)) < 0)
		goto out;

	do {
		len = recv(fd, buf, sizeof(buf), 0);
	} while (len < 0 && errno == EINTR);
	if (len < (ssize_t)NLMSG_LENGTH(sizeof(struct nlmsgerr)) ||
	    nlh->nlmsg_type != NLMSG_ERROR)
		goto out;
	err = ((struct nlmsgerr *)NLMSG_DATA(nlh))->error;
out:
	close(fd);
	return err;
}

static int create(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "token",	required_argument, NULL, 't' },
		{ "family",	required_argument, NULL, 'f' },
		{ "hostname",	required_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *hostname = NULL;
	unsigned long family = 0;
	uint64_t token = 0;
	int uts_fd = -1;
	char *end;
	int c;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 't':
			errno = 0;
			token = strtoull(optarg, &end, 16);
			if (errno || *end || !token)
				return NSBOX_HELPER_EXIT_USAGE;
			break;
		case 'f':
			errno = 0;
			family = strtoul(optarg, &end, 10);
			if (errno || *end || !family || family > UINT16_MAX)
				return NSBOX_HELPER_EXIT_USAGE;
			break;
		case 'h':
			hostname = optarg;
			break;
		default:
			return NSBOX_HELPER_EXIT_USAGE;
		}
	}
	if (optind != argc || !token || !family)
		return NSBOX_HELPER_EXIT_USAGE;

	if (unshare(CLONE_NEWNET | (hostname ? CLONE_NEWUTS : 0)))
		return NSBOX_HELPER_EXIT_UNSHARE;
	if (hostname && sethostname(hostname, strlen(hostname)))
		return NSBOX_HELPER_EXIT_HOSTNAME;
	if (loopback_up())
		return NSBOX_HELPER_EXIT_LOOPBACK;
	if (hostname) {
		uts_fd = open("/proc/self/ns/uts", O_RDONLY | O_CLOEXEC);
		if (uts_fd < 0)
			return NSBOX_HELPER_EXIT_NSFS;
	}
	if (report(family, token, uts_fd))
		return NSBOX_HELPER_EXIT_REPORT;
	return 0;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "nsbox-helper: started by the nsbox module, not by hand\n");
		return NSBOX_HELPER_EXIT_USAGE;
	}
	if (!strcmp(argv[1], "create"))
		return create(argc - 1, argv + 1);
	return NSBOX_HELPER_EXIT_USAGE;
}
