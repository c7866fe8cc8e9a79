// SPDX-License-Identifier: GPL-2.0
/*
 * The nsbox family's contract, over raw generic netlink: replies carry what
 * the spec says, strict policies refuse what they should with an extack
 * message pointing at the attribute, and only privileged callers get in.
 */

#include <grp.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <arpa/inet.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <linux/capability.h>

#include "kselftest_harness.h"
#include "nsbox_genl.h"

#define NLA_DATA_PTR(nla) ((char *)(nla) + NLA_HDRLEN)

FIXTURE(genl) {
	int fd;
	int family;
	struct genl_req req;
	struct genl_result res;
};

FIXTURE_SETUP(genl)
{
	self->fd = genl_socket();
	ASSERT_LE(0, self->fd);
	/* the module is loaded when these run: no family is a failure */
	self->family = genl_family_id(self->fd, NSBOX_GENL_NAME);
	ASSERT_LT(0, self->family);
}

FIXTURE_TEARDOWN(genl)
{
	close(self->fd);
}

static int talk(struct __test_metadata *_metadata, int fd, struct genl_req *req,
		struct genl_result *res)
{
	int err = genl_talk(fd, req, res);

	EXPECT_EQ(0, err);
	if (res->error)
		TH_LOG("kernel: %s (error %d)", res->msg, res->error);
	return res->error;
}

TEST_F(genl, info_reply)
{
	struct nlattr *nla;

	genl_req_init(&self->req, self->family, NSBOX_CMD_INFO_GET, 0);
	ASSERT_EQ(0, talk(_metadata, self->fd, &self->req, &self->res));
	ASSERT_LT(0, self->res.reply_len);

	nla = genl_reply_attr(&self->res, NSBOX_A_INFO_MODULE_VERSION);
	ASSERT_NE(NULL, nla);
	EXPECT_LT(1, nla->nla_len - NLA_HDRLEN);
	nla = genl_reply_attr(&self->res, NSBOX_A_INFO_FAMILY_VERSION);
	ASSERT_NE(NULL, nla);
	EXPECT_EQ(NSBOX_GENL_VERSION, *(uint32_t *)NLA_DATA_PTR(nla));
	nla = genl_reply_attr(&self->res, NSBOX_A_INFO_HELPER_PATH);
	ASSERT_NE(NULL, nla);
	EXPECT_EQ('/', *(char *)NLA_DATA_PTR(nla));
	nla = genl_reply_attr(&self->res, NSBOX_A_INFO_NAME_MAX);
	ASSERT_NE(NULL, nla);
	EXPECT_EQ(NSBOX_NAME_MAX, *(uint32_t *)NLA_DATA_PTR(nla));
	EXPECT_NE(NULL, genl_reply_attr(&self->res, NSBOX_A_INFO_MAX_SANDBOXES));
	EXPECT_NE(NULL, genl_reply_attr(&self->res, NSBOX_A_INFO_SANDBOXES));
	EXPECT_NE(NULL, genl_reply_attr(&self->res, NSBOX_A_INFO_HELPERS));
	EXPECT_NE(NULL, genl_reply_attr(&self->res, NSBOX_A_INFO_HELPER_TIMEOUT_MS));
}

TEST_F(genl, unknown_attribute_refused)
{
	uint32_t v = 1;

	genl_req_init(&self->req, self->family, NSBOX_CMD_INFO_GET, 0);
	genl_put(&self->req, 200, &v, sizeof(v));
	EXPECT_EQ(-EINVAL, talk(_metadata, self->fd, &self->req, &self->res));
	EXPECT_NE(0, self->res.msg[0]);
	EXPECT_LE(0, self->res.bad_attr_off);
}

TEST_F(genl, reply_attribute_in_request_refused)
{
	genl_req_init(&self->req, self->family, NSBOX_CMD_INFO_GET, 0);
	genl_put_str(&self->req, NSBOX_A_INFO_MODULE_VERSION, "1.0");
	EXPECT_EQ(-EINVAL, talk(_metadata, self->fd, &self->req, &self->res));
	EXPECT_NE(0, self->res.msg[0]);
}

TEST_F(genl, oversized_name_refused)
{
	char name[200];

	memset(name, 'a', sizeof(name) - 1);
	name[sizeof(name) - 1] = 0;
	genl_req_init(&self->req, self->family, NSBOX_CMD_SANDBOX_NEW, 0);
	genl_put_str(&self->req, NSBOX_A_SANDBOX_NAME, name);
	EXPECT_GT(0, talk(_metadata, self->fd, &self->req, &self->res));
	EXPECT_NE(0, self->res.msg[0]);
	EXPECT_LE(0, self->res.bad_attr_off);
}

TEST_F(genl, short_u32_refused)
{
	uint16_t v = 1;
	int err;

	genl_req_init(&self->req, self->family, NSBOX_CMD_SANDBOX_NEW, 0);
	genl_put_str(&self->req, NSBOX_A_SANDBOX_NAME, "x");
	genl_put(&self->req, NSBOX_A_SANDBOX_FLAGS, &v, sizeof(v));
	/* 6.1 says EINVAL, later kernels ERANGE: refused either way */
	err = talk(_metadata, self->fd, &self->req, &self->res);
	EXPECT_TRUE(err == -EINVAL || err == -ERANGE);
	EXPECT_NE(0, self->res.msg[0]);
}

TEST_F(genl, truncated_attribute_refused)
{
	struct nlattr *nla;

	genl_req_init(&self->req, self->family, NSBOX_CMD_SANDBOX_NEW, 0);
	nla = genl_put(&self->req, NSBOX_A_SANDBOX_NAME, "abcd", 5);
	nla->nla_len = 64;	/* claims more than the message holds */
	EXPECT_GT(0, talk(_metadata, self->fd, &self->req, &self->res));
	EXPECT_NE(0, self->res.msg[0]);
}

TEST_F(genl, unterminated_string_refused)
{
	genl_req_init(&self->req, self->family, NSBOX_CMD_SANDBOX_NEW, 0);
	genl_put(&self->req, NSBOX_A_SANDBOX_NAME, "abcd", 4);
	EXPECT_EQ(-EINVAL, talk(_metadata, self->fd, &self->req, &self->res));
	EXPECT_NE(0, self->res.msg[0]);
}

