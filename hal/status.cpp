#include "hal/status.h"

namespace hal {

const char* to_string(Status status) {
    switch (status) {
        case Status::kOk:
            return "ok";
        case Status::kInvalidArgument:
            return "invalid-argument";
        case Status::kBufferTooSmall:
            return "buffer-too-small";
        case Status::kUnsupported:
            return "unsupported";
        case Status::kFailedPrecondition:
            return "failed-precondition";
        case Status::kTimeout:
            return "timeout";
        case Status::kClosed:
            return "closed";
        case Status::kNetworkError:
            return "network-error";
        case Status::kNameResolution:
            return "name-resolution";
        case Status::kRetryLater:
            return "retry-later";
        case Status::kOutcomeUnknown:
            return "outcome-unknown";
        case Status::kTokenInvalid:
            return "token-invalid";
        case Status::kBadCredentials:
            return "bad-credentials";
        case Status::kBadRequest:
            return "bad-request";
        case Status::kNotFound:
            return "not-found";
        case Status::kServiceError:
            return "service-error";
        case Status::kCorrupt:
            return "corrupt";
        case Status::kTooLarge:
            return "too-large";
        case Status::kNoSpace:
            return "no-space";
        case Status::kFlashError:
            return "flash-error";
        case Status::kFlashNotErased:
            return "flash-not-erased";
        case Status::kCertUntrusted:
            return "cert-untrusted";
        case Status::kCertExpired:
            return "cert-expired";
        case Status::kCertNotYetValid:
            return "cert-not-yet-valid";
        case Status::kCertHostnameMismatch:
            return "cert-hostname-mismatch";
        case Status::kCertInvalid:
            return "cert-invalid";
        case Status::kTlsVersionRefused:
            return "tls-version-refused";
        case Status::kTlsHandshakeFailed:
            return "tls-handshake-failed";
        case Status::kTlsError:
            return "tls-error";
        case Status::kOutOfMemory:
            return "out-of-memory";
        case Status::kUnavailable:
            return "unavailable";
        case Status::kInternal:
            return "internal";
        case Status::kAuthorizationRequired:
            return "authorization-required";
    }
    return "unknown-status";
}

}  // namespace hal
