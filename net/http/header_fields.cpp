#include "net/http/header_fields.h"

#include <cstdint>
#include <cstring>

#include "net/http/http_date.h"
#include "net/http/http_syntax.h"

namespace net::http {
namespace {

using hal::Status;

// Calls `visit(element)` for each trimmed, non-empty element of a comma list.
template <typename Visit>
Status for_each_element(std::string_view list, Visit visit) {
    while (!list.empty()) {
        const size_t comma = list.find(',');
        const std::string_view element = trim_whitespace(list.substr(0, comma));
        if (!element.empty()) HAL_TRY(visit(element));
        if (comma == std::string_view::npos) break;
        list.remove_prefix(comma + 1);
    }
    return Status::kOk;
}

Status apply_content_length(std::string_view value, ResponseHead& head) {
    const hal::Result<uint64_t> length = parse_decimal(value);
    if (!length.ok()) return length.status();
    if (head.has_content_length && head.content_length != length.value()) return Status::kCorrupt;
    head.has_content_length = true;
    head.content_length = length.value();
    return Status::kOk;
}

Status apply_transfer_encoding(std::string_view value, ResponseHead& head) {
    return for_each_element(value, [&head](std::string_view coding) {
        if (!equals_ignoring_case(coding, "chunked")) return Status::kUnsupported;
        if (head.chunked) return Status::kCorrupt;  // chunked must be applied once
        head.chunked = true;
        return Status::kOk;
    });
}

Status apply_connection(std::string_view value, ConnectionTokens& connection) {
    return for_each_element(value, [&connection](std::string_view option) {
        if (equals_ignoring_case(option, "close")) connection.close = true;
        if (equals_ignoring_case(option, "keep-alive")) connection.keep_alive = true;
        return Status::kOk;
    });
}

void apply_retry_after(std::string_view value, ResponseHead& head) {
    const hal::Result<uint64_t> delay = parse_decimal(value);
    if (delay.ok() && delay.value() <= static_cast<uint64_t>(INT64_MAX)) {
        head.retry_after_form = RetryAfterForm::kDelay;
        head.retry_after = static_cast<int64_t>(delay.value());
        return;
    }
    const hal::Result<int64_t> date = parse_http_date(value);
    if (!date.ok()) return;
    head.retry_after_form = RetryAfterForm::kDate;
    head.retry_after = date.value();
}

void apply_date(std::string_view value, ResponseHead& head) {
    const hal::Result<int64_t> date = parse_http_date(value);
    if (!date.ok()) return;
    head.has_date = true;
    head.date = date.value();
}

void apply_content_type(std::string_view value, ResponseHead& head) {
    const size_t kept = value.size() < kMaxContentTypeLength ? value.size() : kMaxContentTypeLength;
    if (kept > 0) std::memcpy(head.content_type_text, value.data(), kept);
    head.content_type_length = static_cast<uint8_t>(kept);
    head.content_type_truncated = kept < value.size();
}

}  // namespace

Status apply_header_field(std::string_view name, std::string_view value, ResponseHead& head,
                          ConnectionTokens& connection, bool read_date) {
    if (equals_ignoring_case(name, "Content-Length")) return apply_content_length(value, head);
    if (equals_ignoring_case(name, "Transfer-Encoding")) {
        return apply_transfer_encoding(value, head);
    }
    if (equals_ignoring_case(name, "Connection")) return apply_connection(value, connection);
    if (equals_ignoring_case(name, "Retry-After")) apply_retry_after(value, head);
    if (read_date && equals_ignoring_case(name, "Date")) apply_date(value, head);
    if (equals_ignoring_case(name, "Content-Type")) apply_content_type(value, head);
    return Status::kOk;
}

void settle_keep_alive(const ConnectionTokens& connection, ResponseHead& head) {
    const bool persistent_by_default = head.minor_version >= 1;
    head.keep_alive = !connection.close && (persistent_by_default || connection.keep_alive);
}

}  // namespace net::http
