#include "boards/host/credentials_input.h"

#include <vector>

namespace host {
namespace {

std::string trim(const std::string& s) {
    const size_t b = s.find_first_not_of(" \t\r\n");
    if (b == std::string::npos) return "";
    return s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1);
}

bool take_key_value(const std::string& line, CredentialsInput* out) {
    const size_t eq = line.find('=');
    if (eq == std::string::npos) return false;
    const std::string key = trim(line.substr(0, eq));
    const std::string value = trim(line.substr(eq + 1));
    if (key == "client_id") {
        out->client_id = value;
    } else if (key == "client_secret" || key == "account_secret") {
        out->client_secret = value;
    } else {
        return false;
    }
    return true;
}

}  // namespace

bool read_credentials(std::istream& in, bool parley_direct, CredentialsInput* out,
                      std::string* error) {
    std::vector<std::string> plain;
    std::string line;
    while (std::getline(in, line)) {
        const std::string text = trim(line);
        if (text.empty() || text[0] == '#') continue;
        if (!take_key_value(text, out)) plain.push_back(text);
    }
    if (parley_direct && out->client_secret.empty() && plain.size() == 1) {
        out->client_secret = plain[0];
    } else if (!parley_direct && out->client_id.empty() && plain.size() == 2) {
        out->client_id = plain[0];
        out->client_secret = plain[1];
    }
    if (out->client_secret.empty() || (!parley_direct && out->client_id.empty())) {
        *error = parley_direct ? "expected the account secret (one line, or account_secret=…)"
                               : "expected two lines: client id, then client secret "
                                 "(or client_id=… and client_secret=…)";
        return false;
    }
    return true;
}

}  // namespace host
