// JsonDocument: parses one JSON document with cJSON into a caller-owned bump arena
// (docs/design.md §3). Nothing is freed piecemeal: the arena is reset when the next document
// is parsed, so every view handed out lives until then. Input size and nesting depth
// are capped before cJSON sees the bytes. Never touches the C heap.
// Single-threaded: cJSON's allocation hooks are process-wide, and a document installs
// its arena in them only for the duration of parse().
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "hal/result.h"
#include "hal/span.h"
#include "net/json/json_config.h"  // kMaxDepth

struct cJSON;

namespace net::json {

// A JSON value inside a parsed document; a null view when absent.
class Value {
  public:
    Value() = default;
    explicit Value(const cJSON* node) : node_(node) {}

    bool present() const { return node_ != nullptr; }
    bool is_object() const;
    bool is_array() const;
    bool is_string() const;
    bool is_number() const;
    bool is_null() const;

    // A member of an object (case-sensitive), or absent.
    Value operator[](const char* key) const;
    // Array elements: size() and at(i) (absent past the end).
    size_t size() const;
    Value at(size_t index) const;

    // The string, or kInvalidArgument when this is not a string.
    hal::Result<std::string_view> as_string() const;
    // An integer given either as a JSON number or as a string of decimal digits (the
    // service sends numbers both ways). kInvalidArgument for anything else, fractions,
    // or values outside int64.
    hal::Result<int64_t> as_int64() const;

  private:
    const cJSON* node_ = nullptr;
};

class JsonDocument {
  public:
    explicit JsonDocument(hal::ByteSpan arena) : arena_(arena) {}
    JsonDocument(const JsonDocument&) = delete;
    JsonDocument& operator=(const JsonDocument&) = delete;

    // Parses `text` (not NUL-terminated). Errors: kTooLarge (input over max_input(), or
    // deeper than kMaxDepth), kOutOfMemory (the arena filled up), kCorrupt (not JSON).
    // On error root() is absent.
    hal::Status parse(std::string_view text);

    Value root() const { return Value(root_); }

    // The longest input accepted: a document never needs more bytes of text than of
    // arena, so anything larger cannot fit and is refused before parsing.
    size_t max_input() const { return arena_.size(); }
    // Arena bytes used by the last parse (for sizing).
    size_t arena_used() const { return used_; }

    // Called by the allocation hook; public only for it.
    void* allocate(size_t size);

  private:
    hal::ByteSpan arena_;
    size_t used_ = 0;
    bool exhausted_ = false;
    const cJSON* root_ = nullptr;
};

// True when `text` nests arrays/objects deeper than `max_depth` (strings are skipped
// correctly, escapes included). A linear pre-scan: cheap, no allocation.
bool nests_deeper_than(std::string_view text, size_t max_depth);

}  // namespace net::json
