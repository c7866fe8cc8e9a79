// SPDX-License-Identifier: GPL-2.0
/*
 * floor N [ TIMEOUT_S ]
 *
 * The floor of sandbox creation: the kernel work of N sandboxes done by
 * this one process with raw syscalls, no process spawned. Sandbox I gets
 * what nsbox and the iproute2 script give theirs:
 *
 *	unshare(CLONE_NEWNET), then open its nsfs file to hold it
 *	lo up					RTM_NEWLINK
 *	tun0, persistent			/dev/net/tun: TUNSETIFF, TUNSETPERSIST
 *	tun0 MTU 1400 and up			RTM_NEWLINK
 *	10.A.B.1/24 on tun0			RTM_NEWADDR
 *	172.16.0.0/12 via 10.A.B.2 dev tun0	RTM_NEWROUTE
 *
 * with A.B = I / 256, I % 256; every rtnetlink request is acknowledged
 * before the next is sent. Then it returns to its own namespace, reads the
 * memory the N sandboxes took, closes their files (a persistent TUN goes
 * with its namespace) and waits for the net_namespace slab to be back where
 * it was (bench.h), at most TIMEOUT_S seconds (default 300).
 *
 * Prints "KEY VALUE" lines: create_ms (mean per sandbox); object_bytes,
 * slab_bytes and avail_bytes, the memory per sandbox (the growth of the
 * slab objects in use, bench.h, and of Slab, and the drop of MemAvailable);
 * delete_ms (closing the files and the teardown until the slab settled, in
 * all); phase_NAME_ms, the mean time per sandbox of each step above.
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

enum { P_UNSHARE, P_LO, P_TUN, P_LINK, P_ADDR, P_ROUTE, P_MAX };

static const char * const phase_names[P_MAX] = {
	"unshare", "lo_up", "tun", "mtu_up", "addr", "route",
};

static double phase_ms[P_MAX];
static uint64_t phase_start;

static void phase_end(int phase)
{
	uint64_t now = now_ns();

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

/* Send @r and wait for its acknowledgement. */
static void talk(int fd, struct req *r, const char *what)
{
	char buf[1024];
	struct nlmsghdr *nlh = (struct nlmsghdr *)buf;
	struct nlmsgerr *err;
	ssize_t len;

	if (send(fd, r, r->nlh.nlmsg_len, 0) < 0)
		die("%s: send: %m", what);
	len = recv(fd, buf, sizeof(buf), 0);
	if (len < 0)
		die("%s: recv: %m", what);
	if (!NLMSG_OK(nlh, len) || nlh->nlmsg_type != NLMSG_ERROR)
		die("%s: no acknowledgement", what);
	err = NLMSG_DATA(nlh);
	if (err->error)
		die("%s: %s", what, strerror(-err->error));
}

static void link_up(int fd, int ifindex, uint32_t mtu)
{
	struct ifinfomsg *ifi;
	struct req r;

	ifi = req_init(&r, RTM_NEWLINK, 0, sizeof(*ifi));
	ifi->ifi_family = AF_UNSPEC;
	ifi->ifi_index = ifindex;
	ifi->ifi_flags = IFF_UP;
	ifi->ifi_change = IFF_UP;
	if (mtu)
		req_put(&r, IFLA_MTU, &mtu, sizeof(mtu));
	talk(fd, &r, "link up");
}

/* A persistent TUN device named tun0; returns its ifindex. */
static int tun_create(int rtnl)
{
	struct ifreq ifr = { .ifr_flags = IFF_TUN | IFF_NO_PI };
	int fd;

	strcpy(ifr.ifr_name, "tun0");
	fd = open("/dev/net/tun", O_RDWR | O_CLOEXEC);
	if (fd < 0)
		die("/dev/net/tun: %m");
	if (ioctl(fd, TUNSETIFF, &ifr) || ioctl(fd, TUNSETPERSIST, 1))
		die("tun0: %m");
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
	talk(fd, &r, "address");
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
	talk(fd, &r, "route");
}

/* Sandbox @i in a new namespace, held by the returned nsfs descriptor. */
static int sandbox(long i)
{
	uint32_t net = 0x0a000000 | (i & 0xffff) << 8;	/* 10.A.B.0 */
	int nsfd, rtnl, ifindex;

	phase_start = now_ns();
	if (unshare(CLONE_NEWNET))
		die("unshare: %m");
	nsfd = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
	if (nsfd < 0)
		die("/proc/thread-self/ns/net: %m");
	rtnl = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	if (rtnl < 0)
		die("rtnetlink: %m");
	phase_end(P_UNSHARE);
	link_up(rtnl, 1, 0);
	phase_end(P_LO);
	ifindex = tun_create(rtnl);
	phase_end(P_TUN);
	link_up(rtnl, ifindex, 1400);
	phase_end(P_LINK);
	addr_add(rtnl, ifindex, htonl(net | 1));
	phase_end(P_ADDR);
	route_add(rtnl, ifindex, htonl(net | 2));
	phase_end(P_ROUTE);
	close(rtnl);
	return nsfd;
}

int main(int argc, char **argv)
{
	long n, i, base, avail0, slab0, avail1, slab1;
	long long objects0, objects1;
	double timeout_s = 300, create_ms, delete_ms;
	struct rlimit rl;
	uint64_t start;
	int home, *fds;

	n = argc == 2 || argc == 3 ? atol(argv[1]) : 0;
	if (n < 1 || n > 65536)
		die("usage: floor N [ TIMEOUT_S ] (N from 1 to 65536)");
	if (argc == 3)
		timeout_s = atof(argv[2]);
	/* a descriptor for every sandbox */
	if (getrlimit(RLIMIT_NOFILE, &rl))
		die("RLIMIT_NOFILE: %m");
	if (rl.rlim_cur < (rlim_t)n + 64) {
		rl.rlim_cur = n + 64;
		if (rl.rlim_max < rl.rlim_cur)
			rl.rlim_max = rl.rlim_cur;
		if (setrlimit(RLIMIT_NOFILE, &rl))
			die("RLIMIT_NOFILE %ld: %m", n + 64);
	}
	fds = calloc(n, sizeof(*fds));
	if (!fds)
		die("out of memory");
	home = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
	if (home < 0)
		die("/proc/thread-self/ns/net: %m");

	base = netns_slab_objects();
	if (base < 0)
		die("no net_namespace line in /proc/slabinfo");
	objects0 = slab_object_bytes();
	meminfo(&avail0, &slab0);

	start = now_ns();
	for (i = 0; i < n; i++)
		fds[i] = sandbox(i);
	if (setns(home, CLONE_NEWNET))
		die("setns back: %m");
	create_ms = ms_since(start);
	objects1 = slab_object_bytes();
	meminfo(&avail1, &slab1);

	start = now_ns();
	for (i = 0; i < n; i++)
		close(fds[i]);
	delete_ms = netns_settle(start, base, timeout_s * 1000);
	if (delete_ms < 0)
		die("the net_namespace slab is not back at %ld objects after %.0f s (%ld)",
		    base, timeout_s, netns_slab_objects());

	printf("create_ms %.3f\n", create_ms / n);
	printf("object_bytes %.0f\n", (double)(objects1 - objects0) / n);
	printf("slab_bytes %.0f\n", (slab1 - slab0) * 1024.0 / n);
	printf("avail_bytes %.0f\n", (avail0 - avail1) * 1024.0 / n);
	printf("delete_ms %.3f\n", delete_ms);
	for (i = 0; i < P_MAX; i++)
		printf("phase_%s_ms %.3f\n", phase_names[i], phase_ms[i] / n);
	return 0;
}
