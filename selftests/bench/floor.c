// SPDX-License-Identifier: GPL-2.0
/*
 * floor [ -s ] [ -p ] N BASE [ TIMEOUT_S ]
 * floor -c [ -s ] N
 *
 * The floor of sandbox creation: the kernel work of N sandboxes done by
 * this one process with raw syscalls, no process spawned. Sandbox I gets
 * what nsbox and the iproute2 script give theirs: a network namespace with
 * loopback up, a persistent TUN device tun0 with MTU 1400, up, with
 * 10.A.B.1/24 and a route to 172.16.0.0/12 via 10.A.B.2 (A.B = I / 256,
 * I % 256). Each namespace is held by an open nsfs file.
 *
 * The lean floor (default) does that in the fewest steps:
 *
 *	unshare(CLONE_NEWNET), its nsfs file opened, an rtnetlink socket
 *	lo up					RTM_NEWLINK by index
 *	tun0, persistent			/dev/net/tun: TUNSETIFF, TUNSETPERSIST
 *	tun0 MTU 1400 and up			one RTM_NEWLINK by index
 *	10.A.B.1/24 on tun0			RTM_NEWADDR
 *	172.16.0.0/12 via 10.A.B.2 dev tun0	RTM_NEWROUTE
 *
 * each sandbox's namespace unshared from the last one's. With -s it does
 * the steps nsbox's serving helper takes for the same sandbox (the "same
 * steps" floor: userspace/helper/nsbox-helper.c, steps.c, rtnl.c, report.c),
 * so that what remains between the two is the module's and the helper's
 * own work, not a cheaper way to make the sandbox:
 *
 *	unshare(CLONE_NEWNET), its nsfs file opened (the module's reference)
 *	lo up		SIOCGIFFLAGS, SIOCSIFFLAGS on an AF_INET socket
 *	rtnetlink socket with NETLINK_CAP_ACK
 *	tun0		/dev/net/tun: TUNSETIFF with IFF_TUN_EXCL, then MTU 1400 as an
 *			RTM_NEWLINK by name, then TUNSETPERSIST
 *	tun0 up		RTM_NEWLINK by name
 *	address		RTM_GETLINK of tun0 by name, then RTM_NEWADDR
 *	route		RTM_GETLINK of tun0 by name, then RTM_NEWROUTE
 *	report		a new generic netlink socket, one acknowledged message
 *	back home	setns to the process's network and UTS namespaces
 *
 * Every netlink request is acknowledged before the next is sent.
 *
 * Timed: creating the N sandboxes, with no clock read inside the loop; then,
 * after making the nudge (bench.h), closing their files (a persistent TUN
 * goes with its namespace) and waiting until the net_namespace slab is back
 * at BASE (netns_settle(), at most TIMEOUT_S seconds, default 300).
 *
 * With -c, only the creation: the process exits with the N namespaces
 * open, and the kernel tears them down after it, untimed. That is one
 * client of the concurrent floor (bench.sh runs several at once with
 * spawn -p, and waits for the teardown itself).
 *
 * With -p, an untimed pass instead: the clock is also read after each step,
 * and the memory the N sandboxes took is read before they are closed.
 *
 * Prints "KEY VALUE" lines: create_ms (mean per sandbox), delete_ms (the
 * closing and the teardown, in all), nudges (of the wait); with -p also
 * object_bytes, slab_bytes and avail_bytes, the memory per sandbox (the
 * growth of the slab objects in use, bench.h, and of Slab, and the drop of
 * MemAvailable), and phase_NAME_ms, the mean time per sandbox of each step.
 */
#include <arpa/inet.h>
#include <net/if.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <linux/if_tun.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>

#include "bench.h"

#ifndef NETLINK_CAP_ACK
#define NETLINK_CAP_ACK	10
#endif

enum {
	P_UNSHARE, P_LO, P_TUN, P_LINK, P_ADDR, P_ROUTE, P_REPORT, P_HOME, P_MAX
};

static const char * const phase_names[P_MAX] = {
	"unshare", "lo_up", "tun", "mtu_up", "addr", "route", "report", "home",
};

static bool phases;		/* -p: read the clock after each step */
static double phase_ms[P_MAX];
static uint64_t phase_start;

static void phase_end(int phase)
{
	uint64_t now;

	if (!phases)
		return;
	now = now_ns();
	phase_ms[phase] += (now - phase_start) / 1e6;
	phase_start = now;
}

struct req {
	struct nlmsghdr nlh;
	char buf[256];
};

static void *req_init(struct req *r, uint16_t type, uint16_t flags, size_t hdrlen)
{
	memset(r, 0, sizeof(*r));
	r->nlh.nlmsg_len = NLMSG_LENGTH(hdrlen);
	r->nlh.nlmsg_type = type;
	r->nlh.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | flags;
	return NLMSG_DATA(&r->nlh);
}

