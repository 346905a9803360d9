// RawValue: one JSON value read in place from a small text held whole — a captured part
// of a response (status, notifications, paging, the small endpoints' data) or the OAuth
// token answer — with no tree and no arena: members and elements are found by walking
// the text (JsonValueScanner), strings are decoded (escapes, \uXXXX) straight into the
// caller's destination. Check the text once with validate() before reading it: the
// walk assumes well-formed JSON. Keys are compared as sent (escapes not decoded); a
// repeated key reads as its first occurrence.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "hal/result.h"
#include "hal/span.h"
#include "hal/status.h"
#include "net/text/bounded_text.h"

namespace net::json {

// kOk when `json` is exactly one JSON value (JsonStream's grammar, nesting at most
// kMaxDepth); kCorrupt otherwise; kTooLarge when nested too deeply or a number is over
// kMaxScalarLength.
hal::Status validate(std::string_view json);

class RawValue {
  public:
    RawValue() = default;
    // `raw`: one value's text (leading and trailing whitespace allowed).
    explicit RawValue(std::string_view raw);

    bool present() const { return !raw_.empty(); }
    bool is_object() const { return first() == '{'; }
    bool is_array() const { return first() == '['; }
    bool is_string() const { return first() == '"'; }
    bool is_null() const { return raw_ == "null"; }
    std::string_view raw() const { return raw_; }

    // A member of an object, or absent.
    RawValue operator[](std::string_view key) const;
    // Array elements: size() and at(i) (absent past the end); 0 for a non-array.
    size_t size() const;
    RawValue at(size_t index) const;

    // A string's value decoded into `out`: a view into it. kInvalidArgument when this
    // is not a string, kTooLarge when it does not fit.
    hal::Result<std::string_view> as_string(hal::CharSpan out) const;
    // The same, cut at a character boundary to fit (and flagged) as BoundedText does;
    // false (and `out` empty) when this is not a string.
    template <size_t N>
    bool read_text(text::BoundedText<N>* out) const {
        out->clear();
        return decode_into(out->data, N, &out->length, &out->truncated);
    }
    // An integer given as a JSON number or as a string of decimal digits (the service
    // sends both). kInvalidArgument for anything else, fractions, values outside int64.
    hal::Result<int64_t> as_int64() const;

  private:
    char first() const { return raw_.empty() ? '\0' : raw_.front(); }
    // Decodes the string into out[0..capacity] (NUL-terminated), cut at a character
    // boundary when longer; false when not a string.
    bool decode_into(char* out, size_t capacity, uint16_t* length, bool* cut) const;

    std::string_view raw_;
};

}  // namespace net::json
