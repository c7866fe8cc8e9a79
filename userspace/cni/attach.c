// SPDX-License-Identifier: GPL-2.0
/*
 * ADD, CHECK and DEL. ADD adopts CNI_NETNS as a sandbox and makes the veth,
 * its addresses and its routes in one nsbox request, all or nothing; the
 * host end is then put on its bridge, or given its routes in ptp mode. A
 * failure at any step takes back what the steps before it made (the
 * sandbox with everything in it, the IPAM lease), so a failed ADD leaves
 * nothing behind.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <linux/rtnetlink.h>

#include "cni.h"
#include "genl.h"
#include "netcfg.h"
#include "sandbox.h"

/* The routes and addresses ADD asks for: at most one per IPAM entry, plus gateways. */
#define ATTACH_MAX_ROUTES	(CNI_MAX_ROUTES + 2 * CNI_MAX_IPS)

struct attach {
	struct nsbox_ctx ctx;
	struct nsbox_link link;
	struct nsbox_addr addrs[CNI_MAX_IPS];
	struct nsbox_route routes[ATTACH_MAX_ROUTES];
	struct sandbox_clauses clauses;
	struct sandbox sb;
	struct host_link bridge;
};

static int nsbox_fail(struct attach *a, const char *what, struct cni_err *e)
{
	char buf[1024];

	genl_strerror(&a->ctx, what, buf, sizeof(buf));
	return cni_fail(e, CNI_ERR_NSBOX, "%s", buf);
}

static int nsbox_connect(struct attach *a, struct cni_err *e)
{
	output_init(&a->ctx.out, stdout, false, false);
	/* genl_open() says why on stderr, which runtimes log */
	if (genl_open(&a->ctx))
		return cni_fail(e, CNI_ERR_NSBOX,
				"cannot reach the nsbox module (is it loaded? modprobe nsbox)");
	return 0;
}

/* The gateway of the first address of family that has one. */
static const struct cni_ip *family_gw(const struct cni_result *ipam, int family)
{
	size_t i;

	for (i = 0; i < ipam->nips; i++)
		if (ipam->ips[i].family == family && ipam->ips[i].has_gw)
			return &ipam->ips[i];
	return NULL;
}

static struct nsbox_route *route_next(struct attach *a, struct cni_err *e)
{
	struct nsbox_route *r;

	if (a->clauses.nroutes == ATTACH_MAX_ROUTES) {
		cni_fail(e, CNI_ERR_CONFIG, "too many routes");
		return NULL;
	}
	r = &a->routes[a->clauses.nroutes++];
	memset(r, 0, sizeof(*r));
	return r;
}

/* dst/len [via gw] dev ifname [scope link] */
static int route_put_one(struct attach *a, const char *ifname, int family, const uint8_t *dst,
			 uint8_t len, const uint8_t *gw, bool scope_link, struct cni_err *e)
{
	struct nsbox_route *r = route_next(a, e);
	size_t alen = family == AF_INET ? 4 : 16;

	if (!r)
		return -1;
	r->family = family;
	memcpy(r->dst, dst, alen);
	r->dst_len = len;
	r->have = NET_BIT(NSBOX_A_ROUTE_DST) | NET_BIT(NSBOX_A_ROUTE_IFNAME);
	snprintf(r->ifname, sizeof(r->ifname), "%s", ifname);
	if (gw) {
		memcpy(r->gateway, gw, alen);
		r->have |= NET_BIT(NSBOX_A_ROUTE_GATEWAY);
	}
	if (scope_link) {
		r->scope = RT_SCOPE_LINK;
		r->have |= NET_BIT(NSBOX_A_ROUTE_SCOPE);
	}
	return 0;
}

static bool has_default(const struct cni_result *ipam, int family)
{
	size_t i;

	for (i = 0; i < ipam->nroutes; i++)
		if (ipam->routes[i].family == family && !ipam->routes[i].dst_len)
			return true;
	return false;
}

/*
 * The clauses of the sandbox: the veth, an address per IPAM address (a
 * host address in ptp mode, where the gateway is reached as a link route),
 * the IPAM routes through the family's gateway, and a default route where
 * isDefaultGateway asks for one; r gets the routes to report.
 */
