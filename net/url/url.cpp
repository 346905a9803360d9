#include "net/url/url.h"

#include "net/text/ascii.h"
#include "net/text/number.h"
#include "net/url/host_syntax.h"

namespace net::url {
namespace {

using hal::Status;

constexpr std::string_view kSchemeSeparator = "://";
constexpr size_t kMaxPortDigits = 5;
constexpr uint32_t kMaxPort = 65535;
constexpr size_t kPercentEscapeLength = 3;

using text::is_alpha;
using text::is_digit;
using text::is_hex_digit;

// Only visible ASCII anywhere in a URL: no spaces, controls, DEL or UTF-8 bytes.
bool all_visible_ascii(std::string_view text) {
    for (const char c : text) {
        if (!text::is_visible(c)) return false;
    }
    return true;
}

// RFC 3986: ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ).
bool is_scheme(std::string_view text) {
    if (text.empty() || !is_alpha(text[0])) return false;
    for (const char c : text) {
        if (!is_alpha(c) && !is_digit(c) && c != '+' && c != '-' && c != '.') return false;
    }
    return true;
}

// RFC 3986 pchar minus pct-encoded (checked separately), plus '/'.
bool is_path_char(char c) {
    constexpr std::string_view kAllowed = "-._~!$&'()*+,;=:@/";
    return is_alpha(c) || is_digit(c) || kAllowed.find(c) != std::string_view::npos;
}

Status parse_scheme(std::string_view scheme, Url& url) {
    if (!is_scheme(scheme)) return Status::kInvalidArgument;
    if (text::equals_ignoring_case(scheme, "https")) {
        url.secure = true;
    } else if (text::equals_ignoring_case(scheme, "http")) {
        url.secure = false;
    } else {
        return Status::kUnsupported;
    }
    url.scheme = scheme;
    url.port = url.secure ? kDefaultHttpsPort : kDefaultHttpPort;
    return Status::kOk;
}

Status parse_port(std::string_view digits, Url& url) {
    if (digits.size() > kMaxPortDigits) return Status::kInvalidArgument;
    const hal::Result<uint64_t> value = text::parse_unsigned(digits, 10, kMaxPort);
    if (!value.ok() || value.value() == 0) return Status::kInvalidArgument;
    url.port = static_cast<uint16_t>(value.value());
    return Status::kOk;
}

// "[v6]" or "[v6]:port"; the host keeps no brackets.
Status parse_bracketed_host(std::string_view authority, Url& url) {
    const size_t close = authority.find(']');
    if (close == std::string_view::npos) return Status::kInvalidArgument;
    const std::string_view host = authority.substr(1, close - 1);
    if (!is_ipv6_literal(host)) return Status::kInvalidArgument;
    url.host = host;
    url.ipv6_literal = true;
    const std::string_view after = authority.substr(close + 1);
    if (after.empty()) return Status::kOk;
    if (after[0] != ':') return Status::kInvalidArgument;
    return parse_port(after.substr(1), url);
}

Status parse_authority(std::string_view authority, Url& url) {
    if (authority.find('@') != std::string_view::npos) return Status::kInvalidArgument;
    if (!authority.empty() && authority[0] == '[') return parse_bracketed_host(authority, url);
    const size_t colon = authority.find(':');
    const std::string_view host = authority.substr(0, colon);
    if (host.size() > kMaxHostLength) return Status::kTooLarge;
    if (!is_host_name(host)) return Status::kInvalidArgument;
    url.host = host;
    if (colon == std::string_view::npos) return Status::kOk;
    return parse_port(authority.substr(colon + 1), url);
}

// Every character a path may hold, and "%XX" escapes with two hex digits.
bool is_valid_path(std::string_view path) {
    for (size_t i = 0; i < path.size(); ++i) {
        if (path[i] == '%') {
            if (i + kPercentEscapeLength > path.size() || !is_hex_digit(path[i + 1]) ||
                !is_hex_digit(path[i + 2])) {
                return false;
            }
            i += kPercentEscapeLength - 1;
        } else if (!is_path_char(path[i])) {
            return false;  // '?' and '#' end up here: a base URL has no query or fragment
        }
    }
    return true;
}

Status parse_path(std::string_view path, Url& url) {
    if (!is_valid_path(path)) return Status::kInvalidArgument;
    while (!path.empty() && path.back() == '/')
        path.remove_suffix(1);
    url.base_path = path;
    return Status::kOk;
}

}  // namespace

hal::Result<Url> parse_url(std::string_view text) {
    if (text.size() > kMaxUrlLength) return Status::kTooLarge;
    if (!all_visible_ascii(text)) return Status::kInvalidArgument;
    const size_t separator = text.find(kSchemeSeparator);
    if (separator == std::string_view::npos) return Status::kInvalidArgument;
    Url url;
    HAL_TRY(parse_scheme(text.substr(0, separator), url));
    const std::string_view rest = text.substr(separator + kSchemeSeparator.size());
    const size_t path_start = rest.find_first_of("/?#");
    HAL_TRY(parse_authority(rest.substr(0, path_start), url));
    if (path_start != std::string_view::npos) HAL_TRY(parse_path(rest.substr(path_start), url));
    return url;
}

hal::Result<size_t> write_host_header(const Url& url, hal::CharSpan out) {
    const size_t brackets = url.ipv6_literal ? 2 : 0;
    char digits[text::kMaxDecimalLength];
    const std::string_view port =
        url.default_port() ? std::string_view() : text::decimal(url.port, digits);
    const size_t port_length = port.empty() ? 0 : 1 + port.size();
    const size_t length = url.host.size() + brackets + port_length;
    if (length > out.size()) return Status::kBufferTooSmall;
    size_t at = 0;
    if (url.ipv6_literal) out[at++] = '[';
    for (const char c : url.host)
        out[at++] = c;
    if (url.ipv6_literal) out[at++] = ']';
    if (port.empty()) return length;
    out[at++] = ':';
    for (const char c : port)
        out[at++] = c;
    return length;
}

}  // namespace net::url
