// Compile-time limits of the JSON document (net/json). Every value is an #ifndef default
// a board may override with -D (docs/porting.md §4, "config overrides").
#pragma once

#include <cstddef>

// Nesting depth JsonDocument accepts before cJSON sees the bytes.
#ifndef PARLEY_JSON_MAX_DEPTH
#define PARLEY_JSON_MAX_DEPTH 16  // deeper than any document of the API
#endif

// The longest top-level key the page splitter recognises; the keys a caller watches
// ("data") are short, a longer one is skipped as not watched.
#ifndef PARLEY_JSON_MAX_KEY_LENGTH
#define PARLEY_JSON_MAX_KEY_LENGTH 24
#endif

namespace net::json {

constexpr size_t kMaxDepth = PARLEY_JSON_MAX_DEPTH;
constexpr size_t kMaxKeyLength = PARLEY_JSON_MAX_KEY_LENGTH;

}  // namespace net::json
