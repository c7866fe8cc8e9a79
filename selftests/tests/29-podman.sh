#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# A container started by Debian's podman on a network of nsbox-cni gets its
# address from it: podman's CNI backend runs the plugin, with host-local
# IPAM, from a network file of the test's; the container sees the address
# in its own eth0 and pings the bridge's gateway; when it is removed,
# nothing of it is left (sandbox, host end, lease). The image is made here
# from busybox, as the guest has no registry to pull from; storage is vfs
# in a temporary directory, so the host's podman state is not touched.

. "$(dirname "$0")/../lib.sh"

command -v podman >/dev/null || ktap_skip_all "no podman (Debian's podman package)"

ktap_plan 6

tmp=$(mktemp -d)
pm=(podman --root "$tmp/storage" --runroot "$tmp/run" --storage-driver vfs
	--cgroup-manager cgroupfs --events-backend none --network-config-dir "$tmp/net.d")
export CONTAINERS_CONF=$tmp/containers.conf

cleanup() {
	"${pm[@]}" rm -af >/dev/null 2>&1
	$NSBOX sandbox list 2>/dev/null | awk '/^cni-/ { print $1 }' | while read -r n; do
		$NSBOX sandbox del "$n"
	done
	ip link del nsbpod0 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT

cat >"$tmp/containers.conf" <<'EOT'
[network]
network_backend = "cni"
cni_plugin_dirs = ["/usr/lib/cni"]
EOT
mkdir -p "$tmp/net.d" "$tmp/rootfs/bin"
cat >"$tmp/net.d/nsboxpod.conflist" <<EOT
{
  "cniVersion": "1.0.0",
  "name": "nsboxpod",
  "plugins": [
    {
      "type": "nsbox-cni",
      "bridge": "nsbpod0",
      "isGateway": true,
      "isDefaultGateway": true,
      "ipam": {
        "type": "host-local",
        "ranges": [[{ "subnet": "10.66.0.0/24" }]],
        "dataDir": "$tmp/ipam"
      }
    }
  ]
}
EOT
cp /bin/busybox "$tmp/rootfs/bin/"
for a in sh ip ping cat sleep; do
	ln -s busybox "$tmp/rootfs/bin/$a"
done
check "podman imports a busybox image" sh -c \
	"tar -C $tmp/rootfs -c . | ${pm[*]} import - localhost/nsbox-busybox"
check "podman lists the nsbox-cni network" sh -c "${pm[*]} network ls | grep -q nsboxpod"

# detached, so that its network lives while the test looks at it; without
# seccomp, which the debug kernel lacks (crun's prctl gets EINVAL there) and
# which has nothing to do with the network
out=$("${pm[@]}" run -d --name nsbpod --network nsboxpod --cgroups disabled \
	--security-opt seccomp=unconfined \
	localhost/nsbox-busybox /bin/sleep 600 2>&1) &&
	out=$("${pm[@]}" exec nsbpod /bin/sh -c 'ip -4 addr show eth0 && ping -c 1 -W 5 10.66.0.1' 2>&1)
rc=$?
ran() {
	[ "$rc" = 0 ] || { printf '%s\n' "$out"; return 1; }
}
got_address() {
	printf '%s\n' "$out" | grep -q 'inet 10\.66\.0\.[0-9]*/24' || { printf '%s\n' "$out"; return 1; }
}
check "a container runs on the network and pings the gateway" ran
check "its eth0 has an address from nsbox-cni's IPAM" got_address
check "nsbox holds its namespace as a sandbox until it is removed" sh -c \
	"$NSBOX sandbox list | grep -q '^cni-.*-eth0 .*adopted'"
"${pm[@]}" rm -f nsbpod >/dev/null 2>&1
left() {
	! $NSBOX sandbox list | grep -q '^cni-' &&
		[ -z "$(ip -j link show master nsbpod0 | python3 -c 'import json,sys; print(json.load(sys.stdin) or "")')" ]
}
check "podman rm leaves no sandbox and no port of the bridge" left

ktap_finish
