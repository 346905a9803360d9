// Finds one member of a JSON object in its raw text, without parsing the rest: the
// object's top level is walked with JsonValueScanner, so brackets and quotes inside
// strings or nested values never match. Uses: reading raw values net::json::Value has no
// accessor for (booleans), and reading a member of an element too large to parse from
// the bytes that did fit (a prefix of the element).
#pragma once

#include <string_view>

#include "hal/result.h"

namespace net::json {

// The raw text of member `key` of the object `object_json` (e.g. `123`, `"abc"`,
// `true`, `{...}`). Works on a prefix: a member whose value ends within the text is
// found. Keys are compared as sent (escapes not decoded). kNotFound when absent, cut
// off, or `object_json` does not start with an object.
hal::Result<std::string_view> find_member(std::string_view object_json, std::string_view key);

}  // namespace net::json
