// The request head, byte for byte, and the inputs that must never reach the wire.
#include "net/http/request_writer.h"

#include <CppUTest/TestHarness.h>

#include <string>

using hal::Status;
using net::http::Header;
using net::http::Method;
using net::http::QueryParam;
using net::http::Request;

namespace {

struct Written {
    Status status;
    std::string text;
};

Written write(const Request& request, std::string_view host = "api.example") {
    char out[512];
    net::http::BufferWriter w{hal::CharSpan(out)};
    const Status status = net::http::write_request_head(request, host, w);
    return {status, std::string(w.view())};
}

}  // namespace

TEST_GROUP(RequestWriter){};

TEST(RequestWriter, WritesAGetWithBasePathAndHeaders) {
    const Header headers[] = {{"Authorization", "Bearer abc"}, {"uniqueAppDeviceId", "dev-0001"}};
    Request r;
    r.path_prefix = "/communication/parley/secure-messenger";
    r.path = "/messages/after:10743";
    r.headers = headers;
    const Written w = write(r);
    CHECK_EQUAL(Status::kOk, w.status);
    CHECK_EQUAL(std::string("GET /communication/parley/secure-messenger/messages/after:10743 "
                            "HTTP/1.1\r\n"
                            "Host: api.example\r\n"
                            "Authorization: Bearer abc\r\n"
                            "uniqueAppDeviceId: dev-0001\r\n"
                            "\r\n"),
                w.text);
}

TEST(RequestWriter, WritesTheTokenRequestWithQueryAndFormBody) {
    const QueryParam query[] = {{"grant_type", "client_credentials"}};
    const std::string_view body = "client_id=a&client_secret=b";
    Request r;
    r.method = Method::kPost;
    r.path = "/oauth/client_credential/accesstoken";
    r.query = query;
    r.content_type = "application/x-www-form-urlencoded";
    r.body = hal::as_bytes(body);
    const Written w = write(r, "api-prd.kpn.com");
    CHECK_EQUAL(Status::kOk, w.status);
    CHECK_EQUAL(
        std::string("POST /oauth/client_credential/accesstoken?grant_type=client_credentials "
                    "HTTP/1.1\r\n"
                    "Host: api-prd.kpn.com\r\n"
                    "Content-Type: application/x-www-form-urlencoded\r\n"
                    "Content-Length: 27\r\n"
                    "\r\n"),
        w.text);
}

TEST(RequestWriter, PercentEncodesQueryNamesAndValues) {
    const QueryParam query[] = {{"message", "hi there & bye"}, {"a b", "x=y/z"}, {"empty", ""}};
    Request r;
    r.path = "/messages";
    r.query = query;
    CHECK_EQUAL(std::string("GET /messages?message=hi%20there%20%26%20bye&a%20b=x%3Dy%2Fz&empty= "
                            "HTTP/1.1\r\nHost: h\r\n\r\n"),
                write(r, "h").text);
}

TEST(RequestWriter, AppendsQueryParametersToAPathThatHasAQuery) {
    const QueryParam query[] = {{"b", "2"}};
    Request r;
    r.path = "/x?a=1";
    r.query = query;
    CHECK_EQUAL(std::string("GET /x?a=1&b=2 HTTP/1.1\r\nHost: h\r\n\r\n"), write(r, "h").text);
}

TEST(RequestWriter, AnEmptyTargetIsTheRootAndBodylessPostsSayContentLengthZero) {
    Request r;
    r.method = Method::kPost;
    CHECK_EQUAL(std::string("POST / HTTP/1.1\r\nHost: h:8443\r\nContent-Length: 0\r\n\r\n"),
                write(r, "h:8443").text);
    r.method = Method::kDelete;
    r.path_prefix = "/base";
    CHECK_EQUAL(std::string("DELETE /base HTTP/1.1\r\nHost: h\r\n\r\n"), write(r, "h").text);
}

TEST(RequestWriter, AStreamedBodyDeclaresItsLength) {
    struct NoSource final : net::http::BodySource {
        hal::Result<size_t> read(hal::ByteSpan) override { return Status::kInternal; }
    } source;
    Request r;
    r.method = Method::kPut;
    r.path = "/media";
    r.body_source = &source;
    r.body_length = 10485760;
    CHECK_EQUAL(std::string("PUT /media HTTP/1.1\r\nHost: h\r\nContent-Length: 10485760\r\n\r\n"),
                write(r, "h").text);
    r.body = hal::as_bytes("x");  // both kinds of body at once
    CHECK_EQUAL(Status::kInvalidArgument, write(r, "h").status);
}

