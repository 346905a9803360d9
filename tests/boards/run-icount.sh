#!/usr/bin/env bash
# Instructions the emulated board executes for TLS handshakes and a message exchange:
# boots a board's self-test image (PARLEY_BOARD_MACHINE, board-net.sh; mps2-an386 by
# default) with icount=1 under QEMU's `-icount shift=0`, which
# advances the emulated clock exactly 1 ns per executed instruction, so the board's SysTick
# clock counts instructions (apps/instruction_counts.h). The time the board sleeps in WFI
# waiting for the network is measured on the board and left out. Same servers as
# run-selftest.sh (https_server.py: one port per kind of chain and TLS version), in a
# network namespace (board-net.sh with PARLEY_BOARD_NET=tap). docs/performance.md, "Instructions on the emulated Cortex-M4", has the
# figures and what is and is not counted.
#
# Each case is booted ICOUNT_RUNS times (default 3); each boot measures:
#   - the calibration: a loop of 1 000 000 and one of 2 000 000 iterations of two
#     instructions (their difference must be 2 000 000 instructions: the SysTick runs from
#     the instruction count), and 10 ms asleep (which must count almost nothing);
#   - a full handshake (TCP connect + TLS handshake, the chain verified), the GET after it,
#     three exchanges on the kept connection (POST of a 42-byte message as JSON, then a GET
#     whose answer is one reply as JSON), a resumed handshake and the GET after it;
#   - on the resumed connection, a GET /bulk/N (self-test bench=N; N = ICOUNT_BULK, default
#     4, 0 for none): its head, and each of the body's N records of 16 KB.
# ICOUNT_SUITES, e.g. "aes128 chacha20 aes256", adds cases: the EC P-256 and the RSA-2048
# chain over TLS 1.3 with the client offering only that TLS 1.3 suite (self-test
# suite=NAME; Python's ssl cannot restrict TLS 1.3 suites on the server), labelled
# ec-p256-tls13-NAME and rsa2048-tls13-NAME; each boot must log that suite for both
# handshakes (the TLS client's "TLSv1.3 <suite> new|resumed" line).
# OUT_FILE (or stdout) gets one line per case and figure, the median over all samples:
#   icount case=ec-p256-tls13-full instructions=N min=N max=N samples=N
# and the cost of a reconnect with resumption relative to a full one:
#   icount ratio case=ec-p256-tls13 resumed/full=0.123
# and, with ICOUNT_BULK, the receive cost per KiB (the median record / 16):
#   icount per-KiB case=ec-p256-tls13 received=1234
# A boot that fails, a resumption that did not happen or a calibration off by more than
# 0.01 % fails the script.
#
# Usage: run-icount.sh IMAGE.elf CERT_DIR [OUT_FILE]
#   e.g. run-icount.sh build/cortex-m4/boards/mps2-an386/mps2_net_selftest.elf \
#            build/cortex-m4/boards/mps2-an386/certs /tmp/icount.txt
# Needs root, the machine's QEMU and python3 (else exit 77, as the board tests).
set -euo pipefail

readonly PREFIX=parley-icount-
readonly BOOT_TIMEOUT=300
readonly RUNS="${ICOUNT_RUNS:-3}"
readonly BULK="${ICOUNT_BULK:-4}"
readonly SUITES="${ICOUNT_SUITES:-}"
# shift=0: 2^0 ns per instruction. sleep=on (QEMU's default): while the core sleeps in WFI
# the emulated clock follows the host's, so timers (SysTick, lwIP's, TLS deadlines) behave
# as on a board; with sleep=off it would jump to the next timer at once and race through
# the 20 s deadlines while the server is still computing. align=off: no throttling.
QEMU_EXTRA=(-icount "shift=0,sleep=on,align=off")
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

# The TAP variant: no user-mode TCP/IP stack and relay between the board and the server,
# whose costs would be part of the figures (board-net.sh).
PARLEY_BOARD_NET=tap
# shellcheck source=tests/boards/board-net.sh
source "${HERE}/board-net.sh"

[ "$#" -ge 2 ] && [ "$#" -le 3 ] || { echo "usage: $0 IMAGE.elf CERT_DIR [OUT_FILE]" >&2; exit 2; }
ELF="$(realpath "$1")"
CERTS="$(realpath "$2")"
OUT_FILE="${3:-}"
[ -f "${ELF}" ] || { echo "no image at ${ELF}" >&2; exit 1; }
[[ "${RUNS}" =~ ^[1-9][0-9]*$ ]] || { echo "ICOUNT_RUNS must be a positive number" >&2; exit 2; }
if ! [[ "${BULK}" =~ ^[0-9]+$ ]] || [ "${BULK}" -gt 64 ]; then
    echo "ICOUNT_BULK must be 0..64 (records of 16 KB)" >&2
    exit 2
