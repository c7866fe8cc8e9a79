// SPDX-License-Identifier: GPL-2.0
/*
 * nsbox sandbox save NAME: the -batch text that recreates a sandbox as the
 * module records it, so that a setup can be kept in a file (such as
 * /etc/nsbox/NAME.conf, for nsbox@.service) and replayed.
 *
 * One sandbox add line holds the whole sandbox, as one request: flags,
 * links, addresses, routes, sysctls and neighbours, in the order the
 * module applies them. Host devices moved in follow as link move lines,
 * as they are not made but taken. What nsbox did not install (devices and
 * routes made by hand inside) is not recorded, and so not saved.
 */
#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "genl.h"
#include "netns.h"
#include "sandbox.h"
#include "util.h"

static const char *const route_types[] = {
	[NSBOX_ROUTE_TYPE_BLACKHOLE]	= "blackhole",
	[NSBOX_ROUTE_TYPE_UNREACHABLE]	= "unreachable",
	[NSBOX_ROUTE_TYPE_PROHIBIT]	= "prohibit",
};

static const char *ip_str(int family, const uint8_t *addr, char *buf)
{
	return inet_ntop(family, addr, buf, INET6_ADDRSTRLEN);
}

static void save_link(FILE *f, const struct nsbox_link *l)
{
	static const char *const flags[] = { "multi_queue", "vnet_hdr", "pi" };
	char buf[24], ip[INET6_ADDRSTRLEN];
	unsigned int bit;

	fprintf(f, " link %s type %s", l->ifname, link_type_name(l->type, buf, sizeof(buf)));
	switch (l->type) {
	case NSBOX_LINK_TYPE_VETH:
		fprintf(f, " peer %s", l->peer_ifname);
		if (NET_HAS(l, NSBOX_A_LINK_PEER_SANDBOX))
			fprintf(f, " sandbox %s", l->peer_sandbox);
		break;
	case NSBOX_LINK_TYPE_TUN:
	case NSBOX_LINK_TYPE_TAP:
		for (bit = 0; bit < ARRAY_SIZE(flags); bit++)
			if (l->flags & (1u << bit))
				fprintf(f, " %s", flags[bit]);
		if (NET_HAS(l, NSBOX_A_LINK_OWNER))
			fprintf(f, " owner %u", l->owner);
		if (NET_HAS(l, NSBOX_A_LINK_GROUP))
			fprintf(f, " group %u", l->group);
		break;
	case NSBOX_LINK_TYPE_MACVLAN:
	case NSBOX_LINK_TYPE_IPVLAN:
	case NSBOX_LINK_TYPE_VLAN:
		fprintf(f, " parent %s", l->parent);
		if (NET_HAS(l, NSBOX_A_LINK_MODE))
			fprintf(f, " mode %s", link_mode_name(l->mode, buf, sizeof(buf)));
		if (NET_HAS(l, NSBOX_A_LINK_VLAN_ID))
			fprintf(f, " id %u", l->vlan_id);
		break;
	case NSBOX_LINK_TYPE_VXLAN:
		fprintf(f, " vni %u", l->vni);
		if (NET_HAS(l, NSBOX_A_LINK_REMOTE))
			fprintf(f, " remote %s", ip_str(l->vx_family, l->vx_remote, ip));
		if (NET_HAS(l, NSBOX_A_LINK_VXLAN_GROUP))
			fprintf(f, " group %s", ip_str(l->vx_family, l->vx_remote, ip));
		if (NET_HAS(l, NSBOX_A_LINK_LOCAL))
			fprintf(f, " local %s", ip_str(l->vx_family, l->vx_local, ip));
		if (NET_HAS(l, NSBOX_A_LINK_PORT))
			fprintf(f, " port %u", l->port);
		if (NET_HAS(l, NSBOX_A_LINK_UNDERLAY))
			fprintf(f, " dev %s", l->underlay);
		break;
	}
	/* the MAC it has now, where it has its own: the same after a replay */
	if (NET_HAS(l, NSBOX_A_LINK_ADDRESS) && l->type != NSBOX_LINK_TYPE_TUN &&
	    l->type != NSBOX_LINK_TYPE_IPVLAN)
		fprintf(f, " address %s", mac_str(l->address, buf));
	if (NET_HAS(l, NSBOX_A_LINK_MASTER))
		fprintf(f, " master %s", l->master);
	/* as the device is now: a link whose device is gone has neither */
	if (NET_HAS(l, NSBOX_A_LINK_MTU))
		fprintf(f, " mtu %u", l->mtu);
	if (NET_HAS(l, NSBOX_A_LINK_TXQUEUELEN))
		fprintf(f, " txqueuelen %u", l->txqueuelen);
}

