#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# run-vm.sh KVER check|demo|shell|bench|smoke
#
# Boot /boot/vmlinuz-KVER in QEMU with nsbox installed from the staged tree
# build/KVER/root (`make stage KVER=KVER`) and run the selftests, the demo,
# an interactive shell or the benchmark (selftests/bench/bench.sh). The
# guest's root is the host's own root filesystem over 9p (see init), so the
# repository is at the same path in the guest and nothing but a small
# initramfs is built here.
#
# smoke is for kernels that cannot mount the host's root: Debian's cloud
# kernels have no 9p. Its initramfs carries all it runs (busybox, the
# kernel's tun and veth, nsbox staged as above and selftests/lib.sh), and
# its init is selftests/vm/smoke.sh: one sandbox with a TUN and a veth, a
# program run in it, the sandbox deleted and nsbox unloaded. It reports and
# is judged as check is.
#
# The serial console is saved to build/KVER/console.log. check, demo, bench
# and smoke fail unless the guest reports success and the kernel logged no
# warning, bug or sanitizer report from the loading of nsbox on; check and
# smoke also write "# kernel KVER: P passed, F failed, S skipped" to
# build/KVER/summary, and bench prints the benchmark's results and saves
# them to build/bench.txt.
#
# The kernel log is read from the console rather than from dmesg in the
# guest: the console has all of it even when the guest dies, and even when
# a test cleared the ring buffer.
#
# Environment: NSBOX_BUILD (the build directory, default ./build of the
# repository), NSBOX_TESTS (check only these tests, by file name),
# NSBOX_VM_APPEND (more kernel parameters, e.g. dyndbg=...), NSBOX_VM_RUN
# (a name for this boot's results, see res below),
# NSBOX_VM_TIMEOUT (seconds, default 1500 for check, 300 for demo and smoke,
# 14400 for bench: its growth to 20,000 sandboxes live and their teardown
# take over an hour under TCG), NSBOX_VM_MEM (the guest's memory, default 2G;
# make bench gives 10G, room for 20,000 sandboxes at once), NSBOX_TEST_TIMEOUT (seconds per test,
# run_tests.sh's default 600), QEMU (default qemu-system-x86_64). bench
# takes its sizes from NSBOX_VM_APPEND: NSBOX_BENCH_N, NSBOX_BENCH_ROUNDS,
# NSBOX_BENCH_EXEC_RUNS, NSBOX_BENCH_LIST_N, NSBOX_BENCH_CLIENTS,
# NSBOX_BENCH_LEVELS, NSBOX_BENCH_SECTIONS and NSBOX_BENCH_PROFILE (see the
# Makefile's bench).
#
# NSBOX_KERNEL_IMAGE boots that image instead of /boot/vmlinuz-KVER: the
# debug kernel of `make check-debug` (scripts/debug-kernel.sh), which has
# everything the VM needs built in and no ACPI. Its modules.builtin and
# module index are in NSBOX_KERNEL_MODULES (default /lib/modules/KVER). It
# runs with twice the memory (unless NSBOX_VM_MEM says otherwise) and four
# times the VM's timeout, KASAN and the other checkers being slow under TCG; the
# guest checks for leaks with kmemleak after the tests (guest.sh).

set -euo pipefail

# Bash reads a script as it runs it: read all of this one first, so that
# editing it meanwhile cannot break a run in progress.
{

usage() {
	echo "usage: $0 KVER check|demo|shell|bench|smoke" >&2
	exit 2
}

[ $# -eq 2 ] || usage
kver=$1
mode=$2
case $mode in
check) vm_timeout=${NSBOX_VM_TIMEOUT:-1500} ;;
demo | smoke) vm_timeout=${NSBOX_VM_TIMEOUT:-300} ;;
bench) vm_timeout=${NSBOX_VM_TIMEOUT:-14400} ;;
shell) ;;
*) usage ;;
esac

