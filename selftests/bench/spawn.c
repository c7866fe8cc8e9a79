// SPDX-License-Identifier: GPL-2.0
/*
 * spawn [ -r RUNS ] [ -o FILE ] -- COMMAND [ ARGS... ]
 * spawn -f FILE [ -g GROUP ]
 * spawn -p FILE
 *
 * The timer of every command-line alternative of the benchmark, so that
 * each pays the same spawn: fork, execvp, waitpid, nothing else, with stdin
 * from /dev/null and stdout to /dev/null (or to FILE, truncated each run).
 *
 * The first form runs COMMAND RUNS times (default 1). The second runs each
 * line of FILE in turn, its words separated by blanks; GROUP lines (default
 * 1) make one operation, such as the six iproute2 commands that set up one
 * sandbox. FILE is read before the clock starts. The third starts every
 * line of FILE at once, the concurrent clients of a measurement, and waits
 * for them all: its one run is the wall time from the first start to the
 * last end.
 *
 * Prints "MEAN_MS COUNT": the mean wall time of one run (one group), and
 * how many there were. Fails as soon as a command fails (with -p, once
 * all have ended).
 */
#include "bench.h"

#define MAX_WORDS	64

static const char *out_path;

/* Fail, naming it, unless the command @argv ended with status 0. */
static void check_status(int status, char **argv)
{
	if (WIFEXITED(status) && !WEXITSTATUS(status))
		return;
	fprintf(stderr, "spawn: failed (wait status %#x):", status);
	for (; *argv; argv++)
		fprintf(stderr, " %s", *argv);
	fputc('\n', stderr);
	exit(1);
}

static pid_t start(char **argv)
{
	pid_t pid;
	int fd;

	pid = fork();
	if (pid < 0)
		die("fork: %m");
	if (!pid) {
		fd = open("/dev/null", O_RDWR | O_CLOEXEC);
		if (fd < 0)
			_exit(126);
		dup2(fd, 0);
		if (out_path)
			fd = open(out_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
		if (fd < 0)
			_exit(126);
		dup2(fd, 1);
		execvp(argv[0], argv);
		fprintf(stderr, "spawn: %s: %m\n", argv[0]);
		_exit(127);
	}
	return pid;
}

static void run(char **argv)
{
	pid_t pid = start(argv);
	int status;

	if (waitpid(pid, &status, 0) != pid)
		die("waitpid: %m");
	check_status(status, argv);
}

/* Every command of @lines at once; fails after the last ended if one failed. */
static void run_all(char ***lines, size_t count)
{
	pid_t *pids = calloc(count, sizeof(*pids));
	int *status = calloc(count, sizeof(*status));
	size_t i;

	if (!pids || !status)
		die("out of memory");
	for (i = 0; i < count; i++)
		pids[i] = start(lines[i]);
	for (i = 0; i < count; i++)
		if (waitpid(pids[i], &status[i], 0) != pids[i])
			die("waitpid: %m");
	for (i = 0; i < count; i++)
		check_status(status[i], lines[i]);
	free(status);
	free(pids);
}

/* Every line of @path as a NULL-terminated argv; the array ends with NULL. */
static char ***read_lines(const char *path, size_t *count)
{
	char *line = NULL, *word, *save;
	char ***lines = NULL;
	size_t size = 0, n = 0;
	FILE *fp = fopen(path, "re");
	int w;

	if (!fp)
		die("%s: %m", path);
	while (getline(&line, &size, fp) >= 0) {
		char **argv = calloc(MAX_WORDS + 1, sizeof(*argv));

		if (!argv)
			die("out of memory");
		w = 0;
		for (word = strtok_r(line, " \t\n", &save); word;
		     word = strtok_r(NULL, " \t\n", &save)) {
			if (w == MAX_WORDS)
				die("%s:%zu: more than %d words", path, n + 1, MAX_WORDS);
			argv[w++] = strdup(word);
			if (!argv[w - 1])
				die("out of memory");
		}
		if (!w) {
			free(argv);
			continue;
		}
		lines = realloc(lines, (n + 2) * sizeof(*lines));
		if (!lines)
			die("out of memory");
		lines[n++] = argv;
	}
	free(line);
	fclose(fp);
	if (!n)
		die("%s: no command", path);
	lines[n] = NULL;
	*count = n;
	return lines;
}

static void usage(void)
{
	fprintf(stderr, "usage: spawn [ -r RUNS ] [ -o FILE ] -- COMMAND [ ARGS... ]\n"
			"       spawn -f FILE [ -g GROUP ]\n"
			"       spawn -p FILE\n");
	exit(2);
}

int main(int argc, char **argv)
{
	const char *file = NULL;
	long runs = 1, group = 1, i;
	bool parallel = false;
	char ***lines = NULL;
	size_t count = 0;
	uint64_t t0;
	double ms;
	int opt;

	while ((opt = getopt(argc, argv, "+r:o:f:g:p:")) != -1) {
		switch (opt) {
		case 'r':
			runs = atol(optarg);
			break;
		case 'o':
			out_path = optarg;
			break;
		case 'f':
			file = optarg;
			break;
		case 'g':
			group = atol(optarg);
			break;
		case 'p':
			file = optarg;
			parallel = true;
			break;
		default:
			usage();
		}
	}
	if (runs < 1 || group < 1 || !file == (optind == argc) || (parallel && group > 1))
		usage();
	if (file) {
		lines = read_lines(file, &count);
		if (count % group)
			die("%s: %zu lines are not groups of %ld", file, count, group);
	}

	t0 = now_ns();
	if (parallel) {
		run_all(lines, count);
		runs = 1;
	} else if (file) {
		for (i = 0; lines[i]; i++)
			run(lines[i]);
		runs = count / group;
	} else {
		for (i = 0; i < runs; i++)
			run(argv + optind);
	}
	ms = ms_since(t0);
	printf("%.3f %ld\n", ms / runs, runs);
	return 0;
}
