# shellcheck shell=bash
# Sourced by run-selftest.sh, run-ticket.sh, run-bench.sh and run-icount.sh: the network the
# board tests boot QEMU on. The caller sets PREFIX (a name prefix for the namespace) before
# sourcing. Both variants give the guest the same addresses, those of QEMU's user-mode
# network (board_config.h): the board is 10.0.2.15/24, gateway 10.0.2.2, DNS 10.0.2.3, and
# its servers are at SERVER_IP, 10.0.2.100 (the test certificates' subjectAltName,
# boards/common/mps2/cmake/mps2_board.cmake: PARLEY_BOARD_TEST_SAN).
#
# PARLEY_BOARD_NET=user (the default; no root needed): QEMU's user-mode network (libslirp)
#   with restrict=on: the guest can reach nothing but the guestfwd rules that `forward`
#   adds, each SERVER_IP:PORT to a server this script's caller started on 127.0.0.1 (a free
#   port), through a relay, one process per connection: PARLEY_BOARD_RELAY (relay.cpp's
#   binary, which ctest passes) or else relay.py. No packet of the guest leaves
#   QEMU any other way: no route to the host, the LAN or the Internet, no DNS (restrict=on
#   drops it), no DHCP answer the board would use.
# PARLEY_BOARD_NET=tap (needs root): a network namespace ${PREFIX}<pid> with lo up and a
#   TAP device tap0 = 10.0.2.100/24 that QEMU's LAN9118 is wired to; servers listen on
#   10.0.2.100 inside it. What it adds: the guest's frames reach a kernel TCP stack
#   directly, with no user-mode TCP/IP stack and relay in between, so throughput and
#   timings are the board's own (run-bench.sh and run-icount.sh use it by default).
#
# board_net_check: skips (exit 77, reason on stderr) without the machine's QEMU or python3;
#   for tap also without root, iproute2, /dev/net/tun or `ip netns`.
# board_net_up: makes WORK (a temporary folder) and, for tap, the namespace (after removing
#   namespaces of dead earlier runs), and arranges that both are deleted on exit.
# host_run COMMAND...: runs a server or client of the host side (in the namespace for tap).
# LISTEN_IP: the address servers listen on (127.0.0.1 for user, SERVER_IP for tap).
# forward GUEST_PORT HOST_PORT: the guest's SERVER_IP:GUEST_PORT reaches LISTEN_IP:HOST_PORT
#   (user: a guestfwd rule; tap: the ports must be equal, nothing to do).
# boot NAME [COMMAND LINE...]: one QEMU run (${QEMU_BIN} -M ${QEMU_MACHINE}) of ${ELF} (the caller's image) within
#   ${BOOT_TIMEOUT} s, with the caller's QEMU_EXTRA options (an array, e.g. -icount ...)
#   when set; expect NAME TEXT COMMAND...: one check, counted in $failures;
#   logged NAME TEXT: whether boot NAME's console has TEXT.

