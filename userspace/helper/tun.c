// SPDX-License-Identifier: GPL-2.0
/*
 * A program's TUN and TAP queues: opened by the helper while it is still
 * root, inside the sandbox, and handed to the program as fds 3 and up the
 * way systemd hands over sockets (sd_listen_fds(3)), so that a daemon with
 * no capabilities at all moves the link's packets (nebula's
 * newTunFromFd, wireguard-go's and openvpn's fd options).
 */

#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <linux/if_tun.h>

#include "exec.h"

int tun_iff_flags(bool tap, uint32_t link_flags)
{
	int flags = tap ? IFF_TAP : IFF_TUN;

	if (!(link_flags & NSBOX_LINK_F_PI))
		flags |= IFF_NO_PI;
	if (link_flags & NSBOX_LINK_F_MULTI_QUEUE)
		flags |= IFF_MULTI_QUEUE;
	if (link_flags & NSBOX_LINK_F_VNET_HDR)
		flags |= IFF_VNET_HDR;
	return flags;
}

/*
 * One queue. TUNSETIFF makes a device when none has the name: the device
 * must be there before, with the same index after, and persistent (one
 * made now is not, and goes with this fd).
 */
static int tun_queue(const struct exec_tun *t, unsigned int ifindex)
{
	struct ifreq ifr;
	int fd;

	fd = open("/dev/net/tun", O_RDWR | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", t->ifname);
	/* the flags nsbox made the device with: attaching with others would change them */
	ifr.ifr_flags = tun_iff_flags(t->type == NSBOX_LINK_TYPE_TAP, t->flags);
	if (ioctl(fd, TUNSETIFF, &ifr) || ioctl(fd, TUNGETIFF, &ifr)) {
		int err = -errno;

		close(fd);
		return err;
	}
	if (!(ifr.ifr_flags & IFF_PERSIST) || if_nametoindex(t->ifname) != ifindex) {
		close(fd);
		return -ENODEV;
	}
	return fd;
}

int tun_open(struct exec_opts *o)
{
	unsigned int i, q, ifindex;
	int fd;

	for (i = 0; i < o->ntuns; i++) {
		ifindex = if_nametoindex(o->tuns[i].ifname);
		if (!ifindex)
			return -ENODEV;
		for (q = 0; q < o->tuns[i].queues; q++) {
			if (o->ntun_fds == EXEC_TUN_FDS_MAX)
				return -E2BIG;
			fd = tun_queue(&o->tuns[i], ifindex);
			if (fd < 0)
				return fd;
			o->tun_fds[o->ntun_fds++] = fd;
		}
	}
	return 0;
}

int tun_place(const struct exec_opts *o)
{
	char names[EXEC_TUN_FDS_MAX * IFNAMSIZ], num[16];
	int fds[EXEC_TUN_FDS_MAX];
	unsigned int n = o->ntun_fds, i, t, q;
	size_t len = 0;

	if (!n)
		return 0;
	/*
	 * Above the range first: a queue opened at fd 4 must not be
	 * overwritten by the dup2() that puts another at 4.
	 */
	for (i = 0; i < n; i++) {
		fds[i] = fcntl(o->tun_fds[i], F_DUPFD_CLOEXEC, 3 + n);
		if (fds[i] < 0)
			return -errno;
		close(o->tun_fds[i]);
	}
	/* dup2() leaves the new fd open across execve() */
	for (i = 0; i < n; i++) {
		if (dup2(fds[i], 3 + i) < 0)
			return -errno;
		close(fds[i]);
	}
	/* one name per fd: a link of several queues is named as many times */
	names[0] = '\0';
	for (t = 0; t < o->ntuns; t++)
		for (q = 0; q < o->tuns[t].queues; q++)
			len += snprintf(names + len, sizeof(names) - len, "%s%s", len ? ":" : "",
					o->tuns[t].ifname);
	snprintf(num, sizeof(num), "%u", n);
	if (setenv("LISTEN_FDS", num, 1) || setenv("LISTEN_FDNAMES", names, 1))
		return -errno;
	/* execve() keeps the pid: the program is this process */
	snprintf(num, sizeof(num), "%d", (int)getpid());
	if (setenv("LISTEN_PID", num, 1))
		return -errno;
	return 0;
}
