// JsonWriter: builds a small JSON request body in a caller-owned buffer — objects,
// string members (escaped), integer and boolean members — with commas placed for the
// caller. Bounded: a body that does not fit leaves the writer failed (kBufferTooSmall),
// and strings that are not valid UTF-8 fail it with kInvalidArgument; check status()
// once at the end. Nesting is at most kMaxJsonWriterDepth objects.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "hal/span.h"
#include "hal/status.h"
#include "net/http/buffer_writer.h"

namespace net::json {

constexpr size_t kMaxJsonWriterDepth = 4;

class JsonWriter {
  public:
    explicit JsonWriter(hal::CharSpan out) : out_(out) {}

    JsonWriter& begin_object();                      // "{" (as a value)
    JsonWriter& begin_object(std::string_view key);  // "key":{
    JsonWriter& end_object();
    JsonWriter& begin_array(std::string_view key);  // "key":[
    JsonWriter& end_array();
    JsonWriter& string(std::string_view key, std::string_view value);
    JsonWriter& integer(std::string_view key, int64_t value);
    JsonWriter& integer(int64_t value);  // an array element
    JsonWriter& boolean(std::string_view key, bool value);

    hal::Status status() const;
    std::string_view view() const { return out_.view(); }

  private:
    void separate();
    void key(std::string_view name);
    void quoted(std::string_view text);
    void number(int64_t value);
    void push();
    void pop();

    http::BufferWriter out_;
    bool invalid_ = false;
    uint8_t depth_ = 0;
    bool first_[kMaxJsonWriterDepth + 1] = {};  // no member yet at this depth
};

}  // namespace net::json