static void save_route(FILE *f, const struct nsbox_route *r)
{
	char ip[INET6_ADDRSTRLEN];
	unsigned int i;

	if (r->dst_len)
		fprintf(f, " route %s/%u", ip_str(r->family, r->dst, ip), r->dst_len);
	else	/* the family of a default route is its gateway's, or IPv4 */
		fprintf(f, " route %s", r->family == AF_INET6 ? "::/0" : "default");
	if (NET_HAS(r, NSBOX_A_ROUTE_TYPE) && r->type < ARRAY_SIZE(route_types) &&
	    route_types[r->type])
		fprintf(f, " type %s", route_types[r->type]);
	if (NET_HAS(r, NSBOX_A_ROUTE_GATEWAY))
		fprintf(f, " via %s", ip_str(r->family, r->gateway, ip));
	if (NET_HAS(r, NSBOX_A_ROUTE_IFNAME))
		fprintf(f, " dev %s", r->ifname);
	if (NET_HAS(r, NSBOX_A_ROUTE_SRC))
		fprintf(f, " src %s", ip_str(r->family, r->src, ip));
	if (NET_HAS(r, NSBOX_A_ROUTE_ONLINK))
		fprintf(f, " onlink");
	if (NET_HAS(r, NSBOX_A_ROUTE_SCOPE))
		fprintf(f, " scope %u", r->scope);
	if (NET_HAS(r, NSBOX_A_ROUTE_MTU))
		fprintf(f, " mtu %u", r->mtu);
	if (NET_HAS(r, NSBOX_A_ROUTE_ADVMSS))
		fprintf(f, " advmss %u", r->advmss);
	if (NET_HAS(r, NSBOX_A_ROUTE_METRIC) && r->metric)
		fprintf(f, " metric %u", r->metric);
	if (NET_HAS(r, NSBOX_A_ROUTE_TABLE) && r->table != 254)
		fprintf(f, " table %u", r->table);
	for (i = 0; i < r->nnh; i++) {
		fprintf(f, " nexthop");
		if (r->nh[i].has_gw)
			fprintf(f, " via %s", ip_str(r->family, r->nh[i].gateway, ip));
		if (r->nh[i].ifname[0])
			fprintf(f, " dev %s", r->nh[i].ifname);
		fprintf(f, " weight %u", r->nh[i].weight);
	}
}

/*
 * The name in NETNS_RUN_DIR of the namespace whose inode is @ino, as ip
 * netns names it: the module knows an adopted namespace by its inode only.
 */
static bool netns_path_of(uint32_t ino, char *path, size_t size)
{
	DIR *dir = opendir(NETNS_RUN_DIR);
	struct dirent *de;
	struct stat st;
	bool found = false;

	if (!dir)
		return false;
	while (!found && (de = readdir(dir))) {
		if (de->d_name[0] == '.')
			continue;
		snprintf(path, size, "%s/%s", NETNS_RUN_DIR, de->d_name);
		found = !stat(path, &st) && st.st_ino == ino;
	}
	closedir(dir);
	return found;
}

