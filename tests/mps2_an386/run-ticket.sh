#!/usr/bin/env bash
# Boots the mps2-an386 ticket image under QEMU against the API simulator (tools/sim) with
# its bot, all inside a network namespace this script creates (and always deletes):
#
#   namespace parley-ticket-<pid>:  lo up;  tap0 = 10.201.0.1/24, the simulator's side
#   parley-sim --host 10.201.0.1 --bot (certificate server-extra.pem: IP:10.201.0.1)
#   qemu-system-arm -M mps2-an386 with the LAN9118 on tap0; the board is 10.201.0.2
#
# Boots, each checked for its exit status and console lines:
#   1. a fresh flash file, credentials from provision=FILE: the image gets a token,
#      subscribes, sends the ticket over TLS, gets the bot's reply: exit 0, one token request;
#   2. the same flash file: the token kept in flash is used: exit 0, "token requests this
#      boot: 0", and the simulator still counts one token request in all;
#   3. ca=other-ca.der (a CA that did not issue the server's certificate), a fresh flash
#      file: the handshake fails closed: exit 1, "cert-untrusted", no ticket sent.
#
# Usage: run-ticket.sh IMAGE.elf CERT_DIR [MEASURED_FILE]
#   MEASURED_FILE: where to write the first boot's "footprint:" line (stack high-water,
#   TLS arena extent) for tools/footprint --measured.
# Needs root (namespaces, TAP devices), qemu-system-arm and python3; without them it
# prints why and exits 77, which ctest reports as skipped (never as passed).
set -euo pipefail

readonly PREFIX=parley-ticket-
readonly BOOT_TIMEOUT=180
readonly API_PATH=/communication/parley/secure-messenger
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
SIM="${HERE}/../../tools/sim/parley-sim"

# shellcheck source=tests/mps2_an386/netns.sh
source "${HERE}/netns.sh"

[ "$#" -ge 2 ] && [ "$#" -le 3 ] || { echo "usage: $0 IMAGE.elf CERT_DIR [MEASURED_FILE]" >&2; exit 2; }
ELF="$(realpath "$1")"
CERTS="$(realpath "$2")"
MEASURED="${3:-}"
[ -f "${ELF}" ] || { echo "no image at ${ELF}" >&2; exit 1; }
[ -f "${CERTS}/server-extra.pem" ] || { echo "no server-extra.pem in ${CERTS}" >&2; exit 1; }
board_netns_check

board_netns_up

printf 'demo-client\ndemo-secret\n' >"${WORK}/provision.txt"
ip netns exec "${NS}" python3 "${SIM}" --cert "${CERTS}/server-extra.pem" \
    --key "${CERTS}/server-extra.key" --host "${SERVER_IP}" --port 0 --control-port 0 \
    --ports-file "${WORK}/ports.json" --bot --bot-delay 0.5 --state-file "${WORK}/sim-state.json" \
    --log-file "${WORK}/sim.log" >"${WORK}/sim.out" 2>"${WORK}/sim.err" &
disown  # cleanup() ends it with the namespace
for _ in $(seq 100); do
    [ -s "${WORK}/ports.json" ] && break
    sleep 0.1
done
[ -s "${WORK}/ports.json" ] || { cat "${WORK}/sim.err" >&2; echo "simulator did not start" >&2; exit 1; }
port() { python3 -c "import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])" "${WORK}/ports.json" "$1"; }
API_PORT="$(port api_port)"
CONTROL_PORT="$(port control_port)"
SERVER="https://${SERVER_IP}:${API_PORT}${API_PATH}"
stat_tokens() {
    ip netns exec "${NS}" python3 -c "import json,sys,urllib.request; \
print(json.load(urllib.request.urlopen(sys.argv[1]))['token_requests'])" \
        "http://${SERVER_IP}:${CONTROL_PORT}/stats"
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
        -kernel "${ELF}" -append "$*") >"${WORK}/${name}.log" 2>&1
    status=$?
    set -e
    local ended=${EPOCHREALTIME/,/.}
    local ms=$(( (${ended/./} - ${started/./}) / 1000 ))
    printf -- "---- boot '%s' (%s): exit %d, %d.%03d s\n" "${name}" "$*" "${status}" \
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

boot first "server=${SERVER}" "provision=provision.txt" flash=ticket-flash.bin fault=E42
expect first "exit 0 (replied)" test "${status}" -eq 0
expect first "provisioned" logged first "ticket: provisioned client 'demo-client'"
expect first "ticket sent" logged first "ticket: sent (message"
expect first "reply received" logged first "reply from "
expect first "one token request" logged first "token requests this boot: 1,"
if [ -n "${MEASURED}" ]; then
    grep -h '^footprint:' "${WORK}/first.log" >"${MEASURED}" || true
fi

boot second "server=${SERVER}" flash=ticket-flash.bin fault=E43
expect second "exit 0 (replied)" test "${status}" -eq 0
expect second "token kept in flash" logged second "ticket: token kept in flash"
expect second "no token request this boot" logged second "token requests this boot: 0,"
expect second "reply received" logged second "reply from "
tokens="$(stat_tokens)"
expect second "simulator counted 1 token request in all (got ${tokens})" test "${tokens}" = 1

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