repo=$(cd "$(dirname "$0")/../.." && pwd)
build=$(realpath -m "${NSBOX_BUILD:-$repo/build}")
out=$build/$kver
# what one boot leaves: its console, initramfs, skips and summary; with
# NSBOX_VM_RUN=NAME in build/KVER/NAME/, so that several VMs of one kernel
# can run at once (the parts of check-debug)
run=${NSBOX_VM_RUN:-}
res=$out${run:+/$run}
# how the results name this boot
label=$kver${run:+/$run}
log=$res/console.log
mkdir -p "$res"
kernel=${NSBOX_KERNEL_IMAGE:-/boot/vmlinuz-$kver}
mods=/lib/modules/$kver
# where the host has the kernel's modules, modules.builtin and modules.order
kmods=${NSBOX_KERNEL_MODULES:-$mods}
test_timeout=${NSBOX_TEST_TIMEOUT:-}
mem=${NSBOX_VM_MEM:-}
[ "$mode" != bench ] || mem=${mem:-8G}
if [ -n "${NSBOX_KERNEL_IMAGE:-}" ]; then
	[ -n "${NSBOX_VM_TIMEOUT:-}" ] || [ -z "${vm_timeout:-}" ] ||
		vm_timeout=$((vm_timeout * 4))
	test_timeout=${test_timeout:-1500}
	# room for KASAN's shadow memory and kmemleak's records
	mem=${mem:-4G}
fi
mem=${mem:-2G}

# shellcheck source=selftests/lib.sh
. "$repo/selftests/lib.sh"

die() {
	echo "run-vm: $*" >&2
	exit 1
}

# skip_allowed "TEST: DESC # SKIP WHY": whether selftests/vm/skips.allow
# names this skip on this kernel (lines "KERNEL-GLOB TEST DESC-GLOB")
skip_allowed() {
	local k t d

	while read -r k t d; do
		case $k in '' | '#'*) continue ;; esac
		# shellcheck disable=SC2053 # globs, on purpose
		[[ $kver == $k && ${1%%: *} == "$t" && ${1#*: } == $d ]] && return 0
	done <"$repo/selftests/vm/skips.allow"
	return 1
}

[ -r "$kernel" ] || die "no readable $kernel"
[ -f "$out/root$mods/extra/nsbox.ko" ] ||
	die "nothing staged in $out/root (make stage KVER=$kver)"
# the paths travel on the kernel command line, split at blanks
case "$repo$build" in
*[[:space:]]*) die "the repository and build paths must not contain blanks" ;;
esac
# The guest mounts the repository and the build tree from their own 9p
# shares (init), so that a clone anywhere works: /tmp and /run, which the
# guest mounts anew, included. Only the kernel's own file systems cannot be.
case $repo/ in
/dev/* | /proc/* | /sys/*) die "the repository cannot be under /dev, /proc or /sys" ;;
esac
case $build/ in
/dev/* | /proc/* | /sys/*) die "the build tree cannot be under /dev, /proc or /sys" ;;
esac

# copy_modules DIR: the modules of modprobe --show-depends output on stdin,
# each once, into DIR/modules in load order (listed in DIR/modules/order),
# decompressed: busybox's insmod cannot read .ko.xz
copy_modules() {
	local ko name

	awk '$1 == "insmod" && !seen[$2]++ { print $2 }' |
	while read -r ko; do
		name=${ko##*/}
		name=${name%.xz}
		case $ko in
		*.xz) xz -dc "$ko" >"$1/modules/$name" ;;
		*) cp "$ko" "$1/modules/$name" ;;
		esac
		echo "$name" >>"$1/modules/order"
	done
}

# initramfs DIR: busybox, init, the modules that mount the root and the
# module index, as a cpio archive on stdout
initramfs() {
	local dir=$1 mod

	mkdir -p "$dir/bin" "$dir/dev" "$dir/modules"
	cp /bin/busybox "$dir/bin/busybox"
	cp "$repo/selftests/vm/init" "$dir/init"

	# In load order and each once. 6.12 has several built in (modprobe
	# says "builtin") and the rest xz-compressed, which busybox's insmod
	# cannot read. A module modprobe cannot find is taken to be built
	# in: if it is not, the guest says which mount failed.
	: >"$dir/modules/order"
	for mod in virtio_pci virtio_rng 9pnet_virtio 9p overlay; do
		modprobe -S "$kver" --show-depends "$mod" 2>/dev/null || true
	done | copy_modules "$dir"

	module_index "$dir/depmod"
	(cd "$dir" && find . | cpio -o -H newc --quiet)
	# The kernel opens /dev/console for init's stdio before init runs, so
	# the node must be in the archive; creating it with mknod would need
	# root. A second archive appended to the first carries just the node.
	cpio_node dev/console $((0020600)) 5 1
	cpio_node TRAILER!!! 0 0 0
}

