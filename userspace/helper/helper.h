/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the modes of nsbox-helper share: the parsing of the options every
 * mode takes, the job from the module and the report to it.
 */
#ifndef NSBOX_HELPER_HELPER_H
#define NSBOX_HELPER_HELPER_H

#include <stdbool.h>
#include <stdint.h>

struct step_failure;
struct steps;
struct nlmsghdr;

/* parse.c: 0, or -1 for anything malformed */
/* file.c: @text written whole to @path, relative to @dir (or AT_FDCWD): 0 or -errno */
int write_text_at(int dir, const char *path, const char *text);

int parse_num(const char *s, int base, unsigned long long max, unsigned long long *val);
int parse_token(const char *s, uint64_t *token);
int parse_family(const char *s, uint16_t *family);

/*
 * job.c: a run's job, the module's message (HELPER_JOB_GET's answer, or a
 * serving helper's HELPER_JOB), whose attributes say what to do (steps.h).
 * job_fetch() asks for it on @sock, the socket the run reports on, and
 * returns 0 or -errno. job_check() checks a message is a job of @family's
 * command @cmd and takes its token into *@token, which must match unless 0.
 */
struct job {
	char		*buf;
	struct nlmsghdr	*nlh;
};

int job_fetch(int sock, uint16_t family, uint64_t token, struct job *job);
int job_check(const struct job *job, uint16_t family, uint8_t cmd, uint64_t *token);
void job_free(struct job *job);

/*
 * report.c: NSBOX_CMD_HELPER_REPORT. The socket acts in the network
 * namespace it is opened in, which is what the module checks: open it once
 * in the sandbox. A failed step is reported with its errno and index;
 * success with the UTS namespace fd when there is one (@uts_fd >= 0). The
 * result is the module's answer (0 or -errno), or -1 if there was none.
 */
int report_open(void);
int report_send(int fd, uint16_t family, uint64_t token, int uts_fd,
		const struct step_failure *fail);

/* report.c: a serving helper's first report, on the socket jobs come to */
int report_serving(int fd, uint16_t family, uint64_t token);

/*
 * nsbox-helper.c: one create run, in a new network namespace (and a UTS
 * one with @hostname). With @steps NULL it fetches its job, unless
 * @no_job; a serving helper gives the steps of the job it was sent.
 */
struct create_opts {
	uint64_t	token;
	uint16_t	family;
	const char	*hostname;
	bool		no_job;
};

int create_run(const struct create_opts *o, struct steps *steps);

/* exec.c: the whole of "nsbox-helper exec", argv from the mode's word */
int exec_main(int argc, char **argv);

/* serve.c: the whole of "nsbox-helper serve", argv from the mode's word */
int serve_main(int argc, char **argv);

#endif /* NSBOX_HELPER_HELPER_H */
