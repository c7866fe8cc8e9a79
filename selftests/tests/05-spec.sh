#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The YNL spec is valid for the protocol it declares, and the uapi header
# is what the kernel's generator makes of it (scripts/ynl-regen.sh), both
# with the kernel's own YNL tools (scripts/ynl-tools.sh, staged by the host).

. "$(dirname "$0")/../lib.sh"

ktap_plan 2

repo=$(cd "$(dirname "$0")/../.." && pwd)
spec=$repo/Documentation/netlink/specs/nsbox.yaml

if ! ynl=$("$repo/scripts/ynl-tools.sh" 2>&1); then
	ktap_fail "the spec validates under its protocol's schema" "$ynl"
	ktap_fail "the uapi header is ynl-gen-c.py's output" "no YNL tools"
	ktap_finish
fi

# the schema of the protocol the spec says it is, as YNL's own loader
# picks it: it fails on the first property the schema does not allow
check "the spec validates under its protocol's schema" python3 -c '
import sys, yaml
sys.path.insert(0, sys.argv[1] + "/tools/net/ynl")
from lib import SpecFamily
proto = yaml.safe_load(open(sys.argv[2]))["protocol"]
SpecFamily(sys.argv[2], sys.argv[1] + "/Documentation/netlink/" + proto + ".yaml")
' "$ynl" "$spec"

check "the uapi header is ynl-gen-c.py's output" "$repo/scripts/ynl-regen.sh" --check

ktap_finish
