#!/usr/bin/env bash
# A board run that is interrupted (Ctrl-C, a ctest timeout, tools/demo --board stopped)
# stops its QEMU at once. QEMU runs under `timeout` in a process group of its own, which a
# terminal's Ctrl-C never reaches, so only the script's EXIT trap can stop it
# (board-net.sh: boot waits in the background, board_net_cleanup). The check boots the
# ticket image against a server address nothing answers at (it keeps trying for a
# minute), stops the booting script with SIGTERM and requires QEMU to be gone within 10 s.
#
# Usage: check-interrupt.sh TICKET.elf   (skips with 77 as the board tests do)
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

if [ "${1:-}" = --inner ]; then  # the board run that gets stopped
    readonly PREFIX=parley-interrupt-
    readonly BOOT_TIMEOUT=120
    ELF="$2"
    # shellcheck source=tests/boards/board-net.sh
    source "${HERE}/board-net.sh"
    board_net_check
    board_net_up
    printf 'demo-client\ndemo-secret\n' >"${WORK}/provision.txt"
    boot unanswered "server=https://${SERVER_IP}:9/api" provision=provision.txt flash=f.bin
    exit 0
fi

[ "$#" -eq 1 ] || { echo "usage: $0 TICKET.elf" >&2; exit 2; }
command -v qemu-system-arm >/dev/null 2>&1 || { echo "SKIPPED: no qemu-system-arm" >&2; exit 77; }
scratch="$(mktemp -d)"
trap 'pkill -KILL -f "${scratch}/" 2>/dev/null || true; rm -rf "${scratch}"' EXIT
# A copy of the image under a unique path: its processes are the ones naming that path.
elf="${scratch}/interrupted.elf"
cp "$1" "${elf}"
"$0" --inner "${elf}" >"${scratch}/run.log" 2>&1 &
script=$!
for _ in $(seq 300); do
    pgrep -f "qemu-system-arm .*${elf}" >/dev/null && break
    sleep 0.1
done
pgrep -f "qemu-system-arm .*${elf}" >/dev/null ||
    { cat "${scratch}/run.log"; echo "FAILED: QEMU never started" >&2; exit 1; }
sleep 1  # well into the boot: the board is trying to reach the server
kill -TERM "${script}"
for _ in $(seq 100); do
    pgrep -f "${elf}" >/dev/null || break
    sleep 0.1
done
if pgrep -af "${elf}"; then
    echo "FAILED: QEMU is still running 10 s after its board run was stopped" >&2
    exit 1
fi
wait "${script}" 2>/dev/null || true
echo "ok: stopping a board run stops its QEMU"
