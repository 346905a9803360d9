#!/usr/bin/env bash
# Receive throughput of the board's network path (LAN9118 -> lwIP -> mbedTLS) under QEMU:
# boots the self-test image with bench=RECORDS in the board tests' network namespace
# (netns.sh), against https_server.py, which answers GET /bulk/RECORDS with RECORDS x 16 KB
# written as full 16 KB TLS records. Each boot prints the body bytes and the board
# clock's milliseconds for the body (handshake excluded); this script prints them per run
# and the median in KB/s. A figure, not a test: machines are noisy, so compare two images
# on the same machine, one right after the other, and read the ratio.
#
# Usage: run-bench.sh IMAGE.elf CERT_DIR [RECORDS [RUNS]]   (defaults: 64 records = 1 MB, 5 runs)
# Needs root, qemu-system-arm and python3 (else exit 77, as the board tests).
set -euo pipefail

readonly PREFIX=parley-bench-
readonly SERVER_PORT=4433
readonly BOOT_TIMEOUT=300
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

# shellcheck source=tests/mps2_an386/netns.sh
source "${HERE}/netns.sh"

[ "$#" -ge 2 ] && [ "$#" -le 4 ] || { echo "usage: $0 IMAGE.elf CERT_DIR [RECORDS [RUNS]]" >&2; exit 2; }
ELF="$(realpath "$1")"
CERTS="$(realpath "$2")"
RECORDS="${3:-64}"
RUNS="${4:-5}"
[ -f "${ELF}" ] || { echo "no image at ${ELF}" >&2; exit 1; }
board_netns_check
board_netns_up

ip netns exec "${NS}" python3 "${HERE}/https_server.py" "${SERVER_IP}" "${SERVER_PORT}" \
    "${CERTS}/server-extra.pem" "${CERTS}/server-extra.key" >"${WORK}/server.out" 2>"${WORK}/server.log" &
disown
for _ in $(seq 50); do
    grep -q listening "${WORK}/server.out" 2>/dev/null && break
    sleep 0.1
done
grep -q listening "${WORK}/server.out" || { cat "${WORK}/server.log" >&2; echo "server did not start" >&2; exit 1; }

rates=()
for run in $(seq "${RUNS}"); do
    set +e
    (cd "${WORK}" && ip netns exec "${NS}" timeout "${BOOT_TIMEOUT}" qemu-system-arm \
        -M mps2-an386 -nographic -monitor none -serial none \
        -semihosting-config enable=on,target=native \
        -nic "tap,ifname=${TAP},script=no,downscript=no,model=lan9118" \
        -kernel "${ELF}" -append "bench=${RECORDS}") >"${WORK}/run.log" 2>&1
    status=$?
    set -e
    line=$(grep -F "selftest: bench" "${WORK}/run.log" || true)
    if [ "${status}" -ne 0 ] || [ -z "${line}" ]; then
        sed 's/^/    /' "${WORK}/run.log"
        echo "run ${run}: FAILED (exit ${status})"
        exit 1
    fi
    bytes=$(sed -E 's/.*: ([0-9]+) body bytes in ([0-9]+) ms.*/\1/' <<<"${line}")
    ms=$(sed -E 's/.*: ([0-9]+) body bytes in ([0-9]+) ms.*/\2/' <<<"${line}")
    dropped=$(sed -nE 's/.*LAN9118 dropped ([0-9]+) frames.*/\1/p' "${WORK}/run.log")
    rate=$((bytes * 1000 / 1024 / (ms > 0 ? ms : 1)))
    rates+=("${rate}")
    echo "run ${run}: ${bytes} B in ${ms} ms = ${rate} KB/s (LAN9118 dropped ${dropped:-?} frames)"
done
median=$(printf '%s\n' "${rates[@]}" | sort -n | sed -n "$(((RUNS + 1) / 2))p")
echo "bench: $(basename "${ELF}") ${RECORDS} x 16 KB records, median ${median} KB/s of ${RUNS} runs"
