#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Run nsbox's selftests and report in KTAP: every selftests/tests/*.sh,
# then the program built in build/bin/selftests/ (or $NSBOX_BUILD/bin/
# selftests/) from each selftests/*.c. Arguments, if any, select tests by
# file name (a C test by its program's name). A test that should be there
# and is not, or is not executable, fails; so does an argument that selects
# nothing: a run must never pass by running less than it was asked to.
#
# With NSBOX_SUITE_END=1 (the VM's runs), selftests/vm/suite-end.sh runs
# last, whatever was selected: it checks that the whole run left nothing
# behind, unloads nsbox and waits for the kernel's late reports.
#
# Needs root and the nsbox module loaded; the VM (selftests/vm/run-vm.sh)
# runs it. Each test runs with a timeout, its own KTAP output indented as a
# subtest. A test also fails when the kernel logged a warning, bug or
# sanitizer report while it ran: the first splat often disables the checker
# that found it, so nothing later could be trusted. The one report a test
# may cause on purpose is the out-of-memory killer's, whose stack trace
# would read as a splat: a test that says so in a line "# kmsg: oom-kill"
# has the kernel's OOM reports (from "invoked oom-killer" to "Killed
# process") left out of that check, and nothing else.
#
# Every skip, of a whole test or of one of its subtests, is also listed at
# the top level as "# skip: TEST: DESC # SKIP WHY", for run-vm.sh to hold
# against its allow-list in CI. Ends with "# Totals: ..." and "P passed, F
# failed, S skipped", counting the subtests; exits non-zero if anything
# failed.

set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
build=${NSBOX_BUILD:-$here/../build}
timeout=${NSBOX_TEST_TIMEOUT:-600}
# shellcheck source=selftests/lib.sh
. "$here/lib.sh"

