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
        kTake,         // every byte given belongs to the value, which goes on
        kTakeAndEnd,   // the value ended with the last byte taken
        kEndedBefore,  // a scalar ended just before the byte after those taken (the caller's)
        kCorrupt,      // the byte after those taken cannot be part of a JSON value here
    };
    struct Scan {
        size_t taken;  // bytes of `text` that belong to the value
        Step step;
    };

    // Starts a new value; the next byte scanned is its first (never whitespace).
    void start() { kind_ = Kind::kNone; }
    // Goes on inside a container whose walk another parser began: `depth` brackets open
    // (at least 1), inside a string or not (not right after a backslash).
    void resume_container(uint32_t depth, bool in_string) {
        kind_ = Kind::kContainer;
        depth_ = depth;
        inside_string_ = in_string;
        escaped_ = false;
    }
    // Takes the bytes of `text` that belong to the value, in one pass: a string's inside
    // and a container's members cost a comparison or two per byte, not a call.
    Scan scan(std::string_view text);

  private:
    enum class Kind : uint8_t { kNone, kContainer, kString, kScalar };

    bool first(char c);
    Scan in_container(std::string_view text, size_t i);
    Scan in_string(std::string_view text, size_t i);
    static Scan in_scalar(std::string_view text, size_t i);

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