TEST_F(genl, unknown_command_refused)
{
	genl_req_init(&self->req, self->family, 99, 0);
	EXPECT_EQ(-EOPNOTSUPP, talk(_metadata, self->fd, &self->req, &self->res));
}

TEST_F(genl, reserved_header_field_refused)
{
	genl_req_init(&self->req, self->family, NSBOX_CMD_INFO_GET, 0);
	self->req.genl.reserved = 1;
	EXPECT_EQ(-EINVAL, talk(_metadata, self->fd, &self->req, &self->res));
}

TEST_F(genl, missing_name_refused)
{
	genl_req_init(&self->req, self->family, NSBOX_CMD_SANDBOX_NEW, 0);
	EXPECT_EQ(-EINVAL, talk(_metadata, self->fd, &self->req, &self->res));
	EXPECT_NE(0, self->res.msg[0]);
	EXPECT_EQ(NSBOX_A_SANDBOX_NAME, self->res.miss_type);
}

TEST_F(genl, bad_name_refused)
{
	static const char * const bad[] = { "", "a/b", "..", ".", "a b", "tab\tx", "é" };
	unsigned int i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		genl_req_init(&self->req, self->family, NSBOX_CMD_SANDBOX_NEW, 0);
		genl_put_str(&self->req, NSBOX_A_SANDBOX_NAME, bad[i]);
		EXPECT_EQ(-EINVAL, talk(_metadata, self->fd, &self->req, &self->res));
		EXPECT_NE(NULL, strstr(self->res.msg, "sandbox name"));
		EXPECT_LE(0, self->res.bad_attr_off);
	}
}

TEST_F(genl, bad_hostname_refused)
{
	genl_req_init(&self->req, self->family, NSBOX_CMD_SANDBOX_NEW, 0);
	genl_put_str(&self->req, NSBOX_A_SANDBOX_NAME, "ok");
	genl_put_str(&self->req, NSBOX_A_SANDBOX_HOSTNAME, "no spaces");
	EXPECT_EQ(-EINVAL, talk(_metadata, self->fd, &self->req, &self->res));
	EXPECT_NE(NULL, strstr(self->res.msg, "hostname"));
}

TEST_F(genl, unknown_flag_refused)
{
	genl_req_init(&self->req, self->family, NSBOX_CMD_SANDBOX_NEW, 0);
	genl_put_str(&self->req, NSBOX_A_SANDBOX_NAME, "ok");
	genl_put_u32(&self->req, NSBOX_A_SANDBOX_FLAGS, 1u << 20);
	EXPECT_EQ(-EINVAL, talk(_metadata, self->fd, &self->req, &self->res));
	EXPECT_NE(0, self->res.msg[0]);
}

TEST_F(genl, owned_and_publish_refused)
{
	genl_req_init(&self->req, self->family, NSBOX_CMD_SANDBOX_NEW, 0);
	genl_put_str(&self->req, NSBOX_A_SANDBOX_NAME, "ok");
	genl_put_u32(&self->req, NSBOX_A_SANDBOX_FLAGS,
		     NSBOX_SANDBOX_F_OWNED | NSBOX_SANDBOX_F_PUBLISH);
	EXPECT_EQ(-EINVAL, talk(_metadata, self->fd, &self->req, &self->res));
	EXPECT_NE(NULL, strstr(self->res.msg, "owned"));
}

TEST_F(genl, del_needs_one_selector)
{
	genl_req_init(&self->req, self->family, NSBOX_CMD_SANDBOX_DEL, 0);
	EXPECT_EQ(-EINVAL, talk(_metadata, self->fd, &self->req, &self->res));
	EXPECT_NE(NULL, strstr(self->res.msg, "exactly one"));

	genl_req_init(&self->req, self->family, NSBOX_CMD_SANDBOX_DEL, 0);
	genl_put_u32(&self->req, NSBOX_A_SANDBOX_ID, 1);
	genl_put_str(&self->req, NSBOX_A_SANDBOX_NAME, "x");
	EXPECT_EQ(-EINVAL, talk(_metadata, self->fd, &self->req, &self->res));
	EXPECT_NE(NULL, strstr(self->res.msg, "exactly one"));
}

TEST_F(genl, missing_sandbox_is_enoent)
{
	genl_req_init(&self->req, self->family, NSBOX_CMD_SANDBOX_GET, 0);
	genl_put_str(&self->req, NSBOX_A_SANDBOX_NAME, "no-such-sandbox");
	EXPECT_EQ(-ENOENT, talk(_metadata, self->fd, &self->req, &self->res));
	EXPECT_NE(0, self->res.msg[0]);

	genl_req_init(&self->req, self->family, NSBOX_CMD_SANDBOX_DEL, 0);
	genl_put_u32(&self->req, NSBOX_A_SANDBOX_ID, 0x7ffffff0);
	EXPECT_EQ(-ENOENT, talk(_metadata, self->fd, &self->req, &self->res));
}

/* Only the helper the module launched may report, with its token. */
TEST_F(genl, forged_report_refused)
{
	uint64_t token = 0x1234567890abcdefULL;

	genl_req_init(&self->req, self->family, NSBOX_CMD_HELPER_REPORT, 0);
	genl_put(&self->req, NSBOX_A_REPORT_TOKEN, &token, sizeof(token));
	EXPECT_EQ(-ESRCH, talk(_metadata, self->fd, &self->req, &self->res));
	EXPECT_NE(0, self->res.msg[0]);

	genl_req_init(&self->req, self->family, NSBOX_CMD_HELPER_REPORT, 0);
	EXPECT_EQ(-EINVAL, talk(_metadata, self->fd, &self->req, &self->res));
	EXPECT_EQ(NSBOX_A_REPORT_TOKEN, self->res.miss_type);
	EXPECT_NE(0, self->res.msg[0]);
}

