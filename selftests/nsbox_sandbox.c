// SPDX-License-Identifier: GPL-2.0
/*
 * Sandboxes over raw generic netlink: what the kernel hands out is real.
 * The namespace fds it installs are the sandbox's namespaces (same inode as
 * reported), the hostname is set in its UTS namespace, loopback is up in its
 * network namespace, and a create that fails validation leaves nothing.
 *
 * Every sandbox made here is named NAME_PREFIX..., deleted by the test that
 * made it (teardowns check that the delete succeeded), and the last test
 * checks that none is left.
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

#define NLA_U32(nla) genl_nla_u32(nla)

/* the names of the sandboxes made here all start so */
#define NAME_PREFIX "ctsb-"

/*
 * Delete sandbox @name (made in @fd's network namespace) and check that it
 * is gone: 0, or what went wrong as -errno. For teardowns, which must not
 * ASSERT (that would jump back into the test).
 */
static int delete_checked(int fd, int family, const char *name)
{
	struct genl_result res;
	struct genl_req req;

	genl_req_init(&req, family, NSBOX_CMD_SANDBOX_DEL, 0);
	genl_put_str(&req, NSBOX_A_SANDBOX_NAME, name);
	if (genl_talk(fd, &req, &res))
		return -EIO;
	if (res.error)
		return res.error;
	genl_req_init(&req, family, NSBOX_CMD_SANDBOX_GET, 0);
	genl_put_str(&req, NSBOX_A_SANDBOX_NAME, name);
	if (genl_talk(fd, &req, &res))
		return -EIO;
	return res.error == -ENOENT ? 0 : -EEXIST;
}

FIXTURE(sandbox) {
	int fd;
	int family;
	char name[32];
	bool created;		/* self->name exists: the teardown deletes it */
	struct genl_req req;
	struct genl_result res;
};

FIXTURE_SETUP(sandbox)
{
	self->fd = genl_socket();
	ASSERT_LE(0, self->fd);
	/* the module is loaded when these run: no family is a failure */
	self->family = genl_family_id(self->fd, NSBOX_GENL_NAME);
	ASSERT_LT(0, self->family);
	snprintf(self->name, sizeof(self->name), NAME_PREFIX "%d", getpid());
}

