#include "net/json/json_writer.h"

#include "net/json/json_escape.h"
#include "net/text/number.h"
#include "net/text/utf8.h"

namespace net::json {

void JsonWriter::separate() {
    if (!first_[depth_]) out_.append(',');
    first_[depth_] = false;
}

void JsonWriter::quoted(std::string_view text) {
    if (!text::count_code_points(text).ok()) invalid_ = true;
    out_.append('"');
    char escaped[kMaxEscapeLength];
    for (const char c : text)
        out_.append(std::string_view(escaped, escape_json_byte(c, escaped)));
    out_.append('"');
}

void JsonWriter::key(std::string_view name) {
    separate();
    quoted(name);
    out_.append(':');
}

void JsonWriter::push() {
    if (depth_ == kMaxJsonWriterDepth) {
        invalid_ = true;
        return;
    }
    first_[++depth_] = true;
}

void JsonWriter::pop() {
    if (depth_ == 0) {
        invalid_ = true;
        return;
    }
    --depth_;
}

JsonWriter& JsonWriter::begin_object() {
    if (depth_ > 0) separate();
    out_.append('{');
    push();
    return *this;
}

JsonWriter& JsonWriter::begin_object(std::string_view name) {
    key(name);
    out_.append('{');
    push();
    return *this;
}

JsonWriter& JsonWriter::end_object() {
    out_.append('}');
    pop();
    return *this;
}

JsonWriter& JsonWriter::begin_array(std::string_view name) {
    key(name);
    out_.append('[');
    push();
    return *this;
}

JsonWriter& JsonWriter::end_array() {
    out_.append(']');
    pop();
    return *this;
}

JsonWriter& JsonWriter::string(std::string_view name, std::string_view value) {
    key(name);
    quoted(value);
    return *this;
}

void JsonWriter::number(int64_t value) {
    char digits[text::kMaxDecimalLength];
    out_.append(text::signed_decimal(value, digits));
}

JsonWriter& JsonWriter::integer(std::string_view name, int64_t value) {
    key(name);
    number(value);
    return *this;
}

JsonWriter& JsonWriter::integer(int64_t value) {
    separate();
    number(value);
    return *this;
}

JsonWriter& JsonWriter::boolean(std::string_view name, bool value) {
    key(name);
    out_.append(value ? "true" : "false");
    return *this;
}

hal::Status JsonWriter::status() const {
    if (invalid_ || depth_ != 0) return hal::Status::kInvalidArgument;
    return out_.status();
}

}  // namespace net::json
