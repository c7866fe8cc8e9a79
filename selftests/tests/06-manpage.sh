#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The manual follows the CLI: nsbox(8) (Documentation/nsbox.8) and
# Documentation/nsbox/cli.rst are held to the grammar `nsbox help` prints,
# which comes from the very table the commands are dispatched from. A
# command, keyword or option added to the CLI fails here until both
# documents describe it, and a command dropped from it until they stop
# naming it. Needs no module: help is printed before any netlink.
#
# A command is OBJECT COMMAND, or OBJECT alone for an object without
# commands (info, monitor, exec, run, kill). In the help's usage lines
# ("nsbox OBJECT ..."; the aligned lines after one continue it) the word
# after OBJECT is a command when it starts with a lowercase letter; the
# documents name commands by the same rule:
#   nsbox.8  the .SS headings under COMMANDS: "nsbox OBJECT COMMAND ...",
#            "nsbox OBJECT { COMMAND | COMMAND } ..." for every command of
#            the group, or "nsbox OBJECT ..." for an object without commands;
#   cli.rst  the terms of the definition list under "Commands" (a line at
#            the margin that starts with `` and is followed by an indented
#            one), by their first literal, named so without "nsbox".
# A command's section is its heading (term) and the text up to the next
# heading (term) or section; a command with several forms (link add) may
# have a section for each. Its keywords, the words of its grammar that are
# all lowercase (hostname, owned, mtu, uid, rlimit, log, env...), must be
# words of its sections: a keyword is explained where its command is. The
# options are those of the help's first lines, -j[son] standing for -j and
# -json; each must be in nsbox.8's OPTIONS and in cli.rst's Options.
#
# One awk pass over the help and both documents (no python: this runs
# under emulation, where every process start is dear).

# shellcheck source=selftests/lib.sh
. "$(dirname "$0")/../lib.sh"

ktap_plan 9

repo=$(cd "$(dirname "$0")/../.." && pwd)
man=$repo/Documentation/nsbox.8
rst=$repo/Documentation/nsbox/cli.rst

# _desc: the description of check $1, as the awk program numbers them
desc_of() {
	case $1 in
	1) _desc="nsbox.8 has a heading under COMMANDS for every command of nsbox help" ;;
	2) _desc="every heading under COMMANDS in nsbox.8 names a command of nsbox help" ;;
	3) _desc="nsbox.8's OPTIONS describes every option of nsbox help" ;;
	4) _desc="nsbox.8 names every keyword of a command's grammar in its section" ;;
	5) _desc="the OBJECT lists of nsbox.8's SYNOPSIS and of cli.rst are nsbox help's" ;;
	6) _desc="cli.rst has an entry under Commands for every command of nsbox help" ;;
	7) _desc="every entry under Commands in cli.rst names a command of nsbox help" ;;
	8) _desc="cli.rst's Options describes every option of nsbox help" ;;
	9) _desc="cli.rst names every keyword of a command's grammar in its entry" ;;
	esac
}

fail_all() {
	for _n in 1 2 3 4 5 6 7 8 9; do
		desc_of "$_n"
		ktap_fail "$_desc" "$1"
	done
	ktap_finish
}

help=$("$NSBOX" help 2>&1) || fail_all "$(printf '$ %s help: failed\n%s' "$NSBOX" "$help")"
if ! [ -r "$man" ] || ! [ -r "$rst" ]; then
	fail_all "cannot read $man and $rst"
fi

