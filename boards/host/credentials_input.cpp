#include "boards/host/credentials_input.h"

#include <algorithm>
#include <vector>

#include "boards/host/bounded_file.h"

namespace boards::host {
namespace {

std::string trim(std::string_view s) {
    const size_t b = s.find_first_not_of(" \t\r\n");
    if (b == std::string_view::npos) return "";
    return std::string(s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1));
}

bool take_key_value(const std::string& line, CredentialsInput* out) {
    const size_t eq = line.find('=');
    if (eq == std::string::npos) return false;
    const std::string key = trim(std::string_view(line).substr(0, eq));
    const std::string value = trim(std::string_view(line).substr(eq + 1));
    if (key == "client_id") {
        out->client_id = value;
    } else if (key == "client_secret" || key == "account_secret") {
        out->client_secret = value;
    } else {
        return false;
    }
    return true;
}

bool fail(CredentialsInput* out, std::string* error, std::string message) {
    out->client_id.clear();
    out->client_secret.clear();
    *error = std::move(message);
    return false;
}

}  // namespace

bool parse_credentials(std::string_view text, bool parley_direct, CredentialsInput* out,
                       std::string* error) {
    *out = CredentialsInput{};
    if (text.size() > kMaxCredentialsInputBytes) {
        return fail(out, error,
                    "the credentials input is " + describe_size(text.size()) +
                        ", over the limit of " + describe_size(kMaxCredentialsInputBytes));
    }
    if (text.find('\0') != std::string_view::npos) {
        return fail(out, error, "the credentials input holds a NUL byte (not a text file)");
    }
    std::vector<std::string> plain;
    for (size_t start = 0; start <= text.size();) {
        const size_t end = std::min(text.find('\n', start), text.size());
        const std::string line = trim(text.substr(start, end - start));
        start = end + 1;
        if (line.empty() || line[0] == '#') continue;
        if (!take_key_value(line, out)) plain.push_back(line);
    }
    if (parley_direct && out->client_secret.empty() && plain.size() == 1) {
        out->client_secret = plain[0];
    } else if (!parley_direct && out->client_id.empty() && plain.size() == 2) {
        out->client_id = plain[0];
        out->client_secret = plain[1];
    }
    if (out->client_secret.empty() || (!parley_direct && out->client_id.empty())) {
        return fail(out, error,
                    parley_direct ? "expected the account secret (one line, or account_secret=…)"
                                  : "expected two lines: client id, then client secret "
                                    "(or client_id=… and client_secret=…)");
    }
    if (out->client_id.size() > kMaxClientIdBytes) {
        return fail(out, error,
                    "the client id is " + std::to_string(out->client_id.size()) +
                        " bytes; the limit is " + std::to_string(kMaxClientIdBytes));
    }
    if (out->client_secret.size() > kMaxClientSecretBytes) {
        return fail(out, error,
                    "the secret is " + std::to_string(out->client_secret.size()) +
                        " bytes; the limit is " + std::to_string(kMaxClientSecretBytes));
    }
    return true;
}

namespace {

bool refuse_user(std::string* out, std::string* error, std::string message) {
    out->clear();
    *error = std::move(message);
    return false;
}

bool header_safe(std::string_view text) {
    return std::all_of(text.begin(), text.end(), [](char c) { return c >= ' ' && c <= '~'; });
}

}  // namespace

bool parse_user_auth(std::string_view text, std::string* out, std::string* error) {
    out->clear();
    if (text.size() > kMaxCredentialsInputBytes) {
        return refuse_user(out, error,
                           "the input is " + describe_size(text.size()) + ", over the limit of " +
                               describe_size(kMaxCredentialsInputBytes));
    }
    if (text.find('\0') != std::string_view::npos) {
        return refuse_user(out, error, "the input holds a NUL byte (not a text file)");
    }
    size_t values = 0;
    for (size_t start = 0; start <= text.size();) {
        const size_t end = std::min(text.find('\n', start), text.size());
        std::string line = trim(text.substr(start, end - start));
        start = end + 1;
        if (line.empty() || line[0] == '#') continue;
        const size_t eq = line.find('=');
        if (eq != std::string::npos &&
            trim(std::string_view(line).substr(0, eq)) == "auth_string") {
            line = trim(std::string_view(line).substr(eq + 1));
        }
        *out = std::move(line);
        ++values;
    }
    if (values != 1 || out->empty()) {
        return refuse_user(out, error,
                           "expected the registered user's string: one line, or "
                           "auth_string=… (`provision --anonymous` removes it)");
    }
    if (out->size() > kMaxUserAuthBytes) {
        return refuse_user(out, error,
                           "the user's string is " + std::to_string(out->size()) +
                               " bytes; the limit is " + std::to_string(kMaxUserAuthBytes));
    }
    if (!header_safe(*out)) {
        return refuse_user(out, error,
                           "the user's string may hold only visible ASCII characters and "
                           "spaces (it is sent in a request header)");
    }
    return true;
}

}  // namespace boards::host