static void req_put(struct req *r, uint16_t type, const void *data, size_t len)
{
	struct rtattr *rta = (struct rtattr *)((char *)r + NLMSG_ALIGN(r->nlh.nlmsg_len));

	rta->rta_type = type;
	rta->rta_len = RTA_LENGTH(len);
	memcpy(RTA_DATA(rta), data, len);
	r->nlh.nlmsg_len = NLMSG_ALIGN(r->nlh.nlmsg_len) + RTA_ALIGN(rta->rta_len);
}

static void req_put_str(struct req *r, uint16_t type, const char *s)
{
	req_put(r, type, s, strlen(s) + 1);
}

/*
 * Send @r and receive until its acknowledgement; the family header of a
 * reply that comes before it (a GET's) is copied to @reply, @len bytes.
 */
static void talk(int fd, struct req *r, const char *what, void *reply, size_t len)
{
	static char buf[32768];
	struct nlmsghdr *nlh;
	struct nlmsgerr *err;
	ssize_t n;

	if (send(fd, r, r->nlh.nlmsg_len, 0) < 0)
		die("%s: send: %m", what);
	for (;;) {
		n = recv(fd, buf, sizeof(buf), 0);
		if (n < 0)
			die("%s: recv: %m", what);
		for (nlh = (struct nlmsghdr *)buf; NLMSG_OK(nlh, n); nlh = NLMSG_NEXT(nlh, n)) {
			if (nlh->nlmsg_type != NLMSG_ERROR) {
				if (reply && nlh->nlmsg_len >= NLMSG_LENGTH(len)) {
					memcpy(reply, NLMSG_DATA(nlh), len);
					reply = NULL;
				}
				continue;
			}
			err = NLMSG_DATA(nlh);
			if (err->error)
				die("%s: %s", what, strerror(-err->error));
			if (reply)
				die("%s: no reply before the acknowledgement", what);
			return;
		}
	}
}

/* RTM_NEWLINK of device @ifindex, or of @ifname if @ifindex is 0 */
static void link_set(int fd, int ifindex, const char *ifname, bool up, uint32_t mtu)
{
	struct ifinfomsg *ifi;
	struct req r;

	ifi = req_init(&r, RTM_NEWLINK, 0, sizeof(*ifi));
	ifi->ifi_family = AF_UNSPEC;
	ifi->ifi_index = ifindex;
	if (up) {
		ifi->ifi_flags = IFF_UP;
		ifi->ifi_change = IFF_UP;
	}
	if (!ifindex)
		req_put_str(&r, IFLA_IFNAME, ifname);
	if (mtu)
		req_put(&r, IFLA_MTU, &mtu, sizeof(mtu));
	talk(fd, &r, "link", NULL, 0);
}

/* RTM_GETLINK of @ifname, as the helper looks a device up */
static int link_index(int fd, const char *ifname)
{
	uint32_t mask = RTEXT_FILTER_SKIP_STATS;
	struct ifinfomsg *ifi, reply;
	struct req r;

	ifi = req_init(&r, RTM_GETLINK, 0, sizeof(*ifi));
	ifi->ifi_family = AF_UNSPEC;
	req_put(&r, IFLA_EXT_MASK, &mask, sizeof(mask));
	req_put_str(&r, IFLA_IFNAME, ifname);
	talk(fd, &r, "link lookup", &reply, sizeof(reply));
	return reply.ifi_index;
}

static int tun_open(short flags)
{
	struct ifreq ifr = { .ifr_flags = flags };
	int fd;

	strcpy(ifr.ifr_name, "tun0");
	fd = open("/dev/net/tun", O_RDWR | O_CLOEXEC);
	if (fd < 0)
		die("/dev/net/tun: %m");
	if (ioctl(fd, TUNSETIFF, &ifr))
		die("tun0: TUNSETIFF: %m");
	return fd;
}

/* A persistent TUN device named tun0; returns its ifindex. */
static int tun_create(int rtnl)
{
	struct ifreq ifr = { .ifr_name = "tun0" };
	int fd = tun_open(IFF_TUN | IFF_NO_PI);

	if (ioctl(fd, TUNSETPERSIST, 1))
		die("tun0: TUNSETPERSIST: %m");
	close(fd);
	/* netlink sockets pass device ioctls on to the namespace's devices */
	if (ioctl(rtnl, SIOCGIFINDEX, &ifr))
		die("tun0: SIOCGIFINDEX: %m");
	return ifr.ifr_ifindex;
}

