#!/usr/bin/env bash
# Boots a board's self-test image (PARLEY_BOARD_MACHINE, board-net.sh; mps2-an386 by default) under QEMU against local HTTPS servers
# (board-net.sh: the network, PARLEY_BOARD_NET=user by default, no root needed):
#
#   https_server.py on 127.0.0.1, a free port each, one per kind of certificate chain and
#     TLS version; the board sees them at 10.0.2.100:4433..4438 (the certificates'
#     subjectAltName), one guestfwd each on QEMU's user-mode network with restrict=on
#   qemu-system-arm -M mps2-an386, its LAN9118 on that network; the board is 10.0.2.15 and
#     can reach nothing but those six ports. PARLEY_BOARD_NET=tap: the same in a namespace
#     with tap0 = 10.0.2.100/24, the servers on 10.0.2.100:4433..4438 (root needed).
#
# Each boot makes two connections (a full handshake, then a resumed one) and is checked
# for its exit status and console lines:
#   1. the built-in CA bundle, EC P-256 leaf (server-extra.pem), TLS 1.3: exit 0,
#      "HTTP 200", the second connection resumed, boot #1 of a fresh flash file;
#   2. again with the same flash file: exit 0, boot #2 (the flash persisted);
#   3. the arena cases, each exit 0 and resumed: EC P-256 over TLS 1.2; an RSA-2048 leaf
#      (board-rsa.pem, RSA-2048 root) over TLS 1.3 and 1.2; an RSA-2048 leaf under an
#      RSA-2048 intermediate under an RSA-4096 root (board-rsa-int.pem) over TLS 1.3 and 1.2;
#   4. 20 connections to the RSA-4096 chain over TLS 1.3 (19 resumed): the arena's extent
#      after the last, to show that reconnecting does not fragment it upwards;
#   5. ca=other-ca.der (a CA that did not issue the server's certificate): the handshake
#      fails closed, exit non-zero, "cert-untrusted";
#   5a. (user network only) the default server's host port through the gateway 10.0.2.2,
#      where QEMU would reach the host's loopback without restrict=on: exit 1,
#      "network-error", no TLS handshake (restrict=on keeps the guest in);
#   5b. (images with the LAN9118 driver, given arm-none-eabi's nm and objcopy) the wake-up
#      interrupt: the line whose vector is Lan9118_IRQHandler must be the one the machine
#      raises: a boot under QEMU's -d int must take that exception. The interrupt only ends
#      a WFI and the 1 ms SysTick ends it too, so a wrong line passes every other check
#      (the first mps2-an505 build enabled line 16 for the LAN9118's 48, docs/porting.md);
#   6. fault=udf (an undefined instruction): the fault handler prints the registers and
#      exits 139;
#   7. bench=8: eight full 16 KB TLS records in one body, through lwIP's two-segment
#      window: every byte arrives (run-bench.sh times the same path; no timing here);
#   8. the default boots negotiate TLS_CHACHA20_POLY1305_SHA256 (the client's first
#      choice); suite=aes256 pins TLS_AES_256_GCM_SHA384 for both connections (the suite
#      whose path is the deepest on the stack); suite=aes192 is refused before any
#      connection, exit 1 (run-icount.sh measures each suite).
# The TLS arena's high-water extent of boots 1, 3 and 4 (after the full and after the resumed
# connection) goes to ARENA_FILE, one "arena case=... full=... resumed=... size=..." line
# per case; net/tls/tls_config.h sizes the arena from the largest plus a 4 KiB margin
# (docs/footprint.md), and a case that leaves less than that margin fails the test.
#
# Usage: run-selftest.sh IMAGE.elf CERT_DIR [ARENA_FILE]
# Needs the machine's QEMU and python3 (tap: also root, namespaces, TAP devices); without
# them it prints why and exits 77, which ctest reports as skipped (never as passed).
set -euo pipefail

readonly PREFIX=parley-board-
readonly SERVER_PORT=4433
readonly BOOT_TIMEOUT=120
readonly ARENA_MARGIN=4096
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

