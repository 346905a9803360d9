#!/usr/bin/env bash
# The host apps refuse every file they cannot use with one clear line and the documented
# exit code (1 failed, 2 usage error), within seconds: a directory, a device that never
# ends (/dev/zero), a FIFO nobody writes to, an over-size file, a missing file — for
# --ca, --config, provision --from and stdin, --flash and --identity — and an http://
# server or token URL (the client speaks TLS only). `status` lists the outbox.
# (Regressions: --ca DIR aborted on an uncaught std::ios_failure; --ca /dev/zero,
# --config /dev/zero and provision --from /dev/zero hung; http:// was used as TLS.)
# Usage: host_inputs_test.sh PARLEY_TICKET PARLEY_KIOSK CERTS_TOOL
set -u
ticket="$1"
kiosk="$2"
make_certs="$3"
dir="$(mktemp -d)"
trap 'rm -rf "${dir}"' EXIT
limit_s=10  # each run must end well within this; `timeout` turns a hang into a failure
status=0

mkdir "${dir}/adir"
mkfifo "${dir}/fifo"
head -c $((600 * 1024)) /dev/zero | tr '\0' 'A' >"${dir}/big.pem"      # over 512 KiB
head -c $((65 * 1024)) /dev/zero | tr '\0' '#' >"${dir}/big.conf"      # over 64 KiB
head -c $((17 * 1024)) /dev/zero | tr '\0' 'x' >"${dir}/big.secret"    # over 16 KiB
"${make_certs}" "${dir}/certs" >/dev/null 2>&1 || { echo "FAIL: make-test-certs"; exit 1; }
ca="${dir}/certs/ca.pem"

# expect PROGRAM WHAT CODE PATTERN ARGS... (stdin from $stdin, default /dev/null)
expect() {
    local program="$1" what="$2" code_wanted="$3" pattern="$4"
    shift 4
    local out code
    out="$(timeout "${limit_s}" "${program}" --flash "${dir}/flash.bin" \
        --identity "${dir}/id.bin" "$@" <"${stdin:-/dev/null}" 2>&1)"
    code=$?
    local first
    first="$(head -n 1 <<<"${out}")"
    if [ "${code}" -eq 124 ]; then
        echo "FAIL: ${what}: still running after ${limit_s} s"
        status=1
    elif [ "${code}" -ne "${code_wanted}" ] || ! grep -q -- "${pattern}" <<<"${first}"; then
        echo "FAIL: ${what}: exit ${code} (wanted ${code_wanted}), said: ${out}"
        status=1
    else
        echo "ok: ${what}: ${first}"
    fi
}

t() { expect "${ticket}" "$@"; }
k() { expect "${kiosk}" "$@"; }

# --ca (read by send and chat, after the options).
t "--ca DIR" 1 "'${dir}/adir' is a directory" --ca "${dir}/adir" send --fault E1
t "--ca /dev/zero" 1 "'/dev/zero' is a character device" --ca /dev/zero send --fault E1
t "--ca FIFO" 1 "is a FIFO" --ca "${dir}/fifo" send --fault E1
t "--ca over-size" 1 "over the limit of 512 KiB" --ca "${dir}/big.pem" send --fault E1
t "--ca missing" 1 "does not exist" --ca "${dir}/none.pem" send --fault E1
# A bundle too large for the TLS arena (as the whole system store is) says so; one with no
# certificate says that.
for _ in $(seq 300); do cat "${ca}"; done >"${dir}/many.pem"
t "--ca too many roots" 1 "too large for the TLS memory" --ca "${dir}/many.pem" send --fault E1
printf 'no certificate here\n' >"${dir}/none-inside.pem"
t "--ca no certificate" 1 "holds no usable certificate" --ca "${dir}/none-inside.pem" send --fault E1

# --config (read first; a bad one is a usage error).
t "--config /dev/zero" 2 "config file: '/dev/zero' is a character device" --config /dev/zero status
t "--config DIR" 2 "is a directory" --config "${dir}/adir" status
t "--config FIFO" 2 "is a FIFO" --config "${dir}/fifo" status
t "--config over-size" 2 "over the limit of 64 KiB" --config "${dir}/big.conf" status
t "--config missing" 2 "does not exist" --config "${dir}/none.conf" status
k "kiosk --config /dev/zero" 2 "is a character device" --config /dev/zero status

# provision --from FILE and stdin.
t "provision --from /dev/zero" 1 "'/dev/zero' is a character device" provision --from /dev/zero
t "provision --from DIR" 1 "is a directory" provision --from "${dir}/adir"
t "provision --from FIFO" 1 "is a FIFO" provision --from "${dir}/fifo"
t "provision --from over-size" 1 "over the limit of 16 KiB" provision --from "${dir}/big.secret"
stdin=/dev/zero t "provision < /dev/zero" 1 "stdin is longer than the limit of 16 KiB" provision
stdin=/dev/zero k "kiosk provision < /dev/zero" 1 "stdin is longer than the limit" provision

# The flash and identity images.
t "--flash FIFO" 1 "flash file: '${dir}/fifo' is a FIFO" --flash "${dir}/fifo" status
t "--flash DIR" 1 "flash file: '${dir}/adir' is a directory" --flash "${dir}/adir" status
t "--identity /dev/zero" 1 "identity file: '/dev/zero' is a character device" \
    --identity /dev/zero status
t "--identity FIFO" 1 "identity file: '${dir}/fifo' is a FIFO" --identity "${dir}/fifo" status

# TLS only.
t "http:// server" 2 "the client speaks TLS only: use https://" \
    --server http://127.0.0.1:8443/base status
t "http:// token URL" 2 "the client speaks TLS only: use https://" \
    --token-url http://127.0.0.1:8443/oauth status
k "kiosk http:// server" 2 "the client speaks TLS only: use https://" \
    --server http://127.0.0.1:8443/base status

# A secret on the command line, after the command too (status once ignored it).
t "status --client-secret" 2 "never from the command line" status --client-secret hunter2
k "kiosk status --password" 2 "never from the command line" status --password hunter2

# `status` lists the outbox: a ticket for an unreachable server stays queued, and status
# shows it. send keeps trying for minutes, so it is stopped once it reports the ticket
# accepted (waiting on that line, not on a fixed time).
common=(--dialect parley --flash "${dir}/q-flash.bin" --identity "${dir}/q-id.bin")
printf 'acct-secret-1234\n' | timeout "${limit_s}" "${ticket}" "${common[@]}" provision >/dev/null
"${ticket}" "${common[@]}" --ca "${ca}" --server https://127.0.0.1:1/clientApi/v1.9 --timeout 1 \
    send --fault E7 --text "printer on fire" >"${dir}/send.out" 2>/dev/null &
sender=$!
for _ in $(seq 100); do
    grep -q "accepted into the outbox" "${dir}/send.out" && break
    kill -0 "${sender}" 2>/dev/null || break
    sleep 0.1
done
kill "${sender}" 2>/dev/null
wait "${sender}" 2>/dev/null
listing="$(timeout "${limit_s}" "${ticket}" "${common[@]}" status 2>&1)"
if grep -q "^outbox: 1 waiting, 0 failed$" <<<"${listing}" &&
    grep -q '^  #1 waiting: "Fault report E7 Device: ' <<<"${listing}"; then
    echo "ok: status lists the queued ticket"
else
    echo "FAIL: status does not list the queued ticket: ${listing}"
    status=1
fi
exit "${status}"