readonly SKIP=77
# The QEMU machine the image is for: PARLEY_BOARD_MACHINE (mps2-an386, the default), and
# from it the emulator, the guest's network card and the machine's own options
# (board_machine_table below; docs/porting.md lists the boards).
readonly BOARD_MACHINE="${PARLEY_BOARD_MACHINE:-mps2-an386}"
# board_machine_table: sets QEMU_BIN, NIC_MODEL and the array MACHINE_OPTS for BOARD_MACHINE,
# and NIC_DEVICE=1 when the card is not part of the machine (virt: -nic creates none there,
# "requested NIC ... was not created"), so boot() plugs it in with -netdev and -device.
board_machine_table() {
    MACHINE_OPTS=()
    NIC_DEVICE=
    case "${BOARD_MACHINE}" in
        mps2-an386 | mps2-an500 | mps2-an505 | mps3-an547)
            QEMU_BIN=qemu-system-arm NIC_MODEL=lan9118 ;;
        virt-rv32)
            # boards/qemu-riscv32: the RISC-V virt machine, no firmware (the image is
            # M-mode from reset), its network card a virtio-net device on virtio-mmio.
            QEMU_BIN=qemu-system-riscv32 NIC_MODEL=virtio-net-device NIC_DEVICE=1
            MACHINE_OPTS=(-bios none -global virtio-mmio.force-legacy=false) ;;
        *) echo "PARLEY_BOARD_MACHINE: no board '${BOARD_MACHINE}' (board-net.sh)" >&2; exit 2 ;;
    esac
}
board_machine_table
# The -M argument (virt-rv32 is our name for QEMU's riscv32 `virt`).
QEMU_MACHINE="${BOARD_MACHINE%-rv32}"
readonly QEMU_BIN NIC_MODEL NIC_DEVICE QEMU_MACHINE
readonly BOARD_NET="${PARLEY_BOARD_NET:-${BOARD_NET_DEFAULT:-user}}"
readonly NS="${PREFIX}$$"
readonly TAP=tap0
readonly SERVER_IP=10.0.2.100
BOARD_NET_HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
case "${BOARD_NET}" in
    user) LISTEN_IP=127.0.0.1 ;;
    tap) LISTEN_IP="${SERVER_IP}" ;;
    *) echo "PARLEY_BOARD_NET must be user or tap, not '${BOARD_NET}'" >&2; exit 2 ;;
esac
# shellcheck disable=SC2034 # read by the sourcing scripts
readonly LISTEN_IP
GUESTFWD=""

skip() {
    echo "SKIPPED: $*" >&2
    exit "${SKIP}"
}

board_net_check() {
    command -v "${QEMU_BIN}" >/dev/null 2>&1 || skip "${QEMU_BIN} is not installed (tools/bootstrap)"
    command -v python3 >/dev/null 2>&1 || skip "python3 is not installed"
    [ "${BOARD_NET}" = tap ] || return 0
    [ "$(id -u)" -eq 0 ] || skip "PARLEY_BOARD_NET=tap needs root to create a network namespace and a TAP device"
    command -v ip >/dev/null 2>&1 || skip "iproute2 (ip) is not installed"
    [ -c /dev/net/tun ] || skip "/dev/net/tun is missing (no TUN/TAP support)"
    ip netns list >/dev/null 2>&1 || skip "'ip netns' is not available here"
}

board_net_cleanup() {
    # Ends the servers this run started: the tap namespace's processes, or (user) this
    # shell's own background jobs.
    # A boot still running (the script was interrupted): its timeout process ends QEMU.
    [ -z "${BOOT_PID:-}" ] || kill -TERM "${BOOT_PID}" 2>/dev/null || true
    if [ "${BOARD_NET}" = tap ]; then
        ip netns pids "${NS}" 2>/dev/null | xargs -r kill -KILL 2>/dev/null || true
        ip netns delete "${NS}" 2>/dev/null || true
    else
        local pid
        for pid in ${BOARD_NET_PIDS[@]+"${BOARD_NET_PIDS[@]}"}; do
            kill -KILL "${pid}" 2>/dev/null || true
        done
    fi
    rm -rf "${WORK}"
}

board_net_up() {
    WORK="$(mktemp -d)"
    BOARD_NET_PIDS=()
    trap board_net_cleanup EXIT
    trap 'exit 130' INT TERM
    [ "${BOARD_NET}" = tap ] || return 0
    # Namespaces of earlier runs whose shell is gone (killed by a ctest timeout, say).
    local stale
    for stale in $(ip netns list 2>/dev/null | awk '{print $1}' | grep "^${PREFIX}" || true); do
        kill -0 "${stale#"${PREFIX}"}" 2>/dev/null || ip netns delete "${stale}" 2>/dev/null || true
    done
    local error
    error=$(ip netns add "${NS}" 2>&1) || skip "cannot create a network namespace: ${error}"
    ip -n "${NS}" link set lo up
    error=$(ip -n "${NS}" tuntap add dev "${TAP}" mode tap 2>&1) || skip "cannot create a TAP device: ${error}"
    ip -n "${NS}" addr add "${SERVER_IP}/24" dev "${TAP}"
    ip -n "${NS}" link set "${TAP}" up
}

