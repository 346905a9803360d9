// Finds one member of a JSON object in its raw text, without parsing the rest: the
// object's top level is walked with JsonValueScanner, so brackets and quotes inside
// strings or nested values never match. Two uses: reading JSON booleans (net::json::Value
// has no boolean accessor), and recovering the id of a message element too large for
// the capture buffer from the bytes that did fit (a prefix of the element).
#pragma once

#include <string_view>

#include "hal/result.h"

namespace net::parley {

// The raw text of member `key` of the object `object_json` (e.g. `123`, `"abc"`,
// `true`, `{...}`). Works on a prefix: a member whose value ends within the text is
// found. Keys are compared as sent (escapes not decoded). kNotFound when absent, cut
// off, or `object_json` does not start with an object.
hal::Result<std::string_view> find_member(std::string_view object_json, std::string_view key);

// A JSON flag given as true/false, 1/0 or the strings "true"/"1": true for the true
// forms, false for everything else.
bool flag_from_json(std::string_view raw);

}  // namespace net::parley
