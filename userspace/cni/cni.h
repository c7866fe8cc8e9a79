/* SPDX-License-Identifier: GPL-2.0 */
/*
 * nsbox-cni: a CNI plugin (spec 1.0.0, and the 0.3.x and 0.4.0 results
 * runtimes still ask for) that attaches a pod's network namespace with one
 * nsbox request. The namespace is adopted as a sandbox named after the
 * container and interface; a veth is made in it with the addresses and
 * routes the IPAM plugin hands out; its host end joins a bridge or, in ptp
 * mode, is routed.
 */
#ifndef NSBOX_CNI_H
#define NSBOX_CNI_H

#include <net/if.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <json-c/json.h>

#include <linux/nsbox.h>

/* The newest version of the spec this plugin speaks, and all it speaks. */
#define CNI_SPEC_VERSION	"1.0.0"
#define CNI_SUPPORTED_VERSIONS	{ "0.3.0", "0.3.1", "0.4.0", "1.0.0" }

/* The spec's error codes, then this plugin's own (100 and up). */
enum cni_code {
	CNI_ERR_VERSION		= 1,	/* incompatible CNI version */
	CNI_ERR_FIELD		= 2,	/* unsupported field in the network config */
	CNI_ERR_UNKNOWN		= 3,	/* container unknown or does not exist */
	CNI_ERR_ENV		= 4,	/* invalid necessary environment variables */
	CNI_ERR_IO		= 5,	/* I/O failure */
	CNI_ERR_DECODE		= 6,	/* failed to decode content */
	CNI_ERR_CONFIG		= 7,	/* invalid network config */
	CNI_ERR_AGAIN		= 11,	/* try again later */
	CNI_ERR_NSBOX		= 100,	/* the nsbox module refused or failed */
	CNI_ERR_HOST		= 101,	/* the host side (bridge, routes) failed */
	CNI_ERR_CHECK		= 102,	/* CHECK: the sandbox differs from the result */
};

/* A CNI error object: what every failure prints on stdout. */
struct cni_err {
	int code;
	char msg[512];
	char details[512];
};

/* Sets e and returns -1. */
int cni_fail(struct cni_err *e, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#define CNI_MAX_IFACES	4
#define CNI_MAX_IPS	16
#define CNI_MAX_ROUTES	64

struct cni_iface {
	char name[IFNAMSIZ];
	bool has_mac;
	uint8_t mac[6];
	char sandbox[4096];	/* the namespace's path, "" on the host */
};

struct cni_ip {
	int family;		/* AF_INET or AF_INET6 */
	uint8_t addr[16];
	uint8_t prefixlen;
	bool has_gw;
	uint8_t gw[16];
	int iface;		/* index into cni_result.ifaces, -1 for none */
};

struct cni_route {
	int family;
	uint8_t dst[16];
	uint8_t dst_len;
	bool has_gw;
	uint8_t gw[16];
};

/* A result, as IPAM returns it and as ADD prints it. */
struct cni_result {
	struct cni_iface ifaces[CNI_MAX_IFACES];
	size_t nifaces;
	struct cni_ip ips[CNI_MAX_IPS];
	size_t nips;
	struct cni_route routes[CNI_MAX_ROUTES];
	size_t nroutes;
	struct json_object *dns;	/* passed through as IPAM gave it; owned */
};

void cni_result_free(struct cni_result *r);

enum cni_mode {
	CNI_MODE_BRIDGE,	/* the host end is a port of a bridge */
	CNI_MODE_PTP,		/* the host end is routed: a /32 (/128) per address */
};

/* The network configuration on stdin. */
struct cni_conf {
	char version[16];	/* cniVersion */
	char name[256];
	enum cni_mode mode;
	char bridge[IFNAMSIZ];
	bool is_gateway;	/* bridge: the gateway address goes on the bridge */
	bool is_default_gateway;	/* a default route via the gateway */
	uint32_t mtu;		/* 0: the kernel's default */
	char ipam_type[256];
	bool has_prev;
	struct cni_result prev;	/* prevResult, for CHECK and DEL */
	const char *raw;	/* the configuration as read, for IPAM's stdin */
	size_t rawlen;
};

void cni_conf_free(struct cni_conf *c);

/* The runtime's variables, and the names this plugin derives from them. */
struct cni_env {
	const char *command;	/* ADD, DEL, CHECK or VERSION */
	const char *containerid;
	const char *netns;	/* a path; may be empty for DEL */
	const char *ifname;
	const char *path;	/* CNI_PATH, where plugins are */
	char sandbox[NSBOX_NAME_MAX + 1];	/* the sandbox: cni-ID-IFNAME */
	char host_ifname[IFNAMSIZ];		/* the veth's host end */
};

/* conf.c: parse stdin's configuration, and a result object of version. */
int cni_conf_parse(const char *buf, size_t len, struct cni_conf *c, struct cni_err *e);
int cni_result_parse(struct json_object *obj, const char *version, struct cni_result *r,
		     struct cni_err *e);
/* "a.b.c" compared as numbers: <0, 0, >0 */
int cni_version_cmp(const char *a, const char *b);
bool cni_version_supported(const char *v);

/* result.c: what goes to stdout */
void cni_result_print(FILE *fp, const struct cni_result *r, const char *version);
void cni_error_print(FILE *fp, const struct cni_err *e, const char *version);
void cni_version_print(FILE *fp, const char *version);

/*
 * ipam.c: run the IPAM plugin of c for command (ADD, CHECK or DEL) with the
 * runtime's environment; ADD's result goes to r.
 */
int cni_ipam(const struct cni_env *env, const struct cni_conf *c, const char *command,
	     struct cni_result *r, struct cni_err *e);

/* host.c: the host's side of the veth, with rtnetlink. */
struct host_link {
	int ifindex;
	int master;		/* 0: none */
	uint8_t mac[6];
	bool up;
	char kind[16];		/* IFLA_INFO_KIND, "" if none */
};

/* 0, -ENODEV if there is no such link, or another -errno */
int host_link_get(const char *name, struct host_link *hl);
int host_bridge_ensure(const char *name, uint32_t mtu, struct host_link *br, struct cni_err *e);
int host_link_attach(const char *name, int master, struct cni_err *e);
int host_addr_add(int ifindex, const char *dev, int family, const uint8_t *addr,
		  uint8_t prefixlen, struct cni_err *e);
int host_route_add(int ifindex, const char *dev, int family, const uint8_t *dst,
		   uint8_t dst_len, struct cni_err *e);
bool host_route_present(int ifindex, int family, const uint8_t *dst, uint8_t dst_len);
int host_forwarding(int family, struct cni_err *e);

/* attach.c: the commands */
int cni_add(struct cni_env *env, struct cni_conf *c, struct cni_result *r, struct cni_err *e);
int cni_check(struct cni_env *env, struct cni_conf *c, struct cni_err *e);
int cni_del(struct cni_env *env, struct cni_conf *c, struct cni_err *e);

/* A prefix in text ("10.1.0.5/24"; without a length, the whole address). */
int cni_parse_prefix(const char *s, int *family, uint8_t *addr, uint8_t *len);
int cni_parse_addr(const char *s, int *family, uint8_t *addr);
const char *cni_prefix_str(int family, const uint8_t *addr, uint8_t len, char *buf, size_t size);
const char *cni_addr_str(int family, const uint8_t *addr, char *buf, size_t size);
const char *cni_mac_str(const uint8_t *mac, char *buf);

#endif /* NSBOX_CNI_H */
