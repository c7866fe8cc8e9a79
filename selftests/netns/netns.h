/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Counting network namespaces by probing user.max_net_namespaces (netns.c),
 * shared by nsbox-faults and netns-count.
 */
#ifndef NSBOX_SELFTESTS_NETNS_H
#define NSBOX_SELFTESTS_NETNS_H

#include <stdbool.h>

int netns_setup(void);
long netns_count(void);
bool netns_is(long n);

#endif
