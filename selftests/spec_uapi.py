#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Check that include/uapi/linux/nsbox.h agrees with the YNL spec.

Every constant, enum entry, attribute and command the spec defines is turned
into its C name by YNL's rules for `protocol: genetlink` and checked against
the header by the C compiler itself (static assertions); every NSBOX_*
enumerator the header defines must in turn come from the spec. Output: KTAP.
"""
import os
import re
import subprocess
import sys
import tempfile

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SPEC = os.path.join(ROOT, "Documentation/netlink/specs/nsbox.yaml")
HEADER = os.path.join(ROOT, "include/uapi/linux/nsbox.h")


def c_name(*parts):
    return "_".join(p.upper().replace("-", "_") for p in parts if p)


def expected_names(spec):
    """Yield (C name, value) pairs the spec implies."""
    fam = spec["name"]
    for d in spec.get("definitions", []):
        if d["type"] == "const":
            yield c_name(fam, d["name"]), d["value"]
            continue
        prefix = d.get("name-prefix", c_name(fam, d["name"]) + "_")
        value = d.get("value-start", 0 if d["type"] == "enum" else 0)
        for i, e in enumerate(d["entries"]):
            ename = e["name"] if isinstance(e, dict) else e
            name = (prefix + ename).upper().replace("-", "_")
            if d["type"] == "flags":
                yield name, 1 << (value + i)
            else:
                yield name, value + i
    for aset in spec["attribute-sets"]:
        for i, a in enumerate(aset["attributes"], start=1):
            yield c_name(fam, "a", aset["name"], a["name"]), a.get("value", i)
    for i, op in enumerate(spec["operations"]["list"], start=1):
        yield c_name(fam, "cmd", op["name"]), op.get("value", i)


def header_enumerators(text):
    names = set()
    for body in re.findall(r"enum\s+\w+\s*\{(.*?)\};", text, re.S):
        body = re.sub(r"/\*.*?\*/", "", body, flags=re.S)
        for m in re.finditer(r"^\s*([A-Z_][A-Z0-9_]*)", body, re.M):
            names.add(m.group(1))
    return names


def main():
    spec = yaml.safe_load(open(SPEC))
    header = open(HEADER).read()
    results = []

    exp = list(expected_names(spec))
    src = ["#include <linux/nsbox.h>"]
    for name, value in exp:
        src.append(f"_Static_assert({name} == {value}, \"{name} != {value}\");")
    src.append("int main(void) { return 0; }")
    with tempfile.TemporaryDirectory() as tmp:
        cfile = os.path.join(tmp, "t.c")
        with open(cfile, "w") as f:
            f.write("\n".join(src) + "\n")
        cc = subprocess.run(["cc", "-Wall", "-Werror", "-I", os.path.join(ROOT, "include/uapi"),
                             "-o", os.path.join(tmp, "t"), cfile],
                            capture_output=True, text=True)
    results.append(("spec names and values hold in the header (%d checked)" % len(exp),
                    cc.returncode == 0, cc.stderr.strip()))

    known = {n for n, _ in exp}
    extra = sorted(n for n in header_enumerators(header)
                   if n not in known and not n.endswith("_UNSPEC") and not n.endswith("_MAX"))
    results.append(("header defines nothing the spec lacks", not extra,
                    "not in the spec: " + ", ".join(extra)))

    ops = spec["operations"]["list"]
    undocumented = [o["name"] for o in ops if not o.get("doc")]
    for aset in spec["attribute-sets"]:
        undocumented += [f"{aset['name']}.{a['name']}" for a in aset["attributes"]
                         if not a.get("doc") and a["type"] != "pad"]
    results.append(("every op and attribute is documented", not undocumented,
                    "no doc: " + ", ".join(undocumented)))

    strings = dict(re.findall(r'#define\s+(NSBOX_\w+)\s+"([^"]*)"', header))
    want = {"NSBOX_GENL_NAME": spec["name"]}
    want.update({f"NSBOX_MCGRP_{c_name(g['name'])}": g["name"]
                 for g in spec["mcast-groups"]["list"]})
    wrong = [f"{k} is {strings.get(k)!r}, spec says {v!r}" for k, v in want.items()
             if strings.get(k) != v]
    results.append(("family and group names agree", not wrong, "; ".join(wrong)))

    groups = [g["name"] for g in spec["mcast-groups"]["list"]]
    results.append(("multicast group 'events' declared", "events" in groups, str(groups)))

    print("TAP version 13")
    print(f"1..{len(results)}")
    failed = 0
    for i, (desc, ok, why) in enumerate(results, start=1):
        if not ok:
            failed += 1
            for line in why.splitlines():
                print(f"# {line}")
        print(f"{'ok' if ok else 'not ok'} {i} {desc}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
