// SPDX-License-Identifier: GPL-2.0
/*
 * The report to the module: one NSBOX_CMD_HELPER_REPORT request over the
 * nsbox generic netlink family, answered by the module's ACK.
 */

#include <errno.h>
#include <stdint.h>
#include <unistd.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <linux/nsbox.h>

#include "helper.h"
#include "nsnl.h"
#include "steps.h"

/* The largest report: token, UTS fd, errno and step. */
#define REPORT_SIZE	(NLMSG_LENGTH(GENL_HDRLEN) + NLA_HDRLEN + sizeof(uint64_t) + \
			 3 * NLA_ALIGN(NLA_HDRLEN + sizeof(uint32_t)))

static void report_init(struct nsnl_msg *m, void *buf, uint16_t family, uint64_t token)
{
	nsnl_genl_init(m, buf, REPORT_SIZE, family, 0, NSBOX_CMD_HELPER_REPORT,
		     NSBOX_GENL_VERSION);
	nsnl_put_u64(m, NSBOX_A_REPORT_TOKEN, token);
}

int report_open(void)
{
	int fd = nsnl_open(NETLINK_GENERIC);

	return fd < 0 ? -1 : fd;
}

int report_send(int fd, uint16_t family, uint64_t token, int uts_fd,
		const struct step_failure *fail)
{
	uint32_t buf[REPORT_SIZE / sizeof(uint32_t)];
	struct nsnl_msg m;
	int err;

	report_init(&m, buf, family, token);
	if (uts_fd >= 0)
		nsnl_put_u32(&m, NSBOX_A_REPORT_UTS_FD, uts_fd);
	if (fail) {
		nsnl_put_u32(&m, NSBOX_A_REPORT_ERRNO, fail->err);
		nsnl_put_u32(&m, NSBOX_A_REPORT_STEP, fail->index);
	}
	err = nsnl_talk(fd, &m, NULL, NULL);
	/* no answer at all: the caller cannot tell what the module thought */
	return err == -ENODATA || err == -EMSGSIZE ? -1 : err;
}

/*
 * No ACK is asked for: the module may send the first job before it would
 * come, and a refusal arrives as an error message all the same.
 */
int report_serving(int fd, uint16_t family, uint64_t token)
{
	uint32_t buf[REPORT_SIZE / sizeof(uint32_t)];
	struct nsnl_msg m;

	report_init(&m, buf, family, token);
	nsnl_put_flag(&m, NSBOX_A_REPORT_SERVE);
	return nsnl_send(fd, &m) ? -1 : 0;
}
