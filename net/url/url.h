// URL parsing for the service's base URLs: "https://host[:port][/base/path]".
// The result holds views into the caller's text (keep it alive); nothing is copied or
// decoded. Accepted: https (and http, flagged insecure, for local debugging), DNS names
// and IPv4/IPv6 literals, ports 1-65535. Refused: anything else (see parse_url).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "hal/result.h"
#include "hal/socket.h"  // hal::kMaxHostLength
#include "hal/span.h"
#include "net/url/url_config.h"  // kMaxUrlLength: the longest URL parse_url accepts

namespace net::url {

// The longest host name (RFC 1035: 253 characters in text form).
constexpr size_t kMaxHostLength = hal::kMaxHostLength;

constexpr uint16_t kDefaultHttpsPort = 443;
constexpr uint16_t kDefaultHttpPort = 80;

struct Url {
    std::string_view scheme;     // "https" or "http", as written (any letter case)
    std::string_view host;       // name or literal; an IPv6 literal WITHOUT brackets
    std::string_view base_path;  // "" or "/a/b": starts with '/', no trailing slash
    uint16_t port = kDefaultHttpsPort;
    bool secure = true;         // false for http://
    bool ipv6_literal = false;  // host was written in brackets

    // True when `port` is the scheme's default (so Host carries no ":port").
    bool default_port() const { return port == (secure ? kDefaultHttpsPort : kDefaultHttpPort); }
};

// Parses an absolute base URL. Errors:
// - kUnsupported: a well-formed scheme other than https/http;
// - kTooLarge: longer than kMaxUrlLength, or a host name over kMaxHostLength;
// - kInvalidArgument: everything else malformed — no "scheme://", userinfo ("user@"),
//   empty host, bad or unclosed IPv6 brackets, an IPv6 zone id, port empty, 0, over
//   65535 or not digits, a query or fragment, spaces, control or non-ASCII characters,
//   a bad percent escape in the path.
hal::Result<Url> parse_url(std::string_view text);

// Writes the Host header value for `url` into `out`: the host, in brackets when it is
// an IPv6 literal, with ":port" when the port is not the scheme's default.
// Returns the length written; kBufferTooSmall when `out` is too short.
hal::Result<size_t> write_host_header(const Url& url, hal::CharSpan out);

}  // namespace net::url