# shellcheck source=tests/boards/board-net.sh
source "${HERE}/board-net.sh"

[ "$#" -ge 2 ] && [ "$#" -le 3 ] || { echo "usage: $0 IMAGE.elf CERT_DIR [ARENA_FILE]" >&2; exit 2; }
ELF="$(realpath "$1")"
CERTS="$(realpath "$2")"
ARENA_FILE="${3:-}"
[ -f "${ELF}" ] || { echo "no image at ${ELF}" >&2; exit 1; }
for file in server-extra.pem board-rsa.pem board-rsa-int.pem other-ca.der; do
    [ -f "${CERTS}/${file}" ] || { echo "no ${file} in ${CERTS}" >&2; exit 1; }
done
board_net_check

board_net_up

# serve NAME PORT CERT_BASE [VERSION]: https_server.py with CERT_BASE.pem/.key, reached by
# the board at SERVER_IP:PORT (on LISTEN_IP:PORT for tap, a free port for user).
SERVED=()
serve() {
    local name="$1" port="$2" cert="$3" version="${4:-}"
    host_server python3 "${HERE}/https_server.py" "${LISTEN_IP}" "$(listen_port "${port}")" \
        "${CERTS}/${cert}.pem" "${CERTS}/${cert}.key" ${version} \
        >"${WORK}/server-${name}.out" 2>>"${WORK}/server.log"
    SERVED+=("${name}:${port}")
}
serve default "${SERVER_PORT}" server-extra
serve ec-tls12 4434 server-extra 1.2
serve rsa2048-tls13 4435 board-rsa 1.3
serve rsa2048-tls12 4436 board-rsa 1.2
serve rsa4096-chain-tls13 4437 board-rsa-int 1.3
serve rsa4096-chain-tls12 4438 board-rsa-int 1.2
for served in "${SERVED[@]}"; do
    name="${served%:*}"
    for _ in $(seq 50); do
        grep -q listening "${WORK}/server-${name}.out" 2>/dev/null && break
        sleep 0.1
    done
    grep -q listening "${WORK}/server-${name}.out" ||
        { cat "${WORK}/server.log" >&2; echo "server ${name} did not start" >&2; exit 1; }
    forward "${served##*:}" "$(sed -n 's/^listening \([0-9]*\)$/\1/p' "${WORK}/server-${name}.out")"
done

# arena_case NAME [LABEL]: checks a boot of a full and resumed connections and records its
# arena extents (after the full handshake, after the last resumed one) as LABEL.
: >"${WORK}/arena.txt"
arena_case() {
    local name="$1" label="${2:-$1}"
    local full resumed size
    full="$(sed -n 's/.*connection 1 full handshake, TLS arena extent \([0-9]*\) B.*/\1/p' "${WORK}/${name}.log")"
    resumed="$(sed -n 's/.*connection [0-9]* resumed, TLS arena extent \([0-9]*\) B.*/\1/p' \
        "${WORK}/${name}.log" | tail -n 1)"
    size="$(sed -n 's/.*TLS arena high-water extent [0-9]* of \([0-9]*\) B.*/\1/p' "${WORK}/${name}.log")"
    expect "${name}" "exit 0" test "${status}" -eq 0
    expect "${name}" "HTTP 200" logged "${name}" "selftest: HTTP 200"
    expect "${name}" "first connection a full handshake" test -n "${full}"
    expect "${name}" "second connection resumed" test -n "${resumed}"
    echo "arena case=${label} full=${full:-?} resumed=${resumed:-?} size=${size:-?}" >>"${WORK}/arena.txt"
}
url() { echo "url=https://${SERVER_IP}:$1/selftest"; }

boot first
arena_case first ec-p256-tls13
expect first "TLS 1.3 with the EC certificate" logged first "selftest: TLSv1.3"
expect first "fresh flash" logged first "boot #1 with flash file"
expect first "flash keeps NOR rules" logged first "flash NOR rules hold"

