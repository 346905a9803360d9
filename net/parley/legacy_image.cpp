#include "net/parley/legacy_image.h"

#include <cstddef>

namespace net::parley {
namespace {

constexpr std::string_view kMediaSegment = "media/";
constexpr size_t kMaxDatePartDigits = 4;  // "2024", "05", "1"

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

// Visible ASCII without the characters that could start a query, a fragment, an escape
// or another path segment (the filename is percent-encoded again on the way out).
bool is_file_char(char c) {
    return c > ' ' && c < '\x7f' && c != '/' && c != '\\' && c != '?' && c != '#' && c != '%';
}

// Takes the text up to the next '/' (or the end when `last`) off the front of `rest`.
bool take_segment(std::string_view* rest, bool last, std::string_view* out) {
    const size_t slash = rest->find('/');
    if (last == (slash != std::string_view::npos)) return false;
    *out = rest->substr(0, slash);
    *rest = last ? std::string_view() : rest->substr(slash + 1);
    return true;
}

bool is_date_part(std::string_view part) {
    if (part.empty() || part.size() > kMaxDatePartDigits) return false;
    for (const char c : part) {
        if (!is_digit(c)) return false;
    }
    return true;
}

bool is_file_name(std::string_view name) {
    if (name.empty() || name.size() > kMaxFilenameLength || name == "." || name == "..") {
        return false;
    }
    for (const char c : name) {
        if (!is_file_char(c)) return false;
    }
    return true;
}

// `image` without the base path or the single leading '/' in front of "media/".
std::string_view strip_prefix(std::string_view image, std::string_view base_path) {
    const bool under_base = !base_path.empty() && image.size() > base_path.size() &&
                            image.substr(0, base_path.size()) == base_path &&
                            image[base_path.size()] == '/';
    if (under_base) image.remove_prefix(base_path.size());
    if (!image.empty() && image.front() == '/') image.remove_prefix(1);
    return image;
}

}  // namespace

hal::Status media_from_image_path(std::string_view image, std::string_view base_path, Media* out) {
    out->present = false;
    std::string_view rest = strip_prefix(image, base_path);
    if (rest.substr(0, kMediaSegment.size()) != kMediaSegment) return hal::Status::kInvalidArgument;
    rest.remove_prefix(kMediaSegment.size());
    std::string_view year;
    std::string_view month;
    std::string_view day;
    std::string_view file;
    const bool split = take_segment(&rest, false, &year) && take_segment(&rest, false, &month) &&
                       take_segment(&rest, false, &day) && take_segment(&rest, true, &file);
    if (!split || !is_date_part(year) || !is_date_part(month) || !is_date_part(day) ||
        !is_file_name(file)) {
        return hal::Status::kInvalidArgument;
    }
    out->id.clear();
    out->mime_type.clear();
    out->description.clear();
    out->year.assign(year);
    out->month.assign(month);
    out->day.assign(day);
    out->filename.assign(file);
    out->present = true;
    return hal::Status::kOk;
}

std::string_view image_file_name(std::string_view image) {
    const size_t slash = image.rfind('/');
    return slash == std::string_view::npos ? image : image.substr(slash + 1);
}

}  // namespace net::parley
