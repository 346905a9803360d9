#!/usr/bin/env bash
# Fails when a board image still holds mbedTLS code the client can never run: private-key
# and signing code (net/tls/mbedtls_client_only.cpp says why it is unreachable and how the
# link drops it). Reads the ELF's symbol table; each SYMBOL must be absent.
# Usage: check-client-only.sh IMAGE.elf SYMBOL...      (NM=... to use another nm)
set -euo pipefail
ELF="${1:?usage: check-client-only.sh IMAGE.elf SYMBOL...}"
shift
NM="${NM:-arm-none-eabi-nm}"
[ "$#" -gt 0 ] || { echo "check-client-only: no symbols to look for" >&2; exit 2; }
[ -f "${ELF}" ] || { echo "check-client-only: ${ELF} does not exist" >&2; exit 2; }
symbols="$("${NM}" --defined-only "${ELF}" | awk '{print $3}')"
bad=""
for symbol in "$@"; do
    if grep -q -x -F "${symbol}" <<<"${symbols}"; then bad+="    ${symbol}"$'\n'; fi
done
if [ -n "${bad}" ]; then
    echo "check-client-only: FAILED: $(basename "${ELF}") links code the client never runs:" >&2
    printf '%s' "${bad}" >&2
    echo "  see ${ELF%.elf}.map, 'Archive member included to satisfy reference by file'" >&2
    exit 1
fi
echo "check-client-only: $(basename "${ELF}"): no private-key or signing code ($# symbols)"