boot second
expect second "exit 0" test "${status}" -eq 0
expect second "flash kept across the reboot" logged second "boot #2 with flash file"

boot ec-tls12 "$(url 4434)"
arena_case ec-tls12 ec-p256-tls12
expect ec-tls12 "TLS 1.2 ECDHE-ECDSA" logged ec-tls12 "TLS-ECDHE-ECDSA-WITH"
boot rsa2048-tls13 "$(url 4435)"
arena_case rsa2048-tls13
expect rsa2048-tls13 "TLS 1.3" logged rsa2048-tls13 "selftest: TLSv1.3"
boot rsa2048-tls12 "$(url 4436)"
arena_case rsa2048-tls12
expect rsa2048-tls12 "TLS 1.2 ECDHE-RSA" logged rsa2048-tls12 "TLS-ECDHE-RSA-WITH"
boot rsa4096-chain-tls13 "$(url 4437)"
arena_case rsa4096-chain-tls13
expect rsa4096-chain-tls13 "TLS 1.3" logged rsa4096-chain-tls13 "selftest: TLSv1.3"
boot rsa4096-chain-tls12 "$(url 4438)"
arena_case rsa4096-chain-tls12
expect rsa4096-chain-tls12 "TLS 1.2 ECDHE-RSA" logged rsa4096-chain-tls12 "TLS-ECDHE-RSA-WITH"

# Fragmentation: 20 connections, the 19 resumed ones must not creep the arena upwards.
boot reconnects "$(url 4437)" connections=20
arena_case reconnects rsa4096-chain-tls13-20-connections
expect reconnects "20 connections" logged reconnects "selftest: connection 20 resumed"

boot wrong-ca "ca=${CERTS}/other-ca.der"
expect wrong-ca "fails (non-zero exit)" test "${status}" -ne 0 -a "${status}" -ne 124
expect wrong-ca "reports cert-untrusted" logged wrong-ca "cert-untrusted"
expect wrong-ca "no HTTP exchange" bash -c "! grep -q 'selftest: HTTP' '${WORK}/wrong-ca.log'"

# restrict=on: the board reaches nothing but the guestfwd rules. The gateway 10.0.2.2 is
# where user-mode networking would otherwise forward to the host's own loopback, so try
# the default server's real port there: without restrict=on the TLS handshake would run
# (and fail on the certificate's host name); with it the connection itself must fail.
if [ "${BOARD_NET}" = user ]; then
    host_port="$(sed -n 's/^listening \([0-9]*\)$/\1/p' "${WORK}/server-default.out")"
    boot escape "url=https://10.0.2.2:${host_port}/selftest"
    expect escape "fails (exit 1)" test "${status}" -eq 1
    expect escape "the host's loopback is out of reach (network-error)" logged escape "FAILED GET: network-error"
    expect escape "no TLS handshake with the server" bash -c "! grep -q 'cert-' '${WORK}/escape.log'"
fi

