// SPDX-License-Identifier: GPL-2.0
/*
 * exec_floor NETNS_FILE RUNS PROGRAM
 *
 * The floor of starting a program in a network namespace: RUNS times fork,
 * setns() into NETNS_FILE (such as /run/netns/NAME) in the child, exec
 * PROGRAM without arguments, and wait for it; it must exit 0. Prints
 * "MEAN_MS RUNS".
 */
#include "bench.h"

int main(int argc, char **argv)
{
	char *args[2] = { NULL, NULL };
	int nsfd, status;
	long runs, i;
	uint64_t start;
	pid_t pid;

	runs = argc == 4 ? atol(argv[2]) : 0;
	if (runs < 1)
		die("usage: exec_floor NETNS_FILE RUNS PROGRAM");
	args[0] = argv[3];
	nsfd = open(argv[1], O_RDONLY | O_CLOEXEC);
	if (nsfd < 0)
		die("%s: %m", argv[1]);

	start = now_ns();
	for (i = 0; i < runs; i++) {
		pid = fork();
		if (pid < 0)
			die("fork: %m");
		if (!pid) {
			if (setns(nsfd, CLONE_NEWNET))
				_exit(126);
			execv(args[0], args);
			_exit(127);
		}
		if (waitpid(pid, &status, 0) != pid)
			die("waitpid: %m");
		if (!WIFEXITED(status) || WEXITSTATUS(status))
			die("run %ld: wait status %#x", i, status);
	}
	printf("%.3f %ld\n", ms_since(start) / runs, runs);
	return 0;
}