# smoke_initramfs DIR: everything the smoke runs, with smoke.sh as init,
# as a cpio archive on stdout
smoke_initramfs() {
	local dir=$1 mod name helper=${HELPER_PATH:-/usr/libexec/nsbox/nsbox-helper}

	mkdir -p "$dir/bin" "$dir/dev" "$dir/modules" "$dir/usr/sbin" \
		"$dir/proc" "$dir/sys" "$dir/tmp" "$dir/run"
	cp /bin/busybox "$dir/bin/busybox"
	install -m 0755 "$repo/selftests/vm/smoke.sh" "$dir/init"
	cp "$repo/selftests/lib.sh" "$dir/lib.sh"
	cp "$out/root/usr/sbin/nsbox" "$dir/usr/sbin/nsbox"
	# where the module looks for it, root's and not writable but by root
	install -D -m 0755 "$out/root$helper" "$dir$helper"
	cp "$out/root$mods/extra/nsbox.ko" "$dir/modules/nsbox.ko"

	# As in initramfs, but nothing is taken to be built in: the smoke
	# needs every one of them. virtio-pci and virtio-rng are there for
	# the entropy.
	: >"$dir/modules/order"
	for mod in virtio_pci virtio_rng tun veth; do
		modprobe -S "$kver" --show-depends "$mod" ||
			die "no module $mod for $kver"
	done | copy_modules "$dir"
	for name in tun.ko veth.ko; do
		grep -qx "$name" "$dir/modules/order" || die "no $name for $kver"
	done

	# owned by root whoever packs it: the module refuses a helper that
	# is not
	(cd "$dir" && find . | cpio -o -H newc -R 0:0 --quiet)
	cpio_node dev/console $((0020600)) 5 1
	cpio_node TRAILER!!! 0 0 0
}

