// SPDX-License-Identifier: GPL-2.0
/*
 * The network configuration a runtime gives on stdin, and the results of
 * the IPAM plugin and of earlier ADDs (prevResult), parsed with json-c.
 * Unknown keys are ignored, as the spec asks; a key this plugin knows but
 * does not do (ipMasq) is refused rather than silently dropped.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "cni.h"

int cni_fail(struct cni_err *e, int code, const char *fmt, ...)
{
	va_list ap;

	e->code = code;
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
	va_end(ap);
	return -1;
}

int cni_version_cmp(const char *a, const char *b)
{
	unsigned long x, y;
	char *ea, *eb;
	int i;

	for (i = 0; i < 3; i++) {
		x = strtoul(a, &ea, 10);
		y = strtoul(b, &eb, 10);
		if (x != y)
			return x < y ? -1 : 1;
		a = *ea == '.' ? ea + 1 : ea;
		b = *eb == '.' ? eb + 1 : eb;
	}
	return 0;
}

bool cni_version_supported(const char *v)
{
	static const char *const versions[] = CNI_SUPPORTED_VERSIONS;
	size_t i;

	for (i = 0; i < sizeof(versions) / sizeof(versions[0]); i++)
		if (!strcmp(v, versions[i]))
			return true;
	return false;
}

int cni_parse_addr(const char *s, int *family, uint8_t *addr)
{
	if (inet_pton(AF_INET, s, addr) == 1) {
		*family = AF_INET;
		return 0;
	}
	if (inet_pton(AF_INET6, s, addr) == 1) {
		*family = AF_INET6;
		return 0;
	}
	return -1;
}

int cni_parse_prefix(const char *s, int *family, uint8_t *addr, uint8_t *len)
{
	char buf[INET6_ADDRSTRLEN + 8], *slash, *end;
	unsigned long l;

	if (strlen(s) >= sizeof(buf))
		return -1;
	strcpy(buf, s);
	slash = strchr(buf, '/');
	if (slash)
		*slash++ = '\0';
	if (cni_parse_addr(buf, family, addr))
		return -1;
	if (!slash) {
		*len = *family == AF_INET ? 32 : 128;
		return 0;
	}
	errno = 0;
	l = strtoul(slash, &end, 10);
	if (!*slash || *end || errno || l > (*family == AF_INET ? 32u : 128u))
		return -1;
	*len = l;
	return 0;
}

const char *cni_addr_str(int family, const uint8_t *addr, char *buf, size_t size)
{
	if (!inet_ntop(family, addr, buf, size))
		snprintf(buf, size, "?");
	return buf;
}

const char *cni_prefix_str(int family, const uint8_t *addr, uint8_t len, char *buf, size_t size)
{
	char a[INET6_ADDRSTRLEN];

	snprintf(buf, size, "%s/%u", cni_addr_str(family, addr, a, sizeof(a)), len);
	return buf;
}

const char *cni_mac_str(const uint8_t *mac, char *buf)
{
	sprintf(buf, "%02x:%02x:%02x:%02x:%02x:%02x", mac[0], mac[1], mac[2], mac[3], mac[4],
		mac[5]);
	return buf;
}

static int parse_mac(const char *s, uint8_t *mac)
{
	unsigned int b[6];
	char end;
	int i;

	if (sscanf(s, "%2x:%2x:%2x:%2x:%2x:%2x%c", &b[0], &b[1], &b[2], &b[3], &b[4], &b[5],
		   &end) != 6)
		return -1;
	for (i = 0; i < 6; i++)
		mac[i] = b[i];
	return 0;
}

/* A member of obj of type, or NULL if absent; -1 in *bad if of another type. */
static struct json_object *member(struct json_object *obj, const char *key, json_type type,
				  bool *bad)
{
	struct json_object *v;

	if (!json_object_object_get_ex(obj, key, &v) || json_object_is_type(v, json_type_null))
		return NULL;
	if (!json_object_is_type(v, type)) {
		*bad = true;
		return NULL;
	}
	return v;
}

static int get_string(struct json_object *obj, const char *key, char *buf, size_t size,
		      bool required, struct cni_err *e, const char *where)
{
	struct json_object *v;
	bool bad = false;

	v = member(obj, key, json_type_string, &bad);
	if (bad)
		return cni_fail(e, CNI_ERR_DECODE, "%s%s is not a string", where, key);
	if (!v) {
		if (required)
			return cni_fail(e, CNI_ERR_CONFIG, "%s%s is missing", where, key);
		buf[0] = '\0';
		return 0;
	}
	if ((size_t)json_object_get_string_len(v) >= size)
		return cni_fail(e, CNI_ERR_CONFIG, "%s%s is too long", where, key);
	strcpy(buf, json_object_get_string(v));
	return 0;
}