/* A helper's job goes only to the helper the module launched, by its token. */
TEST_F(genl, forged_job_get_refused)
{
	uint64_t token = 0x1234567890abcdefULL;

	genl_req_init(&self->req, self->family, NSBOX_CMD_HELPER_JOB_GET, 0);
	genl_put(&self->req, NSBOX_A_REPORT_TOKEN, &token, sizeof(token));
	EXPECT_EQ(-ESRCH, talk(_metadata, self->fd, &self->req, &self->res));
	EXPECT_NE(0, self->res.msg[0]);

	genl_req_init(&self->req, self->family, NSBOX_CMD_HELPER_JOB_GET, 0);
	EXPECT_EQ(-EINVAL, talk(_metadata, self->fd, &self->req, &self->res));
	EXPECT_EQ(NSBOX_A_REPORT_TOKEN, self->res.miss_type);
	EXPECT_NE(0, self->res.msg[0]);
}

/*
 * Each op has a policy of its own, generated from the spec's request list
 * (kernel/netlink-gen.c): an attribute of its set that another op takes,
 * and it does not, is refused by the core, EINVAL with the extack pointing
 * at it. Each request is one the op would otherwise answer (about a
 * sandbox that does not exist, or with a forged token), which it does once
 * the stray attribute is left out: the refusal is the policy's.
 */
TEST_F(genl, attribute_of_another_op_refused)
{
	static const uint64_t token = 0x1234567890abcdefULL;
	static const uint32_t net = 0x0000620a;	/* 10.98.0.0, network order */
	static const uint8_t net_len = 16;
	static const struct {
		const char *what;
		uint8_t cmd;
		int answer;		/* without the stray attribute */
	} ops[] = {
		{ "link-del with link-new's mtu", NSBOX_CMD_LINK_DEL, -ENOENT },
		{ "prog-kill with prog-exec's path", NSBOX_CMD_PROG_KILL, -ENOENT },
		{ "route-del with route-new's replace", NSBOX_CMD_ROUTE_DEL, -ENOENT },
		{ "sandbox-del with sandbox-get's want-nsfds", NSBOX_CMD_SANDBOX_DEL, -ENOENT },
		{ "helper-report with helper-job's arg", NSBOX_CMD_HELPER_REPORT, -ESRCH },
		{ "helper-job-get with helper-report's errno", NSBOX_CMD_HELPER_JOB_GET, -ESRCH },
	};
	const char *sandbox = "no-such-sandbox";
	unsigned int i, stray;

	for (i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
		for (stray = 0; stray < 2; stray++) {
			struct nlattr *bad = NULL;
			int err;

			genl_req_init(&self->req, self->family, ops[i].cmd, 0);
			switch (ops[i].cmd) {
			case NSBOX_CMD_LINK_DEL:
				genl_put_str(&self->req, NSBOX_A_LINK_SANDBOX, sandbox);
				genl_put_str(&self->req, NSBOX_A_LINK_IFNAME, "ct0");
				if (stray)
					bad = genl_put(&self->req, NSBOX_A_LINK_MTU,
						       &(uint32_t){ 1400 }, 4);
				break;
			case NSBOX_CMD_PROG_KILL:
				genl_put_str(&self->req, NSBOX_A_PROG_SANDBOX, sandbox);
				if (stray)
					bad = genl_put(&self->req, NSBOX_A_PROG_PATH, "/bin/true",
						       sizeof("/bin/true"));
				genl_put_str(&self->req, NSBOX_A_PROG_NAME, "d0");
				genl_put_u32(&self->req, NSBOX_A_PROG_SIGNAL, SIGTERM);
				break;
			case NSBOX_CMD_ROUTE_DEL:
				genl_put_str(&self->req, NSBOX_A_ROUTE_SANDBOX, sandbox);
				genl_put(&self->req, NSBOX_A_ROUTE_DST, &net, sizeof(net));
				genl_put(&self->req, NSBOX_A_ROUTE_DST_LEN, &net_len, 1);
				genl_put_str(&self->req, NSBOX_A_ROUTE_IFNAME, "lo");
				if (stray)
					bad = genl_put(&self->req, NSBOX_A_ROUTE_REPLACE, NULL, 0);
				break;
			case NSBOX_CMD_SANDBOX_DEL:
				if (stray)
					bad = genl_put(&self->req, NSBOX_A_SANDBOX_WANT_NSFDS,
						       NULL, 0);
				genl_put_str(&self->req, NSBOX_A_SANDBOX_NAME, sandbox);
				break;
			case NSBOX_CMD_HELPER_REPORT:
				genl_put(&self->req, NSBOX_A_REPORT_TOKEN, &token, sizeof(token));
				if (stray)
					bad = genl_put(&self->req, NSBOX_A_REPORT_ARG, "create",
						       sizeof("create"));
				break;
			case NSBOX_CMD_HELPER_JOB_GET:
				genl_put(&self->req, NSBOX_A_REPORT_TOKEN, &token, sizeof(token));
				if (stray) {
					uint32_t eio = EIO;

					bad = genl_put(&self->req, NSBOX_A_REPORT_ERRNO, &eio,
						       sizeof(eio));
				}
				break;
			}
			err = talk(_metadata, self->fd, &self->req, &self->res);
			if (!stray) {
				EXPECT_EQ(ops[i].answer, err) {
					TH_LOG("%s, left out: not the op's own answer", ops[i].what);
				}
				continue;
			}
			EXPECT_EQ(-EINVAL, err) {
				TH_LOG("%s: taken", ops[i].what);
			}
			/* the core's words: past the op's last attribute, or one it has not */
			EXPECT_TRUE(strstr(self->res.msg, "Unknown attribute type") ||
				    strstr(self->res.msg, "Unsupported attribute")) {
				TH_LOG("%s: message \"%s\"", ops[i].what, self->res.msg);
			}
			EXPECT_EQ((char *)bad - (char *)&self->req, self->res.bad_attr_off) {
				TH_LOG("%s: the extack does not point at it", ops[i].what);
			}
		}
	}
}

/*
 * SANDBOX_GET's dump takes no attributes (the do's selectors included):
 * refused, in the NLMSG_DONE that ends it, or in an ack before it starts.
 */
