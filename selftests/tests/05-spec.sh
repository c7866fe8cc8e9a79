#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The uapi header agrees with the YNL spec (selftests/spec_uapi.py, KTAP).
exec python3 "$(dirname "$0")/../spec_uapi.py"
