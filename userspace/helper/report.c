// SPDX-License-Identifier: GPL-2.0
/*
 * The report to the module: one NSBOX_CMD_HELPER_REPORT request over the
 * nsbox generic netlink family, answered by the module's ACK.
 */

#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <linux/nsbox.h>

#include "helper.h"
#include "steps.h"

#define NLA_SPACE(len)	NLA_ALIGN(NLA_HDRLEN + (len))

struct report_msg {
	struct nlmsghdr		nlh;
	struct genlmsghdr	genl;
	char			attrs[NLA_SPACE(sizeof(uint64_t)) + 3 * NLA_SPACE(sizeof(uint32_t))];
};

static void put_attr(struct nlmsghdr *nlh, uint16_t type, const void *data, uint16_t len)
{
	struct nlattr *nla = (struct nlattr *)((char *)nlh + NLMSG_ALIGN(nlh->nlmsg_len));

	nla->nla_type = type;
	nla->nla_len = NLA_HDRLEN + len;
	if (len)
		memcpy((char *)nla + NLA_HDRLEN, data, len);
	nlh->nlmsg_len = NLMSG_ALIGN(nlh->nlmsg_len) + NLA_ALIGN(nla->nla_len);
}

static void put_u32(struct nlmsghdr *nlh, uint16_t type, uint32_t val)
{
	put_attr(nlh, type, &val, sizeof(val));
}

int report_open(void)
{
	return socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);
}

int report_send(int fd, uint16_t family, uint64_t token, int uts_fd,
		const struct step_failure *fail)
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
	/* the whole message, not its header: the attributes follow it */
	struct nlmsghdr *req = (struct nlmsghdr *)&msg;
	struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };
	char buf[1024];
	struct nlmsghdr *nlh = (struct nlmsghdr *)buf;
	ssize_t len;

	put_attr(req, NSBOX_A_REPORT_TOKEN, &token, sizeof(token));
	if (uts_fd >= 0)
		put_u32(req, NSBOX_A_REPORT_UTS_FD, uts_fd);
	if (fail) {
		put_u32(req, NSBOX_A_REPORT_ERRNO, fail->err);
		put_u32(req, NSBOX_A_REPORT_STEP, fail->index);
	}

	if (sendto(fd, &msg, msg.nlh.nlmsg_len, 0, (struct sockaddr *)&kernel,
		   sizeof(kernel)) < 0)
		return -1;
	do {
		len = recv(fd, buf, sizeof(buf), 0);
	} while (len < 0 && errno == EINTR);
	if (len < (ssize_t)NLMSG_LENGTH(sizeof(struct nlmsgerr)) ||
	    nlh->nlmsg_type != NLMSG_ERROR)
		return -1;
	return ((struct nlmsgerr *)NLMSG_DATA(nlh))->error;
}

/*
 * No ACK is asked for: the module may send the first job before it would
 * come, and a refusal arrives as an error message all the same.
 */
int report_serving(int fd, uint16_t family, uint64_t token)
{
	struct report_msg msg = {
		.nlh = {
			.nlmsg_len = NLMSG_LENGTH(GENL_HDRLEN),
			.nlmsg_type = family,
			.nlmsg_flags = NLM_F_REQUEST,
			.nlmsg_seq = 1,
		},
		.genl = {
			.cmd = NSBOX_CMD_HELPER_REPORT,
			.version = NSBOX_GENL_VERSION,
		},
	};
	struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };

	put_attr(&msg.nlh, NSBOX_A_REPORT_TOKEN, &token, sizeof(token));
	put_attr(&msg.nlh, NSBOX_A_REPORT_SERVE, NULL, 0);
	if (sendto(fd, &msg, msg.nlh.nlmsg_len, 0, (struct sockaddr *)&kernel,
		   sizeof(kernel)) < 0)
		return -1;
	return 0;
}

int report(uint16_t family, uint64_t token, int uts_fd, const struct step_failure *fail)
{
	int fd, err;

	fd = report_open();
	if (fd < 0)
		return -1;
	err = report_send(fd, family, token, uts_fd, fail);
	close(fd);
	return err;
}
