#include "net/json/json_escape.h"

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

size_t json_escaped_length(std::string_view text) {
    size_t length = 0;
    char scratch[kMaxEscapeLength];
    for (const char c : text)
        length += escape_json_byte(c, scratch);
    return length;
}

}  // namespace net::json
