// SPDX-License-Identifier: GPL-2.0
/*
 * The nsbox family's contract, over raw generic netlink: replies carry what
 * the spec says, strict policies refuse what they should with an extack
 * message pointing at the attribute, and only privileged callers get in.
 */

#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>

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
	self->family = genl_family_id(self->fd, NSBOX_GENL_NAME);
	if (self->family < 0)
		SKIP(return, "nsbox family not registered (module not loaded?)");
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

/* Every op, as uid 65534 with no capabilities: EPERM, in the child. */
TEST_F(genl, unprivileged_gets_eperm)
{
	static const uint8_t cmds[] = {
		NSBOX_CMD_INFO_GET, NSBOX_CMD_SANDBOX_NEW, NSBOX_CMD_SANDBOX_DEL,
		NSBOX_CMD_SANDBOX_GET, NSBOX_CMD_HELPER_REPORT,
	};
	int status;
	pid_t pid;

	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		struct genl_result res;
		struct genl_req req;
		unsigned int i;
		int fd, bad = 0;

		if (setgroups(0, NULL) || setgid(65534) || setuid(65534))
			_exit(2);
		fd = genl_socket();
		if (fd < 0)
			_exit(3);
		for (i = 0; i < sizeof(cmds); i++) {
			genl_req_init(&req, self->family, cmds[i], 0);
			genl_put_str(&req, NSBOX_A_SANDBOX_NAME, "x");
			if (genl_talk(fd, &req, &res) || res.error != -EPERM) {
				fprintf(stderr, "# cmd %u: error %d\n", cmds[i], res.error);
				bad++;
			}
		}
		_exit(bad ? 1 : 0);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	EXPECT_TRUE(WIFEXITED(status));
	EXPECT_EQ(0, WEXITSTATUS(status));
}

TEST_HARNESS_MAIN
