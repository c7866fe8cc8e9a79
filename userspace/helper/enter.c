// SPDX-License-Identifier: GPL-2.0
/*
 * Phase 1 of nsbox-helper exec (see exec.h): everything that can still
 * fail the request cleanly. Each function returns 0 or -errno; the phase
 * records the first failure for the report and returns the exit status
 * that names it.
 */

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/close_range.h>
#include <linux/nsbox.h>

#include "exec.h"
#include "steps.h"

/* Where `ip netns exec` finds a namespace's own files for /etc. */
#define NETNS_ETC_DIR	"/etc/netns"

/* Records the failure (@err is a negative errno) and returns @code. */
static int failed(struct step_failure *fail, int err, int code)
{
	fail->index = 0;
	fail->err = -err;
	fail->code = code;
	return code;
}

/*
 * Once entered, the namespace fds have done their job: closed, so that
 * the program does not hold the sandbox. Anything else open beyond fd 2
 * (nothing the helper opens lives past exec anyway) is made close-on-exec
 * too: the program gets fds 0-2 and no more.
 */
static int enter_namespaces(const struct exec_opts *o)
{
	if (setns(o->netns_fd, CLONE_NEWNET))
		return -errno;
	if (o->uts_fd >= 0 && setns(o->uts_fd, CLONE_NEWUTS))
		return -errno;
	close(o->netns_fd);
	if (o->uts_fd >= 0)
		close(o->uts_fd);
	/* by number: musl has no close_range() wrapper */
	if (syscall(SYS_close_range, 3, ~0U, CLOSE_RANGE_CLOEXEC))
		return -errno;
	return 0;
}

/*
 * A sysfs mounted now shows the network namespace of its mounter, the
 * sandbox's: /sys/class/net lists the sandbox's links. Its submounts go
 * with the old one, as with `ip netns exec`. A read-only /sys stays so,
 * the program getting no more than init's view gave.
 */
static int remount_sys(const char *name)
{
	unsigned long flags = MS_NOSUID | MS_NODEV | MS_NOEXEC;
	struct statvfs st;

	if (statvfs("/sys", &st) == 0 && (st.f_flag & ST_RDONLY))
		flags |= MS_RDONLY;
	/* EINVAL: nothing mounted there, a fresh one is all it takes */
	if (umount2("/sys", MNT_DETACH) && errno != EINVAL)
		return -errno;
	if (mount(name, "/sys", "sysfs", flags, NULL))
		return -errno;
	return 0;
}

/*
 * /etc/netns/NAME/E over /etc/E. As `ip netns exec` does, a file that
 * /etc lacks is warned about and skipped; any other failure fails.
 */
static int bind_etc_entry(const char *dir, const char *entry)
{
	char src[PATH_MAX], dst[PATH_MAX];
	int n, m;

	n = snprintf(src, sizeof(src), "%s/%s", dir, entry);
	m = snprintf(dst, sizeof(dst), "/etc/%s", entry);
	if (n < 0 || m < 0 || (size_t)n >= sizeof(src) || (size_t)m >= sizeof(dst))
		return -ENAMETOOLONG;
	if (mount(src, dst, "none", MS_BIND, NULL) == 0)
		return 0;
	if (errno != ENOENT)
		return -errno;
	fprintf(stderr, "nsbox: warning: bind %s over %s: %s\n", src, dst, strerror(ENOENT));
	return 0;
}

/* The sandbox's own /etc files, as `ip netns exec` binds them; often none. */
static int bind_etc(const char *name)
{
	char dir[sizeof(NETNS_ETC_DIR "/") + NSBOX_NAME_MAX];
	struct dirent *de;
	int err = 0;
	DIR *d;

	snprintf(dir, sizeof(dir), "%s/%s", NETNS_ETC_DIR, name);
	d = opendir(dir);	/* O_CLOEXEC */
	if (!d)
		return errno == ENOENT ? 0 : -errno;
	while (!err) {
		errno = 0;
		de = readdir(d);
		if (!de) {
			err = -errno;	/* 0 at the end */
			break;
		}
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		err = bind_etc_entry(dir, de->d_name);
	}
	closedir(d);
	return err;
}

/*
 * What `ip netns exec NAME` does for a program (iproute2 netns_switch()):
 * a mount namespace of its own, from which nothing propagates back, with
 * the sandbox's /sys and /etc files.
 */
static int private_mounts(const char *name)
{
	int err;

	if (unshare(CLONE_NEWNS))
		return -errno;
	if (mount("", "/", "none", MS_SLAVE | MS_REC, NULL))
		return -errno;
	err = remount_sys(name);
	if (err)
		return err;
	return bind_etc(name);
}

/* Step 1: the namespaces, before anything of the job is known. */
int exec_enter(const struct exec_opts *o, struct step_failure *fail)
{
	int err = enter_namespaces(o);

	return err ? failed(fail, err, NSBOX_HELPER_EXIT_ENTER) : 0;
}

/* Steps 2-3, once the job is known: the mounts, the working directory. */
int exec_view(const struct exec_opts *o, struct step_failure *fail)
{
	int err;

	/* the program's own: its first child is the new pid namespace's init */
	if ((o->ipcns && unshare(CLONE_NEWIPC)) || (o->pidns && unshare(CLONE_NEWPID)))
		return failed(fail, -errno, NSBOX_HELPER_EXIT_ENTER);
	if (!o->no_mount) {
		err = private_mounts(o->sandbox);
		if (err)
			return failed(fail, err, NSBOX_HELPER_EXIT_MOUNT);
	}
	/* after the mounts: the directory is looked up in the program's view */
	if (chdir(o->cwd ? o->cwd : "/"))
		return failed(fail, -errno, NSBOX_HELPER_EXIT_ENTER);
	return 0;
}

/*
 * As prlimit(1) sets them: both values at once, so that a hard limit may
 * be lowered, or raised (root may).
 */
static int set_limits(const struct exec_opts *o)
{
	unsigned int i;

	for (i = 0; i < o->nrlimits; i++)
		if (setrlimit(o->rlimits[i].resource, &o->rlimits[i].lim))
			return -errno;
	return 0;
}

/* The queues go at fds 3 and up: RLIMIT_NOFILE must leave room for them. */
static int tun_nofile_check(const struct exec_opts *o)
{
	unsigned int i;

	for (i = 0; i < o->nrlimits; i++)
		if (o->rlimits[i].resource == RLIMIT_NOFILE &&
		    o->rlimits[i].lim.rlim_cur < 3 + (rlim_t)o->ntun_fds)
			return -EMFILE;
	return 0;
}

/*
 * The steps after the report socket is open: the limits last, so that a
 * low RLIMIT_NOFILE cannot keep that socket from opening.
 */
int exec_prepare(struct exec_opts *o, struct step_failure *fail)
{
	int err;

	err = creds_check(o);
	if (err)
		return failed(fail, err, NSBOX_HELPER_EXIT_CREDS);
	/* while still root, and before a limit on open files */
	err = tun_open(o);
	if (!err)
		err = tun_nofile_check(o);
	if (err)
		return failed(fail, err, NSBOX_HELPER_EXIT_TUN);
	err = set_limits(o);
	if (err)
		return failed(fail, err, NSBOX_HELPER_EXIT_RLIMIT);
	return 0;
}
