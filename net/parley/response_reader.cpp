#include "net/parley/response_reader.h"
#include "net/json/json_raw.h"
#include "net/text/ascii.h"

namespace net::parley {
namespace {

constexpr std::string_view kDataKey = "data";  // the envelope's elements
constexpr std::string_view kStatusKey = "status";
constexpr std::string_view kNotificationsKey = "notifications";

}  // namespace

ResponseReader::ResponseReader(hal::CharSpan capture, DataHandler* data)
    : splitter_(capture, kDataKey, *this), data_(data) {}

bool ResponseReader::wants_member(std::string_view key) {
    if (key == kStatusKey || key == kNotificationsKey) return true;
    return data_ != nullptr && data_->wants_member(key);
}

void ResponseReader::on_member(std::string_view key, std::string_view json) {
    if (key == kStatusKey) {
        read_status(json);
    } else if (key == kNotificationsKey) {
        read_notifications(json);
    } else if (data_ != nullptr) {
        data_->on_member(key, json);
    }
}

void ResponseReader::on_element(std::string_view json) {
    if (data_ == nullptr) return;
    data_->on_element(json);
}

void ResponseReader::on_oversize_element(std::string_view prefix, uint64_t size) {
    if (data_ != nullptr) data_->on_oversize_element(prefix, size);
}

// "SUCCESS" or "ERROR"; anything else (or absent) leaves the HTTP status to decide.
void ResponseReader::read_status(std::string_view json) {
    if (json::validate(json) != hal::Status::kOk) return;
    char word[8];
    const hal::Result<std::string_view> status =
        json::RawValue(json).as_string(hal::CharSpan(word));
    status_error_ = status.ok() && text::equals_ignoring_case(status.value(), "ERROR");
}

// The machine-readable error is the first notification's "message" (docs/protocol.md §5).
void ResponseReader::read_notifications(std::string_view json) {
    if (have_error_ || json::validate(json) != hal::Status::kOk) return;
    have_error_ = json::RawValue(json).at(0)["message"].read_text(&error_);
}

}  // namespace net::parley
