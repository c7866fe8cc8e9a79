// SPDX-License-Identifier: GPL-2.0
/*
 * Snapshots: what nsbox and the kernel hold, as sorted lines of text, so
 * that two can be compared whole and a difference printed.
 *
 *	info sandboxes=N helpers=N		nsbox info's counts
 *	sandbox NAME state=... links=...	every sandbox of ours, as listed
 *	sandbox NAME cfg link|addr|route ...	what nsbox recorded in it
 *	sandbox NAME live dev|addr|route ...	what exists in its namespace
 *	host dev NAME up|down			the devices of our own namespace
 *	proc helpers=N sleepers=N		nsbox-helper processes (and the
 *						test's stand-in), "sleep 30"s
 *	netns N					network namespaces (netns.c)
 *	fds N					our own open fds (if asked)
 *
 * What is left out changes by itself: IPv6 link-local addresses and routes
 * (they come with carrier, later), the local routing table, ids.
 */

#include <arpa/inet.h>
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <linux/if_addr.h>
#include <linux/rtnetlink.h>

#include "faults.h"

/* The last pid the kernel handed out: has any process been created since? */
long last_pid(void)
{
	char buf[128], *p;
	ssize_t n;
	int fd = open("/proc/loadavg", O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -1;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = 0;
	p = strrchr(buf, ' ');
	return p ? strtol(p + 1, NULL, 10) : -1;
}

int count_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *e;
	int n = 0;

	if (!d)
		return -1;
	while ((e = readdir(d)))
		if (e->d_name[0] != '.')
			n++;
	closedir(d);
	return n - 1;	/* the directory's own */
}

static int read_file(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = read(fd, buf, size - 1);
	close(fd);
	if (n < 0)
		return -1;
	buf[n] = 0;
	return n;
}

/*
 * Helper processes (nsbox-helper, and flt-helper, the name 45-faults.sh
 * runs its stand-in under) and the test's program, "sleep 30".
 */
void procs(int *helpers, int *sleepers)
{
	char path[300], buf[256];
	DIR *d = opendir("/proc");
	struct dirent *e;
	int n;

	*helpers = *sleepers = 0;
	if (!d)
		return;
	while ((e = readdir(d))) {
		if (!isdigit((unsigned char)e->d_name[0]) || atoi(e->d_name) == getpid())
			continue;
		snprintf(path, sizeof(path), "/proc/%s/comm", e->d_name);
		if (read_file(path, buf, sizeof(buf)) <= 0)
			continue;
		buf[strcspn(buf, "\n")] = 0;
		if (!strcmp(buf, "nsbox-helper") || !strcmp(buf, "flt-helper")) {
			(*helpers)++;
			continue;
		}
		if (strcmp(buf, "sleep"))
			continue;
		snprintf(path, sizeof(path), "/proc/%s/cmdline", e->d_name);
		n = read_file(path, buf, sizeof(buf));
		/* ARGV0 "30" */
		if (n > 0 && n == (int)strlen(buf) + 4 && !strcmp(buf + strlen(buf) + 1, "30"))
			(*sleepers)++;
	}
	closedir(d);
}

/*
 * Wait until no helper runs: a helper that served a create lingers for
 * helper_linger_ms, and even with that at 0 it exits a moment after the
 * reply. A baseline taken before that would expect a helper that is about
 * to go. 0 when idle, -1 if not within @timeout seconds.
 */
int helpers_idle(double timeout)
{
	double deadline = now() + timeout;
	uint32_t sandboxes, helpers;
	int nhelpers, sleepers;

	for (;;) {
		procs(&nhelpers, &sleepers);
		if (!info_get(&sandboxes, &helpers) && !helpers && !nhelpers)
			return 0;
		if (now() > deadline)
			return -1;
		pause_ms(10);
	}
}

/* An rtnetlink socket in the namespace @netns_fd (-1: our own). */
static int rt_open(int netns_fd)
{
	int self, fd;

	if (netns_fd < 0)
		return socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	self = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
	if (self < 0 || setns(netns_fd, CLONE_NEWNET)) {
		if (self >= 0)
			close(self);
		return -1;
	}
	/* a socket stays in the namespace it was created in */
	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	if (setns(self, CLONE_NEWNET)) {
		msg("cannot return to our network namespace: %m");
		exit(2);
	}
	close(self);
	return fd;
}

typedef void (*rt_fn)(const struct nlmsghdr *nlh, void *arg);

static char rtbuf[65536] __attribute__((aligned(8)));

