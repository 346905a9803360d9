#include "net/http/request_writer.h"

#include "net/http/http_syntax.h"
#include "net/url/percent_encode.h"

namespace net::http {
namespace {

using hal::Status;

constexpr std::string_view kLineEnd = "\r\n";
constexpr std::string_view kVersion = " HTTP/1.1";

// Headers the client writes itself; a caller's copy would break the framing.
constexpr std::string_view kReservedHeaders[] = {"Host", "Content-Length", "Transfer-Encoding"};

Status check_target(const Request& request) {
    const std::string_view first = request.path_prefix.empty() ? request.path : request.path_prefix;
    if (!first.empty() && first[0] != '/') return Status::kInvalidArgument;
    if (!request.path_prefix.empty() && !request.path.empty() && request.path[0] != '/') {
        return Status::kInvalidArgument;
    }
    const bool prefix_ok = request.path_prefix_checked || is_target_text(request.path_prefix);
    return prefix_ok && is_target_text(request.path) ? Status::kOk : Status::kInvalidArgument;
}

bool is_reserved(std::string_view name) {
    for (const std::string_view reserved : kReservedHeaders) {
        if (equals_ignoring_case(name, reserved)) return true;
    }
    return false;
}

Status check_headers(const Request& request) {
    for (const Header& header : request.headers) {
        if (header.checked) continue;
        if (!is_token(header.name) || is_reserved(header.name)) return Status::kInvalidArgument;
        if (!is_field_value(header.value) || !is_field_value(header.more[0]) ||
            !is_field_value(header.more[1])) {
            return Status::kInvalidArgument;
        }
    }
    return is_field_value(request.content_type) ? Status::kOk : Status::kInvalidArgument;
}

Status check_request(const Request& request) {
    if (request.body_source != nullptr && !request.body.empty()) return Status::kInvalidArgument;
    HAL_TRY(check_target(request));
    return check_headers(request);
}

void write_query(const Request& request, BufferWriter& out) {
    if (request.query.empty()) return;
    const bool has_query =
        (!request.path_prefix_checked && request.path_prefix.find('?') != std::string_view::npos) ||
        request.path.find('?') != std::string_view::npos;
    char separator = has_query ? '&' : '?';
    for (const QueryParam& param : request.query) {
        out.append(separator).append_encoded(url::percent_encode, param.name);
        out.append('=').append_encoded(url::percent_encode, param.value);
        separator = '&';
    }
}

void write_request_line(const Request& request, BufferWriter& out) {
    out.append(method_name(request.method)).append(' ');
    if (request.path_prefix.empty() && request.path.empty()) out.append('/');
    out.append(request.path_prefix).append(request.path);
    write_query(request, out);
    out.append(kVersion).append(kLineEnd);
}

void write_header(const Header& header, BufferWriter& out) {
    out.append(header.name).append(": ").append(header.value);
    out.append(header.more[0]).append(header.more[1]).append(kLineEnd);
}

bool needs_content_length(const Request& request) {
    const Method m = request.method;
    const bool body_method = m == Method::kPost || m == Method::kPut || m == Method::kPatch;
    return body_method || request.content_length() > 0;
}

}  // namespace

std::string_view method_name(Method method) {
    switch (method) {
        case Method::kGet:
            return "GET";
        case Method::kHead:
            return "HEAD";
        case Method::kPost:
            return "POST";
        case Method::kPut:
            return "PUT";
        case Method::kPatch:
            return "PATCH";
        case Method::kDelete:
            return "DELETE";
    }
    return "GET";
}

Status check_path_prefix(std::string_view prefix) {
    if (!prefix.empty() && prefix[0] != '/') return Status::kInvalidArgument;
    const bool ok = is_target_text(prefix) && prefix.find('?') == std::string_view::npos;
    return ok ? Status::kOk : Status::kInvalidArgument;
}

Status write_request_head(const Request& request, std::string_view host, BufferWriter& out) {
    HAL_TRY(check_request(request));
    if (!is_field_value(host) || host.empty()) return Status::kInvalidArgument;
    write_request_line(request, out);
    write_header(Header{"Host", host}, out);
    for (const Header& header : request.headers)
        write_header(header, out);
    if (!request.content_type.empty())
        write_header(Header{"Content-Type", request.content_type}, out);
    if (needs_content_length(request)) {
        out.append("Content-Length: ").append_decimal(request.content_length()).append(kLineEnd);
    }
    out.append(kLineEnd);
    return out.status();
}

}  // namespace net::http
