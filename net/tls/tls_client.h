// TlsClient: a TLS 1.2/1.3 client session over any hal::Socket, itself a hal::Socket,
// so HTTP runs over TLS or plain TCP alike. The certificate chain and the host name are
// always verified (there is no switch to turn that off); SNI is sent; the session is
// kept and resumed on the next connect. Memory comes from the arena of tls_platform.h:
// about 16 KB in + 4 KB out record buffers plus the handshake's transient needs.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "hal/clock.h"
#include "hal/socket.h"
#include "mbedtls/ssl.h"
#include "mbedtls/x509_crt.h"

namespace net::tls {

// Longest DNS name (253) plus the terminating NUL mbedTLS needs.
constexpr size_t kMaxHostNameSize = hal::kMaxHostLength + 1;

// The largest session ticket kept for resumption: the ClientHello that offers a session
// carries its ticket and must fit one output record (MBEDTLS_SSL_OUT_CONTENT_LEN), and
// the rest of the largest ClientHello this client writes (a 253-character host name) is
// under 768 B (test_tls -g TlsHandshakeErrors shows it). A larger ticket is not kept: the
// next connection makes a full handshake instead of failing.
constexpr size_t kMaxResumableTicket = MBEDTLS_SSL_OUT_CONTENT_LEN - 768;

struct TlsConfig {
    // Trusted roots. Copied (ca_in_place false): PEM text (a bundle of one or more
    // certificates; only in builds with PEM, PARLEY_TLS_PEM) or one DER certificate; PEM
    // must include its trailing NUL. Must stay valid only for the duration of configure():
    // the certificates are parsed into the arena.
    hal::ConstByteSpan ca_bundle;
    // In place (true): ca_bundle is one or more DER certificates back to back, typically
    // const data in flash; the parsed chain points into it instead of copying it into the
    // arena, so it must stay valid and unchanged for the client's whole life.
    bool ca_in_place = false;
    // The cipher suites to offer, mbedTLS ids ending with 0 (static storage: mbedTLS keeps
    // the pointer); null: every suite the README lists, in the client's order. For pinning
    // one suite (benchmarks, a server policy); the list must stay within that set.
    const int* ciphersuites = nullptr;
};

class TlsClient final : public hal::Socket {
  public:
    TlsClient(hal::Socket& transport, hal::Clock& clock);
    ~TlsClient();
    TlsClient(const TlsClient&) = delete;
    TlsClient& operator=(const TlsClient&) = delete;

    // Parses the CA bundle and prepares the session. Call once, after platform_init.
    // Errors: kInvalidArgument (no certificate in the bundle, or an in-place bundle that is
    // not DER certificates throughout), kOutOfMemory (arena),
    // kFailedPrecondition (called twice).
    hal::Status configure(const TlsConfig& config);

    // TCP connect through the transport, then a verified handshake with `host` as SNI and
    // as the name the certificate must carry; resumes the previous session when it can.
    // Errors besides the transport's: the certificate and handshake kinds of Status
    // (hal::is_tls_rejection), kTimeout.
    hal::Status connect(std::string_view host, uint16_t port, hal::Millis deadline) override;
    // One record's worth of `data` (up to MBEDTLS_SSL_OUT_CONTENT_LEN). 0 at the deadline:
    // none of it confirmed, though the transport may hold part of its record; call again
    // with the same bytes to finish it, or close(), which drops it unsent.
    hal::Result<size_t> send(hal::ConstByteSpan data, hal::Millis deadline) override;
    hal::Result<size_t> recv(hal::ByteSpan out, hal::Millis deadline) override;
    // Sends close_notify (best effort, brief) and closes the transport.
    void close() override;
    bool is_connected() const override { return connected_; }

    // About the current or last connection.
    bool session_resumed() const { return resumed_; }
    std::string_view protocol() const;
    std::string_view ciphersuite() const;
    // The mbedTLS error code behind the last failure, for logs (0 when none).
    int last_error() const { return last_error_; }

  private:
    static int bio_send(void* self, const unsigned char* data, size_t size);
    static int bio_recv(void* self, unsigned char* data, size_t size);
    static int on_verify(void* self, mbedtls_x509_crt* crt, int depth, uint32_t* flags);

    hal::Status handshake(hal::Millis deadline);
    hal::Status fail(int mbedtls_error);
    void remember_session();
    void forget_session();

    hal::Socket& transport_;
    hal::Clock& clock_;
    mbedtls_ssl_config conf_;
    mbedtls_ssl_context ssl_;
    mbedtls_x509_crt ca_;
    mbedtls_ssl_session saved_;
    char host_[kMaxHostNameSize] = {};
    hal::Millis io_deadline_ = 0;
    hal::Status io_status_ = hal::Status::kOk;  // why the last bio call failed
    int last_error_ = 0;
    unsigned verify_calls_ = 0;  // certificates checked in this handshake: 0 = resumed
    bool configured_ = false;
    bool have_saved_ = false;
    bool connected_ = false;
    bool resumed_ = false;
};

}  // namespace net::tls
