// Character classes and small parsers of HTTP/1.1 (RFC 9110/9112) shared by the
// request writer and the response parser: tokens, field values, case-insensitive
// comparison, bounded decimal and hex numbers. Pure functions; no state, no heap.
#pragma once

#include <cstdint>
#include <string_view>

#include "net/text/ascii.h"

#include "hal/result.h"

namespace net::http {

bool is_token_char(char c);
bool is_token(std::string_view text);

// Field-value characters: visible ASCII, space, tab and obs-text (0x80-0xff);
// no CR, LF, NUL or other controls.
bool is_field_value(std::string_view text);

// Request-target characters this client writes: visible ASCII but '#' (the fragment never
// goes on the wire); the path is percent-encoded before it gets here.
bool is_target_text(std::string_view text);

using text::equals_ignoring_case;  // case-insensitive header names and tokens

// Removes leading and trailing spaces and tabs (HTTP's optional whitespace).
std::string_view trim_whitespace(std::string_view text);

// A non-empty run of decimal digits. kCorrupt for anything else, kTooLarge when the
// value does not fit 64 bits.
hal::Result<uint64_t> parse_decimal(std::string_view digits);

// A non-empty run of hex digits (either case). kCorrupt / kTooLarge as above.
hal::Result<uint64_t> parse_hex(std::string_view digits);

}  // namespace net::http
