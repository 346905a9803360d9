// Fuzzes the provisioning input parsers (boards::host::parse_credentials, in both
// dialects, and parse_user_auth, the registered user's string) on arbitrary bytes. Oracle: no crash
// or hang; either the values are within the settings store's limits, non-empty where required,
// single-line, free of NUL and found in the input, or the parse fails with a short message that
// never repeats the input (it may hold the secret) and leaves both values empty.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "boards/host/credentials_input.h"

namespace {

void check(std::string_view text, bool parley_direct) {
    boards::host::CredentialsInput in;
    std::string error;
    const bool ok = boards::host::parse_credentials(text, parley_direct, &in, &error);
    if (ok) {
        if (in.client_secret.empty() ||
            in.client_secret.size() > boards::host::kMaxClientSecretBytes) {
            std::abort();
        }
        if (in.client_id.size() > boards::host::kMaxClientIdBytes) std::abort();
        if (!parley_direct && in.client_id.empty()) std::abort();
        if (text.size() > boards::host::kMaxCredentialsInputBytes) std::abort();
        for (const std::string* value : {&in.client_id, &in.client_secret}) {
            if (value->find_first_of(std::string_view("\n\0", 2)) != std::string::npos) {
                std::abort();
            }
            if (text.find(*value) == std::string_view::npos) std::abort();
        }
    } else {
        if (error.empty() || error.size() > 120) std::abort();
        if (!in.client_id.empty() || !in.client_secret.empty()) std::abort();
    }
}

// The user's string: 1..kMaxUserAuthBytes of visible ASCII and spaces, found in the
// input; or refused with a short message and nothing kept.
void check_user(std::string_view text) {
    std::string user;
    std::string error;
    if (boards::host::parse_user_auth(text, &user, &error)) {
        if (user.empty() || user.size() > boards::host::kMaxUserAuthBytes) std::abort();
        for (const char c : user) {
            if (c < ' ' || c > '~') std::abort();
        }
        if (text.find(user) == std::string_view::npos) std::abort();
    } else if (error.empty() || error.size() > 120 || !user.empty()) {
        std::abort();
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    check(text, false);
    check(text, true);
    check_user(text);
    return 0;
}
