// SPDX-License-Identifier: GPL-2.0
/*
 * The /run/netns layout of iproute2's ip/ipnetns.c: the directory is a
 * shared mount point (so that unmounting a name in one mount namespace
 * unmounts it everywhere) and every name is an empty file with the
 * namespace bind-mounted on it.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "netns.h"

bool netns_name_ok(const char *name)
{
	return *name && !strchr(name, '/') && strcmp(name, ".") &&
	       strcmp(name, "..") && strlen(name) < NAME_MAX;
}

/*
 * Make NETNS_RUN_DIR a shared mount point, bind-mounting it onto itself
 * first when it is not a mount point yet. Only one process may do this at a
 * time, or concurrent callers stack mounts on top of each other: hold an
 * flock on the directory, as ip netns does, and go ahead without it if it
 * cannot be taken.
 */
static int netns_make_shared(const char **step)
{
	bool made_mount = false;
	int lock, err = 0;

	lock = open(NETNS_RUN_DIR, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (lock < 0) {
		*step = "open " NETNS_RUN_DIR;
		return -errno;
	}
	flock(lock, LOCK_EX);
	while (mount("", NETNS_RUN_DIR, "none", MS_SHARED | MS_REC, NULL)) {
		if (errno != EINVAL || made_mount) {
			err = -errno;
			*step = "mount --make-rshared " NETNS_RUN_DIR;
			break;
		}
		if (mount(NETNS_RUN_DIR, NETNS_RUN_DIR, "none", MS_BIND | MS_REC, NULL)) {
			err = -errno;
			*step = "mount --rbind " NETNS_RUN_DIR " " NETNS_RUN_DIR;
			break;
		}
		made_mount = true;
	}
	close(lock);	/* drops the flock */
	return err;
}

int netns_publish(const char *name, int nsfd, const char **step)
{
	char path[PATH_MAX], src[sizeof("/proc/self/fd/") + 3 * sizeof(int)];
	int fd, err;

	snprintf(path, sizeof(path), NETNS_RUN_DIR "/%s", name);
	snprintf(src, sizeof(src), "/proc/self/fd/%d", nsfd);

	if (mkdir(NETNS_RUN_DIR, 0755) && errno != EEXIST) {
		*step = "mkdir " NETNS_RUN_DIR;
		return -errno;
	}
	err = netns_make_shared(step);
	if (err)
		return err;

	fd = open(path, O_RDONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0);
	if (fd < 0) {
		*step = "create";
		return -errno;
	}
	close(fd);
	if (mount(src, path, "none", MS_BIND, NULL)) {
		err = -errno;
		*step = "mount --bind";
		unlink(path);
		return err;
	}
	return 0;
}

int netns_unpublish(const char *name, const char **step)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), NETNS_RUN_DIR "/%s", name);
	/* EINVAL: not a mount point (any more); ENOENT: not there at all */
	if (umount2(path, MNT_DETACH) && errno != EINVAL && errno != ENOENT) {
		*step = "umount";
		return -errno;
	}
	if (unlink(path) && errno != ENOENT) {
		*step = "unlink";
		return -errno;
	}
	return 0;
}
