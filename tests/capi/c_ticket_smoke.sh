#!/usr/bin/env bash
# The C example (examples/c_ticket) against tools/sim/parley-sim on 127.0.0.1: a first run
# provisions the device (credentials through stdin) and opens a ticket that the
# simulator's bot answers; a second run opens another with the token kept in the
# device's flash file (no token request).
# Usage: c_ticket_smoke.sh C_TICKET CERT_DIR WORK_DIR
set -euo pipefail
TICKET="$1"
CERTS="$2"
WORK="$3"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
rm -rf "${WORK}"
mkdir -p "${WORK}"
cd "${WORK}"

"${ROOT}/tools/sim/parley-sim" --cert "${CERTS}/server-ec.pem" --key "${CERTS}/server-ec.key" \
    --port 0 --control-port 0 --ports-file ports.json --bot --bot-delay 0.2 \
    --log-file sim.log >sim.out 2>&1 &
SIM_PID=$!
trap 'kill ${SIM_PID} 2>/dev/null; wait ${SIM_PID} 2>/dev/null || true' EXIT
for _ in $(seq 100); do
    [ -f ports.json ] && break
    kill -0 "${SIM_PID}" 2>/dev/null || { cat sim.out >&2; exit 1; }
    sleep 0.1
done
PORT="$(python3 -c 'import json; print(json.load(open("ports.json"))["api_port"])')"
SERVER="https://localhost:${PORT}/communication/parley/secure-messenger"

echo "== first run: provision, ticket, reply"
printf 'demo-client\ndemo-secret\n' |
    "${TICKET}" --server "${SERVER}" --ca "${CERTS}/ca.pem" --provision --wait 30 \
        --fault E42 --text "Coin acceptor jammed" | tee first.out
grep -q "^reply from Service Bot: Ticket T-" first.out
grep -q "result: replied .*token requests: 1," first.out

echo "== second run: the token kept in flash"
"${TICKET}" --server "${SERVER}" --ca "${CERTS}/ca.pem" --wait 30 | tee second.out
grep -q "^reply from Service Bot: Ticket T-" second.out
grep -q "result: replied .*token requests: 0," second.out
echo "c_ticket smoke: ok"