TEST_F(genl, dump_takes_no_attributes)
{
	int err = 1, done = 0;
	char buf[16384];
	ssize_t len;

	genl_req_init(&self->req, self->family, NSBOX_CMD_SANDBOX_GET, NLM_F_DUMP);
	genl_put_str(&self->req, NSBOX_A_SANDBOX_NAME, "x");
	ASSERT_LT(0, send(self->fd, &self->req.nlh, self->req.nlh.nlmsg_len, 0));
	while (!done) {
		struct nlmsghdr *nlh;

		len = recv(self->fd, buf, sizeof(buf), 0);
		ASSERT_LT(0, len);
		for (nlh = (struct nlmsghdr *)buf; NLMSG_OK(nlh, len); nlh = NLMSG_NEXT(nlh, len)) {
			if (nlh->nlmsg_type == NLMSG_DONE || nlh->nlmsg_type == NLMSG_ERROR) {
				memcpy(&err, NLMSG_DATA(nlh), sizeof(err));
				/* an ack of the request would follow a dump: none asked */
				done = nlh->nlmsg_type == NLMSG_DONE || err;
			}
		}
	}
	EXPECT_EQ(-EINVAL, err);
}

/*
 * What each NSBOX_CMD_* of the uapi header is: a request the family takes
 * (an op), or a message only the module sends. A command added to the header
 * and not here is unclassified, and ops_match_the_header fails until it is.
 */
enum { CMD_OP = 1, CMD_MODULE_SENDS };

static const struct {
	const char *name;
	int kind;
} cmds[NSBOX_CMD_MAX + 1] = {
#define CMD(_cmd, _kind) [NSBOX_CMD_##_cmd] = { #_cmd, _kind }
	CMD(INFO_GET, CMD_OP),
	CMD(SANDBOX_NEW, CMD_OP),
	CMD(SANDBOX_DEL, CMD_OP),
	CMD(SANDBOX_GET, CMD_OP),
	CMD(HELPER_REPORT, CMD_OP),
	CMD(SANDBOX_CREATE_NTF, CMD_MODULE_SENDS),
	CMD(SANDBOX_DELETE_NTF, CMD_MODULE_SENDS),
	CMD(LINK_NEW, CMD_OP),
	CMD(LINK_DEL, CMD_OP),
	CMD(ADDR_NEW, CMD_OP),
	CMD(ADDR_DEL, CMD_OP),
	CMD(ROUTE_NEW, CMD_OP),
	CMD(ROUTE_DEL, CMD_OP),
	CMD(LINK_CREATE_NTF, CMD_MODULE_SENDS),
	CMD(LINK_DELETE_NTF, CMD_MODULE_SENDS),
	CMD(PROG_EXEC, CMD_OP),
	CMD(PROG_RUN, CMD_OP),
	CMD(PROG_KILL, CMD_OP),
	CMD(PROG_EXIT_NTF, CMD_MODULE_SENDS),
	CMD(HELPER_JOB, CMD_MODULE_SENDS),
	CMD(HELPER_JOB_GET, CMD_OP),
	CMD(LINK_GET, CMD_OP),
	CMD(ADDR_GET, CMD_OP),
	CMD(ROUTE_GET, CMD_OP),
	CMD(PROG_GET, CMD_OP),
	CMD(LINK_MOVE, CMD_OP),
	CMD(LINK_RELEASE, CMD_OP),
	CMD(SYSCTL_SET, CMD_OP),
	CMD(SYSCTL_GET, CMD_OP),
	CMD(NEIGH_NEW, CMD_OP),
	CMD(NEIGH_DEL, CMD_OP),
	CMD(NEIGH_GET, CMD_OP),
	CMD(LINK_SET, CMD_OP),
	CMD(LINK_CHANGE_NTF, CMD_MODULE_SENDS),
	CMD(PROG_RESTART_NTF, CMD_MODULE_SENDS),
#undef CMD
};

static const char *cmd_name(uint32_t cmd)
{
	return cmd <= NSBOX_CMD_MAX && cmds[cmd].name ? cmds[cmd].name : "(not in the header)";
}

/* The error ending a dump: 0 for NLMSG_DONE with no error. */
static int dump_result(struct __test_metadata *_metadata, int fd)
{
	int err = 1, done = 0;
	char buf[16384];
	ssize_t len;

	while (!done) {
		struct nlmsghdr *nlh;

		len = recv(fd, buf, sizeof(buf), 0);
		if (len <= 0)
			return -EIO;
		for (nlh = (struct nlmsghdr *)buf; NLMSG_OK(nlh, len); nlh = NLMSG_NEXT(nlh, len)) {
			if (nlh->nlmsg_type == NLMSG_DONE || nlh->nlmsg_type == NLMSG_ERROR) {
				memcpy(&err, NLMSG_DATA(nlh), sizeof(err));
				done = nlh->nlmsg_type == NLMSG_DONE || err;
			}
		}
	}
	return err;
}

/*
 * The dumps of links, addresses, routes, programs, sysctls and neighbours
 * take a sandbox to list, and nothing else; one that names no sandbox is
 * ENOENT.
 */
