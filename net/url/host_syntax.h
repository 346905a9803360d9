// Syntax checks for the host part of a URL: DNS names, IPv4 and IPv6 literals.
// Pure functions over text; they validate shape only (no resolution, no zone ids).
#pragma once

#include <string_view>

namespace net::url {

// A registered name or IPv4 literal: letters, digits, '-', '.', '_'; not empty.
bool is_host_name(std::string_view text);

// Dotted-quad IPv4 ("192.0.2.1"): four decimal parts of 1-3 digits, each <= 255.
bool is_ipv4_literal(std::string_view text);

// An IPv6 address as written inside URL brackets (RFC 4291 text forms: eight groups,
// one "::", an IPv4 tail). No brackets and no zone id ("%eth0").
bool is_ipv6_literal(std::string_view text);

}  // namespace net::url
