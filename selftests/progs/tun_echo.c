// SPDX-License-Identifier: GPL-2.0
/*
 * tun_echo DEV { tun | tap } [ COUNT [ TIMEOUT ] ]
 * tun_echo - { tun | tap } [ COUNT [ TIMEOUT ] ]
 *
 * A test helper, not a test: attach to the existing persistent TUN or TAP
 * device DEV (TUNSETIFF with IFF_TUN or IFF_TAP, and IFF_NO_PI), or with
 * "-" take the queue handed over as fd 3 the sd_listen_fds(3) way
 * (LISTEN_PID this process, LISTEN_FDS at least 1: nsbox exec ... tun DEV),
 * and answer
 * what a ping to an address behind it needs, from userspace:
 *
 *   tun: IPv4 ICMP echo requests, with echo replies (addresses swapped,
 *        type 0, checksums fixed);
 *   tap: the same inside Ethernet frames, and ARP requests for any address
 *        with a reply from a made-up MAC address.
 *
 * Everything else is read and ignored. Prints "attached DEV" once attached,
 * then "answered N" when it exits: after COUNT echo replies (default 3), or
 * when nothing arrived for TIMEOUT seconds (default 10), or after 6 times
 * TIMEOUT in all. Exits 0 if it answered COUNT, 1 if not, 2 if it could not
 * attach. Meant to run unprivileged as the device's owner.
 */
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <poll.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include <linux/if_tun.h>

#define ETH_HLEN	14
#define ETH_P_IP	0x0800
#define ETH_P_ARP	0x0806
#define IPPROTO_ICMP_	1
#define ICMP_ECHOREPLY_	0
#define ICMP_ECHO_	8

/* ours, locally administered */
static const uint8_t our_mac[6] = { 0x02, 0x6e, 0x73, 0x62, 0x6f, 0x78 };

static uint16_t get16(const uint8_t *p)
{
	return p[0] << 8 | p[1];
}

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = v >> 8;
	p[1] = v;
}

/* The Internet checksum of len bytes, as stored (network order). */
static uint16_t csum(const uint8_t *p, size_t len)
{
	uint32_t sum = 0;
	size_t i;

	for (i = 0; i + 1 < len; i += 2)
		sum += get16(p + i);
	if (len & 1)
		sum += p[len - 1] << 8;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return ~sum & 0xffff;
}

/*
 * Turn the IPv4 packet at ip (len bytes) into the reply to it, if it is an
 * ICMP echo request. Returns the reply's length, 0 if it is not one.
 */
static size_t icmp_echo(uint8_t *ip, size_t len)
{
	size_t ihl, tot;
	uint8_t tmp[4];

	if (len < 20 || ip[0] >> 4 != 4)
		return 0;
	ihl = (ip[0] & 0xf) * 4;
	tot = get16(ip + 2);
	if (ihl < 20 || tot < ihl + 8 || tot > len || ip[9] != IPPROTO_ICMP_ ||
	    (get16(ip + 6) & 0x3fff) ||		/* fragments: no */
	    ip[ihl] != ICMP_ECHO_ || ip[ihl + 1] != 0)
		return 0;

	memcpy(tmp, ip + 12, 4);
	memcpy(ip + 12, ip + 16, 4);
	memcpy(ip + 16, tmp, 4);
	ip[8] = 64;				/* TTL */
	put16(ip + 10, 0);
	put16(ip + 10, csum(ip, ihl));

	ip[ihl] = ICMP_ECHOREPLY_;
	put16(ip + ihl + 2, 0);
	put16(ip + ihl + 2, csum(ip + ihl, tot - ihl));
	return tot;
}

