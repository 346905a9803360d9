#!/usr/bin/env bash
# parley-kiosk with its input ended and a message still queued (the server unreachable)
# waits for the network without spinning: it used to poll a stdin at end of file, which
# returns at once, and burned a whole core until it gave up. Checked as a ratio of CPU
# time to wall time (the process must sleep nearly all of it), not as a duration.
# Usage: kiosk_idle_test.sh PARLEY_KIOSK PARLEY_TICKET CERTS_TOOL
set -u
kiosk="$1"
ticket="$2"
make_certs="$3"
dir="$(mktemp -d)"
trap 'rm -rf "${dir}"' EXIT
"${make_certs}" "${dir}/certs" >/dev/null 2>&1 || { echo "FAIL: make-test-certs"; exit 1; }
export PARLEY_FLASH="${dir}/flash.bin" PARLEY_IDENTITY="${dir}/id.bin"
export PARLEY_CA="${dir}/certs/ca.pem" PARLEY_SERVER="https://127.0.0.1:9"  # nothing listens
printf 'client-id\nsecret-value\n' | "${ticket}" provision >/dev/null || { echo "FAIL: provision"; exit 1; }
# usage: wall seconds, CPU seconds (user + system) of the kiosk and its children
read -r wall cpu < <(python3 - "${kiosk}" <<'PY'
import os, resource, subprocess, sys, time
start = time.monotonic()
subprocess.run([sys.argv[1]], input=b"hello\n", stdout=subprocess.DEVNULL,
               stderr=subprocess.DEVNULL, timeout=60)
wall = time.monotonic() - start
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print("%.3f %.3f" % (wall, usage.ru_utime + usage.ru_stime))
PY
)
echo "wall ${wall} s, CPU ${cpu} s"
if python3 -c "import sys; w, c = float('${wall}'), float('${cpu}'); sys.exit(0 if w > 1 and c < 0.2 * w else 1)"; then
    echo "PASS: the kiosk slept while it waited (CPU under a fifth of wall time)"
else
    echo "FAIL: the kiosk spun while it waited"
    exit 1
fi
