// net/url: base URLs, the Host header value, and what is refused.
#include "net/url/url.h"

#include <CppUTest/TestHarness.h>

#include <string>

#include "net/url/host_syntax.h"

using hal::Status;
using net::url::parse_url;
using net::url::Url;

namespace {

std::string host_header(const Url& url) {
    char out[300];
    const hal::Result<size_t> n = net::url::write_host_header(url, hal::CharSpan(out));
    CHECK_EQUAL(Status::kOk, n.status());
    return std::string(out, n.value());
}

Status parse_status(const char* text) {
    return parse_url(text).status();
}

}  // namespace

TEST_GROUP(Url){};

TEST(Url, ParsesTheKpnGatewayBaseUrl) {
    const hal::Result<Url> url =
        parse_url("https://api-prd.kpn.com/communication/parley/secure-messenger");
    CHECK_EQUAL(Status::kOk, url.status());
    CHECK_EQUAL(std::string("https"), std::string(url.value().scheme));
    CHECK_EQUAL(std::string("api-prd.kpn.com"), std::string(url.value().host));
    CHECK_EQUAL(443, url.value().port);
    CHECK_TRUE(url.value().secure);
    CHECK_FALSE(url.value().ipv6_literal);
    CHECK_EQUAL(std::string("/communication/parley/secure-messenger"),
                std::string(url.value().base_path));
    CHECK_EQUAL(std::string("api-prd.kpn.com"), host_header(url.value()));
}

TEST(Url, DropsTrailingSlashesFromTheBasePath) {
    CHECK_EQUAL(std::string("/clientApi/v1.9"),
                std::string(parse_url("https://api.parley.nu/clientApi/v1.9/").value().base_path));
    CHECK_EQUAL(std::string(""), std::string(parse_url("https://h.example/").value().base_path));
    CHECK_EQUAL(std::string(""), std::string(parse_url("https://h.example").value().base_path));
    CHECK_EQUAL(std::string("/a"),
                std::string(parse_url("https://h.example/a//").value().base_path));
}

TEST(Url, SchemeIsCaseInsensitiveAndHttpIsFlaggedInsecure) {
    const hal::Result<Url> url = parse_url("HTTP://localhost/api");
    CHECK_EQUAL(Status::kOk, url.status());
    CHECK_FALSE(url.value().secure);
    CHECK_EQUAL(80, url.value().port);
    CHECK_TRUE(parse_url("HtTpS://x.example").value().secure);
}

TEST(Url, ExplicitPortsAndTheHostHeader) {
    const Url url = parse_url("https://127.0.0.1:8443/base").value();
    CHECK_EQUAL(8443, url.port);
    CHECK_EQUAL(std::string("127.0.0.1"), std::string(url.host));
    CHECK_EQUAL(std::string("127.0.0.1:8443"), host_header(url));
    CHECK_EQUAL(1, parse_url("https://h:1").value().port);
    CHECK_EQUAL(65535, parse_url("https://h:65535").value().port);
    // The default port, written out, is still the default: no ":443" in Host.
    CHECK_EQUAL(std::string("h"), host_header(parse_url("https://h:443").value()));
    CHECK_EQUAL(std::string("h:443"), host_header(parse_url("http://h:443").value()));
}

TEST(Url, Ipv6LiteralsLoseTheirBracketsForConnectAndKeepThemInHost) {
    const Url url = parse_url("https://[::1]:8443/sim").value();
    CHECK_TRUE(url.ipv6_literal);
    CHECK_EQUAL(std::string("::1"), std::string(url.host));
    CHECK_EQUAL(8443, url.port);
    CHECK_EQUAL(std::string("/sim"), std::string(url.base_path));
    CHECK_EQUAL(std::string("[::1]:8443"), host_header(url));

    const Url plain = parse_url("https://[2001:db8::8a2e:370:7334]").value();
    CHECK_EQUAL(std::string("2001:db8::8a2e:370:7334"), std::string(plain.host));
    CHECK_EQUAL(std::string("[2001:db8::8a2e:370:7334]"), host_header(plain));
    CHECK_EQUAL(Status::kOk, parse_status("https://[::ffff:192.0.2.1]/"));
    CHECK_EQUAL(Status::kOk, parse_status("https://[1:2:3:4:5:6:7:8]/"));
}

TEST(Url, RefusesMissingOrForeignSchemes) {
    CHECK_EQUAL(Status::kInvalidArgument, parse_status("api.parley.nu/clientApi"));
    CHECK_EQUAL(Status::kInvalidArgument, parse_status("//api.parley.nu"));
    CHECK_EQUAL(Status::kInvalidArgument, parse_status("://api.parley.nu"));
    CHECK_EQUAL(Status::kInvalidArgument, parse_status("https:/api.parley.nu"));
    CHECK_EQUAL(Status::kInvalidArgument, parse_status("1https://h"));
    CHECK_EQUAL(Status::kUnsupported, parse_status("ftp://h.example/"));
    CHECK_EQUAL(Status::kUnsupported, parse_status("wss://h.example/"));
    CHECK_EQUAL(Status::kUnsupported, parse_status("httpss://h.example/"));
}

TEST(Url, RefusesUserinfoAndEmptyHosts) {
    CHECK_EQUAL(Status::kInvalidArgument, parse_status("https://user@h.example/"));
    CHECK_EQUAL(Status::kInvalidArgument, parse_status("https://user:pw@h.example/"));
    CHECK_EQUAL(Status::kInvalidArgument, parse_status("https:///path"));
    CHECK_EQUAL(Status::kInvalidArgument, parse_status("https://"));
    CHECK_EQUAL(Status::kInvalidArgument, parse_status("https://:443/"));
    CHECK_EQUAL(Status::kInvalidArgument, parse_status("https://h%41.example/"));
}

