#!/usr/bin/env bash
# if-image.sh PRESET IMAGE COMMAND...: runs COMMAND when IMAGE exists, else skips (exit 77,
# as the board tests do without QEMU). The tests of every board but mps2-an386 use it
# (tests/boards/CMakeLists.txt, parley_board_tests): their images come from their preset's
# build (cmake --preset PRESET && cmake --build --preset PRESET), which the host build does
# not make.
set -euo pipefail
preset="$1"
image="$2"
shift 2
if [ ! -f "${image}" ]; then
    echo "SKIPPED: no image at ${image} (build the ${preset} preset first)" >&2
    exit 77
fi
exec "$@"
