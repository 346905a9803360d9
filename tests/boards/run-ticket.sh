#!/usr/bin/env bash
# Boots a board's ticket image (PARLEY_BOARD_MACHINE, board-net.sh; mps2-an386 by default) under QEMU against the API simulator (tools/sim) with
# its bot (board-net.sh: the network, PARLEY_BOARD_NET=user by default, no root needed):
#
#   parley-sim --host 127.0.0.1 --port 0 --bot (certificate server-extra.pem, whose
#     subjectAltName is IP:10.0.2.100, the address the board connects to)
#   qemu-system-arm -M mps2-an386, its LAN9118 on QEMU's user-mode network with
#     restrict=on and one guestfwd: 10.0.2.100:API_PORT -> 127.0.0.1:API_PORT (relay.py);
#     the board is 10.0.2.15 and can reach nothing else (the simulator's control port
#     included). PARLEY_BOARD_NET=tap: the same, in a namespace with tap0 = 10.0.2.100/24
#     (root needed).
#
# Boots, each checked for its exit status and console lines:
#   1. a fresh flash file, credentials from provision=FILE: the image gets a token,
#      subscribes, sends the ticket over TLS, gets the bot's reply: exit 0, one token request;
#   2. the same flash file: the token kept in flash is used: exit 0, "token requests this
#      boot: 0", and the simulator still counts one token request in all;
#   3. the same flash file, replies=51: once the ticket is in, 50 agent replies of 5 000
#      characters each are added (ASCII, two-, three- and four-byte UTF-8, one written with
#      every character as a \uXXXX escape): every one reaches the app whole, checked by
#      its length and CRC-32 against the text the simulator stored;
#   4. ca=other-ca.der (a CA that did not issue the server's certificate), a fresh flash
#      file: the handshake fails closed: exit 1, "cert-untrusted", no ticket sent.
#
# Usage: run-ticket.sh IMAGE.elf CERT_DIR [MEASURED_FILE]
#   MEASURED_FILE: where to write the boots' "footprint:" lines (stack high-water, TLS
#   arena extent; tools/footprint --measured shows the largest of each).
# Needs the machine's QEMU and python3 (tap: also root, namespaces, TAP devices); without
# them it prints why and exits 77, which ctest reports as skipped (never as passed).
set -euo pipefail

readonly PREFIX=parley-ticket-
readonly BOOT_TIMEOUT=180
readonly API_PATH=/communication/parley/secure-messenger
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
SIM="${HERE}/../../tools/sim/parley-sim"

# shellcheck source=tests/boards/board-net.sh
source "${HERE}/board-net.sh"

[ "$#" -ge 2 ] && [ "$#" -le 3 ] || { echo "usage: $0 IMAGE.elf CERT_DIR [MEASURED_FILE]" >&2; exit 2; }
ELF="$(realpath "$1")"
CERTS="$(realpath "$2")"
MEASURED="${3:-}"
[ -f "${ELF}" ] || { echo "no image at ${ELF}" >&2; exit 1; }
[ -f "${CERTS}/server-extra.pem" ] || { echo "no server-extra.pem in ${CERTS}" >&2; exit 1; }
board_net_check

board_net_up

printf 'demo-client\ndemo-secret\n' >"${WORK}/provision.txt"
host_server python3 "${SIM}" --cert "${CERTS}/server-extra.pem" \
    --key "${CERTS}/server-extra.key" --host "${LISTEN_IP}" --port 0 --control-port 0 \
    --ports-file "${WORK}/ports.json" --bot --bot-delay 0.5 --state-file "${WORK}/sim-state.json" \
    --log-file "${WORK}/sim.log" >"${WORK}/sim.out" 2>"${WORK}/sim.err"
for _ in $(seq 100); do
    [ -s "${WORK}/ports.json" ] && break
    sleep 0.1
done
[ -s "${WORK}/ports.json" ] || { cat "${WORK}/sim.err" >&2; echo "simulator did not start" >&2; exit 1; }
port() { python3 -c "import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])" "${WORK}/ports.json" "$1"; }
API_PORT="$(port api_port)"
CONTROL_PORT="$(port control_port)"
forward "${API_PORT}" "${API_PORT}"  # the API only: the control port stays out of reach
SERVER="https://${SERVER_IP}:${API_PORT}${API_PATH}"
stat_tokens() {
    host_run python3 -c "import json,sys,urllib.request; \
print(json.load(urllib.request.urlopen(sys.argv[1]))['token_requests'])" \
        "http://${LISTEN_IP}:${CONTROL_PORT}/stats"
}


boot first "server=${SERVER}" "provision=provision.txt" flash=ticket-flash.bin fault=E42
expect first "exit 0 (replied)" test "${status}" -eq 0
expect first "provisioned" logged first "ticket: provisioned client 'demo-client'"
expect first "ticket sent" logged first "ticket: sent (message"
expect first "reply received" logged first "reply from "
expect first "one token request" logged first "token requests this boot: 1,"

