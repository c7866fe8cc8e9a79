#!/bin/busybox sh
# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
#
# PID 1 of the smoke VM (run-vm.sh KVER smoke), for kernels whose guests
# cannot mount the host's root: Debian's cloud kernels have no 9p. The
# initramfs carries everything this runs: busybox, the kernel's tun and veth
# with their dependencies (/modules/order, in load order), nsbox.ko, the CLI
# at /usr/sbin/nsbox, the helper at the module's default helper_path and
# selftests/lib.sh for the KTAP helpers and the splat pattern.
#
# One sandbox with a TUN and a veth to the host, a program run in it, the
# sandbox deleted, nsbox unloaded and the kernel log checked. KTAP on the
# console, ending with "P passed, F failed, 0 skipped", and the tokens of
# guest.sh: "nsbox-vm: loading nsbox" (in the kernel log), "nsbox-vm: PASS",
# "nsbox-vm: end".

/bin/busybox mkdir -p /sbin /usr/bin /usr/sbin /proc /sys /dev /tmp /run
/bin/busybox --install -s
export PATH=/usr/sbin:/usr/bin:/sbin:/bin

say() {
	echo "nsbox-vm: $*"
}

# the helper unshares a mount namespace, makes / a slave and remounts /sys
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mount -t tmpfs -o mode=1777 tmpfs /tmp
mount -t tmpfs -o mode=0755 tmpfs /run
hostname nsbox-vm
say "init on $(uname -r)"
ip link set lo up
read -r uptime _ </proc/uptime
say "ready after $uptime s"

# shellcheck source=selftests/lib.sh
. /lib.sh

# insmod_all: the kernel's modules, as run-vm.sh listed them
insmod_all() {
	while read -r ko; do
		insmod "/modules/$ko" || return 1
	done </modules/order
}

# the program in the sandbox sees its own devices, with the address
in_sandbox() {
	out=$(nsbox exec smoke -- /bin/busybox ip addr) || return 1
	printf '%s\n' "$out"
	printf '%s\n' "$out" | grep -q ': tun0: ' &&
		printf '%s\n' "$out" | grep -qE ': v0(@[^:]*)?: ' &&
		printf '%s\n' "$out" | grep -q 'inet 10\.77\.0\.1/24 '
}

# nothing that the splat pattern matches since the marker
log_clean() {
	dmesg >/tmp/dmesg || return 1
	grep -q 'nsbox-vm: loading nsbox$' /tmp/dmesg || {
		echo "no 'nsbox-vm: loading nsbox' in the kernel log"
		return 1
	}
	! awk '/nsbox-vm: loading nsbox$/ { on = 1 } on' /tmp/dmesg |
		grep -E "$NSBOX_SPLAT_RE"
}

ktap_plan 11
check "insmod $(tr '\n' ' ' </modules/order | sed 's/ $//')" insmod_all
echo "nsbox-vm: loading nsbox" >/dev/kmsg
check "insmod nsbox" insmod /modules/nsbox.ko
check "sandbox add smoke with a TUN and a veth to the host" \
	nsbox sandbox add smoke link tun0 type tun addr 10.77.0.1/24 dev tun0 \
	link v0 type veth peer hv0
check "the veth's peer hv0 is on the host" ip link show hv0
check_fail "tun0 is not on the host" ip link show tun0
check "exec: the program sees tun0, v0 and 10.77.0.1" in_sandbox
check "sandbox del smoke" nsbox sandbox del smoke
wait_for "hv0 is gone from the host" 30 sh -c '! ip link show hv0'
# shellcheck disable=SC2016 # for the inner shell
check "sandbox list is empty" \
	sh -c '[ -z "$(nsbox sandbox list)" ] && [ "$(nsbox -j sandbox list)" = "[]" ]'
wait_for "rmmod nsbox" 30 rmmod nsbox
check "the kernel log has no warning since nsbox was loaded" log_clean

failed=$_ktap_fail
if [ "$_ktap_n" -ne "$_ktap_plan" ]; then
	ktap_diag "planned $_ktap_plan tests but ran $_ktap_n"
	failed=$((failed + 1))
fi
echo "$_ktap_pass passed, $failed failed, 0 skipped"
[ "$failed" -eq 0 ] && say PASS
say end
# with -no-reboot, QEMU exits
exec reboot -f
