// JSON string escaping for request bodies (RFC 8259 §7): '"', '\' and control
// characters are escaped, everything else (UTF-8 included) is copied as is. User text
// always goes through here; no body is built by pasting unescaped text. Escaping works
// one character at a time, so a body can also be streamed (JsonTextSource).
#pragma once

#include <cstddef>
#include <string_view>

namespace net::json {

// The longest escape of one byte: \u00XX.
constexpr size_t kMaxEscapeLength = 6;

// Writes the escaped form of one byte into `out`; returns its length (1..6).
size_t escape_json_byte(char c, char (&out)[kMaxEscapeLength]);

// How many of the first bytes of `text` are written as they are (a run to copy at once).
size_t plain_json_run(std::string_view text);

// The length of `text` once escaped (without surrounding quotes).
size_t json_escaped_length(std::string_view text);

}  // namespace net::json