static int rt_dump(int fd, int type, rt_fn fn, void *arg)
{
	struct {
		struct nlmsghdr	nlh;
		struct rtgenmsg	g;
		char		pad[3];
	} req = {
		.nlh = {
			.nlmsg_len = NLMSG_LENGTH(sizeof(struct rtgenmsg)),
			.nlmsg_type = type,
			.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP,
			.nlmsg_seq = 1,
		},
		.g = { .rtgen_family = AF_UNSPEC },
	};
	struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };

	if (sendto(fd, &req, req.nlh.nlmsg_len, 0, (struct sockaddr *)&kernel,
		   sizeof(kernel)) < 0)
		return -1;
	for (;;) {
		ssize_t len = recv(fd, rtbuf, sizeof(rtbuf), 0);
		struct nlmsghdr *nlh;

		if (len < 0 && errno == EINTR)
			continue;
		if (len < 0)
			return -1;
		for (nlh = (struct nlmsghdr *)rtbuf; NLMSG_OK(nlh, len); nlh = NLMSG_NEXT(nlh, len)) {
			if (nlh->nlmsg_type == NLMSG_DONE)
				return 0;
			if (nlh->nlmsg_type == NLMSG_ERROR)
				return -1;
			fn(nlh, arg);
		}
	}
}

#define DEVS_MAX 64

struct live {
	struct text	*t;
	const char	*prefix;
	int		ndevs;
	struct {
		int	index;
		char	name[IFNAMSIZ];
	} dev[DEVS_MAX];
};

static const char *dev_name(const struct live *l, int index)
{
	for (int i = 0; i < l->ndevs; i++)
		if (l->dev[i].index == index)
			return l->dev[i].name;
	return "?";
}

static void on_link(const struct nlmsghdr *nlh, void *arg)
{
	const struct ifinfomsg *ifi = NLMSG_DATA(nlh);
	struct live *l = arg;
	const struct nlattr *nla;
	char name[IFNAMSIZ] = "?";
	int rem;

	if (nlh->nlmsg_type != RTM_NEWLINK)
		return;
	for_each_attr(nla, IFLA_RTA(ifi), (int)IFLA_PAYLOAD(nlh), rem)
		if (nla->nla_type == IFLA_IFNAME)
			attr_str(nla, name, sizeof(name));
	if (l->ndevs < DEVS_MAX) {
		l->dev[l->ndevs].index = ifi->ifi_index;
		snprintf(l->dev[l->ndevs].name, IFNAMSIZ, "%s", name);
		l->ndevs++;
	}
	text_add(l->t, "%s dev %s %s", l->prefix, name, ifi->ifi_flags & IFF_UP ? "up" : "down");
}

static void on_addr(const struct nlmsghdr *nlh, void *arg)
{
	const struct ifaddrmsg *ifa = NLMSG_DATA(nlh);
	struct live *l = arg;
	const struct nlattr *nla;
	const void *addr = NULL;
	char ip[INET6_ADDRSTRLEN];
	int rem;

	if (nlh->nlmsg_type != RTM_NEWADDR)
		return;
	/* IPv6 link-local addresses come with carrier, on their own time */
	if (ifa->ifa_family == AF_INET6 && ifa->ifa_scope == RT_SCOPE_LINK)
		return;
	for_each_attr(nla, IFA_RTA(ifa), (int)IFA_PAYLOAD(nlh), rem) {
		if (nla->nla_type == IFA_LOCAL || (nla->nla_type == IFA_ADDRESS && !addr))
			addr = ATTR_DATA(nla);
	}
	if (!addr)
		return;
	text_add(l->t, "%s addr %s %s/%u", l->prefix, dev_name(l, ifa->ifa_index),
		 ip_str(addr, ifa->ifa_family == AF_INET ? 4 : 16, ip, sizeof(ip)),
		 ifa->ifa_prefixlen);
}

static void on_route(const struct nlmsghdr *nlh, void *arg)
{
	const struct rtmsg *rtm = NLMSG_DATA(nlh);
	int len = rtm->rtm_family == AF_INET ? 4 : 16;
	char dst[INET6_ADDRSTRLEN] = "default", gw[INET6_ADDRSTRLEN] = "-";
	uint32_t table = rtm->rtm_table;
	const char *dev = "-";
	struct live *l = arg;
	const struct nlattr *nla;
	int rem;

	if (nlh->nlmsg_type != RTM_NEWROUTE)
		return;
	for_each_attr(nla, RTM_RTA(rtm), (int)RTM_PAYLOAD(nlh), rem) {
		switch (nla->nla_type) {
		case RTA_DST:
			ip_str(ATTR_DATA(nla), len, dst, sizeof(dst));
			break;
		case RTA_GATEWAY:
			ip_str(ATTR_DATA(nla), len, gw, sizeof(gw));
			break;
		case RTA_OIF:
			dev = dev_name(l, attr_u32(nla));
			break;
		case RTA_TABLE:
			table = attr_u32(nla);
			break;
		}
	}
	/* the local table, multicast and link-local come and go by themselves */
	if (table == RT_TABLE_LOCAL || rtm->rtm_type == RTN_MULTICAST ||
	    (len == 16 && (!strncmp(dst, "fe80:", 5) || !strncmp(dst, "ff00:", 5))))
		return;
	text_add(l->t, "%s route %s/%u via %s dev %s table %u proto %u", l->prefix, dst,
		 rtm->rtm_dst_len, gw, dev, table, rtm->rtm_protocol);
}

