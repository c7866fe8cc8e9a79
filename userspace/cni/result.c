// SPDX-License-Identifier: GPL-2.0
/*
 * What the plugin prints on stdout: a result, an error object or its
 * versions, in the version of the spec the configuration asked for.
 */
#include <sys/socket.h>

#include "cni.h"

static void put_str(struct json_object *obj, const char *key, const char *val)
{
	json_object_object_add(obj, key, json_object_new_string(val));
}

static void print_obj(FILE *fp, struct json_object *obj)
{
	fprintf(fp, "%s\n", json_object_to_json_string_ext(obj, JSON_C_TO_STRING_PRETTY |
							   JSON_C_TO_STRING_NOSLASHESCAPE));
	fflush(fp);
	json_object_put(obj);
}

void cni_result_print(FILE *fp, const struct cni_result *r, const char *version)
{
	struct json_object *obj = json_object_new_object(), *arr, *o;
	char buf[64];
	size_t i;

	put_str(obj, "cniVersion", version);
	arr = json_object_new_array();
	for (i = 0; i < r->nifaces; i++) {
		const struct cni_iface *f = &r->ifaces[i];

		o = json_object_new_object();
		put_str(o, "name", f->name);
		if (f->has_mac)
			put_str(o, "mac", cni_mac_str(f->mac, buf));
		if (f->sandbox[0])
			put_str(o, "sandbox", f->sandbox);
		json_object_array_add(arr, o);
	}
	json_object_object_add(obj, "interfaces", arr);
	arr = json_object_new_array();
	for (i = 0; i < r->nips; i++) {
		const struct cni_ip *ip = &r->ips[i];

		o = json_object_new_object();
		/* 0.3.x and 0.4.0 name the family; 1.0.0 dropped it */
		if (cni_version_cmp(version, "1.0.0") < 0)
			put_str(o, "version", ip->family == AF_INET ? "4" : "6");
		put_str(o, "address", cni_prefix_str(ip->family, ip->addr, ip->prefixlen, buf,
						     sizeof(buf)));
		if (ip->has_gw)
			put_str(o, "gateway", cni_addr_str(ip->family, ip->gw, buf, sizeof(buf)));
		if (ip->iface >= 0)
			json_object_object_add(o, "interface", json_object_new_int(ip->iface));
		json_object_array_add(arr, o);
	}
	json_object_object_add(obj, "ips", arr);
	if (r->nroutes) {
		arr = json_object_new_array();
		for (i = 0; i < r->nroutes; i++) {
			const struct cni_route *rt = &r->routes[i];

			o = json_object_new_object();
			put_str(o, "dst", cni_prefix_str(rt->family, rt->dst, rt->dst_len, buf,
							 sizeof(buf)));
			if (rt->has_gw)
				put_str(o, "gw", cni_addr_str(rt->family, rt->gw, buf,
							      sizeof(buf)));
			json_object_array_add(arr, o);
		}
		json_object_object_add(obj, "routes", arr);
	}
	if (r->dns)
		json_object_object_add(obj, "dns", json_object_get(r->dns));
	print_obj(fp, obj);
}

void cni_error_print(FILE *fp, const struct cni_err *e, const char *version)
{
	struct json_object *obj = json_object_new_object();

	put_str(obj, "cniVersion", version);
	json_object_object_add(obj, "code", json_object_new_int(e->code));
	put_str(obj, "msg", e->msg);
	if (e->details[0])
		put_str(obj, "details", e->details);
	print_obj(fp, obj);
}

void cni_version_print(FILE *fp, const char *version)
{
	static const char *const versions[] = CNI_SUPPORTED_VERSIONS;
	struct json_object *obj = json_object_new_object(), *arr;
	size_t i;

	put_str(obj, "cniVersion", version);
	arr = json_object_new_array();
	for (i = 0; i < sizeof(versions) / sizeof(versions[0]); i++)
		json_object_array_add(arr, json_object_new_string(versions[i]));
	json_object_object_add(obj, "supportedVersions", arr);
	print_obj(fp, obj);
}