static int attach_clauses(struct attach *a, const struct cni_env *env, const struct cni_conf *c,
			  const struct cni_result *ipam, struct cni_result *r, struct cni_err *e)
{
	static const uint8_t any[16];
	const int families[] = { AF_INET, AF_INET6 };
	struct nsbox_link *l = &a->link;
	size_t i, f;

	l->have = NET_BIT(NSBOX_A_LINK_IFNAME) | NET_BIT(NSBOX_A_LINK_TYPE) |
		  NET_BIT(NSBOX_A_LINK_PEER_IFNAME);
	snprintf(l->ifname, sizeof(l->ifname), "%s", env->ifname);
	l->type = NSBOX_LINK_TYPE_VETH;
	snprintf(l->peer_ifname, sizeof(l->peer_ifname), "%s", env->host_ifname);
	if (c->mtu) {
		l->mtu = c->mtu;
		l->have |= NET_BIT(NSBOX_A_LINK_MTU);
	}
	a->clauses.links = l;
	a->clauses.nlinks = 1;
	a->clauses.addrs = a->addrs;
	a->clauses.routes = a->routes;

	for (i = 0; i < ipam->nips; i++) {
		const struct cni_ip *ip = &ipam->ips[i];
		struct nsbox_addr *ad = &a->addrs[i];
		uint8_t host_len = ip->family == AF_INET ? 32 : 128;

		if (c->mode == CNI_MODE_PTP && !ip->has_gw)
			return cni_fail(e, CNI_ERR_CONFIG,
					"ptp mode needs a gateway for every address from IPAM");
		ad->have = NET_BIT(NSBOX_A_ADDR_IFNAME) | NET_BIT(NSBOX_A_ADDR_ADDRESS) |
			   NET_BIT(NSBOX_A_ADDR_PREFIXLEN);
		snprintf(ad->ifname, sizeof(ad->ifname), "%s", env->ifname);
		ad->family = ip->family;
		memcpy(ad->address, ip->addr, sizeof(ad->address));
		ad->prefixlen = c->mode == CNI_MODE_PTP ? host_len : ip->prefixlen;
		r->ips[i] = *ip;
		r->ips[i].prefixlen = ad->prefixlen;
		if (c->mode == CNI_MODE_PTP &&
		    route_put_one(a, env->ifname, ip->family, ip->gw, host_len, NULL, true, e))
			return -1;
	}
	a->clauses.naddrs = r->nips = ipam->nips;

	for (i = 0; i < ipam->nroutes; i++) {
		const struct cni_route *rt = &ipam->routes[i];
		const struct cni_ip *gw = family_gw(ipam, rt->family);
		const uint8_t *via = rt->has_gw ? rt->gw : gw ? gw->gw : NULL;

		if (c->mode == CNI_MODE_PTP && !via)
			return cni_fail(e, CNI_ERR_CONFIG, "ptp mode: route %zu has no gateway", i);
		if (route_put_one(a, env->ifname, rt->family, rt->dst, rt->dst_len, via, false, e))
			return -1;
		r->routes[r->nroutes++] = *rt;
	}
	for (f = 0; f < 2 && c->is_default_gateway; f++) {
		const struct cni_ip *gw = family_gw(ipam, families[f]);
		struct cni_route *rt;

		if (!gw || has_default(ipam, families[f]))
			continue;
		if (r->nroutes == CNI_MAX_ROUTES)
			return cni_fail(e, CNI_ERR_CONFIG, "too many routes");
		if (route_put_one(a, env->ifname, families[f], any, 0, gw->gw, false, e))
			return -1;
		rt = &r->routes[r->nroutes++];
		memset(rt, 0, sizeof(*rt));
		rt->family = families[f];
		rt->has_gw = true;
		memcpy(rt->gw, gw->gw, sizeof(rt->gw));
	}
	return 0;
}