static void save_sandbox(struct nsbox_ctx *ctx, FILE *f, const struct sandbox *sb)
{
	char ip[INET6_ADDRSTRLEN], path[PATH_MAX];
	size_t i;

	if (sb->flags & NSBOX_SANDBOX_F_OWNED)
		fprintf(f, "# %s was owned by its creator's socket: saved as not owned\n",
			sb->name);
	fprintf(f, "sandbox add %s", sb->name);
	if (SANDBOX_HAS(sb, NSBOX_A_SANDBOX_HOSTNAME))
		fprintf(f, " hostname %s", sb->hostname);
	if (sb->flags & NSBOX_SANDBOX_F_PUBLISH)
		fprintf(f, " publish");
	if (sb->flags & NSBOX_SANDBOX_F_NOIPV6)
		fprintf(f, " noipv6");
	if (sb->flags & NSBOX_SANDBOX_F_ADOPTED) {
		if (netns_path_of(sb->netns_inode, path, sizeof(path)))
			fprintf(f, " netns %s", path);
		else
			nsbox_err(ctx, "sandbox save: %s adopts a namespace with no name in %s: "
				  "the saved line makes a new one", sb->name, NETNS_RUN_DIR);
		if (sb->flags & NSBOX_SANDBOX_F_DESTROY)
			fprintf(f, " destroy");
	}
	/* bridges first: a link joins one made before it */
	for (i = 0; i < sb->nlinkv; i++)
		if (sb->linkv[i].type == NSBOX_LINK_TYPE_BRIDGE)
			save_link(f, &sb->linkv[i]);
	for (i = 0; i < sb->nlinkv; i++)
		if (sb->linkv[i].type != NSBOX_LINK_TYPE_HOST &&
		    sb->linkv[i].type != NSBOX_LINK_TYPE_BRIDGE)
			save_link(f, &sb->linkv[i]);
	for (i = 0; i < sb->nsysctlv; i++)
		fprintf(f, strchr(sb->sysctlv[i].value, ' ') ? " sysctl \"%s=%s\"" :
			" sysctl %s=%s", sb->sysctlv[i].key, sb->sysctlv[i].value);
	for (i = 0; i < sb->naddrv; i++)
		fprintf(f, " addr %s/%u dev %s",
			ip_str(sb->addrv[i].family, sb->addrv[i].address, ip),
			sb->addrv[i].prefixlen, sb->addrv[i].ifname);
	for (i = 0; i < sb->nneighv; i++) {
		const uint8_t *ll = sb->neighv[i].lladdr;

		fprintf(f, " neigh %s lladdr %02x:%02x:%02x:%02x:%02x:%02x dev %s",
			ip_str(sb->neighv[i].family, sb->neighv[i].address, ip),
			ll[0], ll[1], ll[2], ll[3], ll[4], ll[5], sb->neighv[i].ifname);
	}
	for (i = 0; i < sb->nroutev; i++)
		save_route(f, &sb->routev[i]);
	fputc('\n', f);
	for (i = 0; i < sb->nlinkv; i++)
		if (sb->linkv[i].type == NSBOX_LINK_TYPE_HOST)
			fprintf(f, "link move %s %s name %s\n", sb->name,
				sb->linkv[i].host_ifname, sb->linkv[i].ifname);
	/* nsbox brings up what it makes: a link taken down since stays down */
	for (i = 0; i < sb->nlinkv; i++)
		if (NET_HAS(&sb->linkv[i], NSBOX_A_LINK_DEV_FLAGS) &&
		    !(sb->linkv[i].dev_flags & IFF_UP))
			fprintf(f, "link set %s %s down\n", sb->name, sb->linkv[i].ifname);
}

int cmd_sandbox_save(struct nsbox_ctx *ctx, int argc, char **argv)
{
	struct sandbox sb;

	if (argc < 1) {
		nsbox_err(ctx, "sandbox save: NAME is missing");
		return NSBOX_EXIT_USAGE;
	}
	if (argc > 1) {
		nsbox_err(ctx, "sandbox save: unexpected argument \"%s\"", argv[1]);
		return NSBOX_EXIT_USAGE;
	}
	if (genl_open(ctx))
		return NSBOX_EXIT_FAIL;
	if (sandbox_get(ctx, argv[0], &sb))
		return genl_perror(ctx, "sandbox save");
	save_sandbox(ctx, stdout, &sb);
	sandbox_free(&sb);
	if (fflush(stdout)) {
		nsbox_err(ctx, "sandbox save: %s", strerror(errno));
		return NSBOX_EXIT_FAIL;
	}
	return 0;
}
