#!/usr/bin/env bash
# tools/check-includes on a planted tree: every rule of docs/design.md §1 is broken once
# (each must be reported as file:line: rule, with a non-zero exit) and the allowed
# includes next to them are not reported; then the clean tree passes.
# Usage: check_includes_test.sh [CHECK_INCLUDES]
set -euo pipefail
check="${1:-$(cd "$(dirname "$0")/../.." && pwd)/tools/check-includes}"
dir="$(mktemp -d)"
trap 'rm -rf "${dir}"' EXIT
fail=0
ok() { echo "ok: $*"; }
bad() { echo "FAIL: $*"; fail=1; }

plant() {  # plant FILE LINES...: a source file with these lines
    local file="${dir}/$1"
    shift
    mkdir -p "$(dirname "${file}")"
    printf '%s\n' "$@" >"${file}"
}

# Allowed includes: none of these may be reported.
plant hal/a.h '#pragma once' '#include <cstddef>' '#include "hal/b.h"'
plant port/posix/a.cpp '#include "port/posix/a.h"' '#include "hal/a.h"' '#include <unistd.h>'
plant net/http/a.cpp '#include "net/url/url.h"' '#include "hal/a.h"' '#include "mbedtls/ssl.h"'
plant firmware/outbox/a.cpp '#include "firmware/settings/a.h"' '#include "net/http/a.h"'
plant boards/x/main.cpp '#include "port/posix/a.h"' '#include "boards/y/b.h"'
plant tests/host_apps/a_test.cpp '#include "boards/host/app_options.h"' '#include "port/posix/a.h"'
plant tests/port_lwip/a_test.cpp '#include "boards/host-lwip/tap_netif.h"'
plant tests/fuzz/host_a_fuzz.cpp '#include "boards/host/a.h"'
"${check}" "${dir}" >"${dir}/out.txt" && ok "clean tree passes" || { bad "clean tree fails"; cat "${dir}/out.txt"; }

# One violation of each rule, at a known line.
plant hal/bad.h '#pragma once' '#include "net/http/a.h"'
plant port/lwip/bad.cpp '#include "hal/a.h"' '#include "port/posix/a.h"'
plant port/posix/bad2.cpp '#include "firmware/outbox/a.h"'
plant net/parley/bad.cpp '// x' '' '  #  include "port/posix/a.h"'
plant net/json/bad2.cpp '#include "firmware/settings/a.h"'
plant net/url/bad3.cpp '#include <boards/x/a.h>'
plant firmware/token/bad.cpp '#include "port/lwip/a.h"'
plant firmware/messenger/bad2.cpp '#include "net/a.h"' '#include "boards/host/a.h"'
plant tests/outbox/bad_test.cpp '#include "boards/host/a.h"'
plant tests/host_apps/bad_test.cpp '#include "boards/mps2-an386/a.h"'
expected=(
    "firmware/messenger/bad2.cpp:2: firmware"
    "firmware/token/bad.cpp:1: firmware"
    "hal/bad.h:2: hal"
    "net/json/bad2.cpp:1: net"
    "net/parley/bad.cpp:3: net"
    "net/url/bad3.cpp:1: net"
    "port/lwip/bad.cpp:2: port"
    "port/posix/bad2.cpp:1: port"
    "tests/host_apps/bad_test.cpp:1: tests"
    "tests/outbox/bad_test.cpp:1: tests"
)
if "${check}" "${dir}" >"${dir}/out.txt"; then
    bad "planted violations: exit status 0"
else
    ok "planted violations: non-zero exit"
fi
for want in "${expected[@]}"; do
    grep -q "^${want}" "${dir}/out.txt" && ok "reported ${want%%:*}" || bad "not reported: ${want}"
done
reported="$(grep -c '^[a-z].*:[0-9]*: ' "${dir}/out.txt" || true)"
[ "${reported}" -eq "${#expected[@]}" ] && ok "nothing else reported" ||
    { bad "${reported} lines reported, ${#expected[@]} expected"; cat "${dir}/out.txt"; }
exit "${fail}"