static int get_bool(struct json_object *obj, const char *key, bool *val, struct cni_err *e)
{
	struct json_object *v;
	bool bad = false;

	v = member(obj, key, json_type_boolean, &bad);
	if (bad)
		return cni_fail(e, CNI_ERR_DECODE, "%s is not a boolean", key);
	*val = v ? json_object_get_boolean(v) : false;
	return 0;
}

static int parse_ifaces(struct json_object *arr, struct cni_result *r, struct cni_err *e)
{
	size_t i, n = json_object_array_length(arr);
	char mac[32];

	if (n > CNI_MAX_IFACES)
		return cni_fail(e, CNI_ERR_DECODE, "more than %d interfaces in a result",
				CNI_MAX_IFACES);
	for (i = 0; i < n; i++) {
		struct json_object *o = json_object_array_get_idx(arr, i);
		struct cni_iface *f = &r->ifaces[i];

		if (!json_object_is_type(o, json_type_object))
			return cni_fail(e, CNI_ERR_DECODE, "interfaces[%zu] is not an object", i);
		if (get_string(o, "name", f->name, sizeof(f->name), true, e, "interfaces[]: ") ||
		    get_string(o, "mac", mac, sizeof(mac), false, e, "interfaces[]: ") ||
		    get_string(o, "sandbox", f->sandbox, sizeof(f->sandbox), false, e,
			       "interfaces[]: "))
			return -1;
		if (mac[0]) {
			if (parse_mac(mac, f->mac))
				return cni_fail(e, CNI_ERR_DECODE, "interfaces[%zu]: bad mac %s",
						i, mac);
			f->has_mac = true;
		}
	}
	r->nifaces = n;
	return 0;
}

static int parse_ips(struct json_object *arr, struct cni_result *r, struct cni_err *e)
{
	size_t i, n = json_object_array_length(arr);
	char buf[64];
	int fam;

	if (n > CNI_MAX_IPS)
		return cni_fail(e, CNI_ERR_DECODE, "more than %d ips in a result", CNI_MAX_IPS);
	for (i = 0; i < n; i++) {
		struct json_object *o = json_object_array_get_idx(arr, i), *idx;
		struct cni_ip *ip = &r->ips[i];
		bool bad = false;

		if (!json_object_is_type(o, json_type_object))
			return cni_fail(e, CNI_ERR_DECODE, "ips[%zu] is not an object", i);
		if (get_string(o, "address", buf, sizeof(buf), true, e, "ips[]: "))
			return -1;
		if (cni_parse_prefix(buf, &ip->family, ip->addr, &ip->prefixlen) ||
		    !strchr(buf, '/'))
			return cni_fail(e, CNI_ERR_DECODE, "ips[%zu]: bad address %s", i, buf);
		if (get_string(o, "gateway", buf, sizeof(buf), false, e, "ips[]: "))
			return -1;
		if (buf[0]) {
			if (cni_parse_addr(buf, &fam, ip->gw) || fam != ip->family)
				return cni_fail(e, CNI_ERR_DECODE, "ips[%zu]: bad gateway %s", i,
						buf);
			ip->has_gw = true;
		}
		idx = member(o, "interface", json_type_int, &bad);
		if (bad)
			return cni_fail(e, CNI_ERR_DECODE, "ips[%zu]: interface is not a number",
					i);
		ip->iface = idx ? json_object_get_int(idx) : -1;
	}
	r->nips = n;
	return 0;
}

static int parse_routes(struct json_object *arr, struct cni_result *r, struct cni_err *e)
{
	size_t i, n = json_object_array_length(arr);
	char buf[64];
	int fam;

	if (n > CNI_MAX_ROUTES)
		return cni_fail(e, CNI_ERR_DECODE, "more than %d routes in a result",
				CNI_MAX_ROUTES);
	for (i = 0; i < n; i++) {
		struct json_object *o = json_object_array_get_idx(arr, i);
		struct cni_route *rt = &r->routes[i];

		if (!json_object_is_type(o, json_type_object))
			return cni_fail(e, CNI_ERR_DECODE, "routes[%zu] is not an object", i);
		if (get_string(o, "dst", buf, sizeof(buf), true, e, "routes[]: "))
			return -1;
		if (cni_parse_prefix(buf, &rt->family, rt->dst, &rt->dst_len) || !strchr(buf, '/'))
			return cni_fail(e, CNI_ERR_DECODE, "routes[%zu]: bad dst %s", i, buf);
		if (get_string(o, "gw", buf, sizeof(buf), false, e, "routes[]: "))
			return -1;
		if (buf[0]) {
			if (cni_parse_addr(buf, &fam, rt->gw) || fam != rt->family)
				return cni_fail(e, CNI_ERR_DECODE, "routes[%zu]: bad gw %s", i, buf);
			rt->has_gw = true;
		}
	}
	r->nroutes = n;
	return 0;
}

int cni_result_parse(struct json_object *obj, const char *version, struct cni_result *r,
		     struct cni_err *e)
{
	struct json_object *v;
	bool bad = false;

