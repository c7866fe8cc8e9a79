// SPDX-License-Identifier: GPL-2.0
/*
 * exec_api SANDBOX RUNS PROGRAM
 *
 * What starting a program costs a client of the nsbox family that is
 * already running: RUNS times NSBOX_CMD_PROG_EXEC of PROGRAM (no
 * arguments) in SANDBOX over one generic netlink socket, with this
 * process's environment and working directory as nsbox exec sends them,
 * then wait for its reply, its acknowledgement and NSBOX_CMD_PROG_EXIT_NTF,
 * which the kernel sends to this socket (it may come first). The program
 * must exit 0. Prints "MEAN_MS RUNS".
 */
#include <limits.h>

#include "bench.h"
#include "nsbox_genl.h"

extern char **environ;

struct run_state {
	uint32_t seq;
	uint32_t id, exit_id, status;
	int have_id, have_exit, acked;
};

static uint32_t attr_u32(struct nlmsghdr *nlh, uint16_t type, int *found)
{
	int len = nlh->nlmsg_len - NLMSG_LENGTH(GENL_HDRLEN);
	struct nlattr *nla = (struct nlattr *)((char *)NLMSG_DATA(nlh) + GENL_HDRLEN);

	*found = 0;
	for (; len >= NLA_HDRLEN && nla->nla_len >= NLA_HDRLEN && nla->nla_len <= len;
	     len -= NLA_ALIGN(nla->nla_len),
	     nla = (struct nlattr *)((char *)nla + NLA_ALIGN(nla->nla_len))) {
		if ((nla->nla_type & NLA_TYPE_MASK) == type &&
		    nla->nla_len >= NLA_HDRLEN + sizeof(uint32_t)) {
			*found = 1;
			return *(uint32_t *)((char *)nla + NLA_HDRLEN);
		}
	}
	return 0;
}

static void handle(struct run_state *st, struct nlmsghdr *nlh, int family)
{
	struct genlmsghdr *g = NLMSG_DATA(nlh);
	struct genl_result res;
	uint32_t v;
	int found;

	if (nlh->nlmsg_type == NLMSG_ERROR) {
		if (nlh->nlmsg_seq != st->seq)
			return;
		memset(&res, 0, sizeof(res));
		genl_parse_ack(nlh, &res);
		if (res.error)
			die("PROG_EXEC: %s (%s)", strerror(-res.error),
			    res.msg[0] ? res.msg : "no message");
		st->acked = 1;
		return;
	}
	if (nlh->nlmsg_type != family)
		return;
	if (g->cmd == NSBOX_CMD_PROG_EXEC && nlh->nlmsg_seq == st->seq) {
		v = attr_u32(nlh, NSBOX_A_PROG_ID, &found);
		if (found) {
			st->id = v;
			st->have_id = 1;
		}
	} else if (g->cmd == NSBOX_CMD_PROG_EXIT_NTF) {
		v = attr_u32(nlh, NSBOX_A_PROG_EXIT_STATUS, &found);
		if (!found)
			return;
		st->status = v;
		st->exit_id = attr_u32(nlh, NSBOX_A_PROG_ID, &found);
		st->have_exit = 1;
	}
}

/* Room for @len more bytes of attribute in @r? */
static int fits(struct genl_req *r, size_t len)
{
	return NLMSG_ALIGN(r->nlh.nlmsg_len) + NLA_HDRLEN + NLA_ALIGN(len) <=
	       sizeof(*r);
}

static void build(struct genl_req *r, int family, const char *sandbox, const char *prog)
{
	char cwd[PATH_MAX];
	int i;

	genl_req_init(r, family, NSBOX_CMD_PROG_EXEC, 0);
	genl_put_str(r, NSBOX_A_PROG_SANDBOX, sandbox);
	genl_put_str(r, NSBOX_A_PROG_PATH, prog);
	genl_put_str(r, NSBOX_A_PROG_ARG, prog);
	for (i = 0; environ[i]; i++) {
		if (!fits(r, strlen(environ[i]) + 1))
			die("the environment does not fit in a request");
		genl_put_str(r, NSBOX_A_PROG_ENV, environ[i]);
	}
	if (!getcwd(cwd, sizeof(cwd)) || !fits(r, strlen(cwd) + 1))
		die("getcwd: %m");
	genl_put_str(r, NSBOX_A_PROG_CWD, cwd);
}

int main(int argc, char **argv)
{
	struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };
	static char buf[65536];
	struct run_state st;
	struct genl_req r;
	int fd, family;
	uint64_t start;
	long runs, i;
	ssize_t len;

	runs = argc == 4 ? atol(argv[2]) : 0;
	if (runs < 1)
		die("usage: exec_api SANDBOX RUNS PROGRAM");
	fd = genl_socket();
	if (fd < 0)
		die("socket: %m");
	family = genl_family_id(fd, NSBOX_GENL_NAME);
	if (family < 0)
		die("no nsbox family: %s", strerror(-family));

	start = now_ns();
	for (i = 0; i < runs; i++) {
		memset(&st, 0, sizeof(st));
		st.seq = i + 2;
		build(&r, family, argv[1], argv[3]);
		r.nlh.nlmsg_seq = st.seq;
		if (sendto(fd, &r.nlh, r.nlh.nlmsg_len, 0, (struct sockaddr *)&kernel,
			   sizeof(kernel)) < 0)
			die("send: %m");
		while (!st.acked || !st.have_exit) {
			struct nlmsghdr *nlh;

			len = recv(fd, buf, sizeof(buf), 0);
			if (len < 0)
				die("recv: %m");
			for (nlh = (struct nlmsghdr *)buf; NLMSG_OK(nlh, len);
			     nlh = NLMSG_NEXT(nlh, len))
				handle(&st, nlh, family);
		}
		if (!st.have_id || st.exit_id != st.id)
			die("run %ld: the exit of program %u, not of %u", i, st.exit_id, st.id);
		if (st.status)
			die("run %ld: wait status %#x", i, st.status);
	}
	printf("%.3f %ld\n", ms_since(start) / runs, runs);
	return 0;
}
