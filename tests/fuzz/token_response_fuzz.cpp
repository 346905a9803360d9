// Fuzzes the token endpoint decoder (cJSON on a bump arena, every scalar possibly a
// string): any body either yields a well-formed grant or an error with an empty grant.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string_view>

#include "net/oauth/token_response.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    net::oauth::TokenGrant grant;
    const std::string_view body(reinterpret_cast<const char*>(data), size);
    const hal::Status status = net::oauth::decode_token_response(body, &grant);
    if (status == hal::Status::kOk) {
        const bool sane = grant.token_length > 0 &&
                          grant.token_length <= net::oauth::kMaxTokenLength &&
                          std::strlen(grant.token) <= grant.token_length &&
                          grant.expires_in_s > 0 && grant.expires_in_s <= net::oauth::kMaxLifetimeS;
        if (!sane) std::abort();
    } else if (grant.token_length != 0) {
        std::abort();
    }
    return 0;
}
