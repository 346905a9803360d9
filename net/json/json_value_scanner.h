// JsonValueScanner: finds where one JSON value ends in a byte stream, one byte at a time,
// without storing it: it tracks nesting depth, strings and escapes, so brackets and
// quotes inside strings never confuse it. It checks only what it needs to find the end
// (a scalar's characters, balanced brackets); the value itself is validated by whoever
// parses it. Used by JsonPageSplitter for elements and top-level members.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace net::json {

class JsonValueScanner {
  public:
    enum class Step : uint8_t {
        kTake,         // the byte belongs to the value, which goes on
        kTakeAndEnd,   // the byte is the value's last
        kEndedBefore,  // a scalar ended just before this byte (the byte is the caller's)
        kCorrupt,      // the byte cannot be part of a JSON value here
    };

    // Starts a new value; the next byte fed is its first (never whitespace).
    void start() { kind_ = Kind::kNone; }
    Step feed(char c);
    // How many of the first bytes of `text` feed() would take without a change of state
    // (the inside of a string, the members of a container between strings and brackets,
    // a scalar's characters): the caller may take them as one run and feed the rest.
    size_t plain_run(std::string_view text) const;

  private:
    enum class Kind : uint8_t { kNone, kContainer, kString, kScalar };

    Step first(char c);
    Step in_container(char c);
    Step in_string(char c);
    static Step in_scalar(char c);

    Kind kind_ = Kind::kNone;
    bool inside_string_ = false;  // within a string nested in a container
    bool escaped_ = false;        // the previous byte was a backslash inside a string
    uint32_t depth_ = 0;          // open brackets (bounded by the body size, 32 bits is ample)
};

// The length of the JSON value that starts at text[at], or 0 when it does not end within
// the text (or is not a value there). The walk of raw JSON text held whole.
size_t value_length(std::string_view text, size_t at);

// The first index at or after `at` that is not JSON white space (text.size() if none).
size_t skip_space(std::string_view text, size_t at);

}  // namespace net::json