boot second "server=${SERVER}" flash=ticket-flash.bin fault=E43
expect second "exit 0 (replied)" test "${status}" -eq 0
expect second "token kept in flash" logged second "ticket: token kept in flash"
expect second "no token request this boot" logged second "token requests this boot: 0,"
expect second "reply received" logged second "reply from "
tokens="$(stat_tokens)"
expect second "simulator counted 1 token request in all (got ${tokens})" test "${tokens}" = 1

# 50 replies of 5 000 characters, added while the board waits for them. The ticket's
# arrival (one more message from the device) is the cue.
DEVICE_ID="$(sed -n 's/^ticket: device \([^ ]*\) .*/\1/p' "${WORK}/first.log" | head -n 1)"
control() {  # control METHOD PATH [JSON]: the simulator's control API, JSON out
    host_run python3 -c "import json,sys,urllib.request
req = urllib.request.Request(sys.argv[2], method=sys.argv[1],
    data=sys.argv[3].encode() if len(sys.argv) > 3 else None,
    headers={'Content-Type': 'application/json'})
print(urllib.request.urlopen(req, timeout=30).read().decode())" "$1" \
        "http://${LISTEN_IP}:${CONTROL_PORT}$2" "${@:3}"
}
count_device_messages() {
    control GET "/conversations/${DEVICE_ID}" | python3 -c "import json,sys
print(sum(1 for m in json.load(sys.stdin)['messages'] if m['typeId'] in (1, 4)))"
}
long_replies() {  # writes the expected "(LEN bytes, crc32 CRC)" of each to long-expected.txt
    python3 - "${WORK}/long-expected.txt" <<'PY' | while read -r body; do control POST "/conversations/${DEVICE_ID}/reply" "${body}" >/dev/null; done
import json, sys, zlib
alphabets = ["abcdefghij klmnopqrstuvwxyz", "\u00e9\u00e8\u00ea\u00eb\u00e7\u00e0",
             "\u0645\u0631\u062d\u0628\u0627", "\u4e2d\u6587\u6d4b\u8bd5",
             "\U0001F600\U0001F680\U0001F4E6"]
with open(sys.argv[1], "w") as expected:
    for i in range(50):
        chars = alphabets[3] if i == 0 else alphabets[4] if i == 1 else alphabets[i % 4]
        text = "".join(chars[(i + k) % len(chars)] for k in range(5000))
        data = text.encode("utf-8")
        expected.write(f"({len(data)} bytes, crc32 {zlib.crc32(data):08x})\n")
        print(json.dumps({"agent": "Bulk", "message": text, "escape": i == 0}))
PY
}
before="$(count_device_messages)"
(
    for _ in $(seq 600); do
        [ "$(count_device_messages)" -gt "${before}" ] && break
        sleep 0.2
    done
    long_replies
) &
injector=$!
boot long-page "server=${SERVER}" flash=ticket-flash.bin fault=E44 replies=51
wait "${injector}" || true
expect long-page "exit 0 (51 replies)" test "${status}" -eq 0
expect long-page "no token request this boot" logged long-page "token requests this boot: 0,"
expect long-page "51 replies printed" test "$(grep -c '^reply from ' "${WORK}/long-page.log")" -eq 51
missing=0
while read -r line; do
    grep -q -F -- "${line}" "${WORK}/long-page.log" || { echo "    missing: ${line}"; missing=$((missing + 1)); }
done <"${WORK}/long-expected.txt"
expect long-page "each of the 50 long texts arrived whole (length and CRC-32)" test "${missing}" -eq 0
expect long-page "50 texts expected" test "$(wc -l <"${WORK}/long-expected.txt")" -eq 50
if [ -n "${MEASURED}" ]; then
    grep -h '^footprint:' "${WORK}/first.log" "${WORK}/long-page.log" >"${MEASURED}" || true
fi

boot wrong-ca "server=${SERVER}" "provision=provision.txt" flash=wrong-ca-flash.bin \
    "ca=${CERTS}/other-ca.der"
expect wrong-ca "fails (exit 1)" test "${status}" -eq 1
expect wrong-ca "reports cert-untrusted" logged wrong-ca "cert-untrusted"
expect wrong-ca "no ticket sent" bash -c "! grep -q 'ticket: sent' '${WORK}/wrong-ca.log'"
tokens="$(stat_tokens)"
expect wrong-ca "no token request reached the simulator (still ${tokens})" test "${tokens}" = 1

echo "---- simulator log (warnings)"
sed 's/^/    /' "${WORK}/sim.err"
[ "${failures}" -eq 0 ] || { echo "board ticket: ${failures} check(s) failed"; exit 1; }
echo "board ticket: all checks passed"