/* The host end: a port of the bridge, or routed to the pod's addresses. */
static int attach_host(struct attach *a, const struct cni_env *env, const struct cni_conf *c,
		       const struct cni_result *ipam, struct cni_err *e)
{
	struct host_link hl;
	size_t i;
	int err;

	if (host_link_attach(env->host_ifname, c->mode == CNI_MODE_BRIDGE ?
			     a->bridge.ifindex : 0, e))
		return -1;
	err = host_link_get(env->host_ifname, &hl);
	if (err)
		return cni_fail(e, CNI_ERR_HOST, "%s: %s", env->host_ifname, strerror(-err));
	for (i = 0; i < ipam->nips; i++) {
		const struct cni_ip *ip = &ipam->ips[i];
		uint8_t host_len = ip->family == AF_INET ? 32 : 128;

		if (host_forwarding(ip->family, e))
			return -1;
		if (c->mode != CNI_MODE_PTP)
			continue;
		if (host_addr_add(hl.ifindex, env->host_ifname, ip->family, ip->gw, host_len, e) ||
		    host_route_add(hl.ifindex, env->host_ifname, ip->family, ip->addr, host_len,
				   e))
			return -1;
	}
	return 0;
}

/* What ADD reports: the bridge (bridge mode), the host end, the pod's end. */
static int attach_ifaces(struct attach *a, const struct cni_env *env, const struct cni_conf *c,
			 struct cni_result *r, struct cni_err *e)
{
	struct cni_iface *f;
	struct host_link hl;
	size_t i;
	int err;

	if (c->mode == CNI_MODE_BRIDGE) {
		f = &r->ifaces[r->nifaces++];
		snprintf(f->name, sizeof(f->name), "%s", c->bridge);
		memcpy(f->mac, a->bridge.mac, 6);
		f->has_mac = true;
	}
	err = host_link_get(env->host_ifname, &hl);
	if (err)
		return cni_fail(e, CNI_ERR_HOST, "%s: %s", env->host_ifname, strerror(-err));
	f = &r->ifaces[r->nifaces++];
	snprintf(f->name, sizeof(f->name), "%s", env->host_ifname);
	memcpy(f->mac, hl.mac, 6);
	f->has_mac = true;

	f = &r->ifaces[r->nifaces];
	snprintf(f->name, sizeof(f->name), "%s", env->ifname);
	snprintf(f->sandbox, sizeof(f->sandbox), "%s", env->netns);
	for (i = 0; i < a->sb.nlinkv; i++) {
		const struct nsbox_link *l = &a->sb.linkv[i];

		if (!strcmp(l->ifname, env->ifname) && NET_HAS(l, NSBOX_A_LINK_ADDRESS)) {
			memcpy(f->mac, l->address, 6);
			f->has_mac = true;
		}
	}
	for (i = 0; i < r->nips; i++)
		r->ips[i].iface = r->nifaces;
	r->nifaces++;
	return 0;
}

int cni_add(struct cni_env *env, struct cni_conf *c, struct cni_result *r, struct cni_err *e)
{
	struct sandbox_req req = { .name = env->sandbox, .adopt_fd = -1 };
	struct cni_result ipam;
	struct attach *a;
	int nsfd, ret = -1;

	if (!env->netns || !env->netns[0])
		return cni_fail(e, CNI_ERR_ENV, "CNI_NETNS is missing");
	a = calloc(1, sizeof(*a));
	if (!a)
		return cni_fail(e, CNI_ERR_IO, "%s", strerror(ENOMEM));
	a->sb.netns_fd = -1;
	a->sb.uts_fd = -1;
	nsfd = open(env->netns, O_RDONLY | O_CLOEXEC);
	if (nsfd < 0) {
		cni_fail(e, CNI_ERR_ENV, "CNI_NETNS %s: %s", env->netns, strerror(errno));
		free(a);
		return -1;
	}
	if (nsbox_connect(a, e) || cni_ipam(env, c, "ADD", &ipam, e))
		goto out;
	/* from here on, a failure gives the lease back */
	if (attach_clauses(a, env, c, &ipam, r, e))
		goto release;
	if (c->mode == CNI_MODE_BRIDGE) {
		if (host_bridge_ensure(c->bridge, c->mtu, &a->bridge, e))
			goto release;
		for (size_t i = 0; i < ipam.nips && c->is_gateway; i++)
			if (ipam.ips[i].has_gw &&
			    host_addr_add(a->bridge.ifindex, c->bridge, ipam.ips[i].family,
					  ipam.ips[i].gw, ipam.ips[i].prefixlen, e))
				goto release;
	}
	req.adopt_fd = nsfd;
	req.clauses = &a->clauses;
	if (sandbox_new(&a->ctx, &req, &a->sb)) {
		nsbox_fail(a, "sandbox add", e);
		goto release;
	}
	/* and from here on, it also deletes the sandbox with all it holds */
	if (attach_host(a, env, c, &ipam, e) || attach_ifaces(a, env, c, r, e)) {
		sandbox_del(&a->ctx, env->sandbox, &a->sb);
		goto release;
	}
	r->dns = ipam.dns;
	ipam.dns = NULL;
	ret = 0;
	goto done;
release:
	{
		struct cni_err ignored;

		cni_ipam(env, c, "DEL", NULL, &ignored);
	}
done:
	cni_result_free(&ipam);
out:
	sandbox_close_fds(&a->sb);
	sandbox_free(&a->sb);
	close(nsfd);
	free(a);
	return ret;
}