fi
# suite=NAME of the self-test: the name mbedTLS reports for it.
suite_name() {
    case "$1" in
        aes128) echo TLS1-3-AES-128-GCM-SHA256 ;;
        aes256) echo TLS1-3-AES-256-GCM-SHA384 ;;
        chacha20) echo TLS1-3-CHACHA20-POLY1305-SHA256 ;;
        *) return 1 ;;
    esac
}
for suite in ${SUITES}; do
    suite_name "${suite}" >/dev/null ||
        { echo "ICOUNT_SUITES: ${suite} is not aes128, aes256 or chacha20" >&2; exit 2; }
done
for file in server-extra.pem board-rsa.pem board-rsa-int.pem; do
    [ -f "${CERTS}/${file}" ] || { echo "no ${file} in ${CERTS}" >&2; exit 1; }
done
board_net_check
board_net_up

# label port certificate [version]: the servers, as in run-selftest.sh.
readonly CASES=(
    "ec-p256-tls13 4433 server-extra 1.3"
    "ec-p256-tls12 4434 server-extra 1.2"
    "rsa2048-tls13 4435 board-rsa 1.3"
    "rsa2048-tls12 4436 board-rsa 1.2"
    "rsa4096-chain-tls13 4437 board-rsa-int 1.3"
    "rsa4096-chain-tls12 4438 board-rsa-int 1.2"
)
for entry in "${CASES[@]}"; do
    read -r label port cert version <<<"${entry}"
    ip netns exec "${NS}" python3 "${HERE}/https_server.py" "${SERVER_IP}" "${port}" \
        "${CERTS}/${cert}.pem" "${CERTS}/${cert}.key" "${version}" \
        >"${WORK}/server-${label}.out" 2>>"${WORK}/server.log" &
    disown
done
for entry in "${CASES[@]}"; do
    read -r label _ <<<"${entry}"
    for _ in $(seq 50); do
        grep -q listening "${WORK}/server-${label}.out" 2>/dev/null && break
        sleep 0.1
    done
    grep -q listening "${WORK}/server-${label}.out" ||
        { cat "${WORK}/server.log" >&2; echo "server ${label} did not start" >&2; exit 1; }
done
# The boots: label port suite (- for the client's own list), on the servers above.
BOOTS=()
for entry in "${CASES[@]}"; do
    read -r label port _ <<<"${entry}"
    BOOTS+=("${label} ${port} -")
done
for suite in ${SUITES}; do
    BOOTS+=("ec-p256-tls13-${suite} 4433 ${suite}" "rsa2048-tls13-${suite} 4435 ${suite}")
done

# sample CASE VALUE: one measurement of CASE.
: >"${WORK}/samples.txt"
sample() { echo "$1 $2" >>"${WORK}/samples.txt"; }
# counted NAME PATTERN: the count= values of boot NAME's "selftest: instructions PATTERN"
# lines, one per line.
counted() {
    sed -n "s/^selftest: instructions $2.*count=\([0-9]*\)\$/\1/p" "${WORK}/$1.log"
}

calibration_check() {  # calibration_check NAME: the loop's slope and the sleep
    local name="$1" one two sleep_count elapsed
    one="$(counted "${name}" "calibration loop=1000000 ")"
    two="$(counted "${name}" "calibration loop=2000000 ")"
    sleep_count="$(counted "${name}" "calibration sleep-ms=")"
    elapsed="$(sed -n 's/.*calibration sleep-ms=[0-9]* elapsed=\([0-9]*\) .*/\1/p' "${WORK}/${name}.log")"
    expect "${name}" "calibration printed" test -n "${one}" -a -n "${two}" -a -n "${sleep_count}"
    [ -n "${one}" ] && [ -n "${two}" ] && [ -n "${sleep_count}" ] || return 0
    sample calibration-loop-1000000 "${one}"
    sample calibration-loop-2000000 "${two}"
    sample calibration-loop-difference "$((two - one))"
    sample calibration-sleep-10ms "${sleep_count}"
    sample calibration-sleep-10ms-elapsed "${elapsed}"
    # 1 000 000 more iterations of 2 instructions: 2 000 000 ns, within 0.01 %.
    local off=$(((two - one) - 2000000))
    expect "${name}" "1 000 000 iterations of 2 instructions count 2 000 000 (off by ${off})" \
        test "${off#-}" -le 200
    expect "${name}" "10 ms asleep (${elapsed} ns) count under 1 % (${sleep_count})" \
        test "$((sleep_count * 100))" -lt "${elapsed:-0}"
}

# bulk_samples NAME LABEL: the GET /bulk/N of boot NAME.
bulk_samples() {
    local name="$1" label="$2" value
    for value in $(counted "${name}" "bulk record="); do sample "${label}-bulk-record" "${value}"; done
    value="$(sed -n 's/^selftest: instructions bulk records=.* head=\([0-9]*\) .*/\1/p' "${WORK}/${name}.log")"
    [ -n "${value}" ] && sample "${label}-bulk-head" "${value}"
    value="$(counted "${name}" "bulk records=")"
    [ -n "${value}" ] && sample "${label}-bulk-body" "${value}"
    expect "${name}" "${BULK} records of 16 KB received" \
        logged "${name}" "bulk records=${BULK} bytes=$((BULK * 16384)) "
}

