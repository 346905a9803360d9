#include "net/url/percent_encode.h"

#include <cstdint>

#include "net/text/ascii.h"

namespace net::url {
namespace {

constexpr size_t kEscapeLength = 3;  // "%XX"
constexpr char kHexDigits[] = "0123456789ABCDEF";
constexpr unsigned kNibbleBits = 4;
constexpr unsigned kNibbleMask = 0x0f;

using text::is_alnum;

bool is_unreserved(char c) {
    return is_alnum(c) || c == '-' || c == '.' || c == '_' || c == '~';
}

bool is_form_safe(char c) {
    return is_alnum(c) || c == '*' || c == '-' || c == '.' || c == '_';
}

// How one input character is written: kept, replaced by another, or escaped.
struct Rule {
    bool (*keeps)(char);
    char space;  // what a space becomes, or 0 to escape it
};

constexpr Rule kPercentRule{is_unreserved, 0};
constexpr Rule kFormRule{is_form_safe, '+'};

size_t encoded_length(std::string_view in, const Rule& rule) {
    size_t length = 0;
    for (const char c : in) {
        const bool single = rule.keeps(c) || (c == ' ' && rule.space != 0);
        length += single ? 1 : kEscapeLength;
    }
    return length;
}

size_t put_char(char c, const Rule& rule, char* out) {
    if (rule.keeps(c)) {
        out[0] = c;
        return 1;
    }
    if (c == ' ' && rule.space != 0) {
        out[0] = rule.space;
        return 1;
    }
    const auto byte = static_cast<uint8_t>(c);
    out[0] = '%';
    out[1] = kHexDigits[byte >> kNibbleBits];
    out[2] = kHexDigits[byte & kNibbleMask];
    return kEscapeLength;
}

hal::Result<size_t> encode(std::string_view in, hal::CharSpan out, const Rule& rule) {
    if (encoded_length(in, rule) > out.size()) return hal::Status::kBufferTooSmall;
    size_t at = 0;
    for (const char c : in)
        at += put_char(c, rule, out.data() + at);
    return at;
}

}  // namespace

hal::Result<size_t> percent_encode(std::string_view in, hal::CharSpan out) {
    return encode(in, out, kPercentRule);
}

hal::Result<size_t> form_encode(std::string_view in, hal::CharSpan out) {
    return encode(in, out, kFormRule);
}

size_t percent_encoded_length(std::string_view in) {
    return encoded_length(in, kPercentRule);
}

size_t form_encoded_length(std::string_view in) {
    return encoded_length(in, kFormRule);
}

}  // namespace net::url