/* The pod's interface in prevResult, by CNI_IFNAME and a sandbox path. */
static int prev_iface(const struct cni_conf *c, const struct cni_env *env)
{
	size_t i;

	for (i = 0; i < c->prev.nifaces; i++)
		if (c->prev.ifaces[i].sandbox[0] && !strcmp(c->prev.ifaces[i].name, env->ifname))
			return i;
	return -1;
}

static bool sb_has_addr(const struct sandbox *sb, const char *ifname, const struct cni_ip *ip)
{
	size_t i, alen = ip->family == AF_INET ? 4 : 16;

	for (i = 0; i < sb->naddrv; i++) {
		const struct nsbox_addr *ad = &sb->addrv[i];

		if (ad->family == ip->family && ad->prefixlen == ip->prefixlen &&
		    !memcmp(ad->address, ip->addr, alen) && !strcmp(ad->ifname, ifname))
			return true;
	}
	return false;
}

static bool sb_has_route(const struct sandbox *sb, const struct cni_route *rt)
{
	size_t i, alen = rt->family == AF_INET ? 4 : 16;

	for (i = 0; i < sb->nroutev; i++) {
		const struct nsbox_route *r = &sb->routev[i];

		if (r->family != rt->family || r->dst_len != rt->dst_len ||
		    (rt->dst_len && memcmp(r->dst, rt->dst, alen)))
			continue;
		if (rt->has_gw && (!NET_HAS(r, NSBOX_A_ROUTE_GATEWAY) ||
				   memcmp(r->gateway, rt->gw, alen)))
			continue;
		return true;
	}
	return false;
}

/* The live sandbox and host end against prevResult. */
static int check_sandbox(struct attach *a, const struct cni_env *env, const struct cni_conf *c,
			 struct cni_err *e)
{
	const struct nsbox_link *l = NULL;
	struct host_link hl;
	char buf[64], mac[18];
	int ci = prev_iface(c, env), err;
	size_t i;

	if (ci < 0)
		return cni_fail(e, CNI_ERR_CHECK, "prevResult has no interface %s in a sandbox",
				env->ifname);
	for (i = 0; i < a->sb.nlinkv; i++)
		if (!strcmp(a->sb.linkv[i].ifname, env->ifname))
			l = &a->sb.linkv[i];
	if (!l || l->type != NSBOX_LINK_TYPE_VETH)
		return cni_fail(e, CNI_ERR_CHECK, "sandbox %s has no veth %s", env->sandbox,
				env->ifname);
	if (c->prev.ifaces[ci].has_mac &&
	    (!NET_HAS(l, NSBOX_A_LINK_ADDRESS) || memcmp(l->address, c->prev.ifaces[ci].mac, 6)))
		return cni_fail(e, CNI_ERR_CHECK, "%s's address is %s, not %s", env->ifname,
				NET_HAS(l, NSBOX_A_LINK_ADDRESS) ? cni_mac_str(l->address, mac) :
				"unknown", cni_mac_str(c->prev.ifaces[ci].mac, buf));
	for (i = 0; i < c->prev.nips; i++) {
		const struct cni_ip *ip = &c->prev.ips[i];

		if (ip->iface == ci && !sb_has_addr(&a->sb, env->ifname, ip))
			return cni_fail(e, CNI_ERR_CHECK, "%s has no address %s", env->ifname,
					cni_prefix_str(ip->family, ip->addr, ip->prefixlen, buf,
						       sizeof(buf)));
	}
	for (i = 0; i < c->prev.nroutes; i++)
		if (!sb_has_route(&a->sb, &c->prev.routes[i]))
			return cni_fail(e, CNI_ERR_CHECK, "sandbox %s has no route to %s",
					env->sandbox,
					cni_prefix_str(c->prev.routes[i].family,
						       c->prev.routes[i].dst,
						       c->prev.routes[i].dst_len, buf, sizeof(buf)));

