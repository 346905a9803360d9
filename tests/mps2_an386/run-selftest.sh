#!/usr/bin/env bash
# Boots the mps2-an386 self-test image under QEMU against a local HTTPS server, all inside
# a network namespace this script creates (and always deletes):
#
#   namespace parley-board-<pid>:  lo up;  tap0 = 10.201.0.1/24, the server's side
#   https_server.py on 10.201.0.1:4433 (certificate server-extra.pem: IP:10.201.0.1)
#   qemu-system-arm -M mps2-an386 with the LAN9118 on tap0; the board is 10.201.0.2
#
# Five boots, each checked for its exit status and console lines:
#   1. the built-in CA bundle: exit 0, "HTTP 200", boot #1 of a fresh flash file;
#   2. again with the same flash file: exit 0, boot #2 (the flash persisted);
#   3. ca=other-ca.pem (a CA that did not issue the server's certificate): the handshake
#      fails closed, exit non-zero, "cert-untrusted";
#   4. fault=udf (an undefined instruction): the fault handler prints the registers and
#      exits 139;
#   5. bench=8: eight full 16 KB TLS records in one body, through lwIP's two-segment
#      window: every byte arrives (run-bench.sh times the same path; no timing here).
#
# Usage: run-selftest.sh IMAGE.elf CERT_DIR
# Needs root (namespaces, TAP devices), qemu-system-arm and python3; without them it
# prints why and exits 77, which ctest reports as skipped (never as passed).
set -euo pipefail

readonly PREFIX=parley-board-
readonly SERVER_PORT=4433
readonly BOOT_TIMEOUT=120
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

# shellcheck source=tests/mps2_an386/netns.sh
source "${HERE}/netns.sh"

[ "$#" -eq 2 ] || { echo "usage: $0 IMAGE.elf CERT_DIR" >&2; exit 2; }
ELF="$(realpath "$1")"
CERTS="$(realpath "$2")"
[ -f "${ELF}" ] || { echo "no image at ${ELF}" >&2; exit 1; }
[ -f "${CERTS}/server-extra.pem" ] || { echo "no server-extra.pem in ${CERTS}" >&2; exit 1; }
board_netns_check

board_netns_up

ip netns exec "${NS}" python3 "${HERE}/https_server.py" "${SERVER_IP}" "${SERVER_PORT}" \
    "${CERTS}/server-extra.pem" "${CERTS}/server-extra.key" >"${WORK}/server.out" 2>"${WORK}/server.log" &
disown  # cleanup() ends it with the namespace; no "Killed" notice from the shell
for _ in $(seq 50); do
    grep -q listening "${WORK}/server.out" 2>/dev/null && break
    sleep 0.1
done
grep -q listening "${WORK}/server.out" || { cat "${WORK}/server.log" >&2; echo "server did not start" >&2; exit 1; }

# boot NAME [COMMAND LINE...]: one QEMU run in ${WORK} (where the flash file lives);
# sets $status and leaves the console in ${WORK}/NAME.log.
boot() {
    local name="$1"
    shift
    local started=${SECONDS}
    set +e
    (cd "${WORK}" && ip netns exec "${NS}" timeout "${BOOT_TIMEOUT}" qemu-system-arm \
        -M mps2-an386 -nographic -monitor none -serial none \
        -semihosting-config enable=on,target=native \
        -nic "tap,ifname=${TAP},script=no,downscript=no,model=lan9118" \
        -kernel "${ELF}" -append "$*") >"${WORK}/${name}.log" 2>&1
    status=$?
    set -e
    echo "---- boot '${name}' (${*:-no arguments}): exit ${status}, $((SECONDS - started)) s"
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

boot first
expect first "exit 0" test "${status}" -eq 0
expect first "HTTP 200" logged first "selftest: HTTP 200"
expect first "fresh flash" logged first "boot #1 with flash file"
expect first "flash keeps NOR rules" logged first "flash NOR rules hold"

boot second
expect second "exit 0" test "${status}" -eq 0
expect second "flash kept across the reboot" logged second "boot #2 with flash file"

boot wrong-ca "ca=${CERTS}/other-ca.pem"
expect wrong-ca "fails (non-zero exit)" test "${status}" -ne 0 -a "${status}" -ne 124
expect wrong-ca "reports cert-untrusted" logged wrong-ca "cert-untrusted"
expect wrong-ca "no HTTP exchange" bash -c "! grep -q 'selftest: HTTP' '${WORK}/wrong-ca.log'"

boot fault "fault=udf"
expect fault "exits 139" test "${status}" -eq 139
expect fault "prints the faulting registers" logged fault "*** fault: exception 3"

boot bulk "bench=8"
expect bulk "exit 0" test "${status}" -eq 0
expect bulk "8 x 16 KB records arrive whole" logged bulk ": 131072 body bytes in"

echo "---- server log"
sed 's/^/    /' "${WORK}/server.log"
[ "${failures}" -eq 0 ] || { echo "board selftest: ${failures} check(s) failed"; exit 1; }
echo "board selftest: all checks passed"
