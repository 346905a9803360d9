#!/usr/bin/env bash
# if-image.sh IMAGE COMMAND...: runs COMMAND when IMAGE exists, else skips (exit 77, as the
# board tests do without QEMU). The mps2-an500 tests use it: their images come from the
# cortex-m7 preset's build (cmake --preset cortex-m7 && cmake --build --preset cortex-m7),
# which the host build does not make.
set -euo pipefail
image="$1"
shift
if [ ! -f "${image}" ]; then
    echo "SKIPPED: no image at ${image} (build the cortex-m7 preset first)" >&2
    exit 77
fi
exec "$@"
