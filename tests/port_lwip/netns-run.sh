#!/usr/bin/env bash
# Runs a command inside a network namespace of its own with a TAP device, so that the
# lwIP tests send real frames without any traffic leaving this namespace:
#
#   namespace parley-lwip-<pid>:  lo up;  tap0 = 10.200.0.1/24 (the kernel's side)
#   the command (the lwIP test binary) attaches lwIP to tap0 as 10.200.0.2 and starts its
#   peers (tests/port_lwip/peers.py, openssl s_server) on 10.200.0.1 inside the namespace.
#
# Usage: netns-run.sh COMMAND [ARGS...]
# Needs root (namespaces, TAP devices). Without it, or without `ip netns` or
# /dev/net/tun, it prints why and exits 77, which ctest reports as skipped (never as
# passed). The namespace is deleted on exit, and namespaces left behind by a run that was
# killed (its pid gone) are deleted on the next start.
set -euo pipefail

readonly SKIP=77
readonly PREFIX=parley-lwip-
readonly NS="${PREFIX}$$"
readonly TAP=tap0
readonly PEER_CIDR=10.200.0.1/24

skip() {
    echo "SKIPPED: $*" >&2
    exit "${SKIP}"
}

[ "$#" -ge 1 ] || { echo "usage: $0 COMMAND [ARGS...]" >&2; exit 2; }
[ "$(id -u)" -eq 0 ] || skip "needs root to create a network namespace and a TAP device"
command -v ip >/dev/null 2>&1 || skip "iproute2 (ip) is not installed"
[ -c /dev/net/tun ] || skip "/dev/net/tun is missing (no TUN/TAP support)"
ip netns list >/dev/null 2>&1 || skip "'ip netns' is not available here"

# Namespaces of earlier runs whose shell is gone (killed by a ctest timeout, say).
for stale in $(ip netns list 2>/dev/null | awk '{print $1}' | grep "^${PREFIX}" || true); do
    pid="${stale#"${PREFIX}"}"
    if ! kill -0 "${pid}" 2>/dev/null; then
        ip netns delete "${stale}" 2>/dev/null || true
    fi
done

cleanup() {
    # Processes still inside (peers orphaned by a crash) would keep the namespace alive.
    ip netns pids "${NS}" 2>/dev/null | xargs -r kill -KILL 2>/dev/null || true
    ip netns delete "${NS}" 2>/dev/null || true
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if ! error=$(ip netns add "${NS}" 2>&1); then
    skip "cannot create a network namespace: ${error}"
fi
ip -n "${NS}" link set lo up
if ! error=$(ip -n "${NS}" tuntap add dev "${TAP}" mode tap 2>&1); then
    skip "cannot create a TAP device: ${error}"
fi
ip -n "${NS}" addr add "${PEER_CIDR}" dev "${TAP}"
ip -n "${NS}" link set "${TAP}" up

set +e
PARLEY_LWIP_TAP="${TAP}" ip netns exec "${NS}" "$@"
status=$?
set -e
# The command's own 77 must not read as "skipped".
[ "${status}" -eq "${SKIP}" ] && status=1
exit "${status}"