# Prints, for each check in order, its number and then a line "- PROBLEM"
# for each thing it found wrong; a check with no such line passed.
# shellcheck disable=SC2016
prog='
# A man line as it reads: without font changes and escapes.
function unman(s) {
	gsub(/\\f[A-Z]/, "", s)
	gsub(/\\-/, "-", s)
	gsub(/\\[%&]/, "", s)
	gsub(/\\\(aq/, "\047", s)
	gsub(/\\\(dq/, "\"", s)
	return s
}

function cmdname(p,    a) {
	split(p, a, SUBSEP)
	return a[2] == "" ? a[1] : a[1] " " a[2]
}

function problem(check, s) {
	bad[check] = bad[check] "\n- " s
}

# The commands that heading s names, OBJECT first, into R[1..]; returns
# how many.
function refs(s,    w, n, i, nr) {
	gsub(/"/, " ", s)
	n = split(s, w, " ")
	nr = 0
	if (!n)
		return 0
	if (w[2] == "{") {
		for (i = 3; i <= n && w[i] != "}"; i++)
			if (w[i] != "|")
				R[++nr] = w[1] SUBSEP w[i]
	} else if (w[2] ~ /^[a-z]/) {
		R[++nr] = w[1] SUBSEP w[2]
	} else {
		R[++nr] = w[1] SUBSEP ""
	}
	return nr
}

# Heading s of document d (1 nsbox.8, 2 cli.rst), quoted as shown: it
# starts the section of the commands it names, which the CLI must have
# (else a problem for check rev).
function heading(d, s, shown, rev,    n, i) {
	n = refs(s)
	ncur[d] = n
	for (i = 1; i <= n; i++) {
		cur[d, i] = R[i]
		has[d, R[i]] = 1
		if (!(R[i] in cmds))
			problem(rev, "\"" shown "\" names \"" cmdname(R[i]) "\", which nsbox help does not have")
	}
}

# The words of s, in the section of the commands of the last heading.
function words(d, s,    w, n, i, j) {
	gsub(/[^A-Za-z0-9_-]+/, " ", s)
	n = split(s, w, " ")
	for (i = 1; i <= ncur[d]; i++)
		for (j = 1; j <= n; j++)
			sw[d, cur[d, i], w[j]] = 1
}

# "OBJECT := { a | b }" in the text of document d (0: the help), across
# lines: its objects into objs[d, OBJECT].
function objscan(d, s,    w, n, i) {
	gsub(/"/, " ", s)
	n = split(s, w, " ")
	for (i = 1; i <= n && ost[d] != 4; i++) {
		if (ost[d] == 3) {
			if (w[i] == "}")
				ost[d] = 4
			else if (w[i] != "|")
				objs[d, w[i]] = 1
		} else if (w[i] == "OBJECT")
			ost[d] = 1
		else if (ost[d] == 1 && w[i] == ":=")
			ost[d] = 2
		else if (ost[d] == 2 && w[i] == "{")
			ost[d] = 3
		else
			ost[d] = 0
	}
}

function addopt(o) {
	if (!(o in isopt)) {
		isopt[o] = 1
		opt[++nopt] = o
	}
}

function help_line(    w, n, i, j, b, t, rest) {
	n = split($0, w, " ")
	i = w[1] == "Usage:" ? 2 : 1
	if (w[i] == "nsbox" && w[i + 1] ~ /^[a-z]/) {
		cmd = w[i + 2] ~ /^[a-z]/ ? w[i + 2] : ""
		p = w[i + 1] SUBSEP cmd
		if (!(p in cmds)) {
			cmds[p] = 1
			order[++ncmds] = p
		}
		j = cmd == "" ? i + 2 : i + 3
	} else if (ncmds && n) {
		j = 1
	} else {
		# before the commands: the options and the objects
		objscan(0, $0)
		for (j = 1; j <= n; j++) {
			t = w[j]
			if (t !~ /^-/)
				continue
			b = index(t, "[")
			if (b) {
				rest = substr(t, b + 1)
				sub(/\].*/, "", rest)
				t = substr(t, 1, b - 1)
				addopt(t rest)
			}
			addopt(t)
		}
		return
	}
	for (; j <= n; j++)
		if (w[j] ~ /^[a-z][a-z0-9_]*$/ && !((p, w[j]) in iskw)) {
			iskw[p, w[j]] = 1
			kws[p] = kws[p] " " w[j]
		}
}

function man_line(    s, t) {
	if ($0 ~ /^\.\\"/)
		return
	s = unman($0)
	if (s ~ /^\.SH/) {
		sub(/^\.SH[ \t]*/, "", s)
		gsub(/"/, "", s)
		msec = s
		ncur[1] = 0
		return
	}
	if (msec == "COMMANDS" && s ~ /^\.SS/) {
		t = s
		sub(/^\.SS[ \t]*/, "", t)
		gsub(/"/, "", t)
		if (t !~ /^nsbox /) {
			problem(2, "\"" t "\" does not start with \"nsbox OBJECT\"")
			ncur[1] = 0
			return
		}
		heading(1, substr(t, 7), t, 2)
	} else if (msec == "OPTIONS") {
		opttext[1] = opttext[1] "\n" s
	} else if (msec == "SYNOPSIS") {
		t = s
		sub(/^\.[A-Za-z]+[ \t]*/, "", t)
		objscan(1, t)
	}
	words(1, s)
}

function rst_lines(    i, s, t) {
	for (i = 1; i <= nl; i++) {
		s = L[i]
		if (s ~ /^=+$/)
			continue
		if (L[i + 1] ~ /^=+$/ && s ~ /[^ ]/) {
			rsec = s
			ncur[2] = 0
			continue
		}
		objscan(2, s)
		if (rsec == "Options")
			opttext[2] = opttext[2] "\n" s
		if (rsec == "Commands" && s ~ /^``/ && L[i + 1] ~ /^ +[^ ]/) {
			t = substr(s, 3)
			sub(/``.*/, "", t)
			heading(2, t, t, 7)
		}
		if (rsec == "Commands")
			words(2, s)
	}
}

# Checks first (a heading for each command), options and keywords of
# document d, whose headings are called what, its options section where.
function check_doc(d, first, options, keywords, what, where,    k, p, w, n, i, re) {
	for (k = 1; k <= ncmds; k++) {
		p = order[k]
		if (!((d, p) in has)) {
			problem(first, "no " what " for \"" cmdname(p) "\"")
			continue
		}
		n = split(kws[p], w, " ")
		for (i = 1; i <= n; i++)
			if (!((d, p, w[i]) in sw))
				problem(keywords, cmdname(p) ": \"" w[i] "\" is not in its section")
	}
	for (k = 1; k <= nopt; k++) {
		re = "(^|[^-A-Za-z0-9_])" opt[k] "([^-A-Za-z0-9_]|$)"
		if (opttext[d] !~ re)
			problem(options, "\"" opt[k] "\" is not in " where)
	}
}

FNR == 1 {
	f = FILENAME == ARGV[2] ? 1 : FILENAME == ARGV[3] ? 2 : 0
}
f == 0 { help_line(); next }
f == 1 { man_line(); next }
f == 2 { L[++nl] = $0 }

END {
	rst_lines()
	if (!ncmds)
		for (k = 1; k <= 9; k++)
			problem(k, "nsbox help printed no command")
	check_doc(1, 1, 3, 4, "heading", "OPTIONS")
	check_doc(2, 6, 8, 9, "entry", "Options")
	for (key in objs) {
		split(key, a, SUBSEP)
		if (a[1] != 0 && !((0, a[2]) in objs))
			problem(5, (a[1] == 1 ? "nsbox.8" : "cli.rst") ": \"" a[2] "\" is no object of nsbox help")
	}
	for (key in objs) {
		split(key, a, SUBSEP)
		if (a[1] != 0)
			continue
		if (!((1, a[2]) in objs))
			problem(5, "nsbox.8: \"" a[2] "\" is missing")
		if (!((2, a[2]) in objs))
			problem(5, "cli.rst: \"" a[2] "\" is missing")
	}
	for (k = 1; k <= 9; k++)
		print k bad[k]
}'

results=$(printf '%s\n' "$help" | awk "$prog" - "$man" "$rst") ||
	fail_all "awk failed: $results"

_n=
_why=
report() {
	[ -n "$_n" ] || return 0
	desc_of "$_n"
	if [ -z "$_why" ]; then
		ktap_ok "$_desc"
	else
		ktap_fail "$_desc" "$_why"
	fi
}
while IFS= read -r _line; do
	case $_line in
	[0-9]*)
		report
		_n=$_line
		_why=
		;;
	*)
		_why="${_why:+$_why
}$_line"
		;;
	esac
done <<EOF
$results
EOF
report

ktap_finish
