#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# nsbox installed the way a Debian host installs it: the two packages that
# `make deb` built (the host's `make tests` builds them) go in with dpkg;
# DKMS builds the module for the running kernel; modprobe loads that build
# and the packaged CLI talks to it; nsbox@.service's lines, run as written,
# create and delete the sandboxes of /etc/nsbox/NAME.conf, and a start that
# fails leaves nothing; bash completion offers live names; then dpkg
# --purge leaves no file of theirs and no module loaded.
#
# The guest's root is the host's Debian system (its headers included) under
# a throwaway overlay; the nsbox that guest.sh staged and loaded is set
# aside first and put back at the end, for the tests after this one.
#
# DKMS compiles the module in the guest: minutes under TCG, more when the
# host runs other VMs, hence a longer timeout than the tier's.
# timeout: 1500

. "$(dirname "$0")/../lib.sh"

repo=$(cd "$(dirname "$0")/../.." && pwd)
build=${NSBOX_BUILD:-$repo/build}
kver=$(uname -r)
version=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"$/\1/p' "$repo/dkms.conf")
debs=("$build"/deb/nsbox-dkms_"$version"_all.deb "$build"/deb/nsbox_"$version"_*.deb
	"$build"/deb/nsbox-cni_"$version"_*.deb)
stage=$build/$kver/root
unit=/lib/systemd/system/nsbox@.service
tmp=$(mktemp -d)

# DKMS builds against the running kernel's headers, which Debian's kernels
# have and the debug kernel, built from source, does not
[ -e "/lib/modules/$kver/build/Makefile" ] ||
	ktap_skip_all "no headers for $kver (the debug kernel has none): DKMS cannot build here"