/* The devices, addresses and routes of a namespace (-1: ours), as lines. */
int live_config(int netns_fd, const char *prefix, struct text *t)
{
	struct live *l = calloc(1, sizeof(*l));
	int fd = rt_open(netns_fd);
	int err = -1;

	if (!l || fd < 0)
		goto out;
	l->t = t;
	l->prefix = prefix;
	if (rt_dump(fd, RTM_GETLINK, on_link, l) ||
	    (netns_fd >= 0 && (rt_dump(fd, RTM_GETADDR, on_addr, l) ||
			       rt_dump(fd, RTM_GETROUTE, on_route, l))))
		goto out;
	err = 0;
out:
	if (fd >= 0)
		close(fd);
	free(l);
	return err;
}

struct dump_ctx {
	struct text	*t;
	int		n;
	char		names[64][NSBOX_NAME_MAX + 1];
};

static void on_sandbox(const struct nlmsghdr *nlh, void *arg)
{
	struct dump_ctx *c = arg;
	char a[INET6_ADDRSTRLEN], b[INET6_ADDRSTRLEN];
	struct sbx s;
	int i;

	sbx_parse(nlh, &s);
	text_add(c->t, "sandbox %s state=%u flags=%#x links=%u programs=%u hostname=%s",
		 s.name, s.state, s.flags, s.links, s.programs, s.hostname);
	for (i = 0; i < s.nlink; i++)
		text_add(c->t, "sandbox %s cfg link %s type=%u peer=%s", s.name,
			 s.link[i].ifname, s.link[i].type, s.link[i].peer);
	for (i = 0; i < s.naddr; i++)
		text_add(c->t, "sandbox %s cfg addr %s %s/%u", s.name, s.addr[i].ifname,
			 ip_str(s.addr[i].addr, s.addr[i].len, a, sizeof(a)), s.addr[i].plen);
	for (i = 0; i < s.nroute; i++)
		text_add(c->t, "sandbox %s cfg route %s/%u via %s dev %s table %u metric %u",
			 s.name, ip_str(s.route[i].dst, s.route[i].len, a, sizeof(a)),
			 s.route[i].dst_len,
			 s.route[i].has_gw ? ip_str(s.route[i].gw, s.route[i].len, b, sizeof(b)) : "-",
			 s.route[i].ifname[0] ? s.route[i].ifname : "-", s.route[i].table,
			 s.route[i].metric);
	if (s.state == NSBOX_SANDBOX_STATE_READY && c->n < 64)
		snprintf(c->names[c->n++], NSBOX_NAME_MAX + 1, "%s", s.name);
}

/*
 * Take a snapshot into @t. @netns: the count expected, checked with two
 * probes (the line says it, or the real count); -1: count; -2: leave the
 * line out. @fds: count our open fds too.
 */
int snapshot(struct text *t, long netns, bool fds)
{
	struct dump_ctx *c = calloc(1, sizeof(*c));
	uint32_t sandboxes = ~0u, helpers = ~0u;
	int nhelpers, sleepers, i, fd = -1;
	struct genl_req r;
	struct answer a;
	struct sbx s;
	int err = -1;

	t->len = 0;
	if (t->buf)
		t->buf[0] = 0;
	if (!c)
		return -1;
	c->t = t;

	if (info_get(&sandboxes, &helpers))
		goto out;
	text_add(t, "info sandboxes=%u helpers=%u", sandboxes, helpers);

	fd = nl_open();
	if (fd < 0)
		goto out;
	nl_init(&r, NSBOX_CMD_SANDBOX_GET, NLM_F_DUMP);
	nl_talk(fd, &r, &a, on_sandbox, c);
	if (!answer_ok(&a))
		goto out;
	for (i = 0; i < c->n; i++) {
		char prefix[NSBOX_NAME_MAX + 16];

		/* gone meanwhile: the listing says so next time */
		if (sbx_get(c->names[i], true, &s, &a))
			continue;
		snprintf(prefix, sizeof(prefix), "sandbox %s live", c->names[i]);
		if (s.netns_fd < 0 || live_config(s.netns_fd, prefix, t))
			text_add(t, "sandbox %s live ?", c->names[i]);
		nl_close_fds(&a);
	}
	if (live_config(-1, "host", t))
		goto out;

	procs(&nhelpers, &sleepers);
	text_add(t, "proc helpers=%d sleepers=%d", nhelpers, sleepers);

	/* last: the fds of the sandboxes hold nothing the count sees, but close them first */
	if (netns >= 0 && netns_is(netns))
		text_add(t, "netns %ld", netns);
	else if (netns != -2)
		text_add(t, "netns %ld", netns_count());
	if (fds)
		text_add(t, "fds %d", count_fds());
	text_sort(t);
	err = 0;
out:
	if (fd >= 0)
		close(fd);
	free(c);
	return err;
}

