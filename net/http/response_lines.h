// Parsers for the single lines of an HTTP/1.1 response: the status line, a header (or
// trailer) line and a chunk-size line. Each takes one complete line without its line
// ending and reports kCorrupt for anything malformed. No state, no heap.
#pragma once

#include <cstdint>
#include <string_view>

#include "hal/result.h"
#include "hal/status.h"

namespace net::http {

struct StatusLine {
    uint8_t minor_version = 1;
    uint16_t status = 0;
};

// "HTTP/1.x NNN reason" (the reason may be empty or missing). HTTP/1.0 and 1.1 only;
// codes 100-599.
hal::Result<StatusLine> parse_status_line(std::string_view line);

struct HeaderLine {
    std::string_view name;
    std::string_view value;  // without surrounding whitespace
};

// "name: value". kCorrupt for a line starting with whitespace (obsolete line folding),
// a name that is not a token, whitespace before the colon, controls in the value.
hal::Result<HeaderLine> parse_header_line(std::string_view line);

// "1a2b", "1a2b;ext=val", "1a2b ; ext": the chunk size in hex; extensions are checked
// for stray controls and ignored. kTooLarge when the size does not fit 64 bits.
hal::Result<uint64_t> parse_chunk_size_line(std::string_view line);

}  // namespace net::http