# On install, DKMS builds for the running kernel and for the newest one
# installed, by its own rule (common.postinst): on the newest, that is one
# build, several minutes under TCG, and the same steps as on any other. So
# the test runs there, unless NSBOX_PACKAGE_ANY=1 asks for it here.
newest=$(bash -c "$(sed -n '/^_get_newest_kernel_debian()/,/^}/p' /usr/lib/dkms/common.postinst)
	_get_newest_kernel_debian $kver")
[ -z "$newest" ] || [ "$(knob NSBOX_PACKAGE_ANY "")" = 1 ] ||
	ktap_skip_all "DKMS would build twice here: the package test runs on the newest kernel, $newest"

ktap_plan 16

for d in "${debs[@]}"; do
	[ -f "$d" ] || {
		ktap_fail "make deb built the packages" "no $d"
		ktap_finish
	}
done

# --- set the staged nsbox aside ---
modprobe -r nsbox || {
	ktap_fail "the staged nsbox unloads" "modprobe -r nsbox failed"
	ktap_finish
}
(cd "$stage" && find . ! -type d) >"$tmp/staged"
while read -r f; do
	rm -f "/${f#./}"
done <"$tmp/staged"
mkdir "$tmp/index"
cp -a "/lib/modules/$kver"/modules.* "$tmp/index/"
# man-db's trigger would rebuild the manual index: minutes under TCG, and
# nothing this test looks at
rm -f /var/lib/man-db/auto-update

# the staged nsbox back, as guest.sh loaded it, whatever happened
restore() {
	local f

	modprobe -r nsbox 2>/dev/null
	while read -r f; do
		mkdir -p "$(dirname "/${f#./}")"
		cp -a "$stage/${f#./}" "/${f#./}"
	done <"$tmp/staged"
	cp -a "$tmp/index"/modules.* "/lib/modules/$kver/"
	modprobe nsbox
}

# --- install ---
start=$SECONDS
if dpkg -i "${debs[@]}" >"$tmp/install" 2>&1; then
	ktap_ok "dpkg -i nsbox-dkms nsbox nsbox-cni ($((SECONDS - start)) s)"
else
	ktap_fail "dpkg -i nsbox-dkms nsbox nsbox-cni" "$(tail -n 30 "$tmp/install")"
fi
ktap_diag "$(grep -E '^(Building|Done|Module build)' "$tmp/install")"
check "DKMS built and installed nsbox $version for $kver" \
	sh -c "dkms status -m nsbox -v $version -k $kver | grep -q ': installed'"
ko=$(modinfo -n nsbox 2>&1)
check "modprobe finds DKMS's build: $ko" \
	sh -c "case '$ko' in /lib/modules/$kver/updates/dkms/nsbox.ko*) ;; *) exit 1 ;; esac"
check "modprobe nsbox loads it" sh -c "modprobe nsbox &&
	test \"\$(cat /sys/module/nsbox/srcversion)\" = \"\$(modinfo -F srcversion nsbox)\""
check "the packaged CLI talks to it: nsbox info" \
	sh -c "dpkg -S /usr/sbin/nsbox | grep -q '^nsbox:' &&
		nsbox info | grep -q '^module version $version '"
check "nsbox --version" sh -c "nsbox --version | grep -qx 'nsbox $version'"
check "the packaged CNI plugin answers VERSION" sh -c "dpkg -S /usr/lib/cni/nsbox-cni |
	grep -q '^nsbox-cni:' && CNI_COMMAND=VERSION /usr/lib/cni/nsbox-cni </dev/null |
	grep -q '\"1.0.0\"'"

# --- the unit, its lines run as written (no systemd in this guest) ---
# unit_run KEY NAME: the unit's KEY= lines for instance NAME, in order
unit_run() {
	local line

	sed -n "s/^$1=//p" "$unit" | sed "s/%i/$2/g" >"$tmp/lines"
	[ -s "$tmp/lines" ] || return 1
	while read -r line; do
		# shellcheck disable=SC2086 # the unit's words, as systemd splits them
		${line} || return 1
	done <"$tmp/lines"
}
mkdir -p /etc/nsbox
cat >/etc/nsbox/pkgdemo.conf <<'EOF'
# two sandboxes, one with a TUN, an address and a route
sandbox add pk1 hostname pk1 link tun0 type tun mtu 1400 addr 10.91.0.1/24 dev tun0 route 10.92.0.0/16 via 10.91.0.2 dev tun0
sa a pk2
EOF
nsbox sandbox add pkkeep
demo_up() {
	unit_run ExecStartPre pkgdemo && unit_run ExecStart pkgdemo &&
		nsbox sandbox show pk1 | grep -q 'link tun0 .*mtu 1400' &&
		nsbox sandbox show pk2 >/dev/null
}
demo_down() {
	unit_run ExecStopPost pkgdemo &&
		! nsbox sandbox show pk1 2>/dev/null && ! nsbox sandbox show pk2 2>/dev/null &&
		nsbox sandbox show pkkeep >/dev/null && test ! -e /run/nsbox/pkgdemo.created
}
check "ExecStartPre and ExecStart create the sandboxes of /etc/nsbox/pkgdemo.conf" demo_up
check "ExecStopPost deletes them, and only them" demo_down
cat >/etc/nsbox/pkgfail.conf <<'EOF'
sandbox add pk3
sandbox add pkkeep
sandbox add pk4
EOF
check_fail "a start whose file fails halfway fails" unit_run ExecStart pkgfail
# systemd runs ExecStopPost after a failed start too
fail_clean() {
	unit_run ExecStopPost pkgfail &&
		! nsbox sandbox show pk3 2>/dev/null && ! nsbox sandbox show pk4 2>/dev/null &&
		nsbox sandbox show pkkeep >/dev/null && test ! -e /run/nsbox/pkgfail.created
}
check "it leaves nothing it created, and what existed before, after ExecStopPost too" fail_clean

# --- bash completion ---
nsbox link add pkkeep pkt0 type tap
# complete WORDS...: what the completion offers for the last word
complete_words() {
	bash -c '. /usr/share/bash-completion/bash_completion
		. /usr/share/bash-completion/completions/nsbox
		COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1))
		COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}
		_nsbox nsbox "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
		printf "%s\n" "${COMPREPLY[@]}"' complete "$@"
}
completion() {
	complete_words nsbox sa | grep -qx sandbox &&
		complete_words nsbox sandbox d | grep -qx del &&
		complete_words nsbox sandbox del pk | grep -qx pkkeep &&
		complete_words nsbox link del pkkeep '' | grep -qx pkt0 &&
		complete_words nsbox link add pkkeep x type '' | grep -qx veth
}
check "completion: objects, commands and live names" completion
nsbox sandbox del pkkeep

# --- purge ---
for d in "${debs[@]}"; do
	dpkg -c "$d"
done | awk '$1 !~ /^d/ { sub(/^\./, "", $6); print $6 }' >"$tmp/files"
start=$SECONDS
if dpkg --purge nsbox-cni nsbox nsbox-dkms >"$tmp/purge" 2>&1; then
	ktap_ok "dpkg --purge nsbox-cni nsbox nsbox-dkms ($((SECONDS - start)) s)"
else
	ktap_fail "dpkg --purge nsbox-cni nsbox nsbox-dkms" "$(tail -n 30 "$tmp/purge")"
fi
check "no module loaded" test ! -e /sys/module/nsbox
left=$( {
	while read -r f; do
		[ ! -e "$f" ] || echo "$f"
	done <"$tmp/files"
	ls -d /var/lib/dkms/nsbox /usr/src/nsbox-* /lib/modules/*/updates/dkms/nsbox.ko* 2>/dev/null
} )
check "no file of theirs is left (of $(wc -l <"$tmp/files") files)" test -z "$left"
[ -z "$left" ] || ktap_diag "left: $left"

restore
check "the staged nsbox is back" sh -c "nsbox info >/dev/null && test -d /sys/module/nsbox"
rm -rf "$tmp" /etc/nsbox/pkgdemo.conf /etc/nsbox/pkgfail.conf
ktap_finish