/* The "netns N" of a snapshot, or -1. */
long snapshot_netns(const char *text)
{
	const char *p = strstr(text, "netns ");

	while (p && p != text && p[-1] != '\n')
		p = strstr(p + 1, "netns ");
	return p ? strtol(p + 6, NULL, 10) : -1;
}

/*
 * Wait until a snapshot is @want, polling more and more slowly: helpers
 * end, namespaces are torn down, programs die, all asynchronously. @netns:
 * as snapshot()'s, the count in @want when -1. 0 when it came, -1 if not
 * within @timeout seconds (@got has the last snapshot).
 */
int settle(const char *want, long netns, bool fds, double timeout, struct text *got)
{
	double deadline = now() + timeout;
	unsigned int wait = 5;

	if (netns == -1)
		netns = snapshot_netns(want);
	for (;;) {
		if (!snapshot(got, netns, fds) && !strcmp(got->buf, want))
			return 0;
		if (now() > deadline)
			return -1;
		pause_ms(wait);
		wait = wait < 200 ? wait * 2 : 200;
	}
}

/*
 * Is sandbox @name complete: ready, with @links links, @addrs addresses and
 * @routes routes recorded, and every one of them there in its namespace?
 */
int complete(const char *name, int links, int addrs, int routes, char *why, size_t len)
{
	char line[256], a[INET6_ADDRSTRLEN], b[INET6_ADDRSTRLEN];
	struct text live = { 0 };
	struct answer ans;
	struct sbx s;
	int i, err = -1;

	if (sbx_get(name, true, &s, &ans)) {
		answer_str(&ans, line, sizeof(line));
		snprintf(why, len, "sandbox %s: %s", name, line);
		return -1;
	}
	if (s.state != NSBOX_SANDBOX_STATE_READY || s.nlink != links || s.naddr != addrs ||
	    s.nroute != routes || (int)s.links != links) {
		snprintf(why, len, "sandbox %s: state %u, %d links (%u), %d addresses, %d routes",
			 name, s.state, s.nlink, s.links, s.naddr, s.nroute);
		goto out;
	}
	if (s.netns_fd < 0 || live_config(s.netns_fd, "", &live)) {
		snprintf(why, len, "sandbox %s: cannot look into its namespace", name);
		goto out;
	}
	for (i = 0; i < s.nlink; i++) {
		snprintf(line, sizeof(line), " dev %s up\n", s.link[i].ifname);
		if (!s.link[i].live || !strstr(live.buf, line)) {
			snprintf(why, len, "sandbox %s: link %s is not there and up", name,
				 s.link[i].ifname);
			goto out;
		}
	}
	for (i = 0; i < s.naddr; i++) {
		snprintf(line, sizeof(line), " addr %s %s/%u\n", s.addr[i].ifname,
			 ip_str(s.addr[i].addr, s.addr[i].len, a, sizeof(a)), s.addr[i].plen);
		if (!strstr(live.buf, line)) {
			snprintf(why, len, "sandbox %s: address%.*s is not there", name,
				 (int)strlen(line) - 1, line);
			goto out;
		}
	}
	for (i = 0; i < s.nroute; i++) {
		snprintf(line, sizeof(line), " route %s/%u via %s dev %s table %u ",
			 ip_str(s.route[i].dst, s.route[i].len, a, sizeof(a)), s.route[i].dst_len,
			 s.route[i].has_gw ? ip_str(s.route[i].gw, s.route[i].len, b, sizeof(b)) : "-",
			 s.route[i].ifname[0] ? s.route[i].ifname : "-", s.route[i].table);
		if (!strstr(live.buf, line)) {
			snprintf(why, len, "sandbox %s: route%sis not there", name, line);
			goto out;
		}
	}
	err = 0;
out:
	nl_close_fds(&ans);
	text_free(&live);
	return err;
}
