#!/usr/bin/env bash
# tools/demo's board options without building anything: --help lists every board that
# tools/demo-board knows, and bad combinations are refused with exit 2 and a reason.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
failures=0
check() {  # check WHAT COMMAND...
    local what="$1"
    shift
    if "$@"; then echo "ok: ${what}"; else echo "FAILED: ${what}"; failures=$((failures + 1)); fi
}
refused() {  # refused TEXT ARGS...: tools/demo ARGS exits 2 and says TEXT on stderr
    local text="$1" err status=0
    shift
    err="$("${ROOT}/tools/demo" "$@" 2>&1 >/dev/null)" || status=$?
    [ "${status}" -eq 2 ] && grep -q -F -- "${text}" <<<"${err}"
}
help="$("${ROOT}/tools/demo" --help)"
boards="$(sed -n 's/^    \([a-z0-9-]*\)) PRESET=.*/\1/p' "${ROOT}/tools/demo-board")"
check "tools/demo-board knows five boards" test "$(wc -w <<<"${boards}")" -eq 5
for board in ${boards}; do
    check "--help lists ${board}" grep -q -E "^ +${board} " <<<"${help}"
done
check "an unknown board is refused" refused "no board 'pdp-11'" --board pdp-11
check "--text with --board is refused" refused "--text is for the host app" --board mps2-an386 --text hi
check "--dialect parley with --board is refused" refused "KPN dialect only" --board mps2-an386 --dialect parley
check "a bad dialect is refused" refused "--dialect must be kpn or parley" --dialect soap
exit $((failures > 0))
