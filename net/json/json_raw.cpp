#include "net/json/json_raw.h"

#include <cstring>

#include "net/json/json_chars.h"
#include "net/json/json_integer.h"
#include "net/json/json_member_lookup.h"
#include "net/json/json_stream.h"
#include "net/json/json_value_scanner.h"
#include "net/text/ascii.h"
#include "net/text/slice.h"
#include "net/text/utf8.h"

namespace net::json {
namespace {

std::string_view trim(std::string_view text) {
    while (!text.empty() && chars::is_json_space(text.front()))
        text.remove_prefix(1);
    while (!text.empty() && chars::is_json_space(text.back()))
        text.remove_suffix(1);
    return text;
}

// A string of printable ASCII with no escape ("SUCCESS", a paging path, an id): valid as
// it stands and decoded by copying, so the common case skips the parser.
bool is_plain_string(std::string_view raw) {
    if (raw.size() < 2 || raw.front() != '"' || raw.back() != '"') return false;
    for (size_t i = 1; i + 1 < raw.size(); ++i) {
        if (chars::has(raw[i], chars::kNotPlainString)) return false;
    }
    return true;
}

// Accepts a document and drops every event: the grammar check alone.
class Discard final : public StreamEvents {
  public:
    void on_open(bool) override {}
    void on_close() override {}
    void on_key(std::string_view) override {}
    void on_string(std::string_view, bool) override {}
    void on_scalar(std::string_view) override {}
};

// Collects a string value's decoded pieces into a bounded buffer.
class Collect final : public StreamEvents {
  public:
    Collect(char* out, size_t capacity) : out_(out), capacity_(capacity) {}
    void on_open(bool) override { not_string = true; }
    void on_close() override {}
    void on_key(std::string_view) override {}
    void on_scalar(std::string_view) override { not_string = true; }
    void on_string(std::string_view piece, bool) override {
        if (cut) return;
        const size_t room = capacity_ - length;
        if (piece.size() > room) {  // whole characters only
            piece = piece.substr(0, text::utf8_prefix_length(piece, room));
            cut = true;
        }
        std::memcpy(out_ + length, piece.data(), piece.size());
        length += piece.size();
    }
    size_t length = 0;
    bool cut = false;
    bool not_string = false;

  private:
    char* out_;
    size_t capacity_;
};

}  // namespace

hal::Status validate(std::string_view json) {
    // The envelope's common small parts need no parser: "SUCCESS", [] and {}.
    const std::string_view value = trim(json);
    if (is_plain_string(value) || value == "[]" || value == "{}") return hal::Status::kOk;
    Discard discard;
    JsonStream stream(discard);
    stream.feed(json);
    return stream.finish();
}

RawValue::RawValue(std::string_view raw) : raw_(trim(raw)) {}

RawValue RawValue::operator[](std::string_view key) const {
    if (!is_object()) return RawValue();
    return RawValue(find_member(raw_, key).value_or(std::string_view()));
}

// Walks the elements of an array: the index-th, or absent (`count` gets how many).
RawValue RawValue::at(size_t index) const {
    if (!is_array()) return RawValue();
    size_t at = skip_space(raw_, 1);
    for (size_t i = 0; at < raw_.size() && raw_[at] != ']'; ++i) {
        const size_t length = value_length(raw_, at);
        if (length == 0) return RawValue();
        if (i == index) return RawValue(raw_.substr(at, length));
        at = skip_space(raw_, at + length);
        if (at < raw_.size() && raw_[at] == ',') at = skip_space(raw_, at + 1);
    }
    return RawValue();
}

size_t RawValue::size() const {
    if (!is_array()) return 0;
    size_t count = 0;
    while (at(count).present())
        ++count;
    return count;
}

bool RawValue::decode_into(char* out, size_t capacity, uint16_t* length, bool* cut) const {
    if (!is_string()) return false;
    if (is_plain_string(raw_)) {
        const std::string_view inside = text::slice(raw_, 1, raw_.size() - 2);
        *cut = inside.size() > capacity;
        *length = static_cast<uint16_t>(*cut ? capacity : inside.size());
        std::memcpy(out, inside.data(), *length);
        out[*length] = '\0';
        return true;
    }
    Collect collect(out, capacity);
    JsonStream stream(collect);
    stream.feed(raw_);
    const bool ok = stream.finish() == hal::Status::kOk && !collect.not_string;
    *length = ok ? static_cast<uint16_t>(collect.length) : 0;
    *cut = ok && collect.cut;
    out[*length] = '\0';
    return ok;
}

hal::Result<std::string_view> RawValue::as_string(hal::CharSpan out) const {
    if (!is_string() || out.empty()) return hal::Status::kInvalidArgument;
    uint16_t length = 0;
    bool cut = false;
    if (!decode_into(out.data(), out.size() - 1, &length, &cut)) {
        return hal::Status::kInvalidArgument;
    }
    if (cut) return hal::Status::kTooLarge;
    return std::string_view(out.data(), length);
}

hal::Result<int64_t> RawValue::as_int64() const {
    if (is_string()) {
        char digits[32];
        const hal::Result<std::string_view> text = as_string(hal::CharSpan(digits));
        if (!text.ok()) return hal::Status::kInvalidArgument;
        return parse_integer_text(text.value());
    }
    if (!present() || is_object() || is_array()) return hal::Status::kInvalidArgument;
    return integer_from_number(raw_);
}

}  // namespace net::json
