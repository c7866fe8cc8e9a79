// SPDX-License-Identifier: GPL-2.0
/*
 * nsbox-faults: the program behind selftests/tests/45-faults.sh.
 *
 *   nsbox-faults state
 *	print a snapshot of what nsbox and the kernel hold (state.c)
 *   nsbox-faults settle FILE [SECONDS]
 *	wait until the snapshot is FILE's (default 30 s); show the
 *	difference if it does not come
 *   nsbox-faults complete NAME LINKS ADDRS ROUTES
 *	sandbox NAME is ready, has that many links, addresses and routes
 *	recorded, and each of them exists in its namespace
 *   nsbox-faults outcome NAME LINKS ADDRS ROUTES FILE
 *	after a create was killed: NAME is complete (and is deleted) or
 *	absent, says which; then as settle FILE
 *   nsbox-faults inject OP
 *	fail the allocations of OP's request one after the other (inject.c)
 *   nsbox-faults request [--nofork] OP
 *	send OP's request once and print its answer; --nofork with the
 *	kernel unable to create any process meanwhile
 *   nsbox-faults killafter [-w] USECS COMMAND [ARG...]
 *	run COMMAND, SIGKILL it after USECS (-w: as soon as a "sleep 30"
 *	runs), and say how it ended and when
 *   nsbox-faults {create|apply|exec|serve} ...
 *	as nsbox-helper, the module's stand-in helper (helper.c)
 */

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "faults.h"

FILE *out;

void msg(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfprintf(out, fmt, ap);
	va_end(ap);
	fputc('\n', out);
	fflush(out);
}

double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

