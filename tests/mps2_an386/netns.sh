# Sourced by run-selftest.sh and run-ticket.sh: the network namespace the board tests
# boot QEMU in. The caller sets PREFIX (the namespace name's prefix) before sourcing.
#
#   namespace ${PREFIX}<pid>:  lo up;  tap0 = 10.201.0.1/24, the server's side
#
# board_netns_check: skips (exit 77, reason on stderr) without root, qemu-system-arm,
#   python3, iproute2, /dev/net/tun or `ip netns`.
# board_netns_up: removes namespaces of dead earlier runs, makes WORK (a temporary folder)
#   and the namespace, and arranges that both are deleted on exit.
# boot NAME [COMMAND LINE...]: one QEMU run of ${ELF} (the caller's image) within
#   ${BOOT_TIMEOUT} s, with the caller's QEMU_EXTRA options (an array, e.g. -icount ...)
#   when set; expect NAME TEXT COMMAND...: one check, counted in $failures;
#   logged NAME TEXT: whether boot NAME's console has TEXT.

readonly SKIP=77
readonly NS="${PREFIX}$$"
readonly TAP=tap0
readonly SERVER_IP=10.201.0.1

skip() {
    echo "SKIPPED: $*" >&2
    exit "${SKIP}"
}

board_netns_check() {
    [ "$(id -u)" -eq 0 ] || skip "needs root to create a network namespace and a TAP device"
    command -v qemu-system-arm >/dev/null 2>&1 || skip "qemu-system-arm is not installed (tools/bootstrap)"
    command -v python3 >/dev/null 2>&1 || skip "python3 is not installed"
    command -v ip >/dev/null 2>&1 || skip "iproute2 (ip) is not installed"
    [ -c /dev/net/tun ] || skip "/dev/net/tun is missing (no TUN/TAP support)"
    ip netns list >/dev/null 2>&1 || skip "'ip netns' is not available here"
}

board_netns_cleanup() {
    ip netns pids "${NS}" 2>/dev/null | xargs -r kill -KILL 2>/dev/null || true
    ip netns delete "${NS}" 2>/dev/null || true
    rm -rf "${WORK}"
}

board_netns_up() {
    # Namespaces of earlier runs whose shell is gone (killed by a ctest timeout, say).
    local stale
    for stale in $(ip netns list 2>/dev/null | awk '{print $1}' | grep "^${PREFIX}" || true); do
        kill -0 "${stale#"${PREFIX}"}" 2>/dev/null || ip netns delete "${stale}" 2>/dev/null || true
    done
    WORK="$(mktemp -d)"
    trap board_netns_cleanup EXIT
    trap 'exit 130' INT TERM
    local error
    error=$(ip netns add "${NS}" 2>&1) || skip "cannot create a network namespace: ${error}"
    ip -n "${NS}" link set lo up
    error=$(ip -n "${NS}" tuntap add dev "${TAP}" mode tap 2>&1) || skip "cannot create a TAP device: ${error}"
    ip -n "${NS}" addr add "${SERVER_IP}/24" dev "${TAP}"
    ip -n "${NS}" link set "${TAP}" up
}

# boot NAME [COMMAND LINE...]: one QEMU run in ${WORK} (where the flash files live);
# sets $status and leaves the console in ${WORK}/NAME.log.
boot() {
    local name="$1"
    shift
    local started=${EPOCHREALTIME/,/.}
    set +e
    (cd "${WORK}" && ip netns exec "${NS}" timeout "${BOOT_TIMEOUT}" qemu-system-arm \
        -M mps2-an386 -nographic -monitor none -serial none \
        -semihosting-config enable=on,target=native \
        -nic "tap,ifname=${TAP},script=no,downscript=no,model=lan9118" \
        ${QEMU_EXTRA[@]+"${QEMU_EXTRA[@]}"} \
        -kernel "${ELF}" -append "$*") >"${WORK}/${name}.log" 2>&1
    status=$?
    set -e
    local ended=${EPOCHREALTIME/,/.}
    local ms=$(( (${ended/./} - ${started/./}) / 1000 ))
    printf -- "---- boot '%s' (%s): exit %d, %d.%03d s\n" "${name}" "${*:-no arguments}" "${status}" \
        $((ms / 1000)) $((ms % 1000))
    sed 's/^/    /' "${WORK}/${name}.log"
}

failures=0
expect() {  # expect NAME CONDITION-TEXT COMMAND...
    local name="$1" what="$2"
    shift 2
    if "$@"; then
        echo "ok: ${name}: ${what}"
    else
        echo "FAILED: ${name}: ${what}"
        failures=$((failures + 1))
    fi
}
logged() { grep -q -F -- "$2" "${WORK}/$1.log"; }
