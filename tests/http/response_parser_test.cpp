// ResponseParser: the same responses cut into random fragments (seeded) and fed one
// byte at a time give the same head and body; framing edge cases; limits; malformed
// input refused with the right Status.
#include "net/http/response_parser.h"

#include <CppUTest/TestHarness.h>

#include <random>
#include <string>

using hal::Status;
using net::http::ResponseHead;
using net::http::ResponseParser;

namespace {

constexpr int kSeeds = 200;

struct Parsed {
    Status status = Status::kOk;
    ResponseHead head;
    bool head_complete = false;
    bool done = false;
    std::string body;
    size_t leftover = 0;  // input bytes after the end of the response
};

// Feeds `input` in fragments from `next_fragment` (and body runs capped at max_body);
// `closed` simulates the peer closing after the last byte.
template <typename Fragmenter>
Parsed parse_with(const std::string& input, Fragmenter next_fragment, size_t max_body, bool closed,
                  bool head_request = false, uint64_t limit = UINT64_MAX) {
    ResponseParser parser;
    parser.reset(head_request, limit);
    Parsed out;
    size_t at = 0;
    while (at < input.size() && !parser.done()) {
        const size_t size = std::min(next_fragment(), input.size() - at);
        hal::ConstByteSpan fragment(reinterpret_cast<const uint8_t*>(input.data()) + at, size);
        while (!fragment.empty() && !parser.done()) {
            const hal::Result<net::http::ParseStep> step =
                parser.feed(fragment, parser.head_complete() ? max_body : 0);
            if (!step.ok()) {
                out.status = step.status();
                out.head = parser.head();
                return out;
            }
            out.body.append(reinterpret_cast<const char*>(step.value().body.data()),
                            step.value().body.size());
            fragment = fragment.subspan(step.value().consumed);
            at += step.value().consumed;
        }
    }
    out.leftover = input.size() - at;
    if (closed) out.status = parser.finish();
    out.head = parser.head();
    out.head_complete = parser.head_complete();
    out.done = parser.done();
    return out;
}

Parsed parse(const std::string& input, bool closed = false, bool head_request = false) {
    return parse_with(
        input, [] { return SIZE_MAX; }, SIZE_MAX, closed, head_request);
}

Parsed parse_limited(const std::string& input, uint64_t limit, bool closed = false) {
    return parse_with(
        input, [] { return SIZE_MAX; }, SIZE_MAX, closed, false, limit);
}

void check_same(const Parsed& expected, const Parsed& got) {
    CHECK_EQUAL(expected.status, got.status);
    CHECK_EQUAL(expected.done, got.done);
    CHECK_EQUAL(expected.head.status, got.head.status);
    CHECK_EQUAL(expected.head.keep_alive, got.head.keep_alive);
    CHECK_EQUAL(expected.head.chunked, got.head.chunked);
    CHECK_EQUAL(expected.head.content_length, got.head.content_length);
    CHECK_EQUAL(expected.head.retry_after, got.head.retry_after);
    CHECK_EQUAL(expected.head.date, got.head.date);
    CHECK_EQUAL(std::string(expected.head.content_type()), std::string(got.head.content_type()));
    CHECK_EQUAL(expected.body, got.body);
    CHECK_EQUAL(expected.leftover, got.leftover);
}

// Every response of the suite, fed whole, byte by byte and in seeded random pieces
// with random body-run caps, must parse identically.
void check_fragmentation_invariant(const std::string& input, bool closed) {
    const Parsed whole = parse(input, closed);
    check_same(whole, parse_with(
                          input, [] { return size_t{1}; }, 1, closed));
    for (int seed = 1; seed <= kSeeds; ++seed) {
        std::mt19937 random(static_cast<uint32_t>(seed));
        std::uniform_int_distribution<size_t> piece(1, 1 + input.size() / 4);
        std::uniform_int_distribution<size_t> cap(1, 64);
        const size_t max_body = cap(random);
        check_same(whole, parse_with(
                              input, [&] { return piece(random); }, max_body, closed));
    }
}

const std::string kChunkedWithEverything =
    "HTTP/1.1 200 OK\r\n"
    "Content-Type: application/json; charset=utf-8\r\n"
    "Transfer-Encoding: chunked\r\n"
    "\r\n"
    "5;name=value\r\n{\"dat\r\n"
    "0A ; ext\r\na\":[1,2,3]\r\n"
    "1\r\n}\r\n"
    "0\r\n"
    "X-Trailer: yes\r\n"
    "Another: one\r\n"
    "\r\n";

}  // namespace