	err = host_link_get(env->host_ifname, &hl);
	if (err)
		return cni_fail(e, CNI_ERR_CHECK, "host end %s: %s", env->host_ifname,
				strerror(-err));
	if (!hl.up)
		return cni_fail(e, CNI_ERR_CHECK, "host end %s is down", env->host_ifname);
	if (c->mode == CNI_MODE_BRIDGE) {
		err = host_link_get(c->bridge, &a->bridge);
		if (err || hl.master != a->bridge.ifindex)
			return cni_fail(e, CNI_ERR_CHECK, "host end %s is not a port of %s",
					env->host_ifname, c->bridge);
		return 0;
	}
	for (i = 0; i < c->prev.nips; i++) {
		const struct cni_ip *ip = &c->prev.ips[i];

		if (ip->iface == ci &&
		    !host_route_present(hl.ifindex, ip->family, ip->addr, ip->prefixlen))
			return cni_fail(e, CNI_ERR_CHECK, "the host has no route to %s via %s",
					cni_prefix_str(ip->family, ip->addr, ip->prefixlen, buf,
						       sizeof(buf)), env->host_ifname);
	}
	return 0;
}

int cni_check(struct cni_env *env, struct cni_conf *c, struct cni_err *e)
{
	struct attach *a;
	int ret = -1;

	if (cni_version_cmp(c->version, "0.4.0") < 0)
		return cni_fail(e, CNI_ERR_VERSION, "CHECK needs cniVersion 0.4.0 or later");
	a = calloc(1, sizeof(*a));
	if (!a)
		return cni_fail(e, CNI_ERR_IO, "%s", strerror(ENOMEM));
	if (nsbox_connect(a, e))
		goto out;
	/* an unknown container first: a runtime has no result for one */
	if (sandbox_get(&a->ctx, env->sandbox, &a->sb)) {
		if (a->ctx.nl.err == ENOENT)
			cni_fail(e, CNI_ERR_UNKNOWN, "no sandbox %s: ADD did not run or DEL did",
				 env->sandbox);
		else
			nsbox_fail(a, "sandbox show", e);
		goto out;
	}
	if (!c->has_prev)
		cni_fail(e, CNI_ERR_CONFIG, "CHECK needs a prevResult");
	else if (!cni_ipam(env, c, "CHECK", NULL, e))
		ret = check_sandbox(a, env, c, e);
	sandbox_free(&a->sb);
out:
	free(a);
	return ret;
}

/*
 * Idempotent: a sandbox already gone (DEL twice, a failed ADD) is no error.
 * The sandbox goes first, taking the veth, its routes and the host end's
 * routes with it; then the lease, so that no address is handed out again
 * while in use.
 */
int cni_del(struct cni_env *env, struct cni_conf *c, struct cni_err *e)
{
	struct attach *a;
	int ret = -1;

	a = calloc(1, sizeof(*a));
	if (!a)
		return cni_fail(e, CNI_ERR_IO, "%s", strerror(ENOMEM));
	if (nsbox_connect(a, e))
		goto out;
	if (sandbox_del(&a->ctx, env->sandbox, NULL) && a->ctx.nl.err != ENOENT) {
		nsbox_fail(a, "sandbox del", e);
		goto out;
	}
	if (c->ipam_type[0] && cni_ipam(env, c, "DEL", NULL, e))
		goto out;
	ret = 0;
out:
	free(a);
	return ret;
}
