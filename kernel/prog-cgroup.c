// SPDX-License-Identifier: GPL-2.0
/*
 * A program's own cgroup, and its end.
 *
 * A program with limits (memory, cpu, cpuweight, pids) runs in a cgroup v2
 * of its own, nsbox/prog-ID-RANDOM under the cgroup v2 hierarchy mounted at
 * /sys/fs/cgroup. The helper makes it: it enables the controllers the
 * limits need in nsbox/, makes the program's directory, writes the limits
 * and moves the program in, as userspace does (mkdir and writes in
 * cgroupfs), and fails the request with the step named where cgroup v2 or a
 * controller is missing. The module names it (the program's id, and a
 * random part so that a name of an earlier load of the module is not met
 * again) and takes it down when the program ends, whoever ended it: the
 * helper may have been killed with it. It reads the out-of-memory kills
 * from memory.events for the exit event, kills whatever is left in it
 * (cgroup.kill: a program with limits takes its descendants with it) and
 * removes the directory once it is empty, waiting a bounded time for the
 * killed to be gone.
 *
 * This runs in the program's end work, a kernel thread, so paths resolve in
 * init's root and mount namespace, where the helper made them.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/delay.h>
#include <linux/fs.h>
#include <linux/minmax.h>
#include <linux/mount.h>
#include <linux/namei.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "nsbox-compat.h"
#include "nsbox.h"

#define NSBOX_CGROUP_ROOT	"/sys/fs/cgroup"
#define NSBOX_CGROUP_PATH_MAX	(sizeof(NSBOX_CGROUP_ROOT) + NSBOX_CGROUP_NAME_MAX + 32)
/* the killed leave their cgroup within milliseconds; give up after 5 s */
#define NSBOX_CGROUP_RM_TRIES	250
#define NSBOX_CGROUP_RM_WAIT_MS	20

/**
 * nsbox_prog_limited() - Whether a program has limits, and so a cgroup.
 * @l: its limits.
 *
 * Return: true if any limit is set.
 */
bool nsbox_prog_limited(const struct nsbox_prog_limits *l)
{
	return l->memory_max || l->cpu_quota_us || l->cpu_weight || l->pids_max;
}

static struct file *nsbox_cgroup_open(const char *cg, const char *file, int flags)
{
	char path[NSBOX_CGROUP_PATH_MAX];

	snprintf(path, sizeof(path), NSBOX_CGROUP_ROOT "/%s/%s", cg, file);
	return filp_open(path, flags, 0);
}

/* memory.events' oom_kill: 0 without the memory controller */
static u32 nsbox_cgroup_oom_kills(const char *cg)
{
	static const char key[] = "\noom_kill ";
	unsigned long kills;
	struct file *file;
	loff_t pos = 0;
	char buf[256];
	char *p, *end;
	ssize_t n;

	file = nsbox_cgroup_open(cg, "memory.events", O_RDONLY);
	if (IS_ERR(file))
		return 0;
	n = kernel_read(file, buf, sizeof(buf) - 1, &pos);
	fput(file);
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	/* "low N\nhigh N\nmax N\noom N\noom_kill N\n...": the number alone */
	p = strstr(buf, key);
	end = p ? strchr(p + 1, '\n') : NULL;
	if (!end)
		return 0;
	*end = '\0';
	if (kstrtoul(p + strlen(key), 10, &kills))
		return 0;
	return min_t(unsigned long, kills, U32_MAX);
}

/* Kill every process left in it, as cgroup.kill does (Linux 5.14 and later). */
static void nsbox_cgroup_kill(const char *cg)
{
	struct file *file;
	loff_t pos = 0;

	file = nsbox_cgroup_open(cg, "cgroup.kill", O_WRONLY);
	if (IS_ERR(file))
		return;
	kernel_write(file, "1", 1, &pos);
	fput(file);
}

/* rmdir of @cg, as the rmdir(2) of a process in init's root would do it */
static int nsbox_cgroup_rmdir(const char *cg)
{
	char dir[NSBOX_CGROUP_PATH_MAX];
	const char *name = strrchr(cg, '/');
	struct dentry *dentry;
	struct inode *inode;
	struct path parent;
	int err;

	if (!name)
		return -EINVAL;
	snprintf(dir, sizeof(dir), NSBOX_CGROUP_ROOT "/%.*s", (int)(name - cg), cg);
	name++;
	err = kern_path(dir, LOOKUP_DIRECTORY, &parent);
	if (err)
		return err;
	err = mnt_want_write(parent.mnt);
	if (err)
		goto out;
	inode = d_inode(parent.dentry);
	inode_lock_nested(inode, I_MUTEX_PARENT);
	dentry = lookup_one_len(name, parent.dentry, strlen(name));
	if (IS_ERR(dentry)) {
		err = PTR_ERR(dentry);
	} else {
		err = d_is_negative(dentry) ? -ENOENT : vfs_rmdir(NSBOX_NOP_IDMAP, inode, dentry);
		dput(dentry);
	}
	inode_unlock(inode);
	mnt_drop_write(parent.mnt);
out:
	path_put(&parent);
	return err;
}

/**
 * nsbox_cgroup_end() - Take down the cgroup of a program that ended.
 * @cg: its name under the cgroup v2 root.
 *
 * Reads the out-of-memory kills in it, kills what is left in it and removes
 * it, waiting up to 5 s for the killed to leave it. A cgroup that was never
 * made (the helper failed before) is no error.
 *
 * Context: a kernel thread (paths are init's); sleeps.
 *
 * Return: the processes the out-of-memory killer killed in it.
 */
u32 nsbox_cgroup_end(const char *cg)
{
	u32 oom_kills = nsbox_cgroup_oom_kills(cg);
	int i, err;

	for (i = 0; i < NSBOX_CGROUP_RM_TRIES; i++) {
		err = nsbox_cgroup_rmdir(cg);
		if (err != -EBUSY)
			break;
		if (!i)
			nsbox_cgroup_kill(cg);
		msleep(NSBOX_CGROUP_RM_WAIT_MS);
	}
	if (err && err != -ENOENT)
		pr_warn("cgroup %s of an ended program not removed: %d\n", cg, err);
	return oom_kills;
}
