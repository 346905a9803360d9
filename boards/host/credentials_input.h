// Parses credentials for `provision` (and the registered user's string for `provision
// --user`) from the bytes of stdin or a file, never from argv.
// Accepted forms: two lines "client id" and "client secret"; or key=value lines
// client_id=… / client_secret=… (account_secret=… for Parley direct). Blank lines and
// '#' comments are ignored; surrounding spaces are trimmed.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "net/oauth/oauth_config.h"
#include "net/parley/parley_config.h"

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

// The registered user's string for `provision --user` (KPN authString, Parley direct
// Authorization), from the same bytes: one line, or an auth_string=… line; blank lines
// and '#' comments ignored, surrounding spaces trimmed. False with a message in `error`
// otherwise: none, more than one, over kMaxUserAuthBytes, a character other than visible
// ASCII or space (it travels in a header), a NUL byte, more than
// kMaxCredentialsInputBytes. The message never repeats the input. Pure: fuzzed.
constexpr size_t kMaxUserAuthBytes = net::parley::kMaxAuthStringLength;
bool parse_user_auth(std::string_view text, std::string* out, std::string* error);

}  // namespace boards::host
