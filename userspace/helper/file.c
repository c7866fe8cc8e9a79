// SPDX-License-Identifier: GPL-2.0
/*
 * Writing a value into a kernel file: a sysctl under /proc/sys, a cgroup's
 * control file. One write(2) of the whole text, as echo does; the kernel
 * takes such a write whole or refuses it.
 */

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "helper.h"

int write_text_at(int dir, const char *path, const char *text)
{
	size_t len = strlen(text);
	ssize_t n;
	int fd, err = 0;

	fd = openat(dir, path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = write(fd, text, len);
	if (n < 0)
		err = -errno;
	else if ((size_t)n != len)
		err = -EIO;
	close(fd);
	return err;
}