TEST_GROUP(ResponseParser){};

TEST(ResponseParser, ParsesAContentLengthResponse) {
    const Parsed p = parse(
        "HTTP/1.1 201 Created\r\nContent-Length: 17\r\nContent-Type: application/json\r\n\r\n"
        "{\"messageId\":\"1\"}");
    CHECK_EQUAL(Status::kOk, p.status);
    CHECK_TRUE(p.done);
    CHECK_EQUAL(201, p.head.status);
    CHECK_TRUE(p.head.keep_alive);
    CHECK_TRUE(p.head.has_content_length);
    CHECK_EQUAL(17u, p.head.content_length);
    CHECK_EQUAL(std::string("application/json"), std::string(p.head.content_type()));
    CHECK_EQUAL(std::string("{\"messageId\":\"1\"}"), p.body);
}

TEST(ResponseParser, ParsesChunkedBodiesWithExtensionsAndTrailers) {
    const Parsed p = parse(kChunkedWithEverything);
    CHECK_EQUAL(Status::kOk, p.status);
    CHECK_TRUE(p.done);
    CHECK_TRUE(p.head.chunked);
    CHECK_EQUAL(std::string("{\"data\":[1,2,3]}"), p.body);
    CHECK_EQUAL(0u, p.leftover);
}

TEST(ResponseParser, RandomFragmentationsGiveTheSameResult) {
    check_fragmentation_invariant(kChunkedWithEverything, false);
    check_fragmentation_invariant(
        "HTTP/1.1 200 OK\r\nContent-Length: 26\r\nDate: Sun, 06 Nov 1994 08:49:37 GMT\r\n\r\n"
        "abcdefghijklmnopqrstuvwxyz",
        false);
    check_fragmentation_invariant("HTTP/1.0 200 OK\nContent-Type: text/plain\n\nuntil the end",
                                  true);
    check_fragmentation_invariant(
        "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 429 Too Many\r\nRetry-After: 120\r\n"
        "Content-Length: 0\r\n\r\n",
        false);
    check_fragmentation_invariant("HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nabcEXTRA", false);
    // Errors are found at the same place whatever the fragmentation.
    check_fragmentation_invariant(
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nabcdeX\r\n", false);
}

TEST(ResponseParser, StopsAtTheEndOfTheHeadBeforeAnyBodyByte) {
    const std::string input = "HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nbody";
    ResponseParser parser;
    const hal::Result<net::http::ParseStep> step = parser.feed(hal::as_bytes(input), SIZE_MAX);
    CHECK_EQUAL(Status::kOk, step.status());
    CHECK_TRUE(parser.head_complete());
    CHECK_FALSE(parser.done());
    CHECK_EQUAL(input.size() - 4, step.value().consumed);
    CHECK_TRUE(step.value().body.empty());
}

TEST(ResponseParser, AcceptsNewlineOnlyLineEndsEverywhere) {
    const Parsed p = parse(
        "HTTP/1.1 200 OK\nTransfer-Encoding: chunked\nConnection: close\n\n"
        "3\nabc\n0\nTrailer: x\n\n");
    CHECK_EQUAL(Status::kOk, p.status);
    CHECK_TRUE(p.done);
    CHECK_FALSE(p.head.keep_alive);
    CHECK_EQUAL(std::string("abc"), p.body);
}

TEST(ResponseParser, MatchesHeaderNamesInAnyCase) {
    const char* variants[] = {
        "HTTP/1.1 200 OK\r\ncontent-length: 2\r\ncontent-type: text/x\r\n\r\nok",
        "HTTP/1.1 200 OK\r\nCONTENT-LENGTH: 2\r\nCONTENT-TYPE: text/x\r\n\r\nok",
        "HTTP/1.1 200 OK\r\ncOnTeNt-LeNgTh:2\r\nContent-type:   text/x  \r\n\r\nok",
        "HTTP/1.1 200 OK\r\ntransfer-encoding: CHUNKED\r\ncontent-TYPE:\ttext/x\r\n\r\n"
        "2\r\nok\r\n0\r\n\r\n",
    };
    for (const char* text : variants) {
        const Parsed p = parse(text);
        CHECK_EQUAL(Status::kOk, p.status);
        CHECK_TRUE(p.done);
        CHECK_EQUAL(std::string("ok"), p.body);
        CHECK_EQUAL(std::string("text/x"), std::string(p.head.content_type()));
    }
    const Parsed close = parse("HTTP/1.1 204 No\r\nCONNECTION: Keep-Alive, CLOSE\r\n\r\n");
    CHECK_FALSE(close.head.keep_alive);
}

TEST(ResponseParser, KeepAliveFollowsVersionAndConnection) {
    CHECK_TRUE(parse("HTTP/1.1 204 No Content\r\n\r\n").head.keep_alive);
    CHECK_FALSE(parse("HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n").head.keep_alive);
    CHECK_FALSE(parse("HTTP/1.0 204 No Content\r\n\r\n").head.keep_alive);
    CHECK_TRUE(parse("HTTP/1.0 204 No Content\r\nConnection: keep-alive\r\n\r\n").head.keep_alive);
    CHECK_EQUAL(0, parse("HTTP/1.0 204 No Content\r\n\r\n").head.minor_version);
    // A body that ends with the connection cannot leave it reusable.
    CHECK_FALSE(parse("HTTP/1.1 200 OK\r\n\r\nabc", true).head.keep_alive);
    // Both framings at once: chunked wins, and the connection is not trusted after.
    const Parsed both = parse(
        "HTTP/1.1 200 OK\r\nContent-Length: 100\r\nTransfer-Encoding: chunked\r\n\r\n"
        "1\r\nx\r\n0\r\n\r\n");
    CHECK_EQUAL(std::string("x"), both.body);
    CHECK_FALSE(both.head.keep_alive);
}

TEST(ResponseParser, ReadsABodyUntilTheServerCloses) {
    const Parsed p = parse("HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n\r\n\x89PNG", true);
    CHECK_EQUAL(Status::kOk, p.status);
    CHECK_TRUE(p.done);
    CHECK_EQUAL(std::string("\x89PNG"), p.body);
}

TEST(ResponseParser, ACloseBeforeTheEndIsReportedAsClosed) {
    CHECK_EQUAL(Status::kClosed, parse("", true).status);
    CHECK_EQUAL(Status::kClosed, parse("HTTP/1.1 200 OK\r\nContent-Le", true).status);
    const Parsed mid_body = parse("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n12345", true);
    CHECK_EQUAL(Status::kClosed, mid_body.status);
    CHECK_EQUAL(std::string("12345"), mid_body.body);
    CHECK_EQUAL(
        Status::kClosed,
        parse("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nabcde\r\n", true).status);
    CHECK_EQUAL(Status::kClosed,
                parse("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n", true).status);
}

TEST(ResponseParser, ResponsesWithoutBodies) {
    const Parsed head = parse("HTTP/1.1 200 OK\r\nContent-Length: 1234\r\n\r\n", false, true);
    CHECK_TRUE(head.done);
    CHECK_EQUAL(1234u, head.head.content_length);
    CHECK_TRUE(parse("HTTP/1.1 304 Not Modified\r\nContent-Length: 99\r\n\r\n").done);
    CHECK_TRUE(parse("HTTP/1.1 204 No Content\r\n\r\n").done);
    CHECK_TRUE(parse("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n").done);
    const Parsed empty_chunked =
        parse("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n");
    CHECK_TRUE(empty_chunked.done);
    CHECK_EQUAL(std::string(""), empty_chunked.body);
}

TEST(ResponseParser, SkipsInterimResponses) {
    const Parsed p = parse(
        "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\n"
        "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhi");
    CHECK_EQUAL(Status::kOk, p.status);
    CHECK_EQUAL(200, p.head.status);
    CHECK_EQUAL(std::string("hi"), p.body);
    CHECK_EQUAL(Status::kUnsupported,
                parse("HTTP/1.1 101 Switching Protocols\r\nUpgrade: h2c\r\n\r\n").status);
}

TEST(ResponseParser, ChunkedEdgeCases) {
    // Leading zeros, upper and lower case hex, whitespace before an extension.
    const Parsed p = parse(
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
        "0003\r\nabc\r\nA\r\n0123456789\r\nb \t;x\r\n0123456789a\r\n000\r\n\r\n");
    CHECK_EQUAL(Status::kOk, p.status);
    CHECK_EQUAL(std::string("abc01234567890123456789a"), p.body);

    const std::string prefix = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n";
    CHECK_EQUAL(Status::kCorrupt, parse(prefix + "\r\n").status);           // no size
    CHECK_EQUAL(Status::kCorrupt, parse(prefix + "x\r\n").status);          // not hex
    CHECK_EQUAL(Status::kCorrupt, parse(prefix + " 5\r\n").status);         // leading space
    CHECK_EQUAL(Status::kCorrupt, parse(prefix + "5 5\r\n").status);        // junk
    CHECK_EQUAL(Status::kCorrupt, parse(prefix + "-1\r\n").status);         // sign
    CHECK_EQUAL(Status::kCorrupt, parse(prefix + "0x5\r\n").status);        // prefix
    CHECK_EQUAL(Status::kCorrupt, parse(prefix + "3\r\nabcX\r\n").status);  // no CRLF
    CHECK_EQUAL(Status::kCorrupt, parse(prefix + "3;a\x01\r\n").status);    // control in ext
    CHECK_EQUAL(Status::kTooLarge, parse(prefix + "10000000000000000\r\n").status);
    CHECK_EQUAL(Status::kCorrupt, parse(prefix + "0\r\n bad-fold\r\n\r\n").status);
    CHECK_EQUAL(Status::kCorrupt, parse(prefix + "0\r\nno colon\r\n\r\n").status);
}

TEST(ResponseParser, ChunkedBodiesOfManyTinyChunks) {
    std::string input = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n";
    std::string expected;
    for (int i = 0; i < 500; ++i) {
        const char c = static_cast<char>('a' + i % 26);
        input += "1\r\n";
        input += c;
        input += "\r\n";
        expected += c;
    }
    input += "0\r\n\r\n";
    const Parsed p = parse_with(
        input, [] { return size_t{7}; }, 3, false);
    CHECK_EQUAL(Status::kOk, p.status);
    CHECK_EQUAL(expected, p.body);
}

TEST(ResponseParser, HeaderValuesTheClientKeeps) {
    const Parsed p = parse(
        "HTTP/1.1 503 Service Unavailable\r\n"
        "Date: Sun, 06 Nov 1994 08:49:37 GMT\r\n"
        "Retry-After: Sun, 06 Nov 1994 08:51:37 GMT\r\n"
        "Content-Length: 0\r\n\r\n");
    CHECK_EQUAL(503, p.head.status);
    CHECK_TRUE(p.head.has_date);
    CHECK_EQUAL(784111777, p.head.date);
    CHECK_TRUE(p.head.retry_after_form == net::http::RetryAfterForm::kDate);
    // Measured against the response's own Date: no need for a device clock.
    CHECK_EQUAL(120, p.head.retry_after_seconds(Status::kUnavailable).value());

    const Parsed delay = parse("HTTP/1.1 429 Slow\r\nRetry-After: 30\r\nContent-Length: 0\r\n\r\n");
    CHECK_TRUE(delay.head.retry_after_form == net::http::RetryAfterForm::kDelay);
    CHECK_EQUAL(30, delay.head.retry_after_seconds(Status::kUnavailable).value());

    const Parsed no_date =
        parse("HTTP/1.1 429 Slow\r\nRetry-After: Sun, 06 Nov 1994 08:49:47 GMT\r\n\r\n", true);
    CHECK_EQUAL(10, no_date.head.retry_after_seconds(hal::Result<int64_t>(784111777)).value());
    CHECK_EQUAL(0, no_date.head.retry_after_seconds(hal::Result<int64_t>(784111999)).value());
    CHECK_EQUAL(Status::kUnavailable,
                no_date.head.retry_after_seconds(Status::kUnavailable).status());

    // Malformed informational headers are dropped, not fatal.
    const Parsed junk = parse(
        "HTTP/1.1 429 Slow\r\nRetry-After: soon\r\nDate: yesterday\r\nContent-Length: 0\r\n\r\n");
    CHECK_EQUAL(Status::kOk, junk.status);
    CHECK_TRUE(junk.head.retry_after_form == net::http::RetryAfterForm::kNone);
    CHECK_FALSE(junk.head.has_date);
    CHECK_EQUAL(Status::kUnavailable, junk.head.retry_after_seconds(int64_t{0}).status());
}

namespace {

// Feeds a whole response to a parser told to skip a success's Date; its head.
ResponseHead head_skipping_success_date(const std::string& input) {
    ResponseParser parser;
    parser.skip_success_date(true);
    parser.reset();  // the setting outlives reset()
    const hal::Result<net::http::ParseStep> step = parser.feed(
        hal::ConstByteSpan(reinterpret_cast<const uint8_t*>(input.data()), input.size()), 0);
    CHECK_TRUE(step.ok());
    CHECK_TRUE(parser.head_complete());
    return parser.head();
}

}  // namespace

TEST(ResponseParser, ASuccessDateIsSkippedWhenAskedAndAnyOtherStillRead) {
    const std::string date = "Date: Sun, 06 Nov 1994 08:49:37 GMT\r\n";
    const ResponseHead ok = head_skipping_success_date("HTTP/1.1 200 OK\r\n" + date + "\r\n");
    CHECK_EQUAL(200, ok.status);
    CHECK_FALSE(ok.has_date);
    // A Retry-After date is measured against the response's own Date: still read.
    const ResponseHead busy = head_skipping_success_date(
        "HTTP/1.1 503 Busy\r\n" + date + "Retry-After: Sun, 06 Nov 1994 08:51:37 GMT\r\n\r\n");
    CHECK_TRUE(busy.has_date);
    CHECK_EQUAL(784111777, busy.date);
    CHECK_EQUAL(120, busy.retry_after_seconds(Status::kUnavailable).value());
    // Skipped or not, the header must still be a well-formed header line.
    ResponseParser parser;
    parser.skip_success_date(true);
    const std::string bad = "HTTP/1.1 200 OK\r\nDate: Sun\x01\r\n\r\n";
    const hal::Result<net::http::ParseStep> step = parser.feed(
        hal::ConstByteSpan(reinterpret_cast<const uint8_t*>(bad.data()), bad.size()), 0);
    CHECK_EQUAL(Status::kCorrupt, step.status());
}

TEST(ResponseParser, TruncatesALongContentType) {
    const std::string type(net::http::kMaxContentTypeLength + 10, 't');
    const Parsed p =
        parse("HTTP/1.1 200 OK\r\nContent-Type: " + type + "\r\nContent-Length: 0\r\n\r\n");
    CHECK_EQUAL(Status::kOk, p.status);
    CHECK_TRUE(p.head.content_type_truncated);
    CHECK_EQUAL(type.substr(0, net::http::kMaxContentTypeLength),
                std::string(p.head.content_type()));
}

TEST(ResponseParser, ContentLengthRules) {
    CHECK_EQUAL(Status::kOk,
                parse("HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 1\r\n\r\nx").status);
    CHECK_EQUAL(Status::kCorrupt,
                parse("HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nx").status);
    CHECK_EQUAL(Status::kCorrupt, parse("HTTP/1.1 200 OK\r\nContent-Length: 1x\r\n\r\n").status);
    CHECK_EQUAL(Status::kCorrupt, parse("HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n").status);
    CHECK_EQUAL(Status::kCorrupt, parse("HTTP/1.1 200 OK\r\nContent-Length:\r\n\r\n").status);
    CHECK_EQUAL(Status::kCorrupt, parse("HTTP/1.1 200 OK\r\nContent-Length: 1, 1\r\n\r\n").status);
    CHECK_EQUAL(Status::kTooLarge,
                parse("HTTP/1.1 200 OK\r\nContent-Length: 18446744073709551616\r\n\r\n").status);
    const Parsed max = parse("HTTP/1.1 200 OK\r\nContent-Length: 18446744073709551615\r\n\r\n");
    CHECK_EQUAL(Status::kOk, max.status);
    CHECK_EQUAL(UINT64_MAX, max.head.content_length);
}

TEST(ResponseParser, RefusesTransferCodingsItCannotDecode) {
    CHECK_EQUAL(Status::kUnsupported,
                parse("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n").status);
    CHECK_EQUAL(Status::kUnsupported,
                parse("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n").status);
    CHECK_EQUAL(Status::kCorrupt,
                parse("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked, chunked\r\n\r\n").status);
}

TEST(ResponseParser, RefusesMalformedStatusLines) {
    const char* bad[] = {
        "HTTP/2 200 OK\r\n\r\n",       "HTTP/1.1 200OK\r\n\r\n",   "HTTP/1.1 20 OK\r\n\r\n",
        "HTTP/1.1 2000 OK\r\n\r\n",    "HTTP/1.1 099 X\r\n\r\n",   "HTTP/1.1 600 X\r\n\r\n",
        "http/1.1 200 OK\r\n\r\n",     "HTTP/1.1  200 OK\r\n\r\n", "ICY 200 OK\r\n\r\n",
        "\r\nHTTP/1.1 200 OK\r\n\r\n", "HTTP/1.x 200 OK\r\n\r\n",  "HTTP/1.1 200 O\x01K\r\n\r\n",
    };
    for (const char* text : bad) {
        const Parsed p = parse(text);
        if (p.status != Status::kCorrupt) FAIL(text);
    }
    CHECK_EQUAL(Status::kOk, parse("HTTP/1.1 200\r\nContent-Length: 0\r\n\r\n").status);
    CHECK_EQUAL(Status::kOk, parse("HTTP/1.1 200 \r\nContent-Length: 0\r\n\r\n").status);
}

TEST(ResponseParser, RefusesMalformedHeaderLines) {
    const std::string status = "HTTP/1.1 200 OK\r\n";
    // Obsolete line folding.
    CHECK_EQUAL(Status::kCorrupt, parse(status + "X-A: 1\r\n  continued\r\n\r\n").status);
    CHECK_EQUAL(Status::kCorrupt, parse(status + "X-A: 1\r\n\tcontinued\r\n\r\n").status);
    // Whitespace before the colon, no colon, no name, bad characters.
    CHECK_EQUAL(Status::kCorrupt, parse(status + "Content-Length : 0\r\n\r\n").status);
    CHECK_EQUAL(Status::kCorrupt, parse(status + "NoColon\r\n\r\n").status);
    CHECK_EQUAL(Status::kCorrupt, parse(status + ": value\r\n\r\n").status);
    CHECK_EQUAL(Status::kCorrupt, parse(status + "X(A): 1\r\n\r\n").status);
    CHECK_EQUAL(Status::kCorrupt, parse(status + std::string("X-A: a\0b\r\n\r\n", 12)).status);
    // A bare CR inside a line.
    CHECK_EQUAL(Status::kCorrupt, parse(status + "X-A: a\rb\r\n\r\n").status);
    CHECK_EQUAL(Status::kCorrupt, parse("HTTP/1.1 200 OK\r\r\n\r\n").status);
}

TEST(ResponseParser, EnforcesTheLineLengthLimit) {
    const size_t max = net::http::kMaxLineLength;
    const std::string head = "HTTP/1.1 200 OK\r\n";
    // "X: " + value + "\r" is exactly the limit: accepted.
    const std::string fits = "X: " + std::string(max - 4, 'v') + "\r\n";
    CHECK_EQUAL(Status::kOk, parse(head + fits + "Content-Length: 0\r\n\r\n").status);
    const std::string over = "X: " + std::string(max - 3, 'v') + "\r\n";
    CHECK_EQUAL(Status::kTooLarge, parse(head + over + "Content-Length: 0\r\n\r\n").status);
    // Found before the line ends (no need to wait for a newline that never comes).
    CHECK_EQUAL(Status::kTooLarge, parse("HTTP/1.1 200 " + std::string(max, 'r')).status);
    CHECK_EQUAL(
        Status::kTooLarge,
        parse(head + "Transfer-Encoding: chunked\r\n\r\n1;" + std::string(max, 'e')).status);
    CHECK_EQUAL(
        Status::kTooLarge,
        parse(head + "Transfer-Encoding: chunked\r\n\r\n0\r\nT: " + std::string(max, 't')).status);
}

TEST(ResponseParser, EnforcesTheHeaderCountLimit) {
    std::string at_limit = "HTTP/1.1 200 OK\r\n";
    for (size_t i = 0; i + 1 < net::http::kMaxHeaderCount; ++i)
        at_limit += "X-H: v\r\n";
    at_limit += "Content-Length: 0\r\n";
    CHECK_EQUAL(Status::kOk, parse(at_limit + "\r\n").status);
    CHECK_EQUAL(Status::kTooLarge, parse(at_limit + "X-H: one too many\r\n\r\n").status);
    // Trailers count too.
    std::string trailers = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n";
    for (size_t i = 0; i < net::http::kMaxHeaderCount; ++i)
        trailers += "T: v\r\n";
    CHECK_EQUAL(Status::kTooLarge, parse(trailers + "\r\n").status);
}

TEST(ResponseParser, EnforcesTheBodyLimit) {
    const std::string ten = "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n0123456789";
    CHECK_EQUAL(Status::kOk, parse_limited(ten, 10).status);
    const Parsed over = parse_limited(ten, 9);
    CHECK_EQUAL(Status::kTooLarge, over.status);
    CHECK_EQUAL(std::string(""), over.body);  // refused before any byte is handed out
    CHECK_EQUAL(200, over.head.status);       // the head is still there to read

    const std::string chunked =
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: "
        "chunked\r\n\r\n5\r\n01234\r\n5\r\n56789\r\n0\r\n\r\n";
    CHECK_EQUAL(Status::kOk, parse_limited(chunked, 10).status);
    const Parsed chunked_over = parse_limited(chunked, 9);
    CHECK_EQUAL(Status::kTooLarge, chunked_over.status);

    const std::string until_close = "HTTP/1.1 200 OK\r\n\r\n0123456789";
    CHECK_EQUAL(Status::kOk, parse_limited(until_close, 10, true).status);
    CHECK_EQUAL(Status::kTooLarge, parse_limited(until_close, 9, true).status);
}

TEST(ResponseParser, ErrorsAreSticky) {
    ResponseParser parser;
    CHECK_EQUAL(Status::kCorrupt, parser.feed(hal::as_bytes("BAD\r\n"), 0).status());
    CHECK_EQUAL(Status::kCorrupt,
                parser.feed(hal::as_bytes("HTTP/1.1 200 OK\r\n\r\n"), 0).status());
    CHECK_EQUAL(Status::kCorrupt, parser.finish());
    parser.reset();
    CHECK_EQUAL(Status::kOk, parser.feed(hal::as_bytes("HTTP/1.1 204 No\r\n\r\n"), 0).status());
    CHECK_TRUE(parser.done());
}
