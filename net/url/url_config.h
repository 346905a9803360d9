// Compile-time limits of the URL parser (net/url). Every value is an #ifndef default a
// board may override with -D (docs/porting.md §4, "config overrides").
#pragma once

#include <cstddef>

// The longest URL parse_url accepts.
#ifndef PARLEY_URL_MAX_LENGTH
#define PARLEY_URL_MAX_LENGTH 2048
#endif

namespace net::url {

constexpr size_t kMaxUrlLength = PARLEY_URL_MAX_LENGTH;

}  // namespace net::url