host_run() {
    if [ "${BOARD_NET}" = tap ]; then
        ip netns exec "${NS}" "$@"
    else
        "$@"
    fi
}

# host_server COMMAND...: host_run in the background, remembered for cleanup.
host_server() {
    if [ "${BOARD_NET}" = tap ]; then
        ip netns exec "${NS}" "$@" &
    else
        "$@" &
    fi
    BOARD_NET_PIDS+=("$!")
    disown  # no "Killed" notice from the shell at cleanup
}

forward() {
    local guest_port="$1" host_port="$2"
    if [ "${BOARD_NET}" = tap ]; then
        [ "${guest_port}" = "${host_port}" ] ||
            { echo "tap: port ${guest_port} must be served on ${guest_port}, not ${host_port}" >&2; exit 1; }
        return 0
    fi
    # PARLEY_BOARD_RELAY: relay.cpp built (ctest sets it), else relay.py. QEMU's option
    # syntax: a comma in a value is written twice.
    local relay="python3 -I -S ${BOARD_NET_HERE}/relay.py"
    [ -z "${PARLEY_BOARD_RELAY:-}" ] || relay="${PARLEY_BOARD_RELAY}"
    GUESTFWD+=",guestfwd=tcp:${SERVER_IP}:${guest_port}-cmd:${relay//,/,,} 127.0.0.1 ${host_port}"
}

# The port a server should bind: tap, the guest's port itself; user, any free one (0).
listen_port() {
    if [ "${BOARD_NET}" = tap ]; then echo "$1"; else echo 0; fi
}

# boot NAME [COMMAND LINE...]: one QEMU run in ${WORK} (where the flash files live);
# sets $status and leaves the console in ${WORK}/NAME.log.
boot() {
    local name="$1"
    shift
    local net nic
    if [ "${BOARD_NET}" = tap ]; then
        net="tap,ifname=${TAP},script=no,downscript=no"
    else
        net="user,restrict=on,ipv6=off,net=10.0.2.0/24${GUESTFWD}"
    fi
    if [ -n "${NIC_DEVICE}" ]; then
        nic=(-netdev "${net},id=net0" -device "${NIC_MODEL},netdev=net0")
    else
        nic=(-nic "${net},model=${NIC_MODEL}")
    fi
    local started=${EPOCHREALTIME/,/.}
    set +e
    # In ${WORK} (env -C; tap: inside the namespace), in the background and waited for: a
    # signal to this script (Ctrl-C, a ctest timeout) interrupts `wait` at once, and the
    # EXIT trap (board_net_cleanup) stops QEMU through its timeout process (BOOT_PID: a
    # simple command, so that pid is timeout's, which has a process group of its own and
    # so never sees the terminal's Ctrl-C); a foreground child would delay the trap until
    # QEMU ends.
    local runner=()
    [ "${BOARD_NET}" != tap ] || runner=(ip netns exec "${NS}")
    ${runner[@]+"${runner[@]}"} env -C "${WORK}" timeout "${BOOT_TIMEOUT}" "${QEMU_BIN}" \
        -M "${QEMU_MACHINE}" ${MACHINE_OPTS[@]+"${MACHINE_OPTS[@]}"} \
        -nographic -monitor none -serial none \
        -semihosting-config enable=on,target=native \
        "${nic[@]}" \
        ${QEMU_EXTRA[@]+"${QEMU_EXTRA[@]}"} \
        -kernel "${ELF}" -append "$*" >"${WORK}/${name}.log" 2>&1 &
    BOOT_PID=$!
    wait "${BOOT_PID}"
    status=$?
    BOOT_PID=""
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
