// Percent-encoding for the pieces of a request target and for form bodies.
// percent_encode keeps only RFC 3986 unreserved characters (ALPHA DIGIT - . _ ~), so
// its output is safe in a path segment and in a query name or value. form_encode is
// application/x-www-form-urlencoded (WHATWG): space becomes '+', '+', '/', '=' and all
// but ALPHA DIGIT * - . _ are escaped. Both write into a caller buffer, never allocate,
// and use upper-case hex.
#pragma once

#include <cstddef>
#include <string_view>

#include "hal/result.h"
#include "hal/span.h"

namespace net::url {

// Writes `in` percent-encoded into `out`; returns the length written.
// kBufferTooSmall when `out` cannot hold all of it (its contents are then unspecified).
hal::Result<size_t> percent_encode(std::string_view in, hal::CharSpan out);

// Writes `in` form-encoded into `out`; returns the length written.
// kBufferTooSmall when `out` cannot hold all of it (its contents are then unspecified).
hal::Result<size_t> form_encode(std::string_view in, hal::CharSpan out);

// The lengths the two encoders would produce, to size buffers.
size_t percent_encoded_length(std::string_view in);
size_t form_encoded_length(std::string_view in);

}  // namespace net::url
