// SPDX-License-Identifier: GPL-2.0
/*
 * User and group names, resolved as the system resolves them.
 *
 * The CLI is linked statically (README, "Linking"), and a static glibc's
 * getpwnam() loads NSS modules at run time that must come from the very
 * glibc it was linked with: with another, a name that only LDAP or sssd
 * knows could fail to resolve or crash the lookup. So names are looked up
 * by getent(1), the system's own dynamically linked client of NSS, which
 * sees every source nsswitch.conf names. It runs only for a name; a
 * number needs no lookup.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ids.h"

#define GETENT	"getent"

/*
 * The third field of the entry getent prints for @name in @db ("passwd"
 * or "group"): "name:password:ID:...". Returns 0, 1 when there is no such
 * entry, or -1 with @why set when it could not be looked up.
 */
int id_lookup(const char *db, const char *name, uint32_t *id, char *why, size_t len)
{
	char line[4096], *field, *end;
	int fds[2], status;
	unsigned long v;
	ssize_t n, got = 0;
	pid_t pid;

	if (pipe2(fds, O_CLOEXEC)) {
		snprintf(why, len, "pipe: %s", strerror(errno));
		return -1;
	}
	pid = fork();
	if (pid < 0) {
		snprintf(why, len, "fork: %s", strerror(errno));
		close(fds[0]);
		close(fds[1]);
		return -1;
	}
	if (!pid) {
		if (dup2(fds[1], STDOUT_FILENO) < 0)
			_exit(127);
		/* "--": a name is never taken for an option */
		execlp(GETENT, GETENT, db, "--", name, (char *)NULL);
		_exit(127);
	}
	close(fds[1]);
	/*
	 * The id is in the line's first fields; the rest (a large group's
	 * members) is read to the end and dropped: getent must get to write
	 * it all, or a closed pipe would kill it and a full one stall it.
	 */
	for (;;) {
		char rest[4096];

		if (got < (ssize_t)sizeof(line) - 1)
			n = read(fds[0], line + got, sizeof(line) - 1 - got);
		else
			n = read(fds[0], rest, sizeof(rest));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		if (got < (ssize_t)sizeof(line) - 1)
			got += n;
	}
	line[got] = '\0';
	close(fds[0]);
	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR) {
			snprintf(why, len, "waitpid: %s", strerror(errno));
			return -1;
		}
	}

	/* getent: 2 when the key is not in the database */
	if (WIFEXITED(status) && WEXITSTATUS(status) == 2)
		return 1;
	if (!WIFEXITED(status) || WEXITSTATUS(status)) {
		snprintf(why, len, WIFEXITED(status) && WEXITSTATUS(status) == 127 ?
			 "cannot run " GETENT : GETENT " %s failed", db);
		return -1;
	}
	field = line;
	for (n = 0; n < 2 && field; n++) {
		field = strchr(field, ':');
		if (field)
			field++;
	}
	if (!field) {
		snprintf(why, len, GETENT " %s printed no entry", db);
		return -1;
	}
	errno = 0;
	v = strtoul(field, &end, 10);
	if (errno || end == field || (*end != ':' && *end != '\n' && *end) ||
	    v >= UINT32_MAX) {
		snprintf(why, len, GETENT " %s printed a bad id", db);
		return -1;
	}
	*id = v;
	return 0;
}