FIXTURE_TEARDOWN(sandbox)
{
	if (self->created) {
		EXPECT_EQ(0, delete_checked(self->fd, self->family, self->name)) {
			TH_LOG("sandbox %s left behind", self->name);
		}
	}
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

/* Create self->name, for the teardown to delete; 0 or -errno. */
static int create_self(FIXTURE_DATA(sandbox) *self, const char *host)
{
	int err = create(self->fd, self->family, self->name, host, &self->res);

	if (!err)
		self->created = true;
	return err;
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

	if (gethostname(host, sizeof(host)))
		return 2;
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

	ASSERT_EQ(0, create_self(self, NULL));
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

	ASSERT_EQ(0, create_self(self, "box-1"));

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
	struct nlattr *flags, *netfd;

	ASSERT_EQ(0, create_self(self, NULL));
	genl_req_init(&self->req, self->family, NSBOX_CMD_SANDBOX_GET, 0);
	genl_put_str(&self->req, NSBOX_A_SANDBOX_NAME, self->name);
	genl_put(&self->req, NSBOX_A_SANDBOX_WANT_NSFDS, NULL, 0);
	ASSERT_EQ(0, genl_talk(self->fd, &self->req, &self->res));
	ASSERT_EQ(0, self->res.error);
	EXPECT_EQ(NULL, genl_reply_attr(&self->res, NSBOX_A_SANDBOX_UTS_FD));
	flags = genl_reply_attr(&self->res, NSBOX_A_SANDBOX_FLAGS);
	ASSERT_NE(NULL, flags);
	EXPECT_EQ(0, NLA_U32(flags) & NSBOX_SANDBOX_F_UTS);
	/* the network namespace's fd was asked for too */
	netfd = genl_reply_attr(&self->res, NSBOX_A_SANDBOX_NETNS_FD);
	ASSERT_NE(NULL, netfd);
	close(NLA_U32(netfd));
}

TEST_F(sandbox, duplicate_is_eexist)
{
	ASSERT_EQ(0, create_self(self, NULL));
	EXPECT_EQ(-EEXIST, create_self(self, NULL));
	EXPECT_NE(NULL, strstr(self->res.msg, "already exists"));
	EXPECT_LE(0, self->res.bad_attr_off);
}

TEST_F(sandbox, get_by_id_and_delete_by_id)
{
	struct nlattr *id, *nla;
	uint32_t idv;

	ASSERT_EQ(0, create_self(self, NULL));
	id = genl_reply_attr(&self->res, NSBOX_A_SANDBOX_ID);
	ASSERT_NE(NULL, id);
	idv = NLA_U32(id);

	genl_req_init(&self->req, self->family, NSBOX_CMD_SANDBOX_GET, 0);
	genl_put_u32(&self->req, NSBOX_A_SANDBOX_ID, idv);
	ASSERT_EQ(0, genl_talk(self->fd, &self->req, &self->res));
	ASSERT_EQ(0, self->res.error);
	/* the one with that id */
	nla = genl_reply_attr(&self->res, NSBOX_A_SANDBOX_NAME);
	ASSERT_NE(NULL, nla);
	EXPECT_STREQ(self->name, (char *)nla + NLA_HDRLEN);
	nla = genl_reply_attr(&self->res, NSBOX_A_SANDBOX_ID);
	ASSERT_NE(NULL, nla);
	EXPECT_EQ(idv, NLA_U32(nla));

	genl_req_init(&self->req, self->family, NSBOX_CMD_SANDBOX_DEL, 0);
	genl_put_u32(&self->req, NSBOX_A_SANDBOX_ID, idv);
	ASSERT_EQ(0, genl_talk(self->fd, &self->req, &self->res));
	ASSERT_EQ(0, self->res.error);
	self->created = false;

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

	ASSERT_EQ(0, create_self(self, NULL));
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		struct genl_result res;
		struct genl_req req;
		int fd;

		if (unshare(CLONE_NEWNET))
			_exit(2);
		fd = genl_socket();
		if (fd < 0)
			_exit(6);
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
		/* and deleted there, not left to the namespace's end */
		if (delete_checked(fd, self->family, self->name))
			_exit(7);
		_exit(0);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_TRUE(WIFEXITED(status)) {
		TH_LOG("the child ended with wait status %#x", status);
	}
	EXPECT_EQ(0, WEXITSTATUS(status));

	genl_req_init(&self->req, self->family, NSBOX_CMD_SANDBOX_GET, 0);
	genl_put_str(&self->req, NSBOX_A_SANDBOX_NAME, self->name);
	ASSERT_EQ(0, genl_talk(self->fd, &self->req, &self->res));
	EXPECT_EQ(0, self->res.error);
}

/*
 * Dumps: many sandboxes span several messages, each listed once, in id
 * order; a change between two parts marks the later parts NLM_F_DUMP_INTR.
 *
 * The dump is read on a socket of its own, never with more than
 * DUMP_RECV_LEN at a time: the kernel sizes each part by the largest read
 * the socket has made (netlink_dump(), at most 32 KiB), so a part holds
 * some 36 entries of about 112 bytes, and DUMP_N entries make at least 3
 * parts without creating hundreds of sandboxes (0.3 s each on the debug
 * kernel).
 */
#define DUMP_N 120
#define DUMP_RECV_LEN 4096

struct dump_count {
	const char *prefix;	/* the names counted in @ours */
	int entries, ours, intr, dups, noid;
	uint32_t last_id;
};

static int dump_part(int fd, struct dump_count *c)
{
	static char buf[DUMP_RECV_LEN];
	struct nlmsghdr *nlh;
	ssize_t len;

	len = recv(fd, buf, sizeof(buf), 0);
	if (len < 0)
		return -errno;
	for (nlh = (struct nlmsghdr *)buf; NLMSG_OK(nlh, len); nlh = NLMSG_NEXT(nlh, len)) {
		struct genl_result one = { 0 };
		struct nlattr *id, *name;

		if (nlh->nlmsg_type == NLMSG_DONE)
			return 1;
		if (nlh->nlmsg_type == NLMSG_ERROR)
			return -EPROTO;
		if (nlh->nlmsg_len > sizeof(one.reply))
			return -EMSGSIZE;
		if (nlh->nlmsg_flags & NLM_F_DUMP_INTR)
			c->intr++;
		memcpy(one.reply, nlh, nlh->nlmsg_len);
		one.reply_len = nlh->nlmsg_len;
		id = genl_reply_attr(&one, NSBOX_A_SANDBOX_ID);
		if (!id)
			c->noid++;
		else if (NLA_U32(id) <= c->last_id)
			c->dups++;
		if (id)
			c->last_id = NLA_U32(id);
		name = genl_reply_attr(&one, NSBOX_A_SANDBOX_NAME);
		if (name && !strncmp((char *)name + NLA_HDRLEN, c->prefix, strlen(c->prefix)))
			c->ours++;
		c->entries++;
	}
	return 0;
}

FIXTURE(dump) {
	int fd;
	int family;
	char prefix[32];
	int made;		/* PREFIX0 .. PREFIX<made - 1> exist */
	bool extra;		/* and PREFIXextra */
};

FIXTURE_SETUP(dump)
{
	self->fd = genl_socket();
	ASSERT_LE(0, self->fd);
	self->family = genl_family_id(self->fd, NSBOX_GENL_NAME);
	ASSERT_LT(0, self->family);
	snprintf(self->prefix, sizeof(self->prefix), NAME_PREFIX "d%d-", getpid());
}

FIXTURE_TEARDOWN(dump)
{
	char name[48];
	int i, left = 0;

	for (i = 0; i < self->made; i++) {
		snprintf(name, sizeof(name), "%s%d", self->prefix, i);
		if (delete_checked(self->fd, self->family, name))
			left++;
	}
	if (self->extra) {
		snprintf(name, sizeof(name), "%sextra", self->prefix);
		if (delete_checked(self->fd, self->family, name))
			left++;
	}
	EXPECT_EQ(0, left) {
		TH_LOG("%d of the sandboxes %s* not deleted", left, self->prefix);
	}
	close(self->fd);
}

/* 2 × DUMP_N requests take a minute on the debug kernel */
TEST_F_TIMEOUT(dump, many_parts_and_intr, 300)
{
	struct dump_count c = { .prefix = self->prefix };
	struct genl_result res;
	struct genl_req req;
	int i, err, fd2, dfd, parts = 0;
	char name[48];

	for (i = 0; i < DUMP_N; i++) {
		snprintf(name, sizeof(name), "%s%d", self->prefix, i);
		ASSERT_EQ(0, create(self->fd, self->family, name, NULL, &res)) {
			TH_LOG("creating %s: %s", name, res.msg);
		}
		self->made++;
	}

	/* a socket that has never read more than DUMP_RECV_LEN at once */
	dfd = genl_socket();
	ASSERT_LE(0, dfd);
	genl_req_init(&req, self->family, NSBOX_CMD_SANDBOX_GET, NLM_F_DUMP);
	req.nlh.nlmsg_flags &= ~NLM_F_ACK;
	ASSERT_LT(0, send(dfd, &req.nlh, req.nlh.nlmsg_len, 0));

	/* the first part, then a change, then the rest */
	err = dump_part(dfd, &c);
	parts++;
	ASSERT_EQ(0, err);
	EXPECT_EQ(0, c.intr);
	snprintf(name, sizeof(name), "%sextra", self->prefix);
	/* a second socket, so the dump in progress is not disturbed */
	fd2 = genl_socket();
	ASSERT_LE(0, fd2);
	err = create(fd2, self->family, name, NULL, &res);
	close(fd2);
	ASSERT_EQ(0, err);
	self->extra = true;
	while ((err = dump_part(dfd, &c)) == 0)
		parts++;
	ASSERT_EQ(1, err);
	parts++;

	TH_LOG("%d entries in %d parts, %d marked", c.entries, parts, c.intr);
	EXPECT_LE(3, parts);
	EXPECT_EQ(0, c.dups);
	EXPECT_EQ(0, c.noid);
	EXPECT_LT(0, c.intr);
	/* all of the first DUMP_N, and the extra one may be seen or not */
	EXPECT_LE(DUMP_N, c.ours);
	EXPECT_GE(DUMP_N + 1, c.ours);

	/* an undisturbed dump is not marked and lists every one exactly once */
	ASSERT_LT(0, send(dfd, &req.nlh, req.nlh.nlmsg_len, 0));
	memset(&c, 0, sizeof(c));
	c.prefix = self->prefix;
	while ((err = dump_part(dfd, &c)) == 0)
		;
	ASSERT_EQ(1, err);
	EXPECT_EQ(0, c.intr);
	EXPECT_EQ(0, c.dups);
	EXPECT_EQ(0, c.noid);
	EXPECT_EQ(DUMP_N + 1, c.ours);
	close(dfd);
}

/*
 * Last (fixtures run in the order they are defined): nothing the tests
 * above made is left.
 */
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

struct leftover_count {
	int all, ours;
	char first[NSBOX_NAME_MAX + 1];
};

static void count_ours(struct genl_result *one, void *arg)
{
	struct nlattr *name = genl_reply_attr(one, NSBOX_A_SANDBOX_NAME);
	struct leftover_count *c = arg;

	c->all++;
	if (name && !strncmp((char *)name + NLA_HDRLEN, NAME_PREFIX, strlen(NAME_PREFIX))) {
		if (!c->ours++)
			snprintf(c->first, sizeof(c->first), "%s", (char *)name + NLA_HDRLEN);
	}
}

TEST_F(leftover, no_sandbox_left)
{
	struct leftover_count c = { 0 };

	ASSERT_EQ(0, genl_sandbox_dump(self->fd, self->family, count_ours, &c));
	EXPECT_EQ(0, c.ours) {
		TH_LOG("%d sandboxes " NAME_PREFIX "* left, %s the first", c.ours, c.first);
	}
	TH_LOG("%d sandboxes listed", c.all);
}

TEST_HARNESS_MAIN
