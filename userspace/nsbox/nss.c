// SPDX-License-Identifier: GPL-2.0
/*
 * No NSS in the static CLI.
 *
 * A static glibc runs NSS lookups by loading modules at run time that must
 * come from the very glibc it was linked with, and the linker warns of
 * every such function linked in. nsbox resolves user and group names with
 * getent(1) (ids.c) and looks up no host or protocol; the three functions
 * left are referenced by libnl's address and protocol helpers
 * (nl_addr_resolve(), nl_ip_proto2str() and friends), which come with the
 * objects nsbox links and which it never calls. The static link wraps
 * them (-Wl,--wrap=NAME in the Makefile): libnl's references land here,
 * glibc's lookups are not linked, and should libnl ever make such a call,
 * it fails cleanly instead of loading a module.
 */
#include <errno.h>
#include <netdb.h>
#include <stddef.h>

int __wrap_getaddrinfo(const char *node, const char *service,
		       const struct addrinfo *hints, struct addrinfo **res);
struct protoent *__wrap_getprotobyname(const char *name);
struct protoent *__wrap_getprotobynumber(int proto);

int __wrap_getaddrinfo(const char *node, const char *service,
		       const struct addrinfo *hints, struct addrinfo **res)
{
	(void)node;
	(void)service;
	(void)hints;
	*res = NULL;
	errno = ENOSYS;
	return EAI_SYSTEM;
}

struct protoent *__wrap_getprotobyname(const char *name)
{
	(void)name;
	errno = ENOSYS;
	return NULL;
}

struct protoent *__wrap_getprotobynumber(int proto)
{
	(void)proto;
	errno = ENOSYS;
	return NULL;
}