TEST_F(genl, record_dumps_take_a_sandbox_only)
{
	static const struct {
		uint8_t cmd;
		uint16_t sandbox, other;
	} dumps[] = {
		{ NSBOX_CMD_LINK_GET, NSBOX_A_LINK_SANDBOX, NSBOX_A_LINK_IFNAME },
		{ NSBOX_CMD_ADDR_GET, NSBOX_A_ADDR_SANDBOX, NSBOX_A_ADDR_IFNAME },
		{ NSBOX_CMD_ROUTE_GET, NSBOX_A_ROUTE_SANDBOX, NSBOX_A_ROUTE_IFNAME },
		{ NSBOX_CMD_PROG_GET, NSBOX_A_PROG_SANDBOX, NSBOX_A_PROG_NAME },
		{ NSBOX_CMD_SYSCTL_GET, NSBOX_A_SYSCTL_SANDBOX, NSBOX_A_SYSCTL_KEY },
		{ NSBOX_CMD_NEIGH_GET, NSBOX_A_NEIGH_SANDBOX, NSBOX_A_NEIGH_IFNAME },
	};
	unsigned int i;

	for (i = 0; i < sizeof(dumps) / sizeof(dumps[0]); i++) {
		genl_req_init(&self->req, self->family, dumps[i].cmd, NLM_F_DUMP);
		genl_put_str(&self->req, dumps[i].sandbox, "no-such-sandbox");
		ASSERT_LT(0, send(self->fd, &self->req.nlh, self->req.nlh.nlmsg_len, 0));
		EXPECT_EQ(-ENOENT, dump_result(_metadata, self->fd)) {
			TH_LOG("%s: a dump of no sandbox", cmd_name(dumps[i].cmd));
		}

		genl_req_init(&self->req, self->family, dumps[i].cmd, NLM_F_DUMP);
		genl_put_str(&self->req, dumps[i].other, "x");
		ASSERT_LT(0, send(self->fd, &self->req.nlh, self->req.nlh.nlmsg_len, 0));
		EXPECT_EQ(-EINVAL, dump_result(_metadata, self->fd)) {
			TH_LOG("%s: a dump given another attribute", cmd_name(dumps[i].cmd));
		}

		genl_req_init(&self->req, self->family, dumps[i].cmd, NLM_F_DUMP);
		ASSERT_LT(0, send(self->fd, &self->req.nlh, self->req.nlh.nlmsg_len, 0));
		EXPECT_EQ(0, dump_result(_metadata, self->fd)) {
			TH_LOG("%s: a dump of every sandbox", cmd_name(dumps[i].cmd));
		}
	}
}

#define MAX_OPS 64

/*
 * The family's ops as the genl controller lists them, checked against the
 * header: every op of the header is registered, nothing else is, and every
 * one needs CAP_NET_ADMIN (GENL_ADMIN_PERM). Returns how many.
 */
static int family_ops(struct __test_metadata *_metadata, int fd, struct genl_op *ops)
{
	bool listed[NSBOX_CMD_MAX + 1] = { false };
	uint32_t cmd;
	int i, n;

	n = genl_family_ops(fd, NSBOX_GENL_NAME, ops, MAX_OPS);
	EXPECT_LT(0, n) {
		TH_LOG("the controller lists no ops of %s: %d", NSBOX_GENL_NAME, n);
		return n;
	}
	for (i = 0; i < n; i++) {
		cmd = ops[i].cmd;
		EXPECT_TRUE(cmd <= NSBOX_CMD_MAX && cmds[cmd].kind == CMD_OP) {
			TH_LOG("op %u (%s) is registered but not an op of the header",
			       cmd, cmd_name(cmd));
		}
		if (cmd <= NSBOX_CMD_MAX) {
			EXPECT_FALSE(listed[cmd]) {
				TH_LOG("op %u (%s) listed twice", cmd, cmd_name(cmd));
			}
			listed[cmd] = true;
		}
		EXPECT_TRUE(ops[i].flags & GENL_ADMIN_PERM) {
			TH_LOG("op %s does not need CAP_NET_ADMIN", cmd_name(cmd));
		}
		EXPECT_TRUE(ops[i].flags & (GENL_CMD_CAP_DO | GENL_CMD_CAP_DUMP)) {
			TH_LOG("op %s has neither do nor dump", cmd_name(cmd));
		}
	}
	for (cmd = NSBOX_CMD_INFO_GET; cmd <= NSBOX_CMD_MAX; cmd++) {
		EXPECT_NE(0, cmds[cmd].kind) {
			TH_LOG("command %u of the header is not classified here", cmd);
		}
		EXPECT_EQ(cmds[cmd].kind == CMD_OP, listed[cmd]) {
			TH_LOG("%s: an op of the header %s", cmd_name(cmd),
			       listed[cmd] ? "is registered but marked sent by the module here" :
			       "is not registered");
		}
	}
	return n;
}

TEST_F(genl, ops_match_the_header)
{
	struct genl_op ops[MAX_OPS];
	int i, n;

	n = family_ops(_metadata, self->fd, ops);
	ASSERT_LT(0, n);
	for (i = 0; i < n; i++) {
		if (ops[i].cmd == NSBOX_CMD_SANDBOX_GET)
			EXPECT_EQ(GENL_CMD_CAP_DO | GENL_CMD_CAP_DUMP,
				  ops[i].flags & (GENL_CMD_CAP_DO | GENL_CMD_CAP_DUMP));
	}
}

/*
 * Privileges: a sandbox with a daemon running in it, made as root, and what
 * callers with less may do to it. The requests are well formed, so that
 * only the privilege check stands between each and its effect.
 */
#define PRIV_PREFIX "ctnl-"
#define DAEMON "ctd"

FIXTURE(privs) {
	int fd;
	int family;
	char name[32];		/* the sandbox */
	char spare[40];		/* names the callers try to create */
	char empty[40];
	uint32_t prog_id;
	uint32_t prog_pid;
	bool created;
};

static int del_sandbox(int fd, int family, const char *name, struct genl_result *res)
{
	struct genl_req req;

	genl_req_init(&req, family, NSBOX_CMD_SANDBOX_DEL, 0);
	genl_put_str(&req, NSBOX_A_SANDBOX_NAME, name);
	if (genl_talk(fd, &req, res))
		return -EIO;
	return res->error;
}

FIXTURE_SETUP(privs)
{
	struct genl_result res;
	struct genl_req req;
	struct nlattr *nla;

	self->fd = genl_socket();
	ASSERT_LE(0, self->fd);
	self->family = genl_family_id(self->fd, NSBOX_GENL_NAME);
	ASSERT_LT(0, self->family);
	snprintf(self->name, sizeof(self->name), PRIV_PREFIX "%d", getpid());
	snprintf(self->spare, sizeof(self->spare), "%s-new", self->name);
	snprintf(self->empty, sizeof(self->empty), "%s-empty", self->name);

	genl_req_init(&req, self->family, NSBOX_CMD_SANDBOX_NEW, 0);
	genl_put_str(&req, NSBOX_A_SANDBOX_NAME, self->name);
	ASSERT_EQ(0, talk(_metadata, self->fd, &req, &res));
	self->created = true;

	genl_req_init(&req, self->family, NSBOX_CMD_PROG_RUN, 0);
	genl_put_str(&req, NSBOX_A_PROG_SANDBOX, self->name);
	genl_put_str(&req, NSBOX_A_PROG_PATH, "/bin/sleep");
	genl_put_str(&req, NSBOX_A_PROG_ARG, "sleep");
	genl_put_str(&req, NSBOX_A_PROG_ARG, "1000");
	genl_put_str(&req, NSBOX_A_PROG_NAME, DAEMON);
	ASSERT_EQ(0, talk(_metadata, self->fd, &req, &res));
	nla = genl_reply_attr(&res, NSBOX_A_PROG_ID);
	ASSERT_NE(NULL, nla);
	self->prog_id = genl_nla_u32(nla);
	nla = genl_reply_attr(&res, NSBOX_A_PROG_PID);
	ASSERT_NE(NULL, nla);
	self->prog_pid = genl_nla_u32(nla);
}

