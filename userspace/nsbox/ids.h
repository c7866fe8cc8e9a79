/* SPDX-License-Identifier: GPL-2.0 */
#ifndef NSBOX_IDS_H
#define NSBOX_IDS_H

#include <stddef.h>
#include <stdint.h>

/*
 * The id of user (@db "passwd") or group ("group") @name, by getent(1):
 * 0, 1 when there is none, -1 with @why set when it could not be told.
 */
int id_lookup(const char *db, const char *name, uint32_t *id, char *why, size_t len);

#endif /* NSBOX_IDS_H */