static void addr_add(int fd, int ifindex, uint32_t addr)
{
	struct ifaddrmsg *ifa;
	struct req r;

	ifa = req_init(&r, RTM_NEWADDR, NLM_F_CREATE | NLM_F_EXCL, sizeof(*ifa));
	ifa->ifa_family = AF_INET;
	ifa->ifa_prefixlen = 24;
	ifa->ifa_index = ifindex;
	req_put(&r, IFA_LOCAL, &addr, sizeof(addr));
	req_put(&r, IFA_ADDRESS, &addr, sizeof(addr));
	talk(fd, &r, "address", NULL, 0);
}

static void route_add(int fd, int ifindex, uint32_t gateway)
{
	uint32_t dst = htonl(0xac100000);	/* 172.16.0.0/12 */
	struct rtmsg *rtm;
	struct req r;

	rtm = req_init(&r, RTM_NEWROUTE, NLM_F_CREATE | NLM_F_EXCL, sizeof(*rtm));
	rtm->rtm_family = AF_INET;
	rtm->rtm_dst_len = 12;
	rtm->rtm_table = RT_TABLE_MAIN;
	rtm->rtm_protocol = RTPROT_BOOT;
	rtm->rtm_scope = RT_SCOPE_UNIVERSE;
	rtm->rtm_type = RTN_UNICAST;
	req_put(&r, RTA_DST, &dst, sizeof(dst));
	req_put(&r, RTA_GATEWAY, &gateway, sizeof(gateway));
	req_put(&r, RTA_OIF, &ifindex, sizeof(ifindex));
	talk(fd, &r, "route", NULL, 0);
}

static int netns_open(void)
{
	int fd = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		die("/proc/thread-self/ns/net: %m");
	return fd;
}

static int rtnl_open(bool cap_ack)
{
	int one = 1, fd;

	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	if (fd < 0)
		die("rtnetlink: %m");
	if (cap_ack && setsockopt(fd, SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof(one)))
		die("NETLINK_CAP_ACK: %m");
	return fd;
}

/* The lean floor's sandbox @i; returns the nsfs descriptor that holds it. */
static int sandbox_lean(long i)
{
	uint32_t net = 0x0a000000 | (i & 0xffff) << 8;	/* 10.A.B.0 */
	int nsfd, rtnl, ifindex;

	if (unshare(CLONE_NEWNET))
		die("unshare: %m");
	nsfd = netns_open();
	rtnl = rtnl_open(false);
	phase_end(P_UNSHARE);
	link_set(rtnl, 1, NULL, true, 0);
	phase_end(P_LO);
	ifindex = tun_create(rtnl);
	phase_end(P_TUN);
	link_set(rtnl, ifindex, NULL, true, 1400);
	phase_end(P_LINK);
	addr_add(rtnl, ifindex, htonl(net | 1));
	phase_end(P_ADDR);
	route_add(rtnl, ifindex, htonl(net | 2));
	close(rtnl);
	phase_end(P_ROUTE);
	return nsfd;
}

/* Loopback up as the helper brings it up: with the interface ioctls. */
static void lo_up_ioctl(void)
{
	struct ifreq ifr = { .ifr_name = "lo" };
	int fd;

	fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		die("socket: %m");
	if (ioctl(fd, SIOCGIFFLAGS, &ifr))
		die("lo: SIOCGIFFLAGS: %m");
	ifr.ifr_flags |= IFF_UP;
	if (ioctl(fd, SIOCSIFFLAGS, &ifr))
		die("lo: SIOCSIFFLAGS: %m");
	close(fd);
}

/*
 * The helper's report: a generic netlink socket of its own and one message
 * acknowledged by the kernel (here NLMSG_NOOP, which netlink acknowledges
 * without a family: the module's handling of the report is the module's).
 */
static void report(void)
{
	struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };
	struct req r;
	int fd;

	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);
	if (fd < 0)
		die("generic netlink: %m");
	req_init(&r, NLMSG_NOOP, 0, 0);
	if (connect(fd, (struct sockaddr *)&kernel, sizeof(kernel)))
		die("generic netlink: connect: %m");
	talk(fd, &r, "report", NULL, 0);
	close(fd);
}

