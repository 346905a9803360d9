// Parses credentials for `provision` from the bytes of stdin or a file, never from argv.
// Accepted forms: two lines "client id" and "client secret"; or key=value lines
// client_id=… / client_secret=… (account_secret=… for Parley direct). Blank lines and
// '#' comments are ignored; surrounding spaces are trimmed.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "net/oauth/oauth_config.h"

namespace boards::host {

struct CredentialsInput {
    std::string client_id;
    std::string client_secret;
};

// The longest client id and secret the settings store keeps (net/oauth/oauth_config.h).
constexpr size_t kMaxClientIdBytes = net::oauth::kMaxClientIdLength;
constexpr size_t kMaxClientSecretBytes = net::oauth::kMaxClientSecretLength;
// The most `provision` reads from stdin or --from FILE: the two values and a few comment
// lines fit in far less; a wrong file (or /dev/zero on stdin) is refused at this size.
constexpr size_t kMaxCredentialsInputBytes = 16 * 1024;

// For the KPN dialect both values are required; for Parley direct only the secret
// (the account secret). False with a message in `error` otherwise: a missing value, a
// value over its limit, a NUL byte, more than kMaxCredentialsInputBytes. The message
// never repeats the input (it may hold the secret). Pure: the fuzz target calls it.
bool parse_credentials(std::string_view text, bool parley_direct, CredentialsInput* out,
                       std::string* error);

}  // namespace boards::host
