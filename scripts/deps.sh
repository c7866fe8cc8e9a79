#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Install the Debian packages nsbox needs to build and to run its VM tests.
# Only missing packages are installed, so this is cheap and silent on a
# machine that already has everything and can run on every `make check`.

set -eu

# build: compiler, libnl for the CLI and tests, musl for the helper (see the
#   Makefile), headers of every test kernel: 6.1 and 6.12, generic,
#   PREEMPT_RT and cloud
# test VMs: the kernel images, QEMU, busybox for the initramfs, cpio and xz to
#   pack it, kmod for module dependencies; everything else the tests run
#   comes from the host root that the guest mounts over 9p
# linux-source-6.1: kselftest_harness.h and checkpatch.pl, and the debug
#   kernel of `make check-debug` (scripts/debug-kernel.sh), which also needs
#   flex, bison, bc and libelf-dev to build
# linux-source-6.12: the kernel's YNL tools (scripts/ynl-tools.sh), which
#   generate the uapi header from the spec and drive the family in a test;
#   they need python3-yaml and python3-jsonschema
# packages: debhelper, dh-dkms, fakeroot and lintian build and check them
#   (make deb); dkms and bash-completion are what a host that installs them
#   has, and tests/90-package.sh installs them in the test VM
# CNI: json-c for the plugin; Go, the reference CNI library (libcni) and
#   the reference plugins (host-local, tuning) for tests/28-cni.sh, and
#   podman, whose CNI backend runs the plugin in tests/29-podman.sh
# bench: gnuplot (without X) plots make bench's results (bench-plot.sh);
#   perf (linux-perf) profiles it with BENCH_PROFILE=1
PACKAGES="
	build-essential pkg-config libnl-3-dev libnl-genl-3-dev musl-tools
	linux-image-amd64 linux-headers-amd64
	linux-image-6.12-amd64 linux-headers-6.12-amd64
	linux-image-rt-amd64 linux-headers-rt-amd64
	linux-image-6.12-rt-amd64 linux-headers-6.12-rt-amd64
	linux-image-cloud-amd64 linux-headers-cloud-amd64
	linux-image-6.12-cloud-amd64 linux-headers-6.12-cloud-amd64
	qemu-system-x86 busybox-static cpio xz-utils kmod
	iproute2 iputils-ping procps psmisc util-linux python3 python3-yaml socat iperf3
	sparse linux-source-6.1 flex bison bc libelf-dev
	linux-source-6.12 python3-jsonschema
	debhelper dh-dkms fakeroot lintian dkms bash-completion
	libjson-c-dev golang-go golang-github-appc-cni-dev containernetworking-plugins podman
	gnuplot-nox linux-perf
"

missing=
for pkg in $PACKAGES; do
	# "ii" is installed; anything else (absent, half-installed, removed
	# with config files left) needs installing
	status=$(dpkg-query -W -f='${db:Status-Abbrev}' "$pkg" 2>/dev/null) || status=
	case $status in
	ii*) ;;
	*) missing="$missing $pkg" ;;
	esac
done

[ -z "$missing" ] && exit 0

echo "deps: installing:$missing"
SUDO=
if [ "$(id -u)" -ne 0 ]; then
	command -v sudo >/dev/null || {
		echo "deps: not root and no sudo; install:$missing" >&2
		exit 1
	}
	SUDO=sudo
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
# shellcheck disable=SC2086 # one word per package
$SUDO apt-get install -y -q --no-install-recommends $missing
