// Reads credentials for `provision` from a stream (stdin or a file), never from argv.
// Accepted forms: two lines "client id" and "client secret"; or key=value lines
// client_id=… / client_secret=… (account_secret=… for Parley direct). Blank lines and
// '#' comments are ignored; surrounding spaces are trimmed.
#pragma once

#include <istream>
#include <string>

namespace host {

struct CredentialsInput {
    std::string client_id;
    std::string client_secret;
};

// For the KPN dialect both values are required; for Parley direct only the secret
// (the account secret). False with a message in `error` otherwise.
bool read_credentials(std::istream& in, bool parley_direct, CredentialsInput* out,
                      std::string* error);

}  // namespace host
