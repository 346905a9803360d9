# cmake -DINPUT=<file> -DOUTPUT=<header> -DNAME=<identifier> -P embed_file.cmake
# Writes a header defining `constexpr uint8_t NAME[]` with the bytes of INPUT (a DER CA
# bundle: no terminator; it stays in flash, .rodata, and is parsed there).
file(READ "${INPUT}" hex HEX)
string(LENGTH "${hex}" hex_length)
math(EXPR size "${hex_length} / 2")
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
# 16 bytes a line.
string(REGEX REPLACE "((0x[0-9a-f][0-9a-f],){16})" "\\1\n    " bytes "${bytes}")
get_filename_component(input_name "${INPUT}" NAME)
file(WRITE "${OUTPUT}.tmp"
"// Generated from ${input_name} by boards/common/mps2/cmake/embed_file.cmake: do not edit.
#pragma once

#include <cstdint>

// The ${size} bytes of ${input_name}.
constexpr uint8_t ${NAME}[] = {
    ${bytes}};
")
file(RENAME "${OUTPUT}.tmp" "${OUTPUT}")
