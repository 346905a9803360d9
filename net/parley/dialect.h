// The two dialects of the API (docs/protocol.md §1, §3) and the two encodings of
// request fields: how the caller identifies itself, and where POST fields go.
#pragma once

#include <cstdint>

namespace net::parley {

enum class Dialect : uint8_t {
    kKpnGateway,    // bearer token + uniqueAppDeviceId (+ authString, api-version)
    kParleyDirect,  // x-iris-identification: <account secret>:<device id> (+ Authorization)
};

enum class RequestEncoding : uint8_t {
    kJsonBody,     // JSON bodies, as the official SDKs send (default)
    kQueryString,  // KPN's published spec: POST devices fields and message text in the query
};

}  // namespace net::parley
