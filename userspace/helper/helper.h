/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the modes of nsbox-helper share: the parsing of the options every
 * mode takes, and the report to the module.
 */
#ifndef NSBOX_HELPER_HELPER_H
#define NSBOX_HELPER_HELPER_H

#include <stdint.h>

struct step_failure;

/* parse.c: 0, or -1 for anything malformed */
int parse_num(const char *s, int base, unsigned long long max, unsigned long long *val);
int parse_token(const char *s, uint64_t *token);
int parse_family(const char *s, uint16_t *family);

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
int report(uint16_t family, uint64_t token, int uts_fd, const struct step_failure *fail);

/* nsbox-helper.c: one create or apply run, argv from the mode's word */
int run_mode(int argc, char **argv);

/* exec.c: the whole of "nsbox-helper exec", argv from the mode's word */
int exec_main(int argc, char **argv);

/* serve.c: the whole of "nsbox-helper serve", argv from the mode's word */
int serve_main(int argc, char **argv);

/* report.c: a serving helper's first report, on the socket jobs come to */
int report_serving(int fd, uint16_t family, uint64_t token);

#endif /* NSBOX_HELPER_HELPER_H */
