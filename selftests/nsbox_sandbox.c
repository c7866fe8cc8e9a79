// SPDX-License-Identifier: GPL-2.0
/*
 * Sandboxes over raw generic netlink: what the kernel hands out is real.
 * The namespace fds it installs are the sandbox's namespaces (same inode as
 * reported), the hostname is set in its UTS namespace, loopback is up in its
 * network namespace, and a create that fails validation leaves nothing.
 */

#include <fcntl.h>
#include <net/if.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "kselftest_harness.h"
#include "nsbox_genl.h"

#define NLA_U32(nla) (*(uint32_t *)((char *)(nla) + NLA_HDRLEN))

FIXTURE(sandbox) {
	int fd;
	int family;
	char name[32];
	struct genl_req req;
	struct genl_result res;
};

FIXTURE_SETUP(sandbox)
{
	self->fd = genl_socket();
	ASSERT_LE(0, self->fd);
	self->family = genl_family_id(self->fd, NSBOX_GENL_NAME);
	if (self->family < 0)
		SKIP(return, "nsbox family not registered");
	snprintf(self->name, sizeof(self->name), "t%d", getpid());
}

FIXTURE_TEARDOWN(sandbox)
{
	struct genl_result res;
	struct genl_req req;

	genl_req_init(&req, self->family, NSBOX_CMD_SANDBOX_DEL, 0);
	genl_put_str(&req, NSBOX_A_SANDBOX_NAME, self->name);
	genl_talk(self->fd, &req, &res);
	close(self->fd);
}

static int create(int fd, int family, const char *name, const char *host,
		  struct genl_result *res)
{
	struct genl_req req;

	genl_req_init(&req, family, NSBOX_CMD_SANDBOX_NEW, 0);
	genl_put_str(&req, NSBOX_A_SANDBOX_NAME, name);
	if (host)
		genl_put_str(&req, NSBOX_A_SANDBOX_HOSTNAME, host);
	if (genl_talk(fd, &req, res))
		return -EIO;
	return res->error;
}