# cpio_node NAME MODE MAJOR MINOR: a "newc" cpio entry without data
cpio_node() {
	local namesize=$((${#1} + 1))

	printf '070701%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%s\0' \
		1 "$2" 0 0 1 0 0 0 0 "$3" "$4" "$namesize" 0 "$1"
	# header and name are padded to a multiple of 4 bytes
	head -c $(((4 - (110 + namesize) % 4) % 4)) /dev/zero
}

# module_index DIR: the module index (modules.dep and the others) that
# covers the kernel's modules and the staged nsbox, for the guest's
# /lib/modules/KVER. depmod in the guest would read every module over 9p,
# which takes a minute under TCG; here it takes seconds, and it is redone
# only when nsbox.ko changes.
module_index() {
	local dir=$1 cache=$res/module-index scratch=$tmp/depmod f sum

	sum=$(cat "$kmods/modules.order" "$out/root$mods/extra/nsbox.ko" | sha256sum)
	if [ "$(cat "$cache/.sum" 2>/dev/null)" != "$sum" ]; then
		# the kernel's own modules linked into a scratch tree, nsbox's
		# copied as staged
		mkdir -p "$scratch$mods"
		for f in kernel modules.order modules.builtin modules.builtin.modinfo; do
			[ ! -e "$kmods/$f" ] || ln -s "$kmods/$f" "$scratch$mods/$f"
		done
		cp -a "$out/root$mods/." "$scratch$mods/"
		depmod -b "$scratch" "$kver"
		rm -rf "$cache"
		mkdir -p "$cache"
		find "$scratch$mods" -maxdepth 1 -type f -name 'modules.*' \
			-exec cp {} "$cache/" \;
		echo "$sum" >"$cache/.sum"
	fi
	mkdir -p "$dir"
	cp "$cache"/modules.* "$dir/"
}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if [ "$mode" = smoke ]; then
	smoke_initramfs "$tmp/initramfs" >"$res/initramfs.cpio"
else
	initramfs "$tmp/initramfs" >"$res/initramfs.cpio"
fi

cmdline="console=ttyS0 oops=panic panic=-1 panic_on_warn=1"
# room for the whole run's kernel log: run_tests.sh reads each test's part
cmdline+=" log_buf_len=8M"
# every slab cache under its own name (net_namespace, ...) in
# /proc/slabinfo and in KASAN and kmemleak reports
cmdline+=" slab_nomerge"
# a task stuck for a minute is a bug here, not a slow disk
cmdline+=" sysctl.kernel.hung_task_timeout_secs=60"
# No randomized user mappings. QEMU's TCG keys the code it has translated
# by virtual address: with ASLR every exec maps ld.so and libc somewhere
# new and translates them again, which made a dynamically linked /bin/true
# take 130 ms in the guest, 25 ms without (and python3 1 s, 0.6 s). It is
# what every test pays per command. The kernel's own KASLR is unaffected.
# Not for bench: its recorded figures were taken with ASLR, and what the
# artifact does to its ratios is for the benchmark's own method (issue 21).
[ "$mode" = bench ] || cmdline+=" norandmaps"
cmdline+=" NSBOX_KVER=$kver NSBOX_MODE=$mode NSBOX_REPO=$repo NSBOX_BUILD=$build"
tests=${NSBOX_TESTS:-}
# NSBOX_VM_APPEND's words, one space apart: a tab or a newline (a make
# recipe's continued line) would reach the guest inside a word
read -ra append <<<"${NSBOX_VM_APPEND:-}"
cmdline+=" NSBOX_TESTS=${tests// /,} ${append[*]}"
[ -z "$test_timeout" ] || cmdline+=" NSBOX_TEST_TIMEOUT=$test_timeout"

qemu=("${QEMU:-qemu-system-x86_64}"
	# One host thread for both vCPUs. With a thread each (MTTCG), the
	# kernel's live code patching races with the other vCPU's translated
	# code: a vCPU may run a stale translation of a static key after the
	# int3 patching ended. QEMU fixed it in 8.1 (deba78709ae8, "accel/tcg:
	# Always lock pages before translation"); Debian 12 has 7.2. Measured
	# here: 6.12 died at boot once in 41 boots, and every guest that
	# flipped static keys 400 times with both vCPUs busy died (6.12: an
	# int3 oops in __schedule; 6.1: hung). On a 2-core host it is no slower.
	-accel "tcg,thread=single" -m "$mem" -smp "${NSBOX_VM_SMP:-2}"
	-nographic -no-reboot -nodefaults
	-kernel "$kernel" -initrd "$res/initramfs.cpio"
	# entropy: without it the guest's crng needs some 20 s under TCG
	-device virtio-rng-pci)
# the smoke's guest has everything in its initramfs
if [ "$mode" != smoke ]; then
	qemu+=(-virtfs "local,path=/,mount_tag=hostroot,security_model=none,readonly=on,multidevs=remap"
		-virtfs "local,path=$repo,mount_tag=nsboxrepo,security_model=none,readonly=on,multidevs=remap")
	# the build tree gets a share of its own unless the repository's holds it
	case $build/ in
	"$repo"/*) ;;
	*)
		qemu+=(-virtfs "local,path=$build,mount_tag=nsboxbuild,security_model=none,readonly=on,multidevs=remap")
		cmdline+=" NSBOX_BUILD_SHARED=1"
		;;
	esac
fi
if [ -n "${NSBOX_KERNEL_IMAGE:-}" ]; then
	# with no ACPI, the kernel finds the second CPU only as a second socket
	qemu+=(-smp "${NSBOX_VM_SMP:-2},sockets=${NSBOX_VM_SMP:-2}")
fi

if [ "$mode" = shell ]; then
	if [ -t 0 ]; then
		size=$(stty size)
		cmdline+=" NSBOX_TTY=${size/ /x} NSBOX_TERM=${TERM:-linux}"
	fi
	# Ctrl-C goes to the guest; Ctrl-A X quits QEMU
	exec "${qemu[@]}" -append "$cmdline" \
		-chardev stdio,id=con,mux=on,signal=off,logfile="$log" \
		-serial chardev:con -mon chardev=con,mode=readline
fi

echo "# kernel $label: booting ($mode)"
start=$SECONDS
rc=0
# Log everything; show the guest's own output as it comes, but not the
# kernel's nor the firmware's, nor the benchmark's results, shown at the end.
timeout --foreground -k 10 "$vm_timeout" "${qemu[@]}" -append "$cmdline" \
	-serial mon:stdio </dev/null | sed -u 's/\r$//' | tee "$log" |
	sed -u -n '/^nsbox-vm: /,$ { /^\[ *[0-9]\+\.[0-9]\+\]/!{ /^nsbox-bench: /!p } }' ||
	rc=${PIPESTATUS[0]}
elapsed=$((SECONDS - start))

fail() {
	echo "# kernel $label: $*"
	verdict=fail
}

verdict=pass
finished=
if [ "$rc" -eq 124 ]; then
	fail "timed out after $vm_timeout s"
elif ! grep -q '^nsbox-vm: end$' "$log"; then
	fail "the guest died"
else
	finished=1
	grep -q '^nsbox-vm: PASS$' "$log" || fail "the guest reported failure"
fi

# The kernel's lines from the loading of nsbox on. A kernel line can start
# in the middle of one of the guest's, so look for its timestamp anywhere.
# Without the marker nothing would be scanned: that is a failure itself.
if [ "$mode" != shell ] && [ -n "$finished" ] &&
	! grep -q '\] nsbox-vm: loading nsbox$' "$log"; then
	fail "no 'nsbox-vm: loading nsbox' in the kernel log: nothing could be scanned"
fi
# The out-of-memory killer's reports are left out while a test runs that
# says it causes them ("# kmsg: oom-kill", see run_tests.sh): the runner's
# mark "nsbox-selftests[...]: N TEST" says which test runs.
oom_tests=$(grep -lx '# kmsg: oom-kill' "$repo"/selftests/tests/*.sh 2>/dev/null | xargs -r -n 1 basename)
splats=$(awk -v allow="$oom_tests" '
	BEGIN { n = split(allow, a); for (i = 1; i <= n; i++) ok[a[i]] = 1 }
	/\] nsbox-vm: loading nsbox$/ { on = 1 }
	!on || !/\[ *[0-9]+\.[0-9]+\] / { next }
	/nsbox-selftests\[[0-9.]+\]: [0-9]+ [^ ]+$/ { oomok = ($NF in ok) }
	oomok && /invoked oom-killer:/ { oom = 1 }
	!oom { print }
	/Killed process/ { oom = 0 }' "$log" | grep -E "$NSBOX_SPLAT_RE" || true)
if [ -n "$splats" ]; then
	fail "the kernel logged:"
	printf '%s\n' "$splats" | sed 's/^/#   /'
fi

# what happened at the end, unless the guest already showed it
if [ -z "$finished" ]; then
	echo "# kernel $label: last 60 lines of $log:"
	tail -n 60 "$log" | sed 's/^/#   /'
fi

ready=$(sed -n 's/^nsbox-vm: ready after \([0-9.]*\) s$/\1/p' "$log")
echo "# kernel $label: ready for tests ${ready:-?} s after boot, $elapsed s in all"

if [ "$mode" = bench ]; then
	sed -n 's/^nsbox-bench: //p' "$log" >"$build/bench.txt"
	if [ -s "$build/bench.txt" ]; then
		echo
		cat "$build/bench.txt"
		echo "# saved in $build/bench.txt"
	else
		fail "no results"
	fi
fi

if [ "$mode" = check ] || [ "$mode" = smoke ]; then
	read -r passed failed skipped < <(sed -n \
		's/^\([0-9][0-9]*\) passed, \([0-9][0-9]*\) failed, \([0-9][0-9]*\) skipped$/\1 \2 \3/p' \
		"$log" | tail -n 1) || true
	passed=${passed:-0}
	failed=${failed:-0}
	skipped=${skipped:-0}
	# every skip by name; in CI, one that the allow-list does not name is
	# a failure: a skip there is coverage lost without a word
	sed -n 's/^# skip: //p' "$log" >"$res/skips"
	while IFS= read -r line; do
		if skip_allowed "$line"; then
			echo "# kernel $label: skipped: $line"
		elif [ "${CI:-}" = true ]; then
			echo "# kernel $label: skipped, not allowed in CI: $line"
			failed=$((failed + 1))
			verdict=fail
		else
			echo "# kernel $label: skipped (not allowed in CI): $line"
		fi
	done <"$res/skips"
	# a kernel that failed must show in the totals
	[ "$verdict" = pass ] || [ "$failed" -gt 0 ] || failed=1
	echo "# kernel $label: $passed passed, $failed failed, $skipped skipped" | tee "$res/summary"
fi

[ "$verdict" = pass ]
exit
}
