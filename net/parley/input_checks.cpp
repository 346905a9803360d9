#include "net/parley/input_checks.h"

#include "net/parley/parley_config.h"
#include "net/text/ascii.h"
#include "net/text/utf8.h"

namespace net::parley {
namespace {

using hal::Status;

constexpr size_t kMinVersionLength = 5;
constexpr size_t kMaxVersionLength = 8;
constexpr size_t kMaxBoundaryLength = 70;  // RFC 2046 §5.1.1
constexpr int kUserMessage = 1;
constexpr int kSilentUserMessage = 4;

constexpr std::string_view kMediaTypes[] = {"image/jpeg", "image/png", "image/gif",
                                            "application/pdf"};

using text::is_digit;
using text::is_visible;

bool is_blank(std::string_view text) {
    for (const char c : text) {
        if (!text::is_space(c)) return false;
    }
    return true;
}

// RFC 2046 bchars, without the space (a trailing space is not allowed, and no
// generated boundary needs one).
bool is_boundary_char(char c) {
    return text::is_alnum(c) || std::string_view("'()+_,-./:=?").find(c) != std::string_view::npos;
}

Status check_boundary(std::string_view boundary) {
    if (boundary.empty()) return Status::kOk;  // the default is used
    if (boundary.size() > kMaxBoundaryLength) return Status::kInvalidArgument;
    for (const char c : boundary) {
        if (!is_boundary_char(c)) return Status::kInvalidArgument;
    }
    return Status::kOk;
}

// The filename sits in a quoted part-header parameter: no quote, backslash or control.
Status check_filename(std::string_view filename) {
    if (filename.empty() || filename.size() > kMaxFilenameLength) return Status::kInvalidArgument;
    for (const char c : filename) {
        const auto byte = static_cast<unsigned char>(c);
        if (byte < 0x20 || byte == 0x7f || c == '"' || c == '\\') return Status::kInvalidArgument;
    }
    return text::count_code_points(filename).ok() ? Status::kOk : Status::kInvalidArgument;
}

Status check_media_type(std::string_view mime_type) {
    for (const std::string_view known : kMediaTypes) {
        if (text::equals_ignoring_case(mime_type, known)) return Status::kOk;
    }
    return Status::kInvalidArgument;
}

}  // namespace

Status check_device_id(std::string_view device_id) {
    if (device_id.size() < kMinDeviceIdLength || device_id.size() > kMaxDeviceIdLength) {
        return Status::kInvalidArgument;
    }
    for (const char c : device_id) {
        if (!is_visible(c)) return Status::kInvalidArgument;
    }
    return Status::kOk;
}

Status check_version(std::string_view version) {
    if (version.size() < kMinVersionLength || version.size() > kMaxVersionLength) {
        return Status::kInvalidArgument;
    }
    // Digits in groups separated by single dots, no dot first or last.
    bool after_digit = false;
    for (const char c : version) {
        if (c == '.' && !after_digit) return Status::kInvalidArgument;
        if (c != '.' && !is_digit(c)) return Status::kInvalidArgument;
        after_digit = is_digit(c);
    }
    return after_digit ? Status::kOk : Status::kInvalidArgument;
}

Status check_text(std::string_view text) {
    if (is_blank(text)) return Status::kInvalidArgument;
    const hal::Result<size_t> characters = text::count_code_points(text);
    if (!characters.ok()) return Status::kInvalidArgument;
    return characters.value() <= kMaxTextLength ? Status::kOk : Status::kInvalidArgument;
}

Status check_text(const text::TextReader& text) {
    char chunk[kTextCheckChunk];
    bool blank = true;
    text::Utf8Counter counter;
    HAL_TRY(text::for_each_piece(text, hal::CharSpan(chunk), [&](std::string_view piece) {
        blank = blank && is_blank(piece);
        counter.feed(piece);
        return true;
    }));
    if (blank) return Status::kInvalidArgument;
    const hal::Result<size_t> characters = counter.result();
    if (!characters.ok()) return Status::kInvalidArgument;
    return characters.value() <= kMaxTextLength ? Status::kOk : Status::kInvalidArgument;
}

Status check_send_type(int type_id) {
    return (type_id == kUserMessage || type_id == kSilentUserMessage) ? Status::kOk
                                                                      : Status::kInvalidArgument;
}

Status check_media_upload(const MediaUpload& upload) {
    if (upload.source == nullptr || upload.size == 0) return Status::kInvalidArgument;
    if (upload.size > kMaxMediaSize) return Status::kInvalidArgument;
    HAL_TRY(check_media_type(upload.mime_type));
    HAL_TRY(check_filename(upload.filename));
    return check_boundary(upload.boundary);
}

Status check_header_value(std::string_view value) {
    for (const char c : value) {
        if (!is_visible(c) && c != ' ') return Status::kInvalidArgument;
    }
    return Status::kOk;
}

}  // namespace net::parley