/* In a child: enter @fd's namespace and run @check; its status is the verdict. */
static int in_ns(int nsfd, int nstype, int (*check)(const void *), const void *arg)
{
	int status;
	pid_t pid = fork();

	if (pid < 0)
		return -1;
	if (pid == 0)
		_exit(setns(nsfd, nstype) ? 100 : check(arg));
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

static int hostname_is(const void *want)
{
	char host[128] = "";

	gethostname(host, sizeof(host));
	return strcmp(host, want) ? 1 : 0;
}

static int loopback_up(const void *unused)
{
	struct ifreq ifr = { .ifr_name = "lo" };
	int s = socket(AF_INET, SOCK_DGRAM, 0);

	if (s < 0 || ioctl(s, SIOCGIFFLAGS, &ifr))
		return 2;
	return (ifr.ifr_flags & IFF_UP) ? 0 : 1;
}

TEST_F(sandbox, create_reply_describes_it)
{
	struct nlattr *nla;

	ASSERT_EQ(0, create(self->fd, self->family, self->name, NULL, &self->res));
	ASSERT_LT(0, self->res.reply_len);
	nla = genl_reply_attr(&self->res, NSBOX_A_SANDBOX_NAME);
	ASSERT_NE(NULL, nla);
	EXPECT_STREQ(self->name, (char *)nla + NLA_HDRLEN);
	nla = genl_reply_attr(&self->res, NSBOX_A_SANDBOX_STATE);
	ASSERT_NE(NULL, nla);
	EXPECT_EQ(NSBOX_SANDBOX_STATE_READY, NLA_U32(nla));
	EXPECT_NE(NULL, genl_reply_attr(&self->res, NSBOX_A_SANDBOX_ID));
	EXPECT_NE(NULL, genl_reply_attr(&self->res, NSBOX_A_SANDBOX_NETNS_INODE));
	EXPECT_NE(NULL, genl_reply_attr(&self->res, NSBOX_A_SANDBOX_CREATED_NS));
	/* no fds unless asked */
	EXPECT_EQ(NULL, genl_reply_attr(&self->res, NSBOX_A_SANDBOX_NETNS_FD));
}

TEST_F(sandbox, namespace_fds_are_the_sandbox)
{
	struct nlattr *inode, *netfd, *utsfd;
	struct stat st;

	ASSERT_EQ(0, create(self->fd, self->family, self->name, "box-1", &self->res));

	genl_req_init(&self->req, self->family, NSBOX_CMD_SANDBOX_GET, 0);
	genl_put_str(&self->req, NSBOX_A_SANDBOX_NAME, self->name);
	genl_put(&self->req, NSBOX_A_SANDBOX_WANT_NSFDS, NULL, 0);
	ASSERT_EQ(0, genl_talk(self->fd, &self->req, &self->res));
	ASSERT_EQ(0, self->res.error);

	inode = genl_reply_attr(&self->res, NSBOX_A_SANDBOX_NETNS_INODE);
	netfd = genl_reply_attr(&self->res, NSBOX_A_SANDBOX_NETNS_FD);
	utsfd = genl_reply_attr(&self->res, NSBOX_A_SANDBOX_UTS_FD);
	ASSERT_NE(NULL, inode);
	ASSERT_NE(NULL, netfd);
	ASSERT_NE(NULL, utsfd);

	ASSERT_EQ(0, fstat(NLA_U32(netfd), &st));
	EXPECT_EQ(NLA_U32(inode), st.st_ino);
	/* handed out close-on-exec */
	EXPECT_EQ(FD_CLOEXEC, fcntl(NLA_U32(netfd), F_GETFD) & FD_CLOEXEC);
	EXPECT_EQ(FD_CLOEXEC, fcntl(NLA_U32(utsfd), F_GETFD) & FD_CLOEXEC);

	EXPECT_EQ(0, in_ns(NLA_U32(utsfd), CLONE_NEWUTS, hostname_is, "box-1"));
	EXPECT_EQ(0, in_ns(NLA_U32(netfd), CLONE_NEWNET, loopback_up, NULL));
	close(NLA_U32(netfd));
	close(NLA_U32(utsfd));
}

TEST_F(sandbox, no_uts_without_hostname)
{
	struct nlattr *flags;

	ASSERT_EQ(0, create(self->fd, self->family, self->name, NULL, &self->res));
	genl_req_init(&self->req, self->family, NSBOX_CMD_SANDBOX_GET, 0);
	genl_put_str(&self->req, NSBOX_A_SANDBOX_NAME, self->name);
	genl_put(&self->req, NSBOX_A_SANDBOX_WANT_NSFDS, NULL, 0);
	ASSERT_EQ(0, genl_talk(self->fd, &self->req, &self->res));
	ASSERT_EQ(0, self->res.error);
	EXPECT_EQ(NULL, genl_reply_attr(&self->res, NSBOX_A_SANDBOX_UTS_FD));
	flags = genl_reply_attr(&self->res, NSBOX_A_SANDBOX_FLAGS);
	ASSERT_NE(NULL, flags);
	EXPECT_EQ(0, NLA_U32(flags) & NSBOX_SANDBOX_F_UTS);
	close(NLA_U32(genl_reply_attr(&self->res, NSBOX_A_SANDBOX_NETNS_FD)));
}

TEST_F(sandbox, duplicate_is_eexist)
{
	ASSERT_EQ(0, create(self->fd, self->family, self->name, NULL, &self->res));
	EXPECT_EQ(-EEXIST, create(self->fd, self->family, self->name, NULL, &self->res));
	EXPECT_NE(NULL, strstr(self->res.msg, "already exists"));
	EXPECT_LE(0, self->res.bad_attr_off);
}

TEST_F(sandbox, get_by_id_and_delete_by_id)
{
	struct nlattr *id;
	uint32_t idv;

	ASSERT_EQ(0, create(self->fd, self->family, self->name, NULL, &self->res));
	id = genl_reply_attr(&self->res, NSBOX_A_SANDBOX_ID);
	ASSERT_NE(NULL, id);
	idv = NLA_U32(id);

	genl_req_init(&self->req, self->family, NSBOX_CMD_SANDBOX_GET, 0);
	genl_put_u32(&self->req, NSBOX_A_SANDBOX_ID, idv);
	ASSERT_EQ(0, genl_talk(self->fd, &self->req, &self->res));
	EXPECT_EQ(0, self->res.error);

	genl_req_init(&self->req, self->family, NSBOX_CMD_SANDBOX_DEL, 0);
	genl_put_u32(&self->req, NSBOX_A_SANDBOX_ID, idv);
	ASSERT_EQ(0, genl_talk(self->fd, &self->req, &self->res));
	EXPECT_EQ(0, self->res.error);

	genl_req_init(&self->req, self->family, NSBOX_CMD_SANDBOX_GET, 0);
	genl_put_u32(&self->req, NSBOX_A_SANDBOX_ID, idv);
	ASSERT_EQ(0, genl_talk(self->fd, &self->req, &self->res));
	EXPECT_EQ(-ENOENT, self->res.error);
}

/* A sandbox is seen only from the network namespace that created it. */
TEST_F(sandbox, invisible_from_other_netns)
{
	int status;
	pid_t pid;

	ASSERT_EQ(0, create(self->fd, self->family, self->name, NULL, &self->res));
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		struct genl_result res;
		struct genl_req req;
		int fd;

		if (unshare(CLONE_NEWNET))
			_exit(2);
		fd = genl_socket();
		genl_req_init(&req, self->family, NSBOX_CMD_SANDBOX_GET, 0);
		genl_put_str(&req, NSBOX_A_SANDBOX_NAME, self->name);
		if (genl_talk(fd, &req, &res) || res.error != -ENOENT)
			_exit(3);
		genl_req_init(&req, self->family, NSBOX_CMD_SANDBOX_DEL, 0);
		genl_put_str(&req, NSBOX_A_SANDBOX_NAME, self->name);
		if (genl_talk(fd, &req, &res) || res.error != -ENOENT)
			_exit(4);
		/* the same name is free there */
		if (create(fd, self->family, self->name, NULL, &res))
			_exit(5);
		_exit(0);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	EXPECT_EQ(0, WEXITSTATUS(status));

	genl_req_init(&self->req, self->family, NSBOX_CMD_SANDBOX_GET, 0);
	genl_put_str(&self->req, NSBOX_A_SANDBOX_NAME, self->name);
	ASSERT_EQ(0, genl_talk(self->fd, &self->req, &self->res));
	EXPECT_EQ(0, self->res.error);
}

/*
 * Dumps: many sandboxes span several messages, each listed once, in id
 * order; a change between two parts marks the later parts NLM_F_DUMP_INTR.
 */
#define DUMP_N 300

static int dump_part(int fd, int *entries, int *intr, uint32_t *last_id, int *dups)
{
	static char buf[65536];
	struct nlmsghdr *nlh;
	ssize_t len;

	len = recv(fd, buf, sizeof(buf), 0);
	if (len < 0)
		return -errno;
	for (nlh = (struct nlmsghdr *)buf; NLMSG_OK(nlh, len); nlh = NLMSG_NEXT(nlh, len)) {
		struct genl_result one = { 0 };
		struct nlattr *id;

		if (nlh->nlmsg_type == NLMSG_DONE)
			return 1;
		if (nlh->nlmsg_type == NLMSG_ERROR)
			return -EPROTO;
		if (nlh->nlmsg_flags & NLM_F_DUMP_INTR)
			(*intr)++;
		memcpy(one.reply, nlh, nlh->nlmsg_len);
		one.reply_len = nlh->nlmsg_len;
		id = genl_reply_attr(&one, NSBOX_A_SANDBOX_ID);
		if (id && NLA_U32(id) <= *last_id)
			(*dups)++;
		if (id)
			*last_id = NLA_U32(id);
		(*entries)++;
	}
	return 0;
}

TEST(dump_many_parts_and_intr)
{
	int fd, family, i, err, parts = 0, entries = 0, intr = 0, dups = 0, n = 0;
	struct genl_result res;
	uint32_t last_id = 0;
	struct genl_req req;
	char name[32];

	fd = genl_socket();
	ASSERT_LE(0, fd);
	family = genl_family_id(fd, NSBOX_GENL_NAME);
	if (family < 0)
		SKIP(return, "nsbox family not registered");

	for (i = 0; i < DUMP_N; i++) {
		snprintf(name, sizeof(name), "d%d-%d", getpid(), i);
		if (create(fd, family, name, NULL, &res))
			break;
		n++;
	}
	ASSERT_EQ(DUMP_N, n);

	genl_req_init(&req, family, NSBOX_CMD_SANDBOX_GET, NLM_F_DUMP);
	req.nlh.nlmsg_flags &= ~NLM_F_ACK;
	ASSERT_LT(0, send(fd, &req.nlh, req.nlh.nlmsg_len, 0));

	/* the first part, then a change, then the rest */
	err = dump_part(fd, &entries, &intr, &last_id, &dups);
	parts++;
	ASSERT_EQ(0, err);
	EXPECT_EQ(0, intr);
	snprintf(name, sizeof(name), "d%d-extra", getpid());
	{
		/* a second socket, so the dump in progress is not disturbed */
		int fd2 = genl_socket();

		ASSERT_EQ(0, create(fd2, family, name, NULL, &res));
		close(fd2);
	}
	while ((err = dump_part(fd, &entries, &intr, &last_id, &dups)) == 0)
		parts++;
	ASSERT_EQ(1, err);
	parts++;

	TH_LOG("%d entries in %d parts, %d marked", entries, parts, intr);
	EXPECT_LE(3, parts);
	EXPECT_LE(DUMP_N, entries);
	EXPECT_EQ(0, dups);
	EXPECT_LT(0, intr);

	/* an undisturbed dump is not marked and lists every one exactly once */
	ASSERT_LT(0, send(fd, &req.nlh, req.nlh.nlmsg_len, 0));
	entries = intr = dups = 0;
	last_id = 0;
	while ((err = dump_part(fd, &entries, &intr, &last_id, &dups)) == 0)
		;
	ASSERT_EQ(1, err);
	EXPECT_EQ(0, intr);
	EXPECT_EQ(0, dups);
	EXPECT_LE(DUMP_N + 1, entries);

	for (i = 0; i < DUMP_N; i++) {
		snprintf(name, sizeof(name), "d%d-%d", getpid(), i);
		genl_req_init(&req, family, NSBOX_CMD_SANDBOX_DEL, 0);
		genl_put_str(&req, NSBOX_A_SANDBOX_NAME, name);
		genl_talk(fd, &req, &res);
	}
	snprintf(name, sizeof(name), "d%d-extra", getpid());
	genl_req_init(&req, family, NSBOX_CMD_SANDBOX_DEL, 0);
	genl_put_str(&req, NSBOX_A_SANDBOX_NAME, name);
	genl_talk(fd, &req, &res);
	close(fd);
}

TEST_HARNESS_MAIN