/* An ARP request for IPv4 over Ethernet, answered in place: its length, or 0. */
static size_t arp_reply(uint8_t *f, size_t len)
{
	uint8_t *arp = f + ETH_HLEN, asked[4];

	if (len < ETH_HLEN + 28 || get16(arp) != 1 || get16(arp + 2) != ETH_P_IP ||
	    arp[4] != 6 || arp[5] != 4 || get16(arp + 6) != 1)
		return 0;
	/* a gratuitous ARP or a probe asks for nobody else */
	if (!memcmp(arp + 14, arp + 24, 4) || !memcmp(arp + 14, "\0\0\0\0", 4))
		return 0;

	memcpy(asked, arp + 24, 4);
	put16(arp + 6, 2);
	memcpy(arp + 18, arp + 8, 10);		/* target := sender (MAC, IP) */
	memcpy(arp + 8, our_mac, 6);		/* sender := us, with the asked IP */
	memcpy(arp + 14, asked, 4);
	memcpy(f, arp + 18, 6);
	memcpy(f + 6, our_mac, 6);
	return ETH_HLEN + 28;
}

/* An echo request in an Ethernet frame, answered in place. */
static size_t eth_echo(uint8_t *f, size_t len)
{
	size_t n;

	if (len < ETH_HLEN || get16(f + 12) != ETH_P_IP)
		return 0;
	n = icmp_echo(f + ETH_HLEN, len - ETH_HLEN);
	if (!n)
		return 0;
	memcpy(f, f + 6, 6);
	memcpy(f + 6, our_mac, 6);
	return ETH_HLEN + n;
}

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000;
}

int main(int argc, char **argv)
{
	long count = 3, timeout = 10, answered = 0, deadline, left;
	uint8_t buf[65536 + ETH_HLEN];
	struct pollfd pfd;
	struct ifreq ifr;
	bool tap;
	ssize_t n;
	size_t out;
	int fd;

	if (argc < 3 || argc > 5 || (strcmp(argv[2], "tun") && strcmp(argv[2], "tap")) ||
	    strlen(argv[1]) >= IFNAMSIZ ||
	    (argc > 3 && (count = atol(argv[3])) <= 0) ||
	    (argc > 4 && (timeout = atol(argv[4])) <= 0)) {
		fprintf(stderr, "usage: tun_echo DEV { tun | tap } [ COUNT [ TIMEOUT ] ]\n");
		return 2;
	}
	tap = !strcmp(argv[2], "tap");

	if (!strcmp(argv[1], "-")) {
		const char *pid = getenv("LISTEN_PID"), *fds = getenv("LISTEN_FDS");

		if (!pid || atol(pid) != (long)getpid() || !fds || atol(fds) < 1 ||
		    ioctl(3, TUNGETIFF, &ifr)) {
			fprintf(stderr, "tun_echo: no TUN or TAP queue handed over as fd 3\n");
			return 2;
		}
		fd = 3;
		goto attached;
	}
	fd = open("/dev/net/tun", O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		fprintf(stderr, "tun_echo: /dev/net/tun: %s\n", strerror(errno));
		return 2;
	}
	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", argv[1]);
	ifr.ifr_flags = (tap ? IFF_TAP : IFF_TUN) | IFF_NO_PI;
	if (ioctl(fd, TUNSETIFF, &ifr)) {
		fprintf(stderr, "tun_echo: TUNSETIFF %s: %s\n", argv[1], strerror(errno));
		return 2;
	}
attached:
	printf("attached %s\n", ifr.ifr_name);
	fflush(stdout);

	deadline = now_ms() + 6 * timeout * 1000;
	pfd.fd = fd;
	pfd.events = POLLIN;
	while (answered < count) {
		left = deadline - now_ms();
		if (left <= 0)
			break;
		n = poll(&pfd, 1, left < timeout * 1000 ? left : timeout * 1000);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		n = read(fd, buf, sizeof(buf));
		if (n < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (n < 0) {
			fprintf(stderr, "tun_echo: read: %s\n", strerror(errno));
			break;
		}
		if (!tap) {
			out = icmp_echo(buf, n);
		} else {
			out = arp_reply(buf, n);
			if (out) {
				if (write(fd, buf, out) != (ssize_t)out)
					fprintf(stderr, "tun_echo: write: %s\n", strerror(errno));
				continue;
			}
			out = eth_echo(buf, n);
		}
		if (!out)
			continue;
		if (write(fd, buf, out) != (ssize_t)out) {
			fprintf(stderr, "tun_echo: write: %s\n", strerror(errno));
			continue;
		}
		answered++;
	}
	printf("answered %ld\n", answered);
	close(fd);
	return answered >= count ? 0 : 1;
}