TEST(RequestWriter, RefusesHeaderInjection) {
    Request r;
    const Header crlf[] = {{"X-Note", "a\r\nEvil: 1"}};
    r.headers = crlf;
    CHECK_EQUAL(Status::kInvalidArgument, write(r).status);
    const Header lf[] = {{"X-Note", "a\nb"}};
    r.headers = lf;
    CHECK_EQUAL(Status::kInvalidArgument, write(r).status);
    const Header nul[] = {{"X-Note", std::string_view("a\0b", 3)}};
    r.headers = nul;
    CHECK_EQUAL(Status::kInvalidArgument, write(r).status);
    const Header bad_name[] = {{"X Note", "a"}};
    r.headers = bad_name;
    CHECK_EQUAL(Status::kInvalidArgument, write(r).status);
    const Header colon_name[] = {{"X:Note", "a"}};
    r.headers = colon_name;
    CHECK_EQUAL(Status::kInvalidArgument, write(r).status);
    const Header empty_name[] = {{"", "a"}};
    r.headers = empty_name;
    CHECK_EQUAL(Status::kInvalidArgument, write(r).status);
    r.headers = {};
    r.content_type = "text/plain\r\nX: y";
    CHECK_EQUAL(Status::kInvalidArgument, write(r).status);
    r.content_type = "";
    CHECK_EQUAL(Status::kInvalidArgument, write(r, "h\r\nX: y").status);
    CHECK_EQUAL(Status::kInvalidArgument, write(r, "").status);
}

TEST(RequestWriter, RefusesHeadersTheClientOwns) {
    Request r;
    const Header host[] = {{"host", "other"}};
    r.headers = host;
    CHECK_EQUAL(Status::kInvalidArgument, write(r).status);
    const Header length[] = {{"Content-length", "5"}};
    r.headers = length;
    CHECK_EQUAL(Status::kInvalidArgument, write(r).status);
    const Header coding[] = {{"TRANSFER-ENCODING", "chunked"}};
    r.headers = coding;
    CHECK_EQUAL(Status::kInvalidArgument, write(r).status);
}

TEST(RequestWriter, RefusesTargetsThatCouldSplitTheRequestLine) {
    Request r;
    r.path = "/a b";
    CHECK_EQUAL(Status::kInvalidArgument, write(r).status);
    r.path = "/a\r\n";
    CHECK_EQUAL(Status::kInvalidArgument, write(r).status);
    r.path = "/a#frag";
    CHECK_EQUAL(Status::kInvalidArgument, write(r).status);
    r.path = "relative";
    CHECK_EQUAL(Status::kInvalidArgument, write(r).status);
    r.path_prefix = "/base";
    r.path = "no-slash";
    CHECK_EQUAL(Status::kInvalidArgument, write(r).status);
    r.path = "/caf\xc3\xa9";
    CHECK_EQUAL(Status::kInvalidArgument, write(r).status);
}

TEST(RequestWriter, AConfiguredPrefixIsCheckedOnceAndThenTrusted) {
    CHECK_EQUAL(Status::kOk, net::http::check_path_prefix(""));
    CHECK_EQUAL(Status::kOk, net::http::check_path_prefix("/communication/parley"));
    for (const std::string_view bad : {"/a b", "/a?x=1", "base", "/a#b", "/a\r\n"}) {
        CHECK_EQUAL(Status::kInvalidArgument, net::http::check_path_prefix(bad));
    }
    // Marked checked, the prefix goes out as it is, and a query is started with '?'
    // (a checked prefix has none); the per-request path is still checked.
    Request r;
    r.path_prefix = "/base";
    r.path_prefix_checked = true;
    r.path = "/x";
    const QueryParam query[] = {{"a", "1"}};
    r.query = query;
    CHECK_TRUE(write(r).text.rfind("GET /base/x?a=1 HTTP/1.1\r\n", 0) == 0);
    r.path = "/x y";
    CHECK_EQUAL(Status::kInvalidArgument, write(r).status);
}

TEST(RequestWriter, ReportsAHeadThatDoesNotFit) {
    Request r;
    r.path = "/messages";
    char out[30];
    net::http::BufferWriter w{hal::CharSpan(out)};
    CHECK_EQUAL(Status::kBufferTooSmall, net::http::write_request_head(r, "h", w));
}

TEST(RequestWriter, MethodNames) {
    CHECK_EQUAL(std::string("HEAD"), std::string(net::http::method_name(Method::kHead)));
    CHECK_EQUAL(std::string("PATCH"), std::string(net::http::method_name(Method::kPatch)));
    CHECK_TRUE(net::http::is_retry_safe(Method::kGet));
    CHECK_FALSE(net::http::is_retry_safe(Method::kPost));
}
