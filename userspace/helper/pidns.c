// SPDX-License-Identifier: GPL-2.0
/*
 * The program as PID 1 of a pid namespace of its own (pidns). The helper
 * unshared CLONE_NEWPID before its report, so its first child is that
 * namespace's init: the program. The helper itself, the process the module
 * launched and watches, stays as a relay, as docker-init and tini do for a
 * container: it passes every signal on to the program and ends as the
 * program ended, so the module's wait, kill and exit status work as for
 * any program. When the program ends, the kernel kills whatever is left in
 * its namespace, grandchildren and daemons alike; when the relay is killed
 * (SIGKILL: the timeout, a closed exec socket, the end of a stop), the
 * program gets SIGKILL as its parent-death signal, and the namespace goes
 * with it. The kernel clears that signal when the credentials change
 * (commit_creds()), so it is set again once the program's uid and gid are
 * in place (pidns_rearm()), and whether the relay died meanwhile is read
 * from a pipe whose other end only the relay holds.
 */

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "exec.h"

/* Die as the program died: by its signal, with no core of the relay's own. */
static void __attribute__((noreturn)) relay_exit(int status)
{
	struct rlimit none = { 0, 0 };
	sigset_t one;
	int sig;

	if (WIFEXITED(status))
		_exit(WEXITSTATUS(status));
	sig = WTERMSIG(status);
	setrlimit(RLIMIT_CORE, &none);
	signal(sig, SIG_DFL);
	sigemptyset(&one);
	sigaddset(&one, sig);
	kill(getpid(), sig);
	sigprocmask(SIG_UNBLOCK, &one, NULL);
	_exit(128 + sig);
}

static void __attribute__((noreturn)) relay(pid_t child, const sigset_t *all)
{
	siginfo_t si;
	int status, sig;

	for (;;) {
		sig = sigwaitinfo(all, &si);
		if (sig < 0)
			continue;
		if (sig != SIGCHLD) {
			kill(child, sig);
			continue;
		}
		if (waitpid(child, &status, WNOHANG) == child)
			relay_exit(status);
	}
}

/* PID 1's end of the pipe: it reads hang-up once the relay is gone */
static int relay_fd = -1;

/* Arm SIGKILL as the parent-death signal, and die now if the relay is gone. */
static int pidns_arm(const char **what)
{
	struct pollfd pfd = { .fd = relay_fd, .events = POLLIN };

	*what = "PR_SET_PDEATHSIG";
	if (prctl(PR_SET_PDEATHSIG, SIGKILL, 0UL, 0UL, 0UL))
		return -errno;
	/* the relay died before that: no parent-death signal will come */
	if (poll(&pfd, 1, 0) != 0)
		_exit(128 + SIGKILL);
	return 0;
}

int pidns_rearm(const char **what)
{
	int err = pidns_arm(what);

	close(relay_fd);
	relay_fd = -1;
	return err;
}

int pidns_start(const struct exec_opts *o, const char **what)
{
	sigset_t all;
	int pipefd[2];
	pid_t child;
	int err;

	/* blocked before the fork: no signal is lost before the relay waits */
	sigfillset(&all);
	sigprocmask(SIG_BLOCK, &all, NULL);
	*what = "pipe";
	if (pipe2(pipefd, O_CLOEXEC))
		return -errno;
	*what = "fork";
	child = fork();
	if (child < 0)
		return -errno;
	if (child > 0) {
		/* the relay holds nothing of the program's but stdio and the pipe */
		syscall(SYS_close_range, 3, pipefd[1] - 1, 0);
		syscall(SYS_close_range, pipefd[1] + 1, ~0U, 0);
		relay(child, &all);
	}

	/* PID 1 of the new namespace */
	close(pipefd[1]);
	/* kept until pidns_rearm(), above the fds tun_place() puts at 3 and up */
	*what = "fcntl";
	relay_fd = fcntl(pipefd[0], F_DUPFD_CLOEXEC, 3 + (int)o->ntun_fds);
	close(pipefd[0]);
	if (relay_fd < 0)
		return -errno;
	err = pidns_arm(what);
	if (err)
		return err;
	/* its own /proc, in the mount namespace the helper made */
	*what = "mount /proc";
	if (mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL))
		return -errno;
	return 0;
}