TEST(Url, RefusesBadIpv6Literals) {
    CHECK_EQUAL(Status::kInvalidArgument, parse_status("https://[::1/"));
    CHECK_EQUAL(Status::kInvalidArgument, parse_status("https://[]/"));
    CHECK_EQUAL(Status::kInvalidArgument, parse_status("https://[::1]x/"));
    CHECK_EQUAL(Status::kInvalidArgument, parse_status("https://[::1]:/"));
    CHECK_EQUAL(Status::kInvalidArgument, parse_status("https://[1::2::3]/"));
    CHECK_EQUAL(Status::kInvalidArgument, parse_status("https://[12345::1]/"));
    CHECK_EQUAL(Status::kInvalidArgument, parse_status("https://[1:2:3:4:5:6:7:8:9]/"));
    CHECK_EQUAL(Status::kInvalidArgument, parse_status("https://[1:2:3:4:5:6:7]/"));
    CHECK_EQUAL(Status::kInvalidArgument, parse_status("https://[fe80::1%25eth0]/"));
    CHECK_EQUAL(Status::kInvalidArgument, parse_status("https://[g::1]/"));
    CHECK_EQUAL(Status::kInvalidArgument, parse_status("https://::1/"));
    CHECK_EQUAL(Status::kInvalidArgument, parse_status("https://[::1.2.3]/"));
}

TEST(Url, RefusesBadPorts) {
    CHECK_EQUAL(Status::kInvalidArgument, parse_status("https://h:0/"));
    CHECK_EQUAL(Status::kInvalidArgument, parse_status("https://h:65536/"));
    CHECK_EQUAL(Status::kInvalidArgument, parse_status("https://h:99999999/"));
    CHECK_EQUAL(Status::kInvalidArgument, parse_status("https://h:/"));
    CHECK_EQUAL(Status::kInvalidArgument, parse_status("https://h:8o/"));
    CHECK_EQUAL(Status::kInvalidArgument, parse_status("https://h:-1/"));
    CHECK_EQUAL(Status::kInvalidArgument, parse_status("https://h:80:80/"));
}

TEST(Url, RefusesQueriesFragmentsSpacesAndControls) {
    CHECK_EQUAL(Status::kInvalidArgument, parse_status("https://h/a?b=c"));
    CHECK_EQUAL(Status::kInvalidArgument, parse_status("https://h?b=c"));
    CHECK_EQUAL(Status::kInvalidArgument, parse_status("https://h/a#top"));
    CHECK_EQUAL(Status::kInvalidArgument, parse_status("https://h/a b"));
    CHECK_EQUAL(Status::kInvalidArgument, parse_status(" https://h/"));
    CHECK_EQUAL(Status::kInvalidArgument, parse_status("https://h/a\r\nHost: evil"));
    CHECK_EQUAL(Status::kInvalidArgument, parse_url(std::string_view("https://h/\0", 11)).status());
    CHECK_EQUAL(Status::kInvalidArgument, parse_status("https://h/caf\xc3\xa9"));
    CHECK_EQUAL(Status::kInvalidArgument, parse_status("https://h/a%2"));
    CHECK_EQUAL(Status::kInvalidArgument, parse_status("https://h/a%zz"));
    CHECK_EQUAL(Status::kInvalidArgument, parse_status("https://h/a<b>"));
    CHECK_EQUAL(Status::kOk, parse_status("https://h/a%2Fb/c:d@e;f=g"));
}

TEST(Url, RefusesOverlongInput) {
    const std::string long_host(net::url::kMaxHostLength + 1, 'a');
    CHECK_EQUAL(Status::kTooLarge, parse_url("https://" + long_host).status());
    const std::string max_host(net::url::kMaxHostLength, 'a');
    CHECK_EQUAL(Status::kOk, parse_url("https://" + max_host + ":65535").status());
    const std::string long_path(net::url::kMaxUrlLength, 'p');
    CHECK_EQUAL(Status::kTooLarge, parse_url("https://h/" + long_path).status());
}

TEST(Url, HostHeaderReportsATooSmallBuffer) {
    const Url url = parse_url("https://[::1]:8443").value();
    char out[10];  // "[::1]:8443" is 10: fits exactly
    CHECK_EQUAL(10u, net::url::write_host_header(url, hal::CharSpan(out)).value());
    char small[9];
    CHECK_EQUAL(Status::kBufferTooSmall,
                net::url::write_host_header(url, hal::CharSpan(small)).status());
}

TEST(Url, HostSyntaxHelpers) {
    CHECK_TRUE(net::url::is_ipv4_literal("192.0.2.255"));
    CHECK_FALSE(net::url::is_ipv4_literal("192.0.2.256"));
    CHECK_FALSE(net::url::is_ipv4_literal("1.2.3"));
    CHECK_FALSE(net::url::is_ipv4_literal("1.2.3.4.5"));
    CHECK_FALSE(net::url::is_ipv4_literal("1..2.3"));
    CHECK_TRUE(net::url::is_ipv6_literal("::"));
    CHECK_TRUE(net::url::is_ipv6_literal("1::"));
    CHECK_TRUE(net::url::is_ipv6_literal("1:2:3:4:5:6:1.2.3.4"));
    CHECK_FALSE(net::url::is_ipv6_literal("1:2:3:4:5:6:7:1.2.3.4"));
    CHECK_FALSE(net::url::is_ipv6_literal(":::1"));
    CHECK_FALSE(net::url::is_ipv6_literal("1:"));
    CHECK_FALSE(net::url::is_ipv6_literal(":1"));
    CHECK_TRUE(net::url::is_host_name("my_host-1.example"));
    CHECK_FALSE(net::url::is_host_name(""));
}
