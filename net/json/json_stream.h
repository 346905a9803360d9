// JsonStream: a push parser for one JSON value given in pieces of any size. It holds no
// part of the document: structure is reported as events, and a string value is decoded
// (escapes, \uXXXX and surrogate pairs) into a small buffer and handed out in pieces as
// it goes, so a string of any length costs the same RAM (docs/design.md §3). Keys are
// kept whole up to kMaxKeyLength bytes; scalars (numbers, true, false, null) up to
// kMaxScalarLength.
//
// Strict where it matters to the caller: the grammar (RFC 8259), nesting at most
// kMaxDepth, no control characters in strings. Lenient where the bytes only need to be
// shown: a byte sequence that is not UTF-8, and a lone surrogate escape, become U+FFFD,
// so every piece handed out is valid UTF-8 and ends on a character boundary.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "hal/status.h"
#include "net/json/json_config.h"  // kMaxDepth, kMaxKeyLength

#ifndef PARLEY_JSON_MAX_SCALAR_LENGTH
#define PARLEY_JSON_MAX_SCALAR_LENGTH 32  // a 64-bit integer is 20 characters
#endif
#ifndef PARLEY_JSON_STRING_PIECE_SIZE
#define PARLEY_JSON_STRING_PIECE_SIZE 64  // decoded string bytes handed out at a time (at most)
#endif

namespace net::json {

constexpr size_t kMaxScalarLength = PARLEY_JSON_MAX_SCALAR_LENGTH;
constexpr size_t kStringPieceSize = PARLEY_JSON_STRING_PIECE_SIZE;
static_assert(kStringPieceSize >= 8, "a piece holds at least one character");
static_assert(kMaxDepth <= 32, "the container stack is 32 bits");

// What a JsonStream reports, in document order. Views are valid during the call only.
class StreamEvents {
  public:
    // '{' (object) or '[' (array) opened; on_close when it closes.
    virtual void on_open(bool object) = 0;
    virtual void on_close() = 0;
    // An object member's key, decoded. A key longer than kMaxKeyLength is handed out cut
    // to kMaxKeyLength + 1 bytes, so it matches no key the caller looks for.
    virtual void on_key(std::string_view key) = 0;
    // A string value: its decoded bytes in order, in pieces of at most kStringPieceSize
    // (each valid UTF-8, none ending inside a character); `last` is true on the final
    // piece (which may be empty).
    virtual void on_string(std::string_view piece, bool last) = 0;
    // A number, true, false or null, as written.
    virtual void on_scalar(std::string_view token) = 0;

  protected:
    ~StreamEvents() = default;
};

class JsonStream {
  public:
    explicit JsonStream(StreamEvents& events) : events_(events) {}
    JsonStream(const JsonStream&) = delete;
    JsonStream& operator=(const JsonStream&) = delete;

    // Starts a new document.
    void reset();
    // Parses the next bytes. Once the document is broken (or complete) the rest is ignored.
    void feed(std::string_view bytes);
    // Parses the next bytes up to the end of the value, for a caller that finds where one
    // value ends in a longer stream: returns how many of `bytes` it took — all while the
    // value goes on; up to and including its last byte once complete() (a value that is
    // an object, an array or a string; a number or literal ends only at finish()); those
    // before the byte it refused once failed().
    size_t feed_value(std::string_view bytes);
    // At the end of the input: kOk when it held exactly one complete value (whitespace
    // around it allowed); kCorrupt when broken or cut short; kTooLarge when it nested
    // deeper than kMaxDepth or held a scalar over kMaxScalarLength.
    hal::Status finish();

    bool complete() const { return state_ == State::kDone; }
    bool failed() const { return state_ == State::kFailed; }
    // Open containers right now.
    size_t depth() const { return depth_; }
    // Once failed(): whether the refused byte came inside a string (or key). With depth()
    // this is where a scanner that only tracks strings and brackets can take over.
    bool failed_in_string() const;

  private:
    enum class State : uint8_t {
        kValue,         // a value must come
        kFirstValue,    // right after '[': a value or ']'
        kKeyOrClose,    // right after '{'
        kKey,           // after ',' in an object
        kColon,         // after a key
        kAfterValue,    // ',' or the container's close
        kString,        // inside a key or a string value
        kEscape,        // after a backslash
        kHex,           // inside \uXXXX
        kLowBackslash,  // after a high surrogate escape: "\" of the low one expected
        kLowU,          // "u" of the low surrogate expected
        kScalar,        // inside a number or literal
        kDone,          // one complete value read
        kFailed,
    };

    size_t parse(std::string_view bytes, bool stop_at_end);
    void step(char c);
    void step_structure(char c);
    void begin_value(char c);
    void open(bool object);
    void close(char c);
    void end_value();
    void step_string(char c);
    void step_escape(char c);
    void step_hex(char c);
    void end_string();
    void step_scalar(char c);
    bool end_scalar();
    void fail(hal::Status why);

    void take_byte(uint8_t byte);  // raw UTF-8, validated across pieces
    void finish_code_unit();       // after the fourth hex digit
    void put_code_point(uint32_t cp);
    void put_bytes(const char* bytes, size_t n);
    static size_t plain_ascii_run(std::string_view bytes);
    void put_run(const char* bytes, size_t n);
    void put_key_run(const char* bytes, size_t n);
    size_t scalar_run(std::string_view bytes);
    void flush(bool last);

    StreamEvents& events_;
    State state_ = State::kValue;
    State failed_in_ = State::kValue;  // the state the refused byte came in
    hal::Status failure_ = hal::Status::kOk;
    uint32_t containers_ = 0;  // bit d set: the container at depth d+1 is an object
    uint8_t depth_ = 0;
    bool in_key_ = false;
    bool low_expected_ = false;  // the \u being read should be a low surrogate
    uint8_t hex_digits_ = 0;
    uint32_t code_unit_ = 0;
    uint32_t high_surrogate_ = 0;
    // A raw multi-byte UTF-8 character being collected.
    uint8_t utf8_[4] = {};
    uint8_t utf8_have_ = 0;
    uint8_t utf8_need_ = 0;
    // Decoded bytes of the current string not yet handed out; the key being read.
    char out_[kStringPieceSize] = {};
    uint8_t out_length_ = 0;
    char key_[kMaxKeyLength + 1] = {};
    uint8_t key_length_ = 0;
    char scalar_[kMaxScalarLength] = {};
    uint8_t scalar_length_ = 0;
};

}  // namespace net::json
