#!/usr/bin/env bash
# parley-ticket refuses text the service would refuse as a usage error (exit 2) with a
# clear message, before anything is stored: invalid UTF-8 and over-long --text/--fault.
# (Regression: such text once entered the outbox and stopped the device.)
set -u
ticket="$1"
dir="$(mktemp -d)"
trap 'rm -rf "${dir}"' EXIT
status=0
expect_usage() {  # expect_usage WHAT PATTERN ARGS...
    local what="$1" pattern="$2"
    shift 2
    local out code
    out="$("${ticket}" --flash "${dir}/flash.bin" --identity "${dir}/id.bin" send "$@" 2>&1)"
    code=$?
    if [ "${code}" -ne 2 ] || ! grep -q -- "${pattern}" <<<"${out}"; then
        echo "FAIL: ${what}: exit ${code}, said: ${out}"
        status=1
    else
        echo "ok: ${what}: ${out}"
    fi
}
expect_usage "stray byte" "not valid UTF-8" --fault E1 --text $'caf\xff'
expect_usage "lone continuation" "not valid UTF-8" --fault E1 --text $'a\x80b'
expect_usage "overlong" "not valid UTF-8" --fault E1 --text $'\xc0\xaf'
expect_usage "surrogate" "not valid UTF-8" --fault E1 --text $'\xed\xa0\x80'
expect_usage "long text" "the limit is 768" --fault E1 --text "$(printf 'a%.0s' $(seq 769))"
expect_usage "long fault code" "the limit is 64" --fault "$(printf 'E%.0s' $(seq 65))"
exit "${status}"