selected() {
	local arg

	[ ${#want[@]} -eq 0 ] && return 0
	for arg in "${want[@]}"; do
		[ "$arg" = "${1##*/}" ] && return 0
	done
	return 1
}

want=("$@")
tests=()
for t in "$here"/tests/*.sh; do
	selected "$t" && tests+=("$t")
done
for c in "$here"/*.c; do
	t=$build/bin/selftests/$(basename "$c" .c)
	selected "$t" && tests+=("$t")
done
# what was asked for by name and is not a test
unknown=()
for arg in "${want[@]}"; do
	found=
	for t in "${tests[@]}"; do
		[ "$arg" = "${t##*/}" ] && found=1
	done
	[ -n "$found" ] || unknown+=("$arg")
done
[ "${NSBOX_SUITE_END:-}" != 1 ] || tests+=("$here/vm/suite-end.sh")

# Count a test's own results, its top-level "ok"/"not ok" lines, as
# "pass fail skip planned".
count_results() {
	awk '
		/^ok [0-9]+/ { if (/# [Ss][Kk][Ii][Pp]/) s++; else p++ }
		/^not ok [0-9]+/ { f++ }
		/^1\.\.[0-9]+/ { plan = substr($1, 4) }
		END { print p + 0, f + 0, s + 0, plan + 0 }' "$1"
}

# Processes created since boot (/proc/stat): next to a test's seconds, they
# show where its time goes on a kernel where each one is dear (under TCG a
# process costs some 20 ms, on the debug kernel half a second).
forks_since_boot() {
	awk '$1 == "processes" { print $2 }' /proc/stat
}

out=$(mktemp)
trap 'rm -f "$out"' EXIT
times=()
suite_start=$SECONDS
suite_forks=$(forks_since_boot)

# The skipped results of a test's output, one "DESC # SKIP WHY" a line; for
# a test skipped as a whole ("1..0 # SKIP WHY"), "(all) # SKIP WHY".
skipped_results() {
	sed -n -e 's/^ok [0-9][0-9]* \(.*# [Ss][Kk][Ii][Pp].*\)/\1/p' \
		-e 's/^1\.\.0 *\(# [Ss][Kk][Ii][Pp].*\)/(all) \1/p' "$1"
}

echo "TAP version 13"
echo "1..$((${#unknown[@]} + ${#tests[@]}))"
n=0
pass=0 fail=0 skip=0 failed_tests=0
for arg in "${unknown[@]}"; do
	n=$((n + 1))
	echo "# $arg: no such test"
	echo "not ok $n $arg"
	fail=$((fail + 1)) failed_tests=$((failed_tests + 1))
done
for t in "${tests[@]}"; do
	n=$((n + 1))
	name=${t##*/}
	if [ ! -f "$t" ] || [ ! -x "$t" ]; then
		echo "# $name: missing or not executable: $t"
		echo "not ok $n $name"
		fail=$((fail + 1)) failed_tests=$((failed_tests + 1))
		continue
	fi
	kmsg_mark "$n $name"
	echo "# $n $name"

	# a test that needs longer than the tier's timeout says so in a line
	# "# timeout: SECONDS" (the longer of the two counts)
	limit=$timeout
	own=$(sed -n 's/^# timeout: \([0-9][0-9]*\)$/\1/p' "$t" 2>/dev/null | head -n 1)
	[ -z "$own" ] || [ "$own" -le "$limit" ] || limit=$own

	start=$SECONDS
	forks=$(forks_since_boot)
	# in a subshell, so that its report of a test killed by a signal is
	# part of the test's output
	(timeout -k 10 "$limit" "$t" </dev/null; exit) 2>&1 | tee "$out" | sed -u 's/^/    /'
	rc=${PIPESTATUS[0]}
	if grep -qx '# kmsg: oom-kill' "$t"; then
		splats=$(kmsg_since_mark | awk '/invoked oom-killer:/ { oom = 1 }
			!oom { print } /Killed process/ { oom = 0 }' | grep -E "$NSBOX_SPLAT_RE")
	else
		splats=$(kmsg_since_mark | grep -E "$NSBOX_SPLAT_RE")
	fi

	read -r p f s planned < <(count_results "$out")
	# results a crash or a timeout prevented count as failures
	ran=$((p + f + s))
	[ "$planned" -gt "$ran" ] && f=$((f + planned - ran))

	elapsed=$((SECONDS - start))
	forks=$(($(forks_since_boot) - forks))
	directive=
	# 137: it ignored the SIGTERM and was killed
	if [ "$rc" -eq 124 ] || { [ "$rc" -eq 137 ] && [ "$elapsed" -ge "$limit" ]; }; then
		echo "# $name: timed out after $limit s"
		directive=" # TIMEOUT $limit seconds"
	elif [ "$rc" -ne 0 ] && [ "$rc" -ne 4 ]; then
		echo "# $name: exit status $rc"
	fi
	if [ -n "$splats" ]; then
		echo "# $name: the kernel logged:"
		printf '%s\n' "$splats" | sed 's/^/#   /'
	fi
	echo "# $name: $elapsed s"
	times+=("$(printf '# time: %-24s %5d s %7d processes' "$name" "$elapsed" "$forks")")

	skipped_results "$out" | sed "s|^|# skip: $name: |"
	if [ "$rc" -eq 4 ] && [ -z "$splats" ]; then
		[ "$ran" -eq 0 ] && s=1
		echo "ok $n $name # SKIP"
	elif [ "$rc" -eq 0 ] && [ -z "$splats" ]; then
		# a test that does not speak KTAP counts as one
		[ "$ran" -eq 0 ] && p=1
		echo "ok $n $name"
	else
		# always at least one failure to show for a failed test
		[ "$f" -eq 0 ] && f=1
		failed_tests=$((failed_tests + 1))
		echo "not ok $n $name$directive"
	fi
	pass=$((pass + p)) fail=$((fail + f)) skip=$((skip + s))
done

# where the time went: every test file's seconds, and the run's
printf '%s\n' "${times[@]}"
printf '# time: %-24s %5d s %7d processes\n' total $((SECONDS - suite_start)) \
	$(($(forks_since_boot) - suite_forks))
echo "# Totals: pass:$pass fail:$fail skip:$skip"
echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ] && [ "$failed_tests" -eq 0 ]
