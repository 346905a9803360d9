// HTTP-date (RFC 9110 §5.6.7) to Unix seconds, for the Date and Retry-After headers.
// Accepts the preferred IMF-fixdate ("Sun, 06 Nov 1994 08:49:37 GMT") and the two
// obsolete forms recipients must still read: RFC 850 ("Sunday, 06-Nov-94 08:49:37 GMT",
// two-digit years 70-99 are 19xx, 00-69 are 20xx) and asctime ("Sun Nov  6 08:49:37
// 1994"). The weekday is checked for shape only. Years 1970-9999.
#pragma once

#include <cstdint>
#include <string_view>

#include "hal/result.h"

namespace net::http {

// Unix seconds for `text`, or kCorrupt when it is no HTTP-date.
hal::Result<int64_t> parse_http_date(std::string_view text);

}  // namespace net::http
