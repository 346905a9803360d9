// HTTP-date parsing: the three forms RFC 9110 makes recipients accept.
#include "net/http/http_date.h"

#include <CppUTest/TestHarness.h>

using hal::Status;
using net::http::parse_http_date;

namespace {

constexpr int64_t kRfcExample = 784111777;  // Sun, 06 Nov 1994 08:49:37 GMT

}  // namespace

TEST_GROUP(HttpDate){};

TEST(HttpDate, ParsesAllThreeFormsOfTheRfcExample) {
    CHECK_EQUAL(kRfcExample, parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT").value());
    CHECK_EQUAL(kRfcExample, parse_http_date("Sunday, 06-Nov-94 08:49:37 GMT").value());
    CHECK_EQUAL(kRfcExample, parse_http_date("Sun Nov  6 08:49:37 1994").value());
}

TEST(HttpDate, KnownInstants) {
    CHECK_EQUAL(0, parse_http_date("Thu, 01 Jan 1970 00:00:00 GMT").value());
    CHECK_EQUAL(951782400, parse_http_date("Tue, 29 Feb 2000 00:00:00 GMT").value());
    CHECK_EQUAL(1709164800, parse_http_date("Thu, 29 Feb 2024 00:00:00 GMT").value());
    CHECK_EQUAL(2147483647, parse_http_date("Tue, 19 Jan 2038 03:14:07 GMT").value());
    CHECK_EQUAL(4102444799, parse_http_date("Thu, 31 Dec 2099 23:59:59 GMT").value());
    // Two-digit years below 70 are this century.
    CHECK_EQUAL(1262304000, parse_http_date("Friday, 01-Jan-10 00:00:00 GMT").value());
}

TEST(HttpDate, RefusesMalformedDates) {
    const char* bad[] = {
        "",
        "Sun, 06 Nov 1994 08:49:37",       // no zone
        "Sun, 06 Nov 1994 08:49:37 UTC",   // not GMT
        "Sun, 06 Foo 1994 08:49:37 GMT",   // month
        "Sun, 06 nov 1994 08:49:37 GMT",   // month names are case-sensitive
        "Sun, 32 Dec 1994 08:49:37 GMT",   // day
        "Sun, 29 Feb 2023 08:49:37 GMT",   // not a leap year
        "Sun, 00 Nov 1994 08:49:37 GMT",   // day 0
        "Sun, 06 Nov 1994 24:00:00 GMT",   // hour
        "Sun, 06 Nov 1994 08:60:00 GMT",   // minute
        "Sun, 06 Nov 1994 8:49:37 GMT",    // time shape
        "Sun, 06 Nov 1969 08:49:37 GMT",   // before the epoch
        "Sun, 06 Nov 19940 08:49:37 GMT",  // year digits
        "Sun, 006 Nov 1994 08:49:37 GMT",  // day digits
        "Sun, +6 Nov 1994 08:49:37 GMT",   // sign
        "1994-11-06T08:49:37Z",            // ISO 8601 is no HTTP-date
        "120",                             // delay-seconds
        "Sun, 06 Nov 1994 08:49:37 GMT GMT",
        "Sun Nov  6 08:49:37 94",  // asctime needs four digits
    };
    for (const char* text : bad) {
        const hal::Result<int64_t> parsed = parse_http_date(text);
        if (parsed.ok()) FAIL(text);
        CHECK_EQUAL(Status::kCorrupt, parsed.status());
    }
}
