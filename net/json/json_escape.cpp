#include "net/json/json_escape.h"

#include "net/json/json_chars.h"
#include "net/text/slice.h"

namespace net::json {
namespace {

constexpr char kHexDigits[] = "0123456789abcdef";
constexpr unsigned char kFirstPrintable = 0x20;

// The two-character escapes RFC 8259 names; 0 when the byte has none.
char short_escape(char c) {
    switch (c) {
        case '"':
            return '"';
        case '\\':
            return '\\';
        case '\b':
            return 'b';
        case '\f':
            return 'f';
        case '\n':
            return 'n';
        case '\r':
            return 'r';
        case '\t':
            return 't';
        default:
            return 0;
    }
}

}  // namespace

size_t escape_json_byte(char c, char (&out)[kMaxEscapeLength]) {
    const char named = short_escape(c);
    if (named != 0) {
        out[0] = '\\';
        out[1] = named;
        return 2;
    }
    const auto byte = static_cast<unsigned char>(c);
    if (byte >= kFirstPrintable) {
        out[0] = c;
        return 1;
    }
    out[0] = '\\';
    out[1] = 'u';
    out[2] = '0';
    out[3] = '0';
    out[4] = kHexDigits[byte >> 4];
    out[5] = kHexDigits[byte & 0xF];
    return kMaxEscapeLength;
}

size_t plain_json_run(std::string_view text) {
    size_t n = 0;
    while (n < text.size() && !chars::has(text[n], chars::kNeedsEscape))
        ++n;
    return n;
}

size_t json_escaped_length(std::string_view text) {
    size_t length = 0;
    char scratch[kMaxEscapeLength];
    size_t at = 0;
    while (at < text.size()) {
        const size_t run = plain_json_run(text::slice(text, at));
        length += run;
        at += run;
        if (at < text.size()) length += escape_json_byte(text[at++], scratch);
    }
    return length;
}

}  // namespace net::json
