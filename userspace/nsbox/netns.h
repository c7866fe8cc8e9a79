/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Publishing a sandbox's network namespace at /run/netns/NAME, where
 * iproute2 (ip netns exec, ip -n NAME) finds it, exactly as ip netns add
 * lays it out.
 */
#ifndef NSBOX_NETNS_H
#define NSBOX_NETNS_H

#include <stdbool.h>

#define NETNS_RUN_DIR	"/run/netns"

/* name can be a file in NETNS_RUN_DIR: not empty, ".", ".." nor with '/' */
bool netns_name_ok(const char *name);

/*
 * Bind-mount the namespace behind nsfd at NETNS_RUN_DIR/name. On failure
 * nothing is left behind, *step names what failed and -errno is returned.
 */
int netns_publish(const char *name, int nsfd, const char **step);

/* Undo netns_publish(); a name that is not published is fine. */
int netns_unpublish(const char *name, const char **step);

#endif /* NSBOX_NETNS_H */
