// The description of a received fatal alert is not exposed by mbedTLS 3.6's API; it is
// read from the record buffer in received_alert() below, and nowhere else.
#define MBEDTLS_ALLOW_PRIVATE_ACCESS
#include "net/tls/tls_client.h"

#include <cstring>

#include "hal/log.h"
#include "mbedtls/asn1.h"
#include "mbedtls/bignum.h"
#include "mbedtls/ecp.h"
#include "mbedtls/error.h"
#include "mbedtls/pem.h"
#include "mbedtls/pk.h"
// mbedTLS 3.6's psa_util.h lacks the extern "C" guard its other headers have.
extern "C" {
#include "mbedtls/psa_util.h"
}

namespace net::tls {
namespace {

constexpr const char* kLogModule = "tls";

// Returned by the bio callbacks for a hard transport error; the real Status is kept in
// io_status_ and reported instead of this code.
constexpr int kBioTransportError = -0x004C;

// close_notify is a courtesy to the server; never let it hold up a close.
constexpr hal::Millis kCloseNotifyBudgetMs = 200;

// AEAD suites only, TLS 1.3 first. Zero-terminated, as mbedTLS wants it.
// The order is what the emulated Cortex-M4 measured (docs/performance.md, "Cipher suites
// on the M4"): with AES in software, ChaCha20-Poly1305 costs 43 % less per message sent
// and polled and 57 % less per KB received than AES-128-GCM, with the same handshake;
// AES-256-GCM is dearest (SHA-384 in software, more stack). Servers that honour the
// client's order pick ChaCha20; a part with an AES/GCM accelerator should reorder.
// TLS 1.2 follows the same order: its suites use the same AEADs.
constexpr int kCipherSuites[] = {
    MBEDTLS_TLS1_3_CHACHA20_POLY1305_SHA256,
    MBEDTLS_TLS1_3_AES_128_GCM_SHA256,
    MBEDTLS_TLS1_3_AES_256_GCM_SHA384,
    MBEDTLS_TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
    MBEDTLS_TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
    MBEDTLS_TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
    MBEDTLS_TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
    MBEDTLS_TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
    MBEDTLS_TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
    0,
};

constexpr uint16_t kGroups[] = {
    MBEDTLS_SSL_IANA_TLS_GROUP_X25519,
    MBEDTLS_SSL_IANA_TLS_GROUP_SECP256R1,
    MBEDTLS_SSL_IANA_TLS_GROUP_SECP384R1,
    MBEDTLS_SSL_IANA_TLS_GROUP_NONE,
};

// Signature algorithms we offer. RSA PKCS#1 v1.5 is listed before RSA-PSS on purpose:
// mbedTLS 3.6 offers rsa_pss_rsae_* in the ClientHello (TLS 1.3 needs them) but cannot
// verify them in a TLS 1.2 ServerKeyExchange, and servers that honour the client's order
// (OpenSSL's default) would otherwise pick PSS for TLS 1.2 and fail the handshake.
// TLS 1.3 forbids PKCS#1 v1.5 in CertificateVerify, so there the server still picks PSS.
constexpr uint16_t kSignatureAlgorithms[] = {
    MBEDTLS_TLS1_3_SIG_ECDSA_SECP256R1_SHA256,
    MBEDTLS_TLS1_3_SIG_ECDSA_SECP384R1_SHA384,
    MBEDTLS_TLS1_3_SIG_RSA_PKCS1_SHA256,
    MBEDTLS_TLS1_3_SIG_RSA_PKCS1_SHA384,
    MBEDTLS_TLS1_3_SIG_RSA_PKCS1_SHA512,
    MBEDTLS_TLS1_3_SIG_RSA_PSS_RSAE_SHA256,
    MBEDTLS_TLS1_3_SIG_RSA_PSS_RSAE_SHA384,
    MBEDTLS_TLS1_3_SIG_RSA_PSS_RSAE_SHA512,
    MBEDTLS_TLS1_3_SIG_NONE,
};

// The arena ran out somewhere below the call: an mbedTLS error is a high-level code
// (bits 7-14 of its magnitude) plus a low-level one (bits 0-6), and parsing a CA bundle
// can fail in PEM decoding, X.509, the public key, its bignums or ASN.1.
constexpr int kAllocFailures[] = {
    MBEDTLS_ERR_PEM_ALLOC_FAILED, MBEDTLS_ERR_X509_ALLOC_FAILED, MBEDTLS_ERR_PK_ALLOC_FAILED,
    MBEDTLS_ERR_ECP_ALLOC_FAILED, MBEDTLS_ERR_MPI_ALLOC_FAILED,  MBEDTLS_ERR_ASN1_ALLOC_FAILED,
};

bool is_alloc_failure(int error) {
    const int magnitude = -error;
    for (const int failure : kAllocFailures) {
        const int code = -failure;
        const int part = code >= 0x80 ? (magnitude & 0x7F80) : (magnitude & 0x7F);
        if (part == code) return true;
    }
    return false;
}

// Untrusted outranks the rest: the dates and names of an untrusted chain mean nothing.
hal::Status status_from_verify_flags(uint32_t flags) {
    if (flags & (MBEDTLS_X509_BADCERT_NOT_TRUSTED | MBEDTLS_X509_BADCERT_MISSING)) {
        return hal::Status::kCertUntrusted;
    }
    if (flags & MBEDTLS_X509_BADCERT_EXPIRED) return hal::Status::kCertExpired;
    if (flags & MBEDTLS_X509_BADCERT_FUTURE) return hal::Status::kCertNotYetValid;
    if (flags & MBEDTLS_X509_BADCERT_CN_MISMATCH) return hal::Status::kCertHostnameMismatch;
    return hal::Status::kCertInvalid;
}

hal::Status status_from_handshake_error(int error) {
    switch (error) {
        case MBEDTLS_ERR_SSL_BAD_PROTOCOL_VERSION:
            return hal::Status::kTlsVersionRefused;
        case MBEDTLS_ERR_SSL_ALLOC_FAILED:
        case MBEDTLS_ERR_SSL_BAD_INPUT_DATA:
            return error == MBEDTLS_ERR_SSL_ALLOC_FAILED ? hal::Status::kOutOfMemory
                                                         : hal::Status::kInternal;
        case MBEDTLS_ERR_SSL_CONN_EOF:
            return hal::Status::kClosed;
        default:
            return hal::Status::kTlsHandshakeFailed;
    }
}

// The description byte of the alert record the server just sent (RFC 8446 §6).
int received_alert(const mbedtls_ssl_context& ssl) {
    const unsigned char* msg = ssl.MBEDTLS_PRIVATE(in_msg);
    return msg != nullptr ? msg[1] : -1;
}

bool want_io(int ret) {
    return ret == MBEDTLS_ERR_SSL_WANT_READ || ret == MBEDTLS_ERR_SSL_WANT_WRITE;
}

// DER certificates back to back, each parsed where it lies (mbedTLS keeps pointers into
// `der` instead of a copy). Any byte that is not part of a certificate fails the whole
// bundle: a half-trusted bundle is not what the caller asked for.
int parse_der_in_place(mbedtls_x509_crt* chain, hal::ConstByteSpan der) {
    if (der.empty()) return MBEDTLS_ERR_X509_INVALID_FORMAT;
    const unsigned char* next = der.data();
    const unsigned char* const end = der.data() + der.size();
    while (next < end) {
        unsigned char* body = const_cast<unsigned char*>(next);  // asn1 API is not const
        size_t body_size = 0;
        int ret = mbedtls_asn1_get_tag(&body, end, &body_size,
                                       MBEDTLS_ASN1_CONSTRUCTED | MBEDTLS_ASN1_SEQUENCE);
        if (ret != 0) return MBEDTLS_ERR_X509_INVALID_FORMAT + ret;
        const size_t size = static_cast<size_t>(body - next) + body_size;
        ret = mbedtls_x509_crt_parse_der_nocopy(chain, next, size);
        if (ret != 0) return ret;
        next += size;
    }
    return 0;
}

}  // namespace

TlsClient::TlsClient(hal::Socket& transport, hal::Clock& clock)
    : transport_(transport), clock_(clock) {
    mbedtls_ssl_config_init(&conf_);
    mbedtls_ssl_init(&ssl_);
    mbedtls_x509_crt_init(&ca_);
    mbedtls_ssl_session_init(&saved_);
}

TlsClient::~TlsClient() {
    close();
    mbedtls_ssl_session_free(&saved_);
    mbedtls_ssl_free(&ssl_);
    mbedtls_x509_crt_free(&ca_);
    mbedtls_ssl_config_free(&conf_);
}

hal::Status TlsClient::configure(const TlsConfig& config) {
    if (configured_) return hal::Status::kFailedPrecondition;
    // mbedTLS parses PEM only when the NUL terminator is part of the length.
    const hal::ConstByteSpan ca = config.ca_bundle;
    int ret = MBEDTLS_ERR_X509_INVALID_FORMAT;
    if (config.ca_in_place) {
        ret = parse_der_in_place(&ca_, ca);
    } else if (!ca.empty()) {
        ret = mbedtls_x509_crt_parse(&ca_, ca.data(), ca.size());
    }
    if (ret < 0 && !config.ca_in_place && ca.size() > 0 && ca[ca.size() - 1] != '\0') {
        // PEM without its NUL: parse certificate by certificate from a bounded copy is
        // not possible without a buffer, so insist on the documented forms.
        HAL_LOG_ERROR(kLogModule, "CA bundle: PEM must include its trailing NUL, or use DER");
    }
    if (ret < 0 || ca_.raw.p == nullptr) {
        // Nothing of a refused bundle stays trusted, not even the certificates parsed
        // before the bad one.
        mbedtls_x509_crt_free(&ca_);
        mbedtls_x509_crt_init(&ca_);
        last_error_ = ret;
        return is_alloc_failure(ret) ? hal::Status::kOutOfMemory : hal::Status::kInvalidArgument;
    }
    if (mbedtls_ssl_config_defaults(&conf_, MBEDTLS_SSL_IS_CLIENT, MBEDTLS_SSL_TRANSPORT_STREAM,
                                    MBEDTLS_SSL_PRESET_DEFAULT) != 0) {
        return hal::Status::kInternal;
    }
    mbedtls_ssl_conf_authmode(&conf_, MBEDTLS_SSL_VERIFY_REQUIRED);
    mbedtls_ssl_conf_ca_chain(&conf_, &ca_, nullptr);
    mbedtls_ssl_conf_verify(&conf_, &TlsClient::on_verify, this);
    mbedtls_ssl_conf_rng(&conf_, mbedtls_psa_get_random, MBEDTLS_PSA_RANDOM_STATE);
    mbedtls_ssl_conf_min_tls_version(&conf_, MBEDTLS_SSL_VERSION_TLS1_2);
    mbedtls_ssl_conf_max_tls_version(&conf_, MBEDTLS_SSL_VERSION_TLS1_3);
    mbedtls_ssl_conf_ciphersuites(
        &conf_, config.ciphersuites != nullptr ? config.ciphersuites : kCipherSuites);
    mbedtls_ssl_conf_groups(&conf_, kGroups);
    mbedtls_ssl_conf_sig_algs(&conf_, kSignatureAlgorithms);
    mbedtls_ssl_conf_session_tickets(&conf_, MBEDTLS_SSL_SESSION_TICKETS_ENABLED);
    mbedtls_ssl_conf_tls13_key_exchange_modes(&conf_, MBEDTLS_SSL_TLS1_3_KEY_EXCHANGE_MODE_ALL);
    mbedtls_ssl_conf_tls13_enable_signal_new_session_tickets(
        &conf_, MBEDTLS_SSL_TLS1_3_SIGNAL_NEW_SESSION_TICKETS_ENABLED);
    ret = mbedtls_ssl_setup(&ssl_, &conf_);
    if (ret != 0) {
        last_error_ = ret;
        return ret == MBEDTLS_ERR_SSL_ALLOC_FAILED ? hal::Status::kOutOfMemory
                                                   : hal::Status::kInternal;
    }
    mbedtls_ssl_set_bio(&ssl_, this, &TlsClient::bio_send, &TlsClient::bio_recv, nullptr);
    configured_ = true;
    return hal::Status::kOk;
}

hal::Status TlsClient::connect(std::string_view host, uint16_t port, hal::Millis deadline) {
    if (!configured_ || connected_) return hal::Status::kFailedPrecondition;
    if (host.empty() || host.size() >= sizeof host_) return hal::Status::kInvalidArgument;
    std::memcpy(host_, host.data(), host.size());
    host_[host.size()] = '\0';
    last_error_ = 0;
    resumed_ = false;
    HAL_TRY(transport_.connect(host, port, deadline));
    const hal::Status status = handshake(deadline);
    if (status != hal::Status::kOk) transport_.close();
    return status;
}

hal::Status TlsClient::handshake(hal::Millis deadline) {
    // Both allocate from the arena; the host name was checked by connect().
    int ret = mbedtls_ssl_session_reset(&ssl_);
    if (ret == 0) ret = mbedtls_ssl_set_hostname(&ssl_, host_);
    if (ret != 0) {
        last_error_ = ret;
        return ret == MBEDTLS_ERR_SSL_ALLOC_FAILED ? hal::Status::kOutOfMemory
                                                   : hal::Status::kInvalidArgument;
    }
    // A saved session the server no longer accepts just costs a full handshake.
    if (have_saved_ && mbedtls_ssl_set_session(&ssl_, &saved_) != 0) forget_session();
    const bool offered_session = have_saved_;
    verify_calls_ = 0;
    io_deadline_ = deadline;
    while ((ret = mbedtls_ssl_handshake(&ssl_)) != 0) {
        if (!want_io(ret)) {
            // A TLS-level failure while offering a session may be the session's doing (a
            // ticket the ClientHello cannot carry, a server that chokes on it): the next
            // connection makes a full handshake rather than fail the same way forever.
            // A transport failure says nothing about the session, which is kept.
            if (offered_session && ret != kBioTransportError) forget_session();
            return fail(ret);
        }
        if (hal::deadline_passed(clock_.now_ms(), deadline)) return hal::Status::kTimeout;
    }
    connected_ = true;
    resumed_ = verify_calls_ == 0;
    HAL_LOG_INFO(kLogModule, "%s %s %s to %s", protocol().data(), ciphersuite().data(),
                 resumed_ ? "resumed" : "new", host_);
    // TLS 1.2 sessions (and their tickets) are complete now; TLS 1.3 tickets arrive later
    // as post-handshake messages and are caught in recv().
    if (mbedtls_ssl_get_version_number(&ssl_) == MBEDTLS_SSL_VERSION_TLS1_2) remember_session();
    return hal::Status::kOk;
}

hal::Status TlsClient::fail(int error) {
    last_error_ = error;
    if (io_status_ != hal::Status::kOk && error == kBioTransportError) {
        const hal::Status status = io_status_;
        io_status_ = hal::Status::kOk;
        return status;
    }
    if (error == MBEDTLS_ERR_X509_CERT_VERIFY_FAILED) {
        return status_from_verify_flags(mbedtls_ssl_get_verify_result(&ssl_));
    }
    hal::Status status = status_from_handshake_error(error);
    if (error == MBEDTLS_ERR_SSL_FATAL_ALERT_MESSAGE &&
        received_alert(ssl_) == MBEDTLS_SSL_ALERT_MSG_PROTOCOL_VERSION) {
        status = hal::Status::kTlsVersionRefused;
    }
    HAL_LOG_WARN(kLogModule, "TLS with %s failed: -0x%04x (%s)", host_,
                 static_cast<unsigned>(-error), hal::to_string(status));
    return status;
}

void TlsClient::remember_session() {
    forget_session();
    have_saved_ = mbedtls_ssl_get_session(&ssl_, &saved_) == 0;
    // The ClientHello that offers the session carries its ticket, and the ClientHello must
    // fit one output record (MBEDTLS_SSL_OUT_CONTENT_LEN): a ticket that leaves it no room
    // would fail every handshake that offers it, so such a session is not kept. (ticket_len
    // is private in mbedTLS 3.6, the version the bootstrap pins; there is no getter.)
    if (have_saved_ && saved_.MBEDTLS_PRIVATE(ticket_len) > kMaxResumableTicket) {
        HAL_LOG_INFO(kLogModule, "session ticket of %u B too large to offer, not kept",
                     static_cast<unsigned>(saved_.MBEDTLS_PRIVATE(ticket_len)));
        forget_session();
    }
}

void TlsClient::forget_session() {
    mbedtls_ssl_session_free(&saved_);
    mbedtls_ssl_session_init(&saved_);
    have_saved_ = false;
}

hal::Result<size_t> TlsClient::send(hal::ConstByteSpan data, hal::Millis deadline) {
    if (!connected_) return hal::Status::kFailedPrecondition;
    if (data.empty()) return hal::Status::kInvalidArgument;
    io_deadline_ = deadline;
    for (;;) {
        const int ret = mbedtls_ssl_write(&ssl_, data.data(), data.size());
        if (ret > 0) return static_cast<size_t>(ret);
        if (!want_io(ret)) {
            connected_ = false;
            const hal::Status status = fail(ret);
            return status == hal::Status::kTlsHandshakeFailed ? hal::Status::kTlsError : status;
        }
        if (hal::deadline_passed(clock_.now_ms(), deadline)) return size_t{0};
    }
}

hal::Result<size_t> TlsClient::recv(hal::ByteSpan out, hal::Millis deadline) {
    if (!connected_) return hal::Status::kFailedPrecondition;
    if (out.empty()) return hal::Status::kInvalidArgument;
    io_deadline_ = deadline;
    for (;;) {
        const int ret = mbedtls_ssl_read(&ssl_, out.data(), out.size());
        if (ret > 0) return static_cast<size_t>(ret);
        if (ret == MBEDTLS_ERR_SSL_RECEIVED_NEW_SESSION_TICKET) {
            remember_session();
            continue;
        }
        if (ret == 0 || ret == MBEDTLS_ERR_SSL_PEER_CLOSE_NOTIFY ||
            ret == MBEDTLS_ERR_SSL_CONN_EOF) {
            connected_ = false;
            return hal::Status::kClosed;
        }
        if (!want_io(ret)) {
            connected_ = false;
            const hal::Status status = fail(ret);
            return status == hal::Status::kTlsHandshakeFailed ? hal::Status::kTlsError : status;
        }
        if (hal::deadline_passed(clock_.now_ms(), deadline)) return size_t{0};
    }
}

void TlsClient::close() {
    if (connected_) {
        // A record that a stalled transport took only part of is dropped, not completed:
        // send() reported its bytes as not sent (0 at the deadline), so the server must
        // never receive them whole, which close_notify would do by flushing it first.
        // (out_left is private in mbedTLS 3.6, the version the bootstrap pins.)
        if (ssl_.MBEDTLS_PRIVATE(out_left) == 0) {
            io_deadline_ = clock_.now_ms() + kCloseNotifyBudgetMs;
            (void)mbedtls_ssl_close_notify(&ssl_);
        }
        connected_ = false;
    }
    io_status_ = hal::Status::kOk;
    transport_.close();
}

std::string_view TlsClient::protocol() const {
    const char* v = mbedtls_ssl_get_version(&ssl_);
    return v != nullptr ? v : "";
}

std::string_view TlsClient::ciphersuite() const {
    const char* s = mbedtls_ssl_get_ciphersuite(&ssl_);
    return s != nullptr ? s : "";
}

int TlsClient::bio_send(void* self, const unsigned char* data, size_t size) {
    auto* tls = static_cast<TlsClient*>(self);
    const hal::Result<size_t> sent =
        tls->transport_.send(hal::ConstByteSpan(data, size), tls->io_deadline_);
    if (!sent.ok()) {
        tls->io_status_ = sent.status();
        return kBioTransportError;
    }
    if (sent.value() == 0) return MBEDTLS_ERR_SSL_WANT_WRITE;
    return static_cast<int>(sent.value());
}

int TlsClient::bio_recv(void* self, unsigned char* data, size_t size) {
    auto* tls = static_cast<TlsClient*>(self);
    const hal::Result<size_t> got =
        tls->transport_.recv(hal::ByteSpan(data, size), tls->io_deadline_);
    if (got.status() == hal::Status::kClosed) return 0;  // mbedTLS reads 0 as end of stream
    if (!got.ok()) {
        tls->io_status_ = got.status();
        return kBioTransportError;
    }
    if (got.value() == 0) return MBEDTLS_ERR_SSL_WANT_READ;
    return static_cast<int>(got.value());
}

int TlsClient::on_verify(void* self, mbedtls_x509_crt* /*crt*/, int /*depth*/,
                         uint32_t* /*flags*/) {
    // Verification itself stays mbedTLS's; we only count that it happened, which tells
    // a full handshake from a resumed one.
    static_cast<TlsClient*>(self)->verify_calls_++;
    return 0;
}

}  // namespace net::tls
