// One status vocabulary for the whole project (docs/design.md §4).
// Kinds that drive different behaviour stay distinct: "retry later", "renew the
// token once", "do not retry", "fix the buffer", "data is corrupt", TLS rejections.
// Never allocates; to_string returns a static string.
#pragma once

#include <cstdint>

namespace hal {

enum class [[nodiscard]] Status : int16_t{
    kOk = 0,

    // Caller errors: fix the call, retrying the same thing cannot help.
    kInvalidArgument,     // malformed or out-of-range input
    kBufferTooSmall,      // a caller-owned buffer cannot hold the result
    kUnsupported,         // the operation or option is not available in this build
    kFailedPrecondition,  // wrong state (e.g. send before connect)

    // Transport: the operation may succeed later.
    kTimeout,         // a deadline passed before the operation completed
    kClosed,          // the peer closed the connection (orderly)
    kNetworkError,    // connection refused/reset, no route
    kNameResolution,  // the host name did not resolve
    kRetryLater,      // the service asked us to come back later (5xx, 429)
    kOutcomeUnknown,  // a request was (partly) written and no answer came: the server may
                      // have acted on it; never re-send blindly (docs/protocol.md §12)

    // Authentication and requests: do not retry blindly.
    kTokenInvalid,    // access token expired or revoked: renew once, then retry
    kBadCredentials,  // client id / secret refused: do not retry until reprovisioned
    kBadRequest,      // the service refused the request as invalid: do not retry
    kNotFound,        // the addressed object does not exist
    kServiceError,    // the service answered with an error we have no kind for

    // Data.
    kCorrupt,         // bytes failed validation (CRC, format, authentication tag)
    kTooLarge,        // input larger than its named limit
    kNoSpace,         // a persistent store is full
    kFlashError,      // the flash device reported a failure or a read-back mismatch
    kFlashNotErased,  // program asked to turn a 0 bit into 1 (NOR physics)

    // TLS: each rejection distinct so a device can report what went wrong.
    kCertUntrusted,         // chain does not lead to a CA in the bundle (or self-signed)
    kCertExpired,           // a certificate in the chain is past its notAfter
    kCertNotYetValid,       // a certificate in the chain is before its notBefore
    kCertHostnameMismatch,  // the certificate does not name the host we dialled
    kCertInvalid,           // other certificate problems (bad key usage, bad signature, …)
    kTlsVersionRefused,     // no common protocol version (server offers only TLS <= 1.1)
    kTlsHandshakeFailed,    // other handshake failures (no common suite, bad alert)
    kTlsError,              // record-layer failure after the handshake (bad MAC, …)

    kOutOfMemory,  // a fixed arena or pool is exhausted
    kUnavailable,  // the value is not known yet (e.g. wall clock without RTC)
    kInternal,     // a bug: an invariant of ours did not hold

    // Authentication, added after the others so that every value above keeps its number
    // (the C API's parley_error_t mirrors them).
    kAuthorizationRequired,  // the service wants a registered user (device_requires_
                             // authorization): do not retry until one is provisioned
};

// A short stable name such as "timeout" or "cert-expired"; never null.
const char* to_string(Status status);

// True for the kinds a caller may retry later without changing anything.
constexpr bool is_transient(Status s) {
    return s == Status::kTimeout || s == Status::kClosed || s == Status::kNetworkError ||
           s == Status::kNameResolution || s == Status::kRetryLater;
}

// True for certificate and handshake rejections: fail closed, never retry in a loop.
constexpr bool is_tls_rejection(Status s) {
    return s >= Status::kCertUntrusted && s <= Status::kTlsHandshakeFailed;
}

}  // namespace hal

// Returns early from the enclosing function when `expr` is not kOk.
#define HAL_TRY(expr)                                                      \
    do {                                                                   \
        const ::hal::Status hal_try_status_ = (expr);                      \
        if (hal_try_status_ != ::hal::Status::kOk) return hal_try_status_; \
    } while (0)
