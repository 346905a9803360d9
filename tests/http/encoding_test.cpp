// Percent- and form-encoding (net/url) and the bounded BufferWriter (net/http).
#include <CppUTest/TestHarness.h>

#include <string>

#include "net/http/buffer_writer.h"
#include "net/url/percent_encode.h"

using hal::Status;

namespace {

using Encoder = hal::Result<size_t> (*)(std::string_view, hal::CharSpan);

std::string encode(Encoder encoder, std::string_view in) {
    char out[256];
    const hal::Result<size_t> n = encoder(in, hal::CharSpan(out));
    CHECK_EQUAL(Status::kOk, n.status());
    return std::string(out, n.value());
}

}  // namespace

TEST_GROUP(PercentEncode){};

TEST(PercentEncode, KeepsOnlyUnreservedCharacters) {
    CHECK_EQUAL(std::string("AZaz09-._~"), encode(net::url::percent_encode, "AZaz09-._~"));
    CHECK_EQUAL(std::string("a%20b%2Bc%2Fd%3De%26f%3Fg%23h%25"),
                encode(net::url::percent_encode, "a b+c/d=e&f?g#h%"));
    CHECK_EQUAL(std::string("%3A%40%21%2A"), encode(net::url::percent_encode, ":@!*"));
}

TEST(PercentEncode, EncodesUtf8AndControlBytesWithUpperCaseHex) {
    CHECK_EQUAL(std::string("caf%C3%A9"), encode(net::url::percent_encode, "caf\xc3\xa9"));
    CHECK_EQUAL(std::string("%00%0D%0A%7F%FF"),
                encode(net::url::percent_encode, std::string_view("\0\r\n\x7f\xff", 5)));
}

TEST(PercentEncode, EmptyInputIsEmptyOutput) {
    char out[1];
    CHECK_EQUAL(0u, net::url::percent_encode("", hal::CharSpan(out, 0)).value());
    CHECK_EQUAL(0u, net::url::form_encode("", hal::CharSpan()).value());
}

TEST(PercentEncode, ReportsATooSmallBufferAndFitsExactly) {
    char out[5];
    CHECK_EQUAL(Status::kBufferTooSmall,
                net::url::percent_encode("a b c", hal::CharSpan(out)).status());
    CHECK_EQUAL(5u, net::url::percent_encode("a b", hal::CharSpan(out)).value());
    CHECK_EQUAL(5u, net::url::percent_encoded_length("a b"));
    CHECK_EQUAL(3u, net::url::form_encoded_length("a b"));
}

TEST(PercentEncode, FormEncodingTurnsSpacesIntoPlusAndEscapesPlusSlashEquals) {
    CHECK_EQUAL(std::string("a+b%2Bc%2Fd%3De"), encode(net::url::form_encode, "a b+c/d=e"));
    CHECK_EQUAL(std::string("AZaz09*-._%7E%26"), encode(net::url::form_encode, "AZaz09*-._~&"));
    // A client secret as KPN issues them: base64-ish with '+', '/' and '='.
    CHECK_EQUAL(std::string("kX9%2Bq%2Fz%3D%3D"), encode(net::url::form_encode, "kX9+q/z=="));
}

TEST(PercentEncode, BuildsAFormBodyThroughABufferWriter) {
    char body[64];
    net::http::BufferWriter w{hal::CharSpan(body)};
    w.append("client_id=").append_encoded(net::url::form_encode, "id one");
    w.append("&client_secret=").append_encoded(net::url::form_encode, "s+/=");
    CHECK_EQUAL(Status::kOk, w.status());
    CHECK_EQUAL(std::string("client_id=id+one&client_secret=s%2B%2F%3D"), std::string(w.view()));
}

TEST_GROUP(BufferWriter){};

TEST(BufferWriter, AppendsTextCharactersAndNumbers) {
    char out[64];
    net::http::BufferWriter w{hal::CharSpan(out)};
    w.append("n=").append_decimal(0).append(',').append_decimal(18446744073709551615u);
    CHECK_TRUE(w.ok());
    CHECK_EQUAL(std::string("n=0,18446744073709551615"), std::string(w.view()));
    CHECK_EQUAL(24u, w.size());
}

TEST(BufferWriter, AnOverflowDropsThePieceAndSticks) {
    char out[8];
    net::http::BufferWriter w{hal::CharSpan(out)};
    w.append("1234").append("56789");
    CHECK_EQUAL(Status::kBufferTooSmall, w.status());
    CHECK_EQUAL(std::string("1234"), std::string(w.view()));
    w.append("5");  // would fit, but the writer has failed: nothing more is appended
    CHECK_EQUAL(std::string("1234"), std::string(w.view()));
    w.reset();
    w.append("12345678");
    CHECK_TRUE(w.ok());
    CHECK_EQUAL(8u, w.size());
    w.append_decimal(9);
    CHECK_EQUAL(Status::kBufferTooSmall, w.status());
}

TEST(BufferWriter, AnEncoderThatDoesNotFitFailsTheWriter) {
    char out[6];
    net::http::BufferWriter w{hal::CharSpan(out)};
    w.append("q=").append_encoded(net::url::percent_encode, "a b");
    CHECK_EQUAL(Status::kBufferTooSmall, w.status());
    CHECK_EQUAL(std::string("q="), std::string(w.view()));
}