FIXTURE_TEARDOWN(privs)
{
	struct genl_result res;
	int err;

	/* what the callers were refused to create must not exist */
	EXPECT_EQ(-ENOENT, del_sandbox(self->fd, self->family, self->spare, &res));
	EXPECT_EQ(-ENOENT, del_sandbox(self->fd, self->family, self->empty, &res));
	if (self->created) {
		/* root may delete it, with its daemon */
		err = del_sandbox(self->fd, self->family, self->name, &res);
		EXPECT_EQ(0, err) {
			TH_LOG("deleting %s: %s", self->name, res.msg);
		}
		EXPECT_EQ(-ENOENT, del_sandbox(self->fd, self->family, self->name, &res));
	}
	close(self->fd);
}

/* A well-formed request of @cmd, about the fixture's sandbox. */
static void op_request(FIXTURE_DATA(privs) *self, struct genl_req *r, uint8_t cmd, bool dump)
{
	uint32_t ip = htonl(0x0a630001), net = htonl(0x0a620000);
	uint64_t token = 0x1234567890abcdefULL;
	uint8_t len;

	genl_req_init(r, self->family, cmd, dump ? NLM_F_DUMP : 0);
	if (dump)
		return;
	switch (cmd) {
	case NSBOX_CMD_SANDBOX_NEW:
		genl_put_str(r, NSBOX_A_SANDBOX_NAME, self->spare);
		break;
	case NSBOX_CMD_SANDBOX_DEL:
	case NSBOX_CMD_SANDBOX_GET:
		genl_put_str(r, NSBOX_A_SANDBOX_NAME, self->name);
		break;
	case NSBOX_CMD_HELPER_REPORT:
	case NSBOX_CMD_HELPER_JOB_GET:
		genl_put(r, NSBOX_A_REPORT_TOKEN, &token, sizeof(token));
		break;
	case NSBOX_CMD_LINK_NEW:
	case NSBOX_CMD_LINK_DEL:
	case NSBOX_CMD_LINK_SET:
		genl_put_str(r, NSBOX_A_LINK_SANDBOX, self->name);
		genl_put_str(r, NSBOX_A_LINK_IFNAME, "ct0");
		if (cmd == NSBOX_CMD_LINK_NEW)
			genl_put_u32(r, NSBOX_A_LINK_TYPE, NSBOX_LINK_TYPE_TUN);
		if (cmd == NSBOX_CMD_LINK_SET)
			genl_put(r, NSBOX_A_LINK_UP, &(uint8_t){ 1 }, 1);
		break;
	case NSBOX_CMD_ADDR_NEW:
	case NSBOX_CMD_ADDR_DEL:
		len = 32;
		genl_put_str(r, NSBOX_A_ADDR_SANDBOX, self->name);
		genl_put_str(r, NSBOX_A_ADDR_IFNAME, "lo");
		genl_put(r, NSBOX_A_ADDR_ADDRESS, &ip, sizeof(ip));
		genl_put(r, NSBOX_A_ADDR_PREFIXLEN, &len, sizeof(len));
		break;
	case NSBOX_CMD_ROUTE_NEW:
	case NSBOX_CMD_ROUTE_DEL:
		len = 16;
		genl_put_str(r, NSBOX_A_ROUTE_SANDBOX, self->name);
		genl_put(r, NSBOX_A_ROUTE_DST, &net, sizeof(net));
		genl_put(r, NSBOX_A_ROUTE_DST_LEN, &len, sizeof(len));
		genl_put_str(r, NSBOX_A_ROUTE_IFNAME, "lo");
		break;
	case NSBOX_CMD_PROG_EXEC:
		genl_put_str(r, NSBOX_A_PROG_SANDBOX, self->name);
		genl_put_str(r, NSBOX_A_PROG_PATH, "/bin/true");
		genl_put_str(r, NSBOX_A_PROG_ARG, "true");
		break;
	case NSBOX_CMD_PROG_RUN:
		genl_put_str(r, NSBOX_A_PROG_SANDBOX, self->name);
		genl_put_str(r, NSBOX_A_PROG_PATH, "/bin/sleep");
		genl_put_str(r, NSBOX_A_PROG_ARG, "sleep");
		genl_put_str(r, NSBOX_A_PROG_ARG, "1001");
		genl_put_str(r, NSBOX_A_PROG_NAME, DAEMON "2");
		break;
	case NSBOX_CMD_PROG_KILL:
		genl_put_str(r, NSBOX_A_PROG_SANDBOX, self->name);
		genl_put_str(r, NSBOX_A_PROG_NAME, DAEMON);
		genl_put_u32(r, NSBOX_A_PROG_SIGNAL, SIGKILL);
		break;
	case NSBOX_CMD_LINK_MOVE:
		genl_put_str(r, NSBOX_A_LINK_SANDBOX, self->name);
		genl_put_str(r, NSBOX_A_LINK_HOST_IFNAME, "lo");
		break;
	case NSBOX_CMD_LINK_RELEASE:
		genl_put_str(r, NSBOX_A_LINK_SANDBOX, self->name);
		genl_put_str(r, NSBOX_A_LINK_IFNAME, "ct0");
		break;
	case NSBOX_CMD_SYSCTL_SET:
		genl_put_str(r, NSBOX_A_SYSCTL_SANDBOX, self->name);
		genl_put_str(r, NSBOX_A_SYSCTL_KEY, "net.ipv4.ip_forward");
		genl_put_str(r, NSBOX_A_SYSCTL_VALUE, "1");
		break;
	case NSBOX_CMD_NEIGH_NEW:
	case NSBOX_CMD_NEIGH_DEL:
		genl_put_str(r, NSBOX_A_NEIGH_SANDBOX, self->name);
		genl_put_str(r, NSBOX_A_NEIGH_IFNAME, "ct0");
		genl_put(r, NSBOX_A_NEIGH_ADDRESS, &ip, sizeof(ip));
		genl_put(r, NSBOX_A_NEIGH_LLADDR, "\x02\0\0\0\0\x01", 6);
		break;
	}
}