	memset(r, 0, sizeof(*r));
	/* 0.1 and 0.2 results had ip4 and ip6 objects: not spoken here */
	if (cni_version_cmp(version, "0.3.0") < 0)
		return cni_fail(e, CNI_ERR_VERSION, "result version %s is not supported", version);
	v = member(obj, "interfaces", json_type_array, &bad);
	if (v && parse_ifaces(v, r, e))
		return -1;
	v = member(obj, "ips", json_type_array, &bad);
	if (v && parse_ips(v, r, e))
		return -1;
	v = member(obj, "routes", json_type_array, &bad);
	if (v && parse_routes(v, r, e))
		return -1;
	if (bad)
		return cni_fail(e, CNI_ERR_DECODE, "interfaces, ips and routes must be arrays");
	v = member(obj, "dns", json_type_object, &bad);
	if (v)
		r->dns = json_object_get(v);
	return 0;
}

void cni_result_free(struct cni_result *r)
{
	json_object_put(r->dns);
	r->dns = NULL;
}

int cni_conf_parse(const char *buf, size_t len, struct cni_conf *c, struct cni_err *e)
{
	struct json_tokener *tok;
	struct json_object *root, *ipam, *v;
	char mode[16];
	bool bad = false, masq;
	int ret = -1;

	memset(c, 0, sizeof(*c));
	c->raw = buf;
	c->rawlen = len;
	tok = json_tokener_new();
	if (!tok)
		return cni_fail(e, CNI_ERR_IO, "%s", strerror(ENOMEM));
	root = json_tokener_parse_ex(tok, buf, len);
	if (!root || json_tokener_get_error(tok) != json_tokener_success) {
		cni_fail(e, CNI_ERR_DECODE, "the network configuration is not JSON: %s",
			 json_tokener_error_desc(json_tokener_get_error(tok)));
		goto out;
	}
	if (!json_object_is_type(root, json_type_object)) {
		cni_fail(e, CNI_ERR_DECODE, "the network configuration is not a JSON object");
		goto out;
	}
	if (get_string(root, "cniVersion", c->version, sizeof(c->version), true, e, "") ||
	    get_string(root, "name", c->name, sizeof(c->name), true, e, ""))
		goto out;
	if (!cni_version_supported(c->version)) {
		cni_fail(e, CNI_ERR_VERSION, "cniVersion %s is not supported", c->version);
		goto out;
	}
	if (get_string(root, "mode", mode, sizeof(mode), false, e, ""))
		goto out;
	if (!mode[0] || !strcmp(mode, "bridge")) {
		c->mode = CNI_MODE_BRIDGE;
	} else if (!strcmp(mode, "ptp")) {
		c->mode = CNI_MODE_PTP;
	} else {
		cni_fail(e, CNI_ERR_CONFIG, "mode is bridge or ptp, not %s", mode);
		goto out;
	}
	if (get_string(root, "bridge", c->bridge, sizeof(c->bridge), false, e, ""))
		goto out;
	if (!c->bridge[0])
		strcpy(c->bridge, "cni0");
	if (get_bool(root, "isGateway", &c->is_gateway, e) ||
	    get_bool(root, "isDefaultGateway", &c->is_default_gateway, e) ||
	    get_bool(root, "ipMasq", &masq, e))
		goto out;
	if (masq) {
		cni_fail(e, CNI_ERR_FIELD,
			 "ipMasq is not supported: nsbox-cni leaves the firewall alone");
		goto out;
	}
	/* as the reference bridge plugin: a default gateway is a gateway */
	if (c->is_default_gateway)
		c->is_gateway = true;
	v = member(root, "mtu", json_type_int, &bad);
	if (bad || (v && (json_object_get_int64(v) < 68 || json_object_get_int64(v) > 65535))) {
		cni_fail(e, CNI_ERR_CONFIG, "mtu is a number from 68 to 65535");
		goto out;
	}
	c->mtu = v ? json_object_get_int64(v) : 0;
	ipam = member(root, "ipam", json_type_object, &bad);
	if (bad) {
		cni_fail(e, CNI_ERR_DECODE, "ipam is not an object");
		goto out;
	}
	if (ipam && get_string(ipam, "type", c->ipam_type, sizeof(c->ipam_type), false, e,
			       "ipam."))
		goto out;
	if (strchr(c->ipam_type, '/')) {
		cni_fail(e, CNI_ERR_CONFIG, "ipam.type names a plugin, not a path");
		goto out;
	}
	v = member(root, "prevResult", json_type_object, &bad);
	if (bad) {
		cni_fail(e, CNI_ERR_DECODE, "prevResult is not an object");
		goto out;
	}
	if (v) {
		if (cni_result_parse(v, c->version, &c->prev, e))
			goto out;
		c->has_prev = true;
	}
	ret = 0;
out:
	json_object_put(root);
	json_tokener_free(tok);
	return ret;
}

void cni_conf_free(struct cni_conf *c)
{
	cni_result_free(&c->prev);
}