for run in $(seq "${RUNS}"); do
    for entry in "${BOOTS[@]}"; do
        read -r label port suite <<<"${entry}"
        name="${label}-${run}"
        args=("url=https://${SERVER_IP}:${port}/selftest" icount=1)
        [ "${BULK}" -eq 0 ] || args+=("bench=${BULK}")
        [ "${suite}" = - ] || args+=("suite=${suite}")
        boot "${name}" "${args[@]}"
        expect "${name}" "exit 0" test "${status}" -eq 0
        calibration_check "${name}"
        full="$(counted "${name}" "handshake=full ")"
        resumed="$(counted "${name}" "handshake=resumed ")"
        expect "${name}" "a full handshake, then a resumed one" test -n "${full}" -a -n "${resumed}"
        tls="1.${label#*-tls1}"
        tls="${tls%%-*}"
        expect "${name}" "TLS ${tls}" logged "${name}" "handshake=full protocol=TLSv${tls} "
        if [ "${suite}" != - ]; then
            suite_id="$(suite_name "${suite}")"
            expect "${name}" "${suite_id} negotiated, full and resumed (TLS client's log)" \
                test "$(grep -c -F "TLSv1.3 ${suite_id} " "${WORK}/${name}.log")" -eq 2
            expect "${name}" "${suite_id} counted, full and resumed" \
                test "$(grep -c -F "protocol=TLSv1.3 suite=${suite_id} " "${WORK}/${name}.log")" -eq 2
        fi
        [ -n "${full}" ] && sample "${label}-full" "${full}"
        [ -n "${resumed}" ] && sample "${label}-resumed" "${resumed}"
        for value in $(counted "${name}" "request=first "); do sample "${label}-first-request" "${value}"; done
        for value in $(counted "${name}" "request=first-resumed "); do
            sample "${label}-first-request-resumed" "${value}"
        done
        for value in $(counted "${name}" "exchange="); do sample "${label}-exchange" "${value}"; done
        sed -n 's/^selftest: instructions exchange=[0-9]* send=\([0-9]*\) .*/\1/p' "${WORK}/${name}.log" |
            while read -r value; do sample "${label}-send" "${value}"; done
        sed -n 's/^selftest: instructions exchange=[0-9]* send=[0-9]* poll=\([0-9]*\) .*/\1/p' \
            "${WORK}/${name}.log" | while read -r value; do sample "${label}-poll" "${value}"; done
        [ "${BULK}" -eq 0 ] || bulk_samples "${name}" "${label}"
    done
done

# Per case, in the order first measured: median (the lower middle), min, max, samples.
summary() {
    awk '
        { if (!($1 in n)) order[++cases] = $1; v[$1, ++n[$1]] = $2 }
        END {
            for (c = 1; c <= cases; c++) {
                name = order[c]; k = n[name]
                for (i = 1; i <= k; i++) s[i] = v[name, i]
                for (i = 2; i <= k; i++) {  # insertion sort, numeric
                    x = s[i]; j = i - 1
                    while (j > 0 && s[j] + 0 > x + 0) { s[j + 1] = s[j]; j-- }
                    s[j + 1] = x
                }
                printf "icount case=%s instructions=%s min=%s max=%s samples=%d\n",
                    name, s[int((k + 1) / 2)], s[1], s[k], k
                median[name] = s[int((k + 1) / 2)]
            }
            for (c = 1; c <= cases; c++) {
                name = order[c]
                if (name ~ /-bulk-record$/)
                    printf "icount per-KiB case=%s received=%d\n",
                        substr(name, 1, length(name) - 12), median[name] / 16 + 0.5
                if (name !~ /-full$/) continue
                base = substr(name, 1, length(name) - 5)
                if ((base "-resumed") in median && median[name] > 0)
                    printf "icount ratio case=%s resumed/full=%.4f\n", base,
                        median[base "-resumed"] / median[name]
            }
        }' "${WORK}/samples.txt"
}
{
    echo "# tests/boards/run-icount.sh: instructions on the emulated ${QEMU_MACHINE} (QEMU -icount"
    echo "# shift=0,sleep=on; time asleep in WFI not counted), median over ${RUNS} boot(s) per case"
    summary
} >"${WORK}/icount.txt"
echo "---- instructions per case"
sed 's/^/    /' "${WORK}/icount.txt"
[ -z "${OUT_FILE}" ] || cp "${WORK}/icount.txt" "${OUT_FILE}"
echo "---- server log"
sed 's/^/    /' "${WORK}/server.log"
[ "${failures}" -eq 0 ] || { echo "board icount: ${failures} check(s) failed"; exit 1; }
echo "board icount: all checks passed"
