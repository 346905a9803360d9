#include "net/parley/response_reader.h"
#include "net/text/ascii.h"

namespace net::parley {
namespace {

constexpr std::string_view kDataKey = "data";  // the envelope's elements
constexpr std::string_view kStatusKey = "status";
constexpr std::string_view kNotificationsKey = "notifications";

}  // namespace

ResponseReader::ResponseReader(hal::CharSpan capture, json::JsonDocument& doc, DataHandler* data)
    : splitter_(capture, kDataKey, *this), doc_(doc), data_(data) {}

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
    note_arena();
}

void ResponseReader::on_element(std::string_view json) {
    if (data_ == nullptr) return;
    data_->on_element(json);
    note_arena();
}

void ResponseReader::on_oversize_element(std::string_view prefix, uint64_t size) {
    if (data_ != nullptr) data_->on_oversize_element(prefix, size);
}

// "SUCCESS" or "ERROR"; anything else (or absent) leaves the HTTP status to decide.
void ResponseReader::read_status(std::string_view json) {
    if (doc_.parse(json) != hal::Status::kOk) return;
    const std::string_view status = doc_.root().as_string().value_or(std::string_view());
    status_error_ = text::equals_ignoring_case(status, "ERROR");
}

// The machine-readable error is the first notification's "message" (docs/protocol.md §5).
void ResponseReader::read_notifications(std::string_view json) {
    if (have_error_ || doc_.parse(json) != hal::Status::kOk) return;
    const hal::Result<std::string_view> message = doc_.root().at(0)["message"].as_string();
    if (!message.ok()) return;
    error_.assign(message.value());
    have_error_ = true;
}

void ResponseReader::note_arena() {
    if (doc_.arena_used() > peak_arena_) peak_arena_ = doc_.arena_used();
}

}  // namespace net::parley