struct attempt {
	struct genl_req req;
	char what[48];
	int want;		/* the error expected, or 0 */
	const char *want_msg;	/* in the extack message, or NULL */
};

struct outcome {
	int error;
	char msg[256];
};

#define MAX_ATTEMPTS 80

/* As uid/gid 65534 with no groups and the capabilities @caps only; 0 or -1. */
static int become_nobody(uint64_t caps)
{
	struct __user_cap_header_struct hdr = { .version = _LINUX_CAPABILITY_VERSION_3 };
	struct __user_cap_data_struct data[2];

	if (prctl(PR_SET_KEEPCAPS, 1) || setgroups(0, NULL) || setgid(65534) || setuid(65534))
		return -1;
	memset(data, 0, sizeof(data));
	data[0].permitted = (uint32_t)caps;
	data[1].permitted = (uint32_t)(caps >> 32);
	data[0].effective = data[0].permitted;
	data[1].effective = data[1].permitted;
	if (syscall(SYS_capset, &hdr, data))
		return -1;
	/* and nothing more */
	memset(data, 0, sizeof(data));
	if (syscall(SYS_capget, &hdr, data) ||
	    (data[0].effective | (uint64_t)data[1].effective << 32) != caps ||
	    (data[0].permitted | (uint64_t)data[1].permitted << 32) != caps ||
	    data[0].inheritable || data[1].inheritable || getuid() != 65534 || geteuid() != 65534)
		return -1;
	return 0;
}

/*
 * Send @n requests as nobody with @caps, from a socket opened so (the
 * socket's opener counts too), and check each outcome.
 */
static void attempt_all(struct __test_metadata *_metadata, uint64_t caps,
			struct attempt *a, int n)
{
	static struct outcome out[MAX_ATTEMPTS];
	int pfd[2], status, i;
	ssize_t got = 0, len;
	pid_t pid;

	ASSERT_GE(MAX_ATTEMPTS, n);
	ASSERT_EQ(0, pipe(pfd));
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		struct genl_result res;
		int fd;

		close(pfd[0]);
		if (become_nobody(caps))
			_exit(2);
		fd = genl_socket();
		if (fd < 0)
			_exit(3);
		for (i = 0; i < n; i++) {
			memset(&out[i], 0, sizeof(out[i]));
			if (genl_talk(fd, &a[i].req, &res)) {
				out[i].error = 1;	/* not an answer */
			} else {
				out[i].error = res.error;
				snprintf(out[i].msg, sizeof(out[i].msg), "%s", res.msg);
			}
			if (write(pfd[1], &out[i], sizeof(out[i])) != sizeof(out[i]))
				_exit(4);
		}
		_exit(0);
	}
	close(pfd[1]);
	while (got < (ssize_t)(n * sizeof(out[0])) &&
	       (len = read(pfd[0], (char *)out + got, n * sizeof(out[0]) - got)) > 0)
		got += len;
	close(pfd[0]);
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_TRUE(WIFEXITED(status)) {
		TH_LOG("the caller ended with wait status %#x", status);
	}
	ASSERT_EQ(0, WEXITSTATUS(status)) {
		TH_LOG("the caller failed at step %d", WEXITSTATUS(status));
	}
	ASSERT_EQ(n * sizeof(out[0]), (size_t)got);

	for (i = 0; i < n; i++) {
		EXPECT_EQ(a[i].want, out[i].error) {
			TH_LOG("%s: error %d (%s), not %d", a[i].what, out[i].error,
			       out[i].msg, a[i].want);
		}
		if (a[i].want_msg)
			EXPECT_NE(NULL, strstr(out[i].msg, a[i].want_msg)) {
				TH_LOG("%s: the message \"%s\" does not say %s", a[i].what,
				       out[i].msg, a[i].want_msg);
			}
	}
}

/* The fixture's sandbox is as it was: there, and its daemon in it. */
static void sandbox_unharmed(struct __test_metadata *_metadata, FIXTURE_DATA(privs) *self)
{
	struct genl_result res;
	struct genl_req req;
	struct nlattr *nla;

	genl_req_init(&req, self->family, NSBOX_CMD_SANDBOX_GET, 0);
	genl_put_str(&req, NSBOX_A_SANDBOX_NAME, self->name);
	ASSERT_EQ(0, talk(_metadata, self->fd, &req, &res));
	nla = genl_reply_attr(&res, NSBOX_A_SANDBOX_LINKS);
	ASSERT_NE(NULL, nla);
	EXPECT_EQ(0, genl_nla_u32(nla));
	nla = genl_reply_attr(&res, NSBOX_A_SANDBOX_PROGRAMS);
	ASSERT_NE(NULL, nla);
	EXPECT_EQ(1, genl_nla_u32(nla));
	/* the daemon was not signalled */
	EXPECT_EQ(0, kill(self->prog_pid, 0));
}

/*
 * Every op of the family, as the controller lists them (checked against
 * the header), done and dumped as the op allows, as uid 65534 with no
 * capabilities: EPERM. The commands only the module sends are no ops.
 */
