// SPDX-License-Identifier: GPL-2.0
/*
 * IPAM is delegated, as the spec prescribes: the plugin named by ipam.type
 * is looked up in CNI_PATH and run with the runtime's environment (its
 * CNI_COMMAND set to ours), the whole configuration on stdin, and its
 * result or error object read from stdout.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cni.h"

#define IPAM_OUT_MAX	(1 << 20)

/* The plugin's path in CNI_PATH, as libcni's FindInPath looks it up. */
static int ipam_find(const char *dirs, const char *type, char *path, size_t size)
{
	const char *d = dirs, *end;
	size_t len;

	while (*d) {
		end = strchrnul(d, ':');
		len = end - d;
		if (len && (size_t)snprintf(path, size, "%.*s/%s", (int)len, d, type) < size &&
		    access(path, X_OK) == 0)
			return 0;
		d = *end ? end + 1 : end;
	}
	return -1;
}

/* Write all of buf to fd, and close it: the plugin reads to EOF. */
static int write_all(int fd, const char *buf, size_t len)
{
	ssize_t n;

	while (len) {
		n = write(fd, buf, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		buf += n;
		len -= n;
	}
	close(fd);
	return len ? -1 : 0;
}

static ssize_t read_all(int fd, char *buf, size_t size)
{
	size_t len = 0;
	ssize_t n;

	while (len < size - 1) {
		n = read(fd, buf + len, size - 1 - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		if (!n)
			break;
		len += n;
	}
	buf[len] = '\0';
	return len;
}

static pid_t ipam_spawn(const char *path, const char *command, int *in, int *out)
{
	int pin[2], pout[2];
	pid_t pid;

	if (pipe2(pin, O_CLOEXEC))
		return -1;
	if (pipe2(pout, O_CLOEXEC)) {
		close(pin[0]);
		close(pin[1]);
		return -1;
	}
	pid = fork();
	if (pid == 0) {
		if (dup2(pin[0], 0) < 0 || dup2(pout[1], 1) < 0 ||
		    setenv("CNI_COMMAND", command, 1))
			_exit(127);
		execl(path, path, (char *)NULL);
		_exit(127);
	}
	close(pin[0]);
	close(pout[1]);
	if (pid < 0) {
		close(pin[1]);
		close(pout[0]);
		return -1;
	}
	*in = pin[1];
	*out = pout[0];
	return pid;
}

/* The error object a failed plugin printed, passed on with its code. */
static int ipam_error(const char *type, const char *out, int status, struct cni_err *e)
{
	struct json_object *obj = json_tokener_parse(out), *v;
	const char *msg = NULL;
	int code = CNI_ERR_IO;

	if (obj && json_object_is_type(obj, json_type_object)) {
		if (json_object_object_get_ex(obj, "code", &v))
			code = json_object_get_int(v);
		if (json_object_object_get_ex(obj, "msg", &v))
			msg = json_object_get_string(v);
	}
	if (msg)
		cni_fail(e, code, "ipam plugin %s: %s", type, msg);
	else if (WIFEXITED(status))
		cni_fail(e, code, "ipam plugin %s exited with status %d", type,
			 WEXITSTATUS(status));
	else
		cni_fail(e, code, "ipam plugin %s was killed by signal %d", type,
			 WTERMSIG(status));
	json_object_put(obj);
	return -1;
}

int cni_ipam(const struct cni_env *env, const struct cni_conf *c, const char *command,
	     struct cni_result *r, struct cni_err *e)
{
	struct json_object *obj = NULL, *v;
	char path[PATH_MAX], *out;
	int in, fd, status, ret = -1;
	ssize_t len;
	pid_t pid;

	if (!c->ipam_type[0])
		return cni_fail(e, CNI_ERR_CONFIG, "ipam.type is missing: nsbox-cni needs an "
				"IPAM plugin to hand out addresses");
	if (!env->path || ipam_find(env->path, c->ipam_type, path, sizeof(path)))
		return cni_fail(e, CNI_ERR_CONFIG, "ipam plugin %s is not in CNI_PATH (%s)",
				c->ipam_type, env->path ? env->path : "unset");
	out = malloc(IPAM_OUT_MAX);
	if (!out)
		return cni_fail(e, CNI_ERR_IO, "%s", strerror(ENOMEM));
	pid = ipam_spawn(path, command, &in, &fd);
	if (pid < 0) {
		cni_fail(e, CNI_ERR_IO, "ipam plugin %s: %s", c->ipam_type, strerror(errno));
		goto out;
	}
	/* a plugin that exits without reading gives EPIPE: its status tells why */
	write_all(in, c->raw, c->rawlen);
	len = read_all(fd, out, IPAM_OUT_MAX);
	close(fd);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (len < 0) {
		cni_fail(e, CNI_ERR_IO, "ipam plugin %s: reading its output: %s", c->ipam_type,
			 strerror(errno));
		goto out;
	}
	if (!WIFEXITED(status) || WEXITSTATUS(status)) {
		ipam_error(c->ipam_type, out, status, e);
		goto out;
	}
	if (!r) {
		ret = 0;
		goto out;
	}
	obj = json_tokener_parse(out);
	if (!obj || !json_object_is_type(obj, json_type_object)) {
		cni_fail(e, CNI_ERR_DECODE, "ipam plugin %s printed no result object",
			 c->ipam_type);
		goto out;
	}
	if (!json_object_object_get_ex(obj, "cniVersion", &v) ||
	    !json_object_is_type(v, json_type_string)) {
		cni_fail(e, CNI_ERR_DECODE, "ipam plugin %s: its result has no cniVersion",
			 c->ipam_type);
		goto out;
	}
	if (cni_result_parse(obj, json_object_get_string(v), r, e)) {
		snprintf(e->details, sizeof(e->details), "from ipam plugin %s", c->ipam_type);
		goto out;
	}
	if (!r->nips) {
		cni_result_free(r);
		cni_fail(e, CNI_ERR_CONFIG, "ipam plugin %s gave no address", c->ipam_type);
		goto out;
	}
	ret = 0;
out:
	json_object_put(obj);
	free(out);
	return ret;
}
