#!/usr/bin/env bash
# Receive throughput of the board's network path (LAN9118 -> lwIP -> mbedTLS) under QEMU:
# boots self-test images with bench=RECORDS in the board tests' network namespace
# (board-net.sh, PARLEY_BOARD_NET=tap), against https_server.py, which answers GET
# /bulk/RECORDS with RECORDS x 16 KB written as full 16 KB TLS records. Each boot prints the body bytes and the board
# clock's milliseconds for the body (handshake excluded).
#
# A figure, not a test: the rate swings with the host's load (other builds, other QEMUs),
# so compare images on the same machine in the same run: with several images the boots
# take turns (image 1, image 2, ..., image 1, ...), and the summary gives each image's
# median and its ratio to the first image's.
#
# Usage: run-bench.sh CERT_DIR RECORDS RUNS IMAGE.elf [IMAGE.elf...]
#   e.g. run-bench.sh build/cortex-m4/boards/mps2-an386/certs 256 9 old.elf new.elf
# Every image must embed CERT_DIR's CA (build them with the same PARLEY_BOARD_CERT_DIR).
# Needs root, the machine's QEMU and python3 (else exit 77, as the board tests).
set -euo pipefail

readonly PREFIX=parley-bench-
readonly SERVER_PORT=4433
readonly BOOT_TIMEOUT=300
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

# The TAP variant: no user-mode TCP/IP stack and relay between the board and the server,
# whose costs would be part of the figures (board-net.sh).
PARLEY_BOARD_NET=tap
# shellcheck source=tests/boards/board-net.sh
source "${HERE}/board-net.sh"

[ "$#" -ge 4 ] || { echo "usage: $0 CERT_DIR RECORDS RUNS IMAGE.elf [IMAGE.elf...]" >&2; exit 2; }
CERTS="$(realpath "$1")"
RECORDS="$2"
RUNS="$3"
shift 3
IMAGES=()
for image in "$@"; do
    [ -f "${image}" ] || { echo "no image at ${image}" >&2; exit 1; }
    IMAGES+=("$(realpath "${image}")")
done
board_net_check
board_net_up

ip netns exec "${NS}" python3 "${HERE}/https_server.py" "${SERVER_IP}" "${SERVER_PORT}" \
    "${CERTS}/server-extra.pem" "${CERTS}/server-extra.key" >"${WORK}/server.out" 2>"${WORK}/server.log" &
disown
for _ in $(seq 50); do
    grep -q listening "${WORK}/server.out" 2>/dev/null && break
    sleep 0.1
done
grep -q listening "${WORK}/server.out" || { cat "${WORK}/server.log" >&2; echo "server did not start" >&2; exit 1; }

# bench_once INDEX RUN: one boot of image INDEX; appends its KB/s to ${WORK}/rates.INDEX.
bench_once() {
    local index="$1" run="$2" image="${IMAGES[$1]}" status line bytes ms rate dropped
    set +e
    (cd "${WORK}" && ip netns exec "${NS}" timeout "${BOOT_TIMEOUT}" "${QEMU_BIN}" \
        -M "${QEMU_MACHINE}" ${MACHINE_OPTS[@]+"${MACHINE_OPTS[@]}"} \
        -nographic -monitor none -serial none \
        -semihosting-config enable=on,target=native \
        -nic "tap,ifname=${TAP},script=no,downscript=no,model=${NIC_MODEL}" \
        -kernel "${image}" -append "bench=${RECORDS}") >"${WORK}/run.log" 2>&1
    status=$?
    set -e
    line=$(grep -F "selftest: bench" "${WORK}/run.log" || true)
    if [ "${status}" -ne 0 ] || [ -z "${line}" ]; then
        sed 's/^/    /' "${WORK}/run.log"
        echo "$(basename "${image}") run ${run}: FAILED (exit ${status})"
        exit 1
    fi
    bytes=$(sed -E 's/.*: ([0-9]+) body bytes in ([0-9]+) ms.*/\1/' <<<"${line}")
    ms=$(sed -E 's/.*: ([0-9]+) body bytes in ([0-9]+) ms.*/\2/' <<<"${line}")
    dropped=$(sed -nE 's/.*LAN9118 dropped ([0-9]+) frames.*/\1/p' "${WORK}/run.log")
    rate=$((bytes * 1000 / 1024 / (ms > 0 ? ms : 1)))
    echo "${rate}" >>"${WORK}/rates.${index}"
    echo "$(basename "${image}") run ${run}: ${bytes} B in ${ms} ms = ${rate} KB/s" \
        "(LAN9118 dropped ${dropped:-?} frames)"
}

for run in $(seq "${RUNS}"); do
    for index in "${!IMAGES[@]}"; do
        bench_once "${index}" "${run}"
    done
done

median() { sort -n "$1" | sed -n "$(((RUNS + 1) / 2))p"; }
first=$(median "${WORK}/rates.0")
for index in "${!IMAGES[@]}"; do
    m=$(median "${WORK}/rates.${index}")
    range="$(sort -n "${WORK}/rates.${index}" | head -1)-$(sort -n "${WORK}/rates.${index}" | tail -1)"
    ratio=$(awk -v a="${m}" -v b="${first}" 'BEGIN { printf "%.2f", a / b }')
    echo "bench: $(basename "${IMAGES[$index]}"): ${RECORDS} x 16 KB records, median ${m} KB/s" \
        "(range ${range}) of ${RUNS} runs, x${ratio} of the first image"
done
