// SPDX-License-Identifier: GPL-2.0
/*
 * nsbox-cni(8): the CNI plugin's entry point. The runtime's variables and
 * the configuration on stdin in, one command run, and on stdout either its
 * result or a CNI error object, exit status 0 or 1.
 */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cni.h"
#include "netcfg.h"

#define CNI_CONF_MAX	(1 << 20)

static int read_stdin(char **buf, size_t *len, struct cni_err *e)
{
	size_t size = 4096, n = 0;
	ssize_t r;
	char *b = malloc(size), *nb;

	while (b) {
		if (n == size) {
			if (size >= CNI_CONF_MAX) {
				free(b);
				return cni_fail(e, CNI_ERR_DECODE, "the configuration is over %d bytes",
						CNI_CONF_MAX);
			}
			nb = realloc(b, size * 2);
			if (!nb)
				break;
			b = nb;
			size *= 2;
		}
		r = read(0, b + n, size - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			free(b);
			return cni_fail(e, CNI_ERR_IO, "reading the configuration: %s",
					strerror(errno));
		}
		if (!r) {
			*buf = b;
			*len = n;
			return 0;
		}
		n += r;
	}
	free(b);
	return cni_fail(e, CNI_ERR_IO, "%s", strerror(ENOMEM));
}

/* FNV-1a: the host end's name follows from the sandbox's, for DEL and CHECK. */
static uint32_t name_hash(const char *s)
{
	uint32_t h = 2166136261u;

	while (*s) {
		h ^= (uint8_t)*s++;
		h *= 16777619u;
	}
	return h;
}

static int env_parse(struct cni_env *env, struct cni_err *e)
{
	const char *bad;
	int n;

	env->containerid = getenv("CNI_CONTAINERID");
	env->netns = getenv("CNI_NETNS");
	env->ifname = getenv("CNI_IFNAME");
	env->path = getenv("CNI_PATH");
	if (!env->containerid || !env->containerid[0])
		return cni_fail(e, CNI_ERR_ENV, "CNI_CONTAINERID is missing");
	/* the spec's characters: letters, digits, _ . - */
	if (strspn(env->containerid, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
		   "0123456789_.-") != strlen(env->containerid))
		return cni_fail(e, CNI_ERR_ENV, "CNI_CONTAINERID has a character other than "
				"letters, digits, _ . and -");
	if (!env->ifname || !env->ifname[0])
		return cni_fail(e, CNI_ERR_ENV, "CNI_IFNAME is missing");
	bad = ifname_invalid(env->ifname);
	if (bad)
		return cni_fail(e, CNI_ERR_ENV, "CNI_IFNAME %s: %s", env->ifname, bad);
	n = snprintf(env->sandbox, sizeof(env->sandbox), "cni-%s-%s", env->containerid,
		     env->ifname);
	if (n < 0 || (size_t)n >= sizeof(env->sandbox))
		return cni_fail(e, CNI_ERR_ENV, "CNI_CONTAINERID is too long for a sandbox name "
				"(%d bytes with the interface, at most %d)", n, NSBOX_NAME_MAX);
	snprintf(env->host_ifname, sizeof(env->host_ifname), "veth%08x",
		 name_hash(env->sandbox));
	return 0;
}

int main(void)
{
	struct cni_conf conf = { .version = CNI_SPEC_VERSION };
	struct cni_env env = { 0 };
	struct cni_result result = { 0 };
	struct cni_err err = { 0 };
	size_t len = 0;
	char *buf = NULL;
	int ret = -1;

	/* an IPAM plugin that exits before reading its stdin */
	signal(SIGPIPE, SIG_IGN);
	env.command = getenv("CNI_COMMAND");
	if (!env.command || !env.command[0]) {
		cni_fail(&err, CNI_ERR_ENV, "CNI_COMMAND is missing");
		goto out;
	}
	if (!strcmp(env.command, "VERSION")) {
		/* the configuration holds only cniVersion; nothing else is needed */
		cni_version_print(stdout, CNI_SPEC_VERSION);
		return 0;
	}
	if (read_stdin(&buf, &len, &err) || cni_conf_parse(buf, len, &conf, &err))
		goto out;
	if (env_parse(&env, &err))
		goto out;
	if (!strcmp(env.command, "ADD")) {
		ret = cni_add(&env, &conf, &result, &err);
		if (!ret)
			cni_result_print(stdout, &result, conf.version);
	} else if (!strcmp(env.command, "CHECK")) {
		ret = cni_check(&env, &conf, &err);
	} else if (!strcmp(env.command, "DEL")) {
		ret = cni_del(&env, &conf, &err);
	} else {
		cni_fail(&err, CNI_ERR_ENV, "CNI_COMMAND %s is not ADD, CHECK, DEL or VERSION",
			 env.command);
	}
out:
	if (ret)
		cni_error_print(stdout, &err, cni_version_supported(conf.version) ?
				conf.version : CNI_SPEC_VERSION);
	cni_result_free(&result);
	cni_conf_free(&conf);
	free(buf);
	return ret ? 1 : 0;
}