# wake_irq_line: the external interrupt line whose vector is Lan9118_IRQHandler (the
# vector table's word 16 + line), or nothing when the image has no LAN9118 driver (the
# handler is then startup.S's weak alias of fault_entry) or the tools are missing.
wake_irq_line() {
    local nm="${NM:-arm-none-eabi-nm}" objcopy="${OBJCOPY:-arm-none-eabi-objcopy}"
    command -v "${nm}" >/dev/null 2>&1 && command -v "${objcopy}" >/dev/null 2>&1 || return 0
    local handler fault
    handler="$("${nm}" "${ELF}" | awk '$3 == "Lan9118_IRQHandler" { print $1 }')"
    fault="$("${nm}" "${ELF}" | awk '$3 == "fault_entry" { print $1 }')"
    [ -n "${handler}" ] && [ "${handler}" != "${fault}" ] || return 0
    "${objcopy}" -O binary -j .isr_vector "${ELF}" "${WORK}/vectors.bin"
    local index=0 word
    while read -r word; do
        # Thumb: a vector has bit 0 set, the symbol may not.
        if [ "${index}" -ge 16 ] && [ $((16#${word} | 1)) -eq $((16#${handler} | 1)) ]; then
            echo $((index - 16))
            return 0
        fi
        index=$((index + 1))
    done < <(od -An -v -t x4 -w4 "${WORK}/vectors.bin")
}
irq_line="$(wake_irq_line)"
if [ -n "${irq_line}" ]; then
    QEMU_EXTRA=(-d int -D "${WORK}/interrupts.txt")
    boot wake-irq
    QEMU_EXTRA=()
    expect wake-irq "exit 0" test "${status}" -eq 0
    expect wake-irq "the LAN9118's interrupt (vector of line ${irq_line}) is taken" \
        grep -q -E "(taking pending [a-z-]* ?exception|previous exception) $((16 + irq_line))\$" \
        "${WORK}/interrupts.txt"
else
    echo "note: wake-irq not checked (no Lan9118_IRQHandler, or no arm-none-eabi nm/objcopy)"
fi

boot fault "fault=udf"
expect fault "exits 139" test "${status}" -eq 139
# The exception number: HardFault (3) on Arm, illegal instruction (mcause 2) on RISC-V.
fault_exception=3
[ "${PARLEY_BOARD_MACHINE:-}" = virt-rv32 ] && fault_exception=2
expect fault "prints the faulting registers" logged fault "*** fault: exception ${fault_exception}"

boot bulk "bench=8"
expect bulk "exit 0" test "${status}" -eq 0
expect bulk "8 x 16 KB records arrive whole" logged bulk ": 131072 body bytes in"

expect first "ChaCha20-Poly1305 by default, full and resumed" \
    test "$(grep -c -F "selftest: TLSv1.3 TLS1-3-CHACHA20-POLY1305-SHA256 " "${WORK}/first.log")" -eq 2
boot aes256 "suite=aes256"
expect aes256 "exit 0" test "${status}" -eq 0
expect aes256 "AES-256-GCM pinned, full and resumed" \
    test "$(grep -c -F "selftest: TLSv1.3 TLS1-3-AES-256-GCM-SHA384 " "${WORK}/aes256.log")" -eq 2
boot bad-suite "suite=aes192"
expect bad-suite "exits 1" test "${status}" -eq 1
expect bad-suite "names the bad value" logged bad-suite "unknown suite=aes192"
expect bad-suite "no connection" bash -c "! grep -q 'selftest: GET' '${WORK}/bad-suite.log'"

echo "---- TLS arena high-water extent per case (bytes)"
sed 's/^/    /' "${WORK}/arena.txt"
# net/tls/tls_config.h sizes the arena as the largest case plus a 4 KiB margin: a case that
# eats into the margin means the arena must be sized again (docs/footprint.md).
largest="$(sed -n 's/.* full=\([0-9]*\) resumed=\([0-9]*\) size=\([0-9]*\)/\1 \2 \3/p' "${WORK}/arena.txt" |
    awk '{ if ($1 > m) m = $1; if ($2 > m) m = $2; s = $3 } END { print m + 0, s + 0 }')"
read -r arena_max arena_size <<<"${largest}"
expect arena "largest extent ${arena_max} B leaves the 4 KiB margin in the ${arena_size} B arena" \
    test $((arena_size - arena_max)) -ge "${ARENA_MARGIN}"
if [ -n "${ARENA_FILE}" ]; then
    { echo "# tests/boards/run-selftest.sh: TLS arena high-water extent on the board, after"
      echo "# the full handshake and after the resumed one, per certificate chain and TLS version"
      cat "${WORK}/arena.txt"; } >"${ARENA_FILE}"
fi

echo "---- server log"
sed 's/^/    /' "${WORK}/server.log"
[ "${failures}" -eq 0 ] || { echo "board selftest: ${failures} check(s) failed"; exit 1; }
echo "board selftest: all checks passed"
