#include "net/http/response_lines.h"

#include <cstddef>

#include "net/http/http_syntax.h"
#include "net/text/ascii.h"

namespace net::http {
namespace {

using hal::Status;

constexpr std::string_view kHttpOne = "HTTP/1.";
constexpr size_t kStatusCodeDigits = 3;
constexpr uint64_t kMinStatus = 100;
constexpr uint64_t kMaxStatus = 599;

using text::is_digit;

}  // namespace

hal::Result<StatusLine> parse_status_line(std::string_view line) {
    // "HTTP/1.1 200" is the shortest well-formed line.
    const size_t code_at = kHttpOne.size() + 2;
    if (line.size() < code_at + kStatusCodeDigits || line.substr(0, kHttpOne.size()) != kHttpOne) {
        return Status::kCorrupt;
    }
    const char minor = line[kHttpOne.size()];
    if (!is_digit(minor) || line[kHttpOne.size() + 1] != ' ') return Status::kCorrupt;
    const hal::Result<uint64_t> code = parse_decimal(line.substr(code_at, kStatusCodeDigits));
    if (!code.ok() || code.value() < kMinStatus || code.value() > kMaxStatus) {
        return Status::kCorrupt;
    }
    const std::string_view rest = line.substr(code_at + kStatusCodeDigits);
    if (!rest.empty() && (rest[0] != ' ' || !is_field_value(rest))) return Status::kCorrupt;
    StatusLine status;
    status.minor_version = minor == '0' ? 0 : 1;
    status.status = static_cast<uint16_t>(code.value());
    return status;
}

hal::Result<HeaderLine> parse_header_line(std::string_view line) {
    const size_t colon = line.find(':');
    if (colon == std::string_view::npos) return Status::kCorrupt;
    HeaderLine header;
    header.name = line.substr(0, colon);
    // A token cannot hold whitespace, so this also refuses folding and "name : value".
    if (!is_token(header.name)) return Status::kCorrupt;
    const std::string_view value = line.substr(colon + 1);
    if (!is_field_value(value)) return Status::kCorrupt;
    header.value = trim_whitespace(value);
    return header;
}

hal::Result<uint64_t> parse_chunk_size_line(std::string_view line) {
    const size_t semicolon = line.find(';');
    const std::string_view before_extensions = line.substr(0, semicolon);
    // The size comes first; only whitespace may follow it before an extension.
    const std::string_view size =
        before_extensions.substr(0, before_extensions.find_first_of(" \t"));
    if (!trim_whitespace(before_extensions.substr(size.size())).empty()) return Status::kCorrupt;
    if (semicolon != std::string_view::npos && !is_field_value(line.substr(semicolon))) {
        return Status::kCorrupt;
    }
    return parse_hex(size);
}

}  // namespace net::http
