/* SPDX-License-Identifier: GPL-2.0 */
/*
 * nsbox-helper exec: becoming a program inside a sandbox.
 *
 *   nsbox-helper exec --token HEX --family ID --netns-fd N [--uts-fd N]
 *
 * fds 0-2 are already the program's; the namespace fds come after them.
 * The environment is the program's, passed on untouched. The program and
 * its options come as the job (NSBOX_A_REPORT_JOB_PROG, a nest of the
 * attributes PROG_EXEC takes: sandbox, path, arg..., cwd, uid, gid, groups,
 * caps, flags, rlimit...), fetched once the sandbox is entered.
 *
 * Phase 1 readies the process, and any failure in it is reported to the
 * module (errno, step 0) before the helper exits with the status that names
 * it, so that the request fails with nothing run: enter the namespaces
 * (ENTER), fetch the job (REPORT; USAGE if it is malformed), a private
 * mount view as `ip netns exec` makes it (MOUNT), the working directory
 * (ENTER), whether the capabilities to keep can be had (CREDS), the
 * resource limits (RLIMIT). Then success is reported.
 *
 * Phase 2 comes after the module has taken the report, so the request has
 * succeeded: failures are the program's, told as a shell tells them (a
 * message on fd 2, exit 126, or 127 when PATH does not exist). Credentials,
 * no_new_privs, execve().
 *
 * The phases are separate functions so that they can be run without the
 * module in between.
 */
#ifndef NSBOX_HELPER_EXEC_H
#define NSBOX_HELPER_EXEC_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <linux/nsbox.h>

struct step_failure;

/* RESOURCE is the RLIMIT_* number; each may be given once. */
#define EXEC_RLIMITS_MAX	64

/*
 * Supplementary groups: as many as the kernel takes (its NGROUPS_MAX);
 * the C libraries' NGROUPS_MAX differ (musl's is 32).
 */
#define EXEC_GROUPS_MAX		65536

struct exec_rlimit {
	int		resource;
	struct rlimit	lim;
};

/* A TUN or TAP link whose queues the program gets as fds 3 and up (tun.c). */
struct exec_tun {
	const char	*ifname;	/* in the job */
	uint32_t	queues;
	uint32_t	type;		/* NSBOX_LINK_TYPE_TUN or _TAP */
	uint32_t	flags;		/* NSBOX_LINK_F_*, the link's */
};

#define EXEC_TUNS_MAX		NSBOX_PROG_TUN_MAX
#define EXEC_TUN_FDS_MAX	(NSBOX_PROG_TUN_MAX * NSBOX_PROG_TUN_QUEUES_MAX)

struct exec_opts {
	uint64_t		token;
	uint16_t		family;
	int			netns_fd;
	int			uts_fd;		/* -1: none */
	const char		*sandbox;
	const char		*cwd;		/* NULL: "/" */

	bool			has_uid, has_gid, has_groups, has_caps;
	uid_t			uid;
	gid_t			gid;
	gid_t			*groups;	/* allocated, ngroups of them */
	size_t			ngroups;
	uint64_t		caps;		/* to keep, bit n = capability n */

	bool			no_new_privs;
	bool			no_mount;
	bool			pidns;		/* PID 1 of a new pid namespace */
	bool			ipcns;		/* a new IPC namespace */
	struct exec_rlimit	rlimits[EXEC_RLIMITS_MAX];
	unsigned int		nrlimits;

	const char		*path;
	char			**argv;		/* from ARGV0, NULL-terminated, in the job */

	struct exec_tun		tuns[EXEC_TUNS_MAX];
	unsigned int		ntuns;
	int			tun_fds[EXEC_TUN_FDS_MAX];	/* opened, in order */
	unsigned int		ntun_fds;

	/* cgroup limits, 0 if unset, and the cgroup the module named for them */
	uint64_t		memory_max;
	uint32_t		cpu_quota_us, cpu_period_us;
	uint32_t		cpu_weight;
	uint32_t		pids_max;
	const char		*cgroup;	/* in the job; NULL: none */
	int			cgroup_root;	/* /sys/fs/cgroup, or -1 */
	int			cgroup_fd;	/* the program's, or -1 */
};

/* exec.c */
int exec_parse(struct exec_opts *o, int argc, char **argv);
void exec_program(const struct exec_opts *o) __attribute__((noreturn));

/* enter.c: phase 1, 0 or the exit status, with @fail filled in */
int exec_enter(const struct exec_opts *o, struct step_failure *fail);
int exec_view(const struct exec_opts *o, struct step_failure *fail);
int exec_prepare(struct exec_opts *o, struct step_failure *fail);

/*
 * tun.c: tun_open() opens every queue of o->tuns, attaching to the
 * persistent devices only, into o->tun_fds: 0 or -errno. tun_place() moves
 * them to fds 3 and up and announces them in LISTEN_FDS, LISTEN_FDNAMES
 * and LISTEN_PID, as systemd does for sockets: 0 or -errno.
 */
int tun_open(struct exec_opts *o);
/* The IFF_* flags of TUNSETIFF for a TUN or TAP link of nsbox's flags (NSBOX_LINK_F_*) */
int tun_iff_flags(bool tap, uint32_t link_flags);
int tun_place(const struct exec_opts *o);

/*
 * pidns.c: after an unshare(CLONE_NEWPID), fork the program's process, PID
 * 1 of the new namespace, with its own /proc. Returns 0 in it, -errno with
 * the failed call in *what; the helper stays as the program's relay and
 * never returns. pidns_rearm() sets the parent-death signal again once the
 * credentials changed (which clears it): 0 or -errno, likewise.
 */
int pidns_start(const struct exec_opts *o, const char **what);
int pidns_rearm(const char **what);

/*
 * cgroup.c: cgroup_make() makes the program's cgroup with its limits, in
 * phase 1 before the mount view: 0, or the exit status (CGROUP2,
 * CGROUP_CONTROLLER, CGROUP) with @fail filled in. cgroup_unmake() removes
 * it again after a later failure; cgroup_join() moves the calling process
 * in, in phase 2: 0 or -errno. Each does nothing without a cgroup.
 */
int cgroup_make(struct exec_opts *o, struct step_failure *fail);
void cgroup_unmake(struct exec_opts *o);
int cgroup_join(const struct exec_opts *o);

/* creds.c: 0 or -errno; creds_apply() names the call that failed */
int creds_check(const struct exec_opts *o);
int creds_apply(const struct exec_opts *o, const char **what);

#endif /* NSBOX_HELPER_EXEC_H */
