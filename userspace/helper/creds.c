// SPDX-License-Identifier: GPL-2.0
/*
 * The program's credentials, for nsbox-helper exec.
 *
 * Nothing asked, nothing changed: the program runs as full root, as under
 * `ip netns exec`. Otherwise the capabilities kept are exactly --caps,
 * in every set (bounding, permitted, effective, inheritable, ambient), so
 * that they survive execve() for any uid without file capabilities; a
 * non-root --uid without --caps ends with none.
 *
 * Capabilities go through the raw syscalls and prctl(), not libcap: the
 * helper is static and depends on nothing.
 */

#include <errno.h>
#include <grp.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/capability.h>

#include "exec.h"

/* All the capability bits the ABI can carry; the kernel knows fewer. */
#define CAPS_BITS	64

static bool has_cap(uint64_t caps, unsigned int cap)
{
	return caps & (1ULL << cap);
}

static int capget_self(uint64_t *permitted)
{
	struct __user_cap_header_struct hdr = { .version = _LINUX_CAPABILITY_VERSION_3 };
	struct __user_cap_data_struct data[_LINUX_CAPABILITY_U32S_3];

	if (syscall(SYS_capget, &hdr, data))
		return -errno;
	*permitted = (uint64_t)data[1].permitted << 32 | data[0].permitted;
	return 0;
}

/* Permitted, effective and inheritable all become @caps. */
static int capset_self(uint64_t caps)
{
	struct __user_cap_header_struct hdr = { .version = _LINUX_CAPABILITY_VERSION_3 };
	struct __user_cap_data_struct data[_LINUX_CAPABILITY_U32S_3];
	unsigned int i;

	for (i = 0; i < _LINUX_CAPABILITY_U32S_3; i++) {
		data[i].permitted = caps >> (32 * i);
		data[i].effective = data[i].permitted;
		data[i].inheritable = data[i].permitted;
	}
	return syscall(SYS_capset, &hdr, data) ? -errno : 0;
}

/*
 * Before anything is reported, whether every capability to keep is one the
 * kernel knows (EINVAL) and the helper has to give (EPERM): kept ones that
 * are missing would only show in phase 2, once the request has succeeded.
 */
int creds_check(const struct exec_opts *o)
{
	uint64_t permitted = 0;
	unsigned int cap;
	int err, in_bset;

	if (!o->has_caps)
		return 0;
	err = capget_self(&permitted);
	if (err)
		return err;
	for (cap = 0; cap < CAPS_BITS; cap++) {
		if (!has_cap(o->caps, cap))
			continue;
		in_bset = prctl(PR_CAPBSET_READ, (unsigned long)cap, 0UL, 0UL, 0UL);
		if (in_bset < 0)
			return -errno;
		if (!in_bset || !has_cap(permitted, cap))
			return -EPERM;
	}
	return 0;
}

/*
 * Every capability but @keep leaves the bounding set, so that no later
 * execve() can bring it back. Needs CAP_SETPCAP, so it comes first.
 */
static int drop_bounding(uint64_t keep)
{
	unsigned int cap;
	int in_bset;

	for (cap = 0; cap < CAPS_BITS; cap++) {
		if (has_cap(keep, cap))
			continue;
		in_bset = prctl(PR_CAPBSET_READ, (unsigned long)cap, 0UL, 0UL, 0UL);
		/* EINVAL: past the last capability this kernel has */
		if (in_bset < 0)
			return errno == EINVAL ? 0 : -errno;
		if (in_bset && prctl(PR_CAPBSET_DROP, (unsigned long)cap, 0UL, 0UL, 0UL))
			return -errno;
	}
	return 0;
}

/*
 * The ambient set is what a non-root uid keeps across execve() of a file
 * without capabilities; raising needs the capability permitted and
 * inheritable, which capset_self() has just made it.
 */
static int set_ambient(uint64_t keep)
{
	unsigned int cap;

	if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0UL, 0UL, 0UL))
		return -errno;
	for (cap = 0; cap < CAPS_BITS; cap++)
		if (has_cap(keep, cap) &&
		    prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, (unsigned long)cap, 0UL, 0UL))
			return -errno;
	return 0;
}

/* Bounding set, and what must precede the change of uid. */
static int creds_before(const struct exec_opts *o, const char **what)
{
	int err;

	if (o->has_caps) {
		*what = "PR_CAPBSET_DROP";
		err = drop_bounding(o->caps);
		if (err)
			return err;
	}
	/* without it, leaving uid 0 empties the permitted set */
	if (o->has_caps && o->caps && o->has_uid && o->uid) {
		*what = "PR_SET_KEEPCAPS";
		if (prctl(PR_SET_KEEPCAPS, 1UL, 0UL, 0UL, 0UL))
			return -errno;
	}
	return 0;
}

/* Supplementary groups, gid, uid: in that order, while still allowed to. */
static int set_ids(const struct exec_opts *o, const char **what)
{
	/* a new uid does not keep root's groups unless told to */
	if (o->has_groups || o->has_uid) {
		*what = "setgroups";
		if (setgroups(o->has_groups ? o->ngroups : 0, o->groups))
			return -errno;
	}
	if (o->has_gid) {
		*what = "setresgid";
		if (setresgid(o->gid, o->gid, o->gid))
			return -errno;
	}
	if (o->has_uid) {
		*what = "setresuid";
		if (setresuid(o->uid, o->uid, o->uid))
			return -errno;
	}
	return 0;
}

/* The sets after the uid change: the kept ones, or none for a non-root uid. */
static int creds_after(const struct exec_opts *o, const char **what)
{
	uint64_t keep;
	int err;

	if (o->has_caps)
		keep = o->caps;
	else if (o->has_uid && o->uid)
		keep = 0;	/* inheritable and ambient too, not only what setresuid() clears */
	else
		return 0;

	*what = "capset";
	err = capset_self(keep);
	if (err)
		return err;
	*what = "PR_CAP_AMBIENT";
	return set_ambient(keep);
}

int creds_apply(const struct exec_opts *o, const char **what)
{
	int err;

	if (!o->has_uid && !o->has_gid && !o->has_groups && !o->has_caps)
		return 0;
	err = creds_before(o, what);
	if (!err)
		err = set_ids(o, what);
	if (!err)
		err = creds_after(o, what);
	return err;
}
