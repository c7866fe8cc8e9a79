// SPDX-License-Identifier: GPL-2.0
/*
 * The program's own cgroup v2, for its limits (memory, cpu, cpuweight,
 * pids). The module names it, nsbox/prog-ID-RANDOM under the hierarchy at
 * /sys/fs/cgroup, and removes it when the program ends; the helper makes
 * it in phase 1, before its mount view hides /sys/fs/cgroup under the
 * sandbox's /sys:
 *
 * - cgroup v2 must be mounted there (CGROUP2), and each controller the
 *   limits need must be enabled for the root's children, in the root's
 *   cgroup.subtree_control (CGROUP_CONTROLLER): that is the host's to
 *   decide (systemd enables them all), so the helper does not;
 * - nsbox/ is made if missing, with those controllers enabled for its
 *   children; it holds no process, as cgroup v2 wants of an inner node;
 * - the program's cgroup is made and its limits written (CGROUP).
 *
 * Should a later step of phase 1 fail, it is removed again (cgroup_unmake).
 * In phase 2 the process moves itself in (cgroup_join) before anything
 * else, so the relay of a pidns program and all its descendants are in it.
 */

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>
#include <linux/magic.h>

#include "exec.h"
#include "helper.h"
#include "steps.h"

#define CGROUP_ROOT	"/sys/fs/cgroup"

/* Whether @ctrl is a word of @dir's @file (cgroup.subtree_control). */
static int cg_has(int dir, const char *file, const char *ctrl)
{
	char buf[512], *word, *save;
	ssize_t n;
	int fd;

	fd = openat(dir, file, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n < 0)
		return -errno;
	buf[n] = '\0';
	for (word = strtok_r(buf, " \n", &save); word; word = strtok_r(NULL, " \n", &save))
		if (!strcmp(word, ctrl))
			return 1;
	return 0;
}

/* The controllers the limits need, NULL-terminated, in @want. */
static void cg_controllers(const struct exec_opts *o, const char *want[4])
{
	unsigned int n = 0;

	if (o->memory_max)
		want[n++] = "memory";
	if (o->cpu_quota_us || o->cpu_weight)
		want[n++] = "cpu";
	if (o->pids_max)
		want[n++] = "pids";
	want[n] = NULL;
}

/* The limits, into the program's cgroup @dir: 0 or -errno. */
static int cg_limits(const struct exec_opts *o, int dir)
{
	char text[64];
	int err = 0;

	if (o->memory_max) {
		snprintf(text, sizeof(text), "%llu", (unsigned long long)o->memory_max);
		err = write_text_at(dir, "memory.max", text);
		/* without swap limited too, memory.max would only push it to swap */
		if (!err && faccessat(dir, "memory.swap.max", F_OK, 0) == 0)
			err = write_text_at(dir, "memory.swap.max", "0");
	}
	if (!err && o->cpu_quota_us) {
		snprintf(text, sizeof(text), "%u %u", o->cpu_quota_us, o->cpu_period_us);
		err = write_text_at(dir, "cpu.max", text);
	}
	if (!err && o->cpu_weight) {
		snprintf(text, sizeof(text), "%u", o->cpu_weight);
		err = write_text_at(dir, "cpu.weight", text);
	}
	if (!err && o->pids_max) {
		snprintf(text, sizeof(text), "%u", o->pids_max);
		err = write_text_at(dir, "pids.max", text);
	}
	return err;
}

static int cg_failed(struct step_failure *fail, int err, int code)
{
	fail->index = 0;
	fail->err = -err;
	fail->code = code;
	return code;
}

int cgroup_make(struct exec_opts *o, struct step_failure *fail)
{
	const char *want[4];
	struct statfs st;
	unsigned int i;
	int nsbox, err;

	if (!o->cgroup)
		return 0;
	o->cgroup_root = open(CGROUP_ROOT, O_DIRECTORY | O_CLOEXEC);
	if (o->cgroup_root < 0 || fstatfs(o->cgroup_root, &st) || st.f_type != CGROUP2_SUPER_MAGIC)
		return cg_failed(fail, -EOPNOTSUPP, NSBOX_HELPER_EXIT_CGROUP2);

	cg_controllers(o, want);
	for (i = 0; want[i]; i++) {
		err = cg_has(o->cgroup_root, "cgroup.subtree_control", want[i]);
		if (err <= 0)
			return cg_failed(fail, err ?: -EOPNOTSUPP, NSBOX_HELPER_EXIT_CGROUP_CONTROLLER);
	}

	if (mkdirat(o->cgroup_root, "nsbox", 0755) && errno != EEXIST)
		return cg_failed(fail, -errno, NSBOX_HELPER_EXIT_CGROUP);
	nsbox = openat(o->cgroup_root, "nsbox", O_DIRECTORY | O_CLOEXEC);
	if (nsbox < 0)
		return cg_failed(fail, -errno, NSBOX_HELPER_EXIT_CGROUP);
	for (i = 0, err = 0; want[i] && !err; i++) {
		char text[16];

		snprintf(text, sizeof(text), "+%s", want[i]);
		err = write_text_at(nsbox, "cgroup.subtree_control", text);
	}
	close(nsbox);
	if (err)
		return cg_failed(fail, err, NSBOX_HELPER_EXIT_CGROUP);

	/* a name of the module's own: one made before is not taken over */
	if (mkdirat(o->cgroup_root, o->cgroup, 0755))
		return cg_failed(fail, -errno, NSBOX_HELPER_EXIT_CGROUP);
	o->cgroup_fd = openat(o->cgroup_root, o->cgroup, O_DIRECTORY | O_CLOEXEC);
	err = o->cgroup_fd < 0 ? -errno : cg_limits(o, o->cgroup_fd);
	if (err) {
		cgroup_unmake(o);
		return cg_failed(fail, err, NSBOX_HELPER_EXIT_CGROUP);
	}
	return 0;
}

void cgroup_unmake(struct exec_opts *o)
{
	if (o->cgroup_fd >= 0)
		close(o->cgroup_fd);
	o->cgroup_fd = -1;
	if (o->cgroup && o->cgroup_root >= 0)
		unlinkat(o->cgroup_root, o->cgroup, AT_REMOVEDIR);
}

int cgroup_join(const struct exec_opts *o)
{
	int err;

	if (o->cgroup_fd < 0)
		return 0;
	err = write_text_at(o->cgroup_fd, "cgroup.procs", "0");
	close(o->cgroup_fd);
	close(o->cgroup_root);
	return err;
}