void pause_ms(unsigned int ms)
{
	struct timespec ts = { .tv_sec = ms / 1000, .tv_nsec = (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

void text_add(struct text *t, const char *fmt, ...)
{
	va_list ap;
	int n;

	for (;;) {
		size_t room = t->cap - t->len;

		if (t->buf) {
			va_start(ap, fmt);
			n = vsnprintf(t->buf + t->len, room, fmt, ap);
			va_end(ap);
			if (n >= 0 && (size_t)n + 2 <= room) {
				t->len += n;
				t->buf[t->len++] = '\n';
				t->buf[t->len] = 0;
				return;
			}
		}
		t->cap = t->cap ? t->cap * 2 : 4096;
		t->buf = realloc(t->buf, t->cap);
		if (!t->buf) {
			msg("out of memory");
			exit(2);
		}
	}
}

static int cmp_line(const void *a, const void *b)
{
	return strcmp(*(char * const *)a, *(char * const *)b);
}

void text_sort(struct text *t)
{
	char *copy, **lines, *p, *save = NULL;
	size_t n = 0, i, len;

	if (!t->len)
		return;
	copy = strdup(t->buf);
	lines = calloc(t->len, sizeof(*lines));
	if (!copy || !lines) {
		msg("out of memory");
		exit(2);
	}
	for (p = strtok_r(copy, "\n", &save); p; p = strtok_r(NULL, "\n", &save))
		lines[n++] = p;
	qsort(lines, n, sizeof(*lines), cmp_line);
	for (i = 0, len = 0; i < n; i++)
		len += sprintf(t->buf + len, "%s\n", lines[i]);
	t->len = len;
	free(lines);
	free(copy);
}

void text_free(struct text *t)
{
	free(t->buf);
	t->buf = NULL;
	t->len = t->cap = 0;
}

static bool has_line(const char *text, const char *line, size_t len)
{
	while (*text) {
		const char *e = strchrnul(text, '\n');

		if ((size_t)(e - text) == len && !strncmp(text, line, len))
			return true;
		text = *e ? e + 1 : e;
	}
	return false;
}

/* The lines of @want missing from @got ("-"), then those added ("+"). */
void text_diff(const char *want, const char *got)
{
	const char *from[2] = { want, got }, *to[2] = { got, want };

	for (int k = 0; k < 2; k++) {
		const char *p = from[k];

		while (*p) {
			const char *e = strchrnul(p, '\n');

			if (e > p && !has_line(to[k], p, e - p))
				msg("  %c %.*s", "-+"[k], (int)(e - p), p);
			p = *e ? e + 1 : e;
		}
	}
}

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf;
	long len;

	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	len = ftell(f);
	rewind(f);
	buf = calloc(1, len + 1);
	if (buf && fread(buf, 1, len, f) != (size_t)len) {
		free(buf);
		buf = NULL;
	}
	fclose(f);
	return buf;
}

static int cmd_state(void)
{
	struct text t = { 0 };

	if (snapshot(&t, -1, false)) {
		msg("cannot take a snapshot");
		return 1;
	}
	fputs(t.buf, out);
	text_free(&t);
	return 0;
}

static int cmd_settle(int argc, char **argv)
{
	double timeout = argc > 2 ? atof(argv[2]) : 30;
	struct text got = { 0 };
	char *want;

	want = argc < 2 ? NULL : slurp(argv[1]);
	if (!want) {
		msg("settle: cannot read %s", argc < 2 ? "(none)" : argv[1]);
		return 2;
	}
	if (!settle(want, -1, false, timeout, &got))
		return 0;
	msg("not back to the expected state after %g s:", timeout);
	text_diff(want, got.buf ?: "");
	return 1;
}

static int cmd_complete(int argc, char **argv)
{
	char why[512];

	if (argc != 5)
		return 2;
	if (!complete(argv[1], atoi(argv[2]), atoi(argv[3]), atoi(argv[4]), why, sizeof(why)))
		return 0;
	msg("%s", why);
	return 1;
}

/*
 * After a create was killed: sandbox NAME is there complete (it is deleted
 * then) or not at all, and then the state comes back to FILE's. Prints
 * "complete" or "absent"; anything else is a failure, said.
 */
static int cmd_outcome(int argc, char **argv)
{
	struct text got = { 0 };
	struct genl_req r;
	struct answer a;
	struct sbx s;
	char why[512];
	char *want;
	int fd;

	if (argc != 6)
		return 2;
	want = slurp(argv[5]);
	if (!want)
		return 2;
	if (sbx_get(argv[1], false, &s, &a)) {
		if (a.error != -ENOENT) {
			msg("sandbox %s: %s", argv[1], answer_str(&a, why, sizeof(why)));
			return 1;
		}
		msg("absent");
	} else {
		if (complete(argv[1], atoi(argv[2]), atoi(argv[3]), atoi(argv[4]), why,
			     sizeof(why))) {
			msg("%s", why);
			return 1;
		}
		fd = nl_open();
		nl_init(&r, NSBOX_CMD_SANDBOX_DEL, 0);
		genl_put_str(&r, NSBOX_A_SANDBOX_NAME, argv[1]);
		nl_talk(fd, &r, &a, NULL, NULL);
		close(fd);
		if (!answer_ok(&a)) {
			msg("cannot delete %s: %s", argv[1], answer_str(&a, why, sizeof(why)));
			return 1;
		}
		msg("complete");
	}
	if (!settle(want, -1, false, 30, &got))
		return 0;
	msg("not back to the expected state after 30 s:");
	text_diff(want, got.buf ?: "");
	return 1;
}

/*
 * Run a command, its output to /dev/null, and SIGKILL it after @usecs, or
 * (-w) once a "sleep 30" is running. Prints "END USECS RUNNING STARTED
 * HELPERS SYSCALL": END is killed, exit=N or signal=N, USECS when that was,
 * RUNNING and HELPERS how many "sleep 30" and helpers ran when it was
 * killed, STARTED (-w) when the first "sleep 30" ran (or -1), and SYSCALL
 * the system call it was blocked in then (-1: none).
 */
static int in_syscall(pid_t pid)
{
	char path[64], buf[64];
	int fd, n;

	snprintf(path, sizeof(path), "/proc/%d/syscall", pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	buf[n > 0 ? n : 0] = 0;
	/* "running", or the number and arguments of the call it sleeps in */
	return n > 0 && buf[0] >= '0' && buf[0] <= '9' ? atoi(buf) : -1;
}

static int cmd_killafter(int argc, char **argv)
{
	bool until_sleeper = argc > 1 && !strcmp(argv[1], "-w");
	double start, started = -1, end;
	int status, h = 0, s = 0, sys = -1, null;
	long usecs;
	pid_t pid;

	argv += until_sleeper;
	argc -= until_sleeper;
	if (argc < 3)
		return 2;
	usecs = atol(argv[1]);
	fflush(out);
	start = now();
	pid = fork();
	if (pid < 0)
		return 2;
	if (!pid) {
		null = open("/dev/null", O_RDWR);
		if (null >= 0) {
			dup2(null, 0);
			dup2(null, 1);
			dup2(null, 2);
		}
		execvp(argv[2], argv + 2);
		_exit(127);
	}
	for (;;) {
		double t = now() - start;

		if (waitpid(pid, &status, WNOHANG) == pid)
			break;
		if (until_sleeper) {
			procs(&h, &s);
			if (s && started < 0)
				started = now() - start;
		}
		if ((until_sleeper && started >= 0) || t * 1e6 >= usecs) {
			if (!until_sleeper)
				procs(&h, &s);
			sys = in_syscall(pid);
			kill(pid, SIGKILL);
			waitpid(pid, &status, 0);
			break;
		}
		/* short naps: the kill comes within a millisecond or two of its time */
		pause_ms(1);
	}
	end = now() - start;
	if (WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL)
		fprintf(out, "killed");
	else if (WIFSIGNALED(status))
		fprintf(out, "signal=%d", WTERMSIG(status));
	else
		fprintf(out, "exit=%d", WEXITSTATUS(status));
	fprintf(out, " %ld %d %ld %d %d\n", (long)(end * 1e6), s,
		started < 0 ? -1L : (long)(started * 1e6), h, sys);
	return 0;
}

static void usage(void)
{
	fprintf(stderr, "usage: nsbox-faults { state | settle FILE [SECONDS] |\n"
		"                     complete NAME LINKS ADDRS ROUTES |\n"
		"                     outcome NAME LINKS ADDRS ROUTES FILE | inject OP |\n"
		"                     request [--nofork] OP | killafter [-w] USECS CMD... }\n");
	exit(2);
}

int main(int argc, char **argv)
{
	out = stdout;
	if (argc < 2)
		usage();
	/* started by the module as its helper */
	if (!strcmp(argv[1], "create") || !strcmp(argv[1], "apply") || !strcmp(argv[1], "exec") ||
	    !strcmp(argv[1], "serve"))
		return fake_helper(argc, argv);
	if (!strcmp(argv[1], "killafter"))
		return cmd_killafter(argc - 1, argv + 1);

	if (nl_resolve()) {
		fprintf(stderr, "nsbox-faults: no nsbox family (is the module loaded?)\n");
		return 2;
	}
	if (!strcmp(argv[1], "state"))
		return cmd_state();
	if (!strcmp(argv[1], "settle"))
		return cmd_settle(argc - 1, argv + 1);
	if (!strcmp(argv[1], "complete"))
		return cmd_complete(argc - 1, argv + 1);
	if (!strcmp(argv[1], "outcome"))
		return cmd_outcome(argc - 1, argv + 1);
	if (!strcmp(argv[1], "inject"))
		return cmd_inject(argc - 1, argv + 1);
	if (!strcmp(argv[1], "request"))
		return cmd_request(argc - 1, argv + 1);
	usage();
	return 2;
}