/* The same-steps floor's sandbox @i; @home: the process's namespaces. */
static int sandbox_same(long i, const int home[2])
{
	uint32_t net = 0x0a000000 | (i & 0xffff) << 8;	/* 10.A.B.0 */
	int nsfd, rtnl, fd, ifindex;

	if (unshare(CLONE_NEWNET))
		die("unshare: %m");
	nsfd = netns_open();
	phase_end(P_UNSHARE);
	lo_up_ioctl();
	phase_end(P_LO);
	rtnl = rtnl_open(true);
	/* IFF_TUN_EXCL is the sign bit of the short */
	fd = tun_open((short)(IFF_TUN | IFF_NO_PI | IFF_TUN_EXCL));
	link_set(rtnl, 0, "tun0", false, 1400);
	if (ioctl(fd, TUNSETPERSIST, 1))
		die("tun0: TUNSETPERSIST: %m");
	close(fd);
	phase_end(P_TUN);
	link_set(rtnl, 0, "tun0", true, 0);
	phase_end(P_LINK);
	ifindex = link_index(rtnl, "tun0");
	addr_add(rtnl, ifindex, htonl(net | 1));
	phase_end(P_ADDR);
	ifindex = link_index(rtnl, "tun0");
	route_add(rtnl, ifindex, htonl(net | 2));
	close(rtnl);
	phase_end(P_ROUTE);
	report();
	phase_end(P_REPORT);
	if (setns(home[0], CLONE_NEWNET) || setns(home[1], CLONE_NEWUTS))
		die("setns home: %m");
	phase_end(P_HOME);
	return nsfd;
}

/* Room for a descriptor per sandbox. */
static void nofile(long n)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl))
		die("RLIMIT_NOFILE: %m");
	if (rl.rlim_cur >= (rlim_t)n + 64)
		return;
	rl.rlim_cur = n + 64;
	if (rl.rlim_max < rl.rlim_cur)
		rl.rlim_max = rl.rlim_cur;
	if (setrlimit(RLIMIT_NOFILE, &rl))
		die("RLIMIT_NOFILE %ld: %m", n + 64);
}

int main(int argc, char **argv)
{
	long n, i, base, avail0 = 0, slab0 = 0, avail1 = 0, slab1 = 0;
	long long objects0 = 0, objects1 = 0;
	double timeout_s = 300, create_ms, delete_ms;
	bool same = false, create_only = false;
	struct settle settle;
	int home[2], *fds, opt;
	uint64_t start;

	while ((opt = getopt(argc, argv, "csp")) != -1) {
		switch (opt) {
		case 'c':
			create_only = true;
			break;
		case 's':
			same = true;
			break;
		case 'p':
			phases = true;
			break;
		default:
			die("usage: floor [ -s ] [ -p ] N BASE [ TIMEOUT_S ] | -c [ -s ] N");
		}
	}
	argc -= optind;
	argv += optind;
	if (create_only)
		n = argc == 1 && !phases ? atol(argv[0]) : 0;
	else
		n = argc == 2 || argc == 3 ? atol(argv[0]) : 0;
	if (n < 1 || n > 65536)
		die("usage: floor [ -s ] [ -p ] N BASE [ TIMEOUT_S ] | -c [ -s ] N (N from 1 to 65536)");
	base = create_only ? 0 : atol(argv[1]);
	if (argc == 3)
		timeout_s = atof(argv[2]);
	nofile(n);
	fds = calloc(n, sizeof(*fds));
	if (!fds)
		die("out of memory");
	home[0] = netns_open();
	home[1] = open("/proc/thread-self/ns/uts", O_RDONLY | O_CLOEXEC);
	if (home[1] < 0)
		die("/proc/thread-self/ns/uts: %m");

	if (phases) {
		objects0 = slab_object_bytes();
		meminfo(&avail0, &slab0);
	}

	start = phase_start = now_ns();
	for (i = 0; i < n; i++)
		fds[i] = same ? sandbox_same(i, home) : sandbox_lean(i);
	if (setns(home[0], CLONE_NEWNET))
		die("setns back: %m");
	create_ms = ms_since(start);
	if (create_only) {
		printf("create_ms %.3f\n", create_ms / n);
		return 0;	/* the namespaces go with the process's files */
	}

	if (phases) {
		objects1 = slab_object_bytes();
		meminfo(&avail1, &slab1);
	}

	settle_prepare(&settle);
	start = now_ns();
	for (i = 0; i < n; i++)
		close(fds[i]);
	delete_ms = netns_settle(&settle, start, base, timeout_s * 1000);
	if (delete_ms < 0)
		die("the net_namespace slab is not back at %ld objects after %.0f s (%ld)",
		    base, timeout_s, netns_slab_objects());

	printf("create_ms %.3f\n", create_ms / n);
	printf("delete_ms %.3f\n", delete_ms);
	printf("nudges %u\n", settle.nudges);
	if (!phases)
		return 0;
	printf("object_bytes %.0f\n", (double)(objects1 - objects0) / n);
	printf("slab_bytes %.0f\n", (slab1 - slab0) * 1024.0 / n);
	printf("avail_bytes %.0f\n", (avail0 - avail1) * 1024.0 / n);
	for (i = 0; i < P_MAX; i++)
		if (same || (i != P_REPORT && i != P_HOME))
			printf("phase_%s_ms %.3f\n", phase_names[i], phase_ms[i] / n);
	return 0;
}