TEST_F(privs, unprivileged_gets_eperm)
{
	static const uint8_t must[] = {
		NSBOX_CMD_PROG_EXEC, NSBOX_CMD_PROG_RUN, NSBOX_CMD_PROG_KILL,
		NSBOX_CMD_HELPER_REPORT, NSBOX_CMD_SANDBOX_GET,
	};
	static struct attempt a[MAX_ATTEMPTS];
	struct genl_op ops[MAX_OPS];
	bool dumped_get = false;
	int i, j, n, na = 0;
	uint32_t cmd;

	n = family_ops(_metadata, self->fd, ops);
	ASSERT_LT(0, n);
	for (i = 0; i < n; i++) {
		for (j = 0; j < 2; j++) {
			bool dump = j;

			if (!(ops[i].flags & (dump ? GENL_CMD_CAP_DUMP : GENL_CMD_CAP_DO)))
				continue;
			ASSERT_GT(MAX_ATTEMPTS, na);
			op_request(self, &a[na].req, ops[i].cmd, dump);
			snprintf(a[na].what, sizeof(a[na].what), "%s %s", cmd_name(ops[i].cmd),
				 dump ? "dump" : "do");
			a[na].want = -EPERM;
			a[na].want_msg = NULL;
			na++;
			if (dump && ops[i].cmd == NSBOX_CMD_SANDBOX_GET)
				dumped_get = true;
		}
	}
	/* the module's own messages are refused as no op at all */
	for (cmd = NSBOX_CMD_INFO_GET; cmd <= NSBOX_CMD_MAX; cmd++) {
		if (cmds[cmd].kind != CMD_MODULE_SENDS)
			continue;
		ASSERT_GT(MAX_ATTEMPTS, na);
		op_request(self, &a[na].req, cmd, false);
		snprintf(a[na].what, sizeof(a[na].what), "%s (sent by the module)", cmd_name(cmd));
		a[na].want = -EOPNOTSUPP;
		a[na].want_msg = NULL;
		na++;
	}
	for (i = 0; i < (int)sizeof(must); i++) {
		for (j = 0; j < n && ops[j].cmd != must[i]; j++)
			;
		EXPECT_GT(n, j) {
			TH_LOG("%s is not tried", cmd_name(must[i]));
		}
	}
	EXPECT_TRUE(dumped_get);
	TH_LOG("%d requests for %d ops", na, n);

	attempt_all(_metadata, 0, a, na);
	sandbox_unharmed(_metadata, self);
}

/*
 * CAP_NET_ADMIN alone: the family's ops, but not launching programs nor
 * signalling them, not even by deleting the sandbox they run in, while an
 * empty sandbox it may delete.
 */
TEST_F(privs, net_admin_cannot_launch_or_signal)
{
	static struct attempt a[16];
	int na = 0;

#define TRY(_what, _want, _msg) do {					\
		snprintf(a[na].what, sizeof(a[na].what), "%s", _what);	\
		a[na].want = _want;					\
		a[na].want_msg = _msg;					\
		na++;							\
	} while (0)

	/* it has CAP_NET_ADMIN: an op that needs only that is done */
	op_request(self, &a[na].req, NSBOX_CMD_SANDBOX_GET, false);
	TRY("SANDBOX_GET", 0, NULL);
	op_request(self, &a[na].req, NSBOX_CMD_PROG_EXEC, false);
	TRY("PROG_EXEC", -EPERM, "CAP_SYS_ADMIN");
	op_request(self, &a[na].req, NSBOX_CMD_PROG_RUN, false);
	TRY("PROG_RUN", -EPERM, "CAP_SYS_ADMIN");
	op_request(self, &a[na].req, NSBOX_CMD_PROG_KILL, false);
	TRY("PROG_KILL by name", -EPERM, "CAP_SYS_ADMIN");
	genl_req_init(&a[na].req, self->family, NSBOX_CMD_PROG_KILL, 0);
	genl_put_str(&a[na].req, NSBOX_A_PROG_SANDBOX, self->name);
	genl_put_u32(&a[na].req, NSBOX_A_PROG_ID, self->prog_id);
	TRY("PROG_KILL by id", -EPERM, "CAP_SYS_ADMIN");
	op_request(self, &a[na].req, NSBOX_CMD_SANDBOX_DEL, false);
	TRY("SANDBOX_DEL with a program running", -EPERM, "CAP_SYS_ADMIN");
	/* a sandbox with no programs it may make and delete */
	genl_req_init(&a[na].req, self->family, NSBOX_CMD_SANDBOX_NEW, 0);
	genl_put_str(&a[na].req, NSBOX_A_SANDBOX_NAME, self->empty);
	TRY("SANDBOX_NEW", 0, NULL);
	genl_req_init(&a[na].req, self->family, NSBOX_CMD_SANDBOX_DEL, 0);
	genl_put_str(&a[na].req, NSBOX_A_SANDBOX_NAME, self->empty);
	TRY("SANDBOX_DEL of an empty sandbox", 0, NULL);
#undef TRY

	attempt_all(_metadata, 1ULL << CAP_NET_ADMIN, a, na);
	sandbox_unharmed(_metadata, self);
}

/*
 * Last (fixtures run in the order they are defined): the requests above
 * that were to be refused created nothing, and the privileges tests left
 * no sandbox.
 */
struct leftovers {
	int n;
	char first[NSBOX_NAME_MAX + 1];
};

static void count_leftover(struct genl_result *one, void *arg)
{
	struct nlattr *nla = genl_reply_attr(one, NSBOX_A_SANDBOX_NAME);
	struct leftovers *l = arg;
	const char *name;

	if (!nla)
		return;
	name = (char *)nla + NLA_HDRLEN;
	if (!strcmp(name, "x") || !strcmp(name, "ok") ||
	    !strncmp(name, PRIV_PREFIX, strlen(PRIV_PREFIX))) {
		if (!l->n++)
			snprintf(l->first, sizeof(l->first), "%s", name);
	}
}

FIXTURE(leftover) {
	int fd;
	int family;
};

FIXTURE_SETUP(leftover)
{
	self->fd = genl_socket();
	ASSERT_LE(0, self->fd);
	self->family = genl_family_id(self->fd, NSBOX_GENL_NAME);
	ASSERT_LT(0, self->family);
}

FIXTURE_TEARDOWN(leftover)
{
	close(self->fd);
}

TEST_F(leftover, no_sandbox_left)
{
	struct leftovers l = { 0 };

	ASSERT_EQ(0, genl_sandbox_dump(self->fd, self->family, count_leftover, &l));
	EXPECT_EQ(0, l.n) {
		TH_LOG("%d sandboxes left, %s the first", l.n, l.first);
	}
}

TEST_HARNESS_MAIN
