// TlsClient against `openssl s_server` on 127.0.0.1 with certificates made by
// tools/certs/make-test-certs: what must work works, what must fail fails closed with
// its own Status, and a connect + exchange allocates nothing from the heap.
#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "mbedtls/base64.h"
#include "mbedtls/pk.h"
#include "mbedtls/ssl_ciphersuites.h"
#include "net/tls/tls_client.h"
#include "net/tls/tls_config.h"
#include "net/tls/tls_platform.h"
#include "port/posix/clock.h"
#include "port/posix/entropy.h"
#include "port/posix/stderr_log.h"
#include "port/posix/tcp_socket.h"
#include "psa/crypto.h"
#include "tests/support/alloc_guard.h"
#include "tests/tls/openssl_server.h"

#include <CppUTest/TestHarness.h>

namespace {

constexpr hal::Millis kConnectBudgetMs = 10000;
constexpr hal::Millis kSilentBudgetMs = 1500;
constexpr size_t kReplyMax = 16 * 1024;

// Generous for the tests; the figure that matters is the measured peak they print.
alignas(8) uint8_t g_arena[128 * 1024];
port::posix::SystemClock g_clock;
port::posix::GetrandomEntropy g_entropy;
// Handshake failures are logged with their mbedTLS codes, which is what one needs when
// a test here fails.
port::posix::StderrLog g_log(g_clock, hal::LogLevel::kWarn);
char g_reply[kReplyMax];

std::string cert(const char* name) {
    return std::string(PARLEY_TEST_CERT_DIR) + "/" + name;
}

std::vector<uint8_t> load_bundle() {
    std::ifstream in(cert("bundle.pem"), std::ios::binary);
    std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)),
                               std::istreambuf_iterator<char>());
    bytes.push_back('\0');  // PEM is parsed with its terminator
    return bytes;
}

// Loaded before the first test, outside CppUTest's leak accounting.
const std::vector<uint8_t> g_bundle = load_bundle();

const std::vector<uint8_t>& ca_bundle() {
    return g_bundle;
}

// A PEM file's certificates as DER, back to back: what a board embeds in flash and parses
// in place (boards/common/mps2/cmake/pem_to_der.py makes the same).
std::vector<uint8_t> der_of(const char* pem_file) {
    std::ifstream in(cert(pem_file));
    const std::string pem((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const std::string begin = "-----BEGIN CERTIFICATE-----";
    const std::string end = "-----END CERTIFICATE-----";
    std::vector<uint8_t> der;
    for (size_t at = pem.find(begin); at != std::string::npos; at = pem.find(begin, at)) {
        const size_t body = at + begin.size();
        const size_t stop = pem.find(end, body);
        if (stop == std::string::npos) break;
        const std::string text = pem.substr(body, stop - body);
        uint8_t decoded[4096];
        size_t size = 0;
        if (mbedtls_base64_decode(decoded, sizeof decoded, &size,
                                  reinterpret_cast<const unsigned char*>(text.data()),
                                  text.size()) != 0) {
            return {};
        }
        der.insert(der.end(), decoded, decoded + size);
        at = stop;
    }
    return der;
}

// Loaded before the first test, like g_bundle; they must outlive every client that parsed
// them in place.
const std::vector<uint8_t> g_bundle_der = der_of("bundle.pem");
const std::vector<uint8_t> g_other_ca_der = der_of("other-ca.pem");

net::tls::TlsConfig in_place(const std::vector<uint8_t>& der) {
    net::tls::TlsConfig config;
    config.ca_bundle = hal::ConstByteSpan(der.data(), der.size());
    config.ca_in_place = true;
    return config;
}

std::vector<std::string> server_args(const char* protocol, const char* leaf) {
    return {protocol,
            "-cert",
            cert((std::string(leaf) + ".pem").c_str()),
            "-key",
            cert((std::string(leaf) + ".key").c_str()),
            "-www"};
}

}  // namespace

TEST_GROUP(TlsClient) {
    port::posix::TcpSocket tcp{g_clock};
    net::tls::TlsClient tls{tcp, g_clock};

    void setup() override {
        hal::set_log(&g_log);
        const net::tls::PlatformConfig config{hal::ByteSpan(g_arena), &g_entropy, &g_clock, 0};
        CHECK_EQUAL(hal::Status::kOk, net::tls::platform_init(config));
        const std::vector<uint8_t>& bundle = ca_bundle();
        CHECK_EQUAL(hal::Status::kOk,
                    tls.configure({hal::ConstByteSpan(bundle.data(), bundle.size())}));
    }

    hal::Status connect(uint16_t port, const char* host = "localhost") {
        return tls.connect(host, port, g_clock.now_ms() + kConnectBudgetMs);
    }

    // Sends a request s_server -www answers, reads until the server closes.
    // Returns the reply (a view into g_reply), empty on any failure.
    std::string_view exchange() {
        const hal::ConstByteSpan request = hal::as_bytes("GET / HTTP/1.0\r\n\r\n");
        const hal::Millis deadline = g_clock.now_ms() + kConnectBudgetMs;
        size_t sent = 0;
        while (sent < request.size()) {
            const hal::Result<size_t> n = tls.send(request.subspan(sent), deadline);
            if (!n.ok() || hal::deadline_passed(g_clock.now_ms(), deadline)) return {};
            sent += n.value();
        }
        size_t got = 0;
        for (;;) {
            const hal::Result<size_t> n = tls.recv(
                hal::ByteSpan(reinterpret_cast<uint8_t*>(g_reply) + got, sizeof g_reply - got),
                deadline);
            if (n.status() == hal::Status::kClosed) break;
            if (!n.ok() || got + n.value() >= sizeof g_reply) return {};
            if (n.value() == 0 && hal::deadline_passed(g_clock.now_ms(), deadline)) return {};
            got += n.value();
        }
        return std::string_view(g_reply, got);
    }

    void teardown() override {
        hal::set_log(nullptr);
    }

    // CppUTest macros evaluate their arguments again on failure; a connect must run once.
    void expect_status(hal::Status expected, hal::Status actual) {
        CHECK_EQUAL(expected, actual);
    }

    void expect_rejected(const char* leaf, hal::Status expected, const char* host = "localhost") {
        test::OpensslServer server(server_args("-tls1_3", leaf));
        CHECK_TRUE(server.started());
        const hal::Status status = connect(server.port(), host);
        CHECK_EQUAL_TEXT(expected, status, leaf);
        CHECK_FALSE(tls.is_connected());
    }
};

TEST(TlsClient, Tls13WithEcCertificateCompletesAnExchange) {
    test::OpensslServer server(server_args("-tls1_3", "server-ec"));
    CHECK_TRUE(server.started());
    expect_status(hal::Status::kOk, connect(server.port()));
    STRCMP_EQUAL("TLSv1.3", std::string(tls.protocol()).c_str());
    const std::string_view reply = exchange();
    CHECK_TRUE(reply.rfind("HTTP/1.0 200 ok", 0) == 0);
    CHECK_TRUE(reply.find("New, TLSv1.3") != std::string_view::npos);
}

TEST(TlsClient, Tls13WithRsaCertificateCompletesAnExchange) {
    test::OpensslServer server(server_args("-tls1_3", "server-rsa"));
    CHECK_TRUE(server.started());
    expect_status(hal::Status::kOk, connect(server.port()));
    STRCMP_EQUAL("TLSv1.3", std::string(tls.protocol()).c_str());
    CHECK_TRUE(exchange().find("New, TLSv1.3") != std::string_view::npos);
}

TEST(TlsClient, Tls12WithEcdsaCertificateUsesEcdheEcdsa) {
    test::OpensslServer server(server_args("-tls1_2", "server-ec"));
    CHECK_TRUE(server.started());
    expect_status(hal::Status::kOk, connect(server.port()));
    STRCMP_EQUAL("TLSv1.2", std::string(tls.protocol()).c_str());
    STRCMP_CONTAINS("ECDHE-ECDSA", std::string(tls.ciphersuite()).c_str());
    CHECK_TRUE(exchange().find("New, TLSv1.2") != std::string_view::npos);
}

TEST(TlsClient, Tls12WithRsaCertificateUsesEcdheRsa) {
    test::OpensslServer server(server_args("-tls1_2", "server-rsa"));
    CHECK_TRUE(server.started());
    expect_status(hal::Status::kOk, connect(server.port()));
    STRCMP_EQUAL("TLSv1.2", std::string(tls.protocol()).c_str());
    STRCMP_CONTAINS("ECDHE-RSA", std::string(tls.ciphersuite()).c_str());
    CHECK_TRUE(exchange().find("New, TLSv1.2") != std::string_view::npos);
}

TEST(TlsClient, Tls13ChaCha20Poly1305OnSecp384r1) {
    std::vector<std::string> args = server_args("-tls1_3", "server-ec");
    args.insert(args.end(),
                {"-ciphersuites", "TLS_CHACHA20_POLY1305_SHA256", "-groups", "secp384r1"});
    test::OpensslServer server(args);
    CHECK_TRUE(server.started());
    expect_status(hal::Status::kOk, connect(server.port()));
    STRCMP_CONTAINS("CHACHA20-POLY1305", std::string(tls.ciphersuite()).c_str());
    CHECK_TRUE(exchange().find("TLS_CHACHA20_POLY1305_SHA256") != std::string_view::npos);
}

// TlsConfig::ciphersuites pins what the client offers: a server that would take the
// client's first choice (ChaCha20-Poly1305 by default) gets the pinned suite instead.
TEST(TlsClient, PinnedSuitesAreTheOnlyOnesOffered) {
    static constexpr int kAes128[] = {MBEDTLS_TLS1_3_AES_128_GCM_SHA256, 0};
    static constexpr int kAes256[] = {MBEDTLS_TLS1_3_AES_256_GCM_SHA384, 0};
    test::OpensslServer server(server_args("-tls1_3", "server-ec"));
    CHECK_TRUE(server.started());
    const std::vector<uint8_t>& bundle = ca_bundle();
    for (const int* suites : {kAes128, kAes256}) {
        port::posix::TcpSocket pinned_tcp{g_clock};
        net::tls::TlsClient pinned{pinned_tcp, g_clock};
        net::tls::TlsConfig config;
        config.ca_bundle = hal::ConstByteSpan(bundle.data(), bundle.size());
        config.ciphersuites = suites;
        CHECK_EQUAL(hal::Status::kOk, pinned.configure(config));
        expect_status(hal::Status::kOk, pinned.connect("localhost", server.port(),
                                                       g_clock.now_ms() + kConnectBudgetMs));
        STRCMP_CONTAINS(suites == kAes128 ? "AES-128-GCM" : "AES-256-GCM",
                        std::string(pinned.ciphersuite()).c_str());
        pinned.close();
    }
    expect_status(hal::Status::kOk, connect(server.port()));  // the default: ChaCha20 first
    STRCMP_CONTAINS("CHACHA20-POLY1305", std::string(tls.ciphersuite()).c_str());
}

TEST(TlsClient, Tls12AesGcmOnSecp256r1) {
    std::vector<std::string> args = server_args("-tls1_2", "server-rsa");
    args.insert(args.end(), {"-cipher", "ECDHE-RSA-AES256-GCM-SHA384", "-groups", "P-256"});
    test::OpensslServer server(args);
    CHECK_TRUE(server.started());
    expect_status(hal::Status::kOk, connect(server.port()));
    STRCMP_CONTAINS("AES-256-GCM", std::string(tls.ciphersuite()).c_str());
}

TEST(TlsClient, LiteralIpAddressIsVerifiedAgainstTheIpSan) {
    test::OpensslServer server(server_args("-tls1_3", "server-ec"));
    CHECK_TRUE(server.started());
    expect_status(hal::Status::kOk, connect(server.port(), "127.0.0.1"));
}

TEST(TlsClient, ExpiredCertificateFailsClosed) {
    expect_rejected("expired", hal::Status::kCertExpired);
}

TEST(TlsClient, NotYetValidCertificateFailsClosed) {
    expect_rejected("future", hal::Status::kCertNotYetValid);
}

TEST(TlsClient, WrongHostNameFailsClosed) {
    expect_rejected("wrong-host", hal::Status::kCertHostnameMismatch);
}

TEST(TlsClient, CertificateFromAnotherCaFailsClosed) {
    expect_rejected("untrusted", hal::Status::kCertUntrusted);
}

TEST(TlsClient, SelfSignedCertificateFailsClosed) {
    expect_rejected("self-signed", hal::Status::kCertUntrusted);
}

TEST(TlsClient, ServerOfferingOnlyTls11IsRefused) {
    std::vector<std::string> args = server_args("-tls1_1", "server-rsa");
    args.insert(args.end(), {"-cipher", "DEFAULT@SECLEVEL=0"});
    test::OpensslServer server(args);
    CHECK_TRUE(server.started());
    expect_status(hal::Status::kTlsVersionRefused, connect(server.port()));
    CHECK_FALSE(tls.is_connected());
}

TEST(TlsClient, ServerOfferingOnlyTls10IsRefused) {
    std::vector<std::string> args = server_args("-tls1", "server-rsa");
    args.insert(args.end(), {"-cipher", "DEFAULT@SECLEVEL=0"});
    test::OpensslServer server(args);
    CHECK_TRUE(server.started());
    expect_status(hal::Status::kTlsVersionRefused, connect(server.port()));
}

TEST(TlsClient, SilentServerTimesOutWithinTheDeadline) {
    test::SilentListener silent;
    CHECK(silent.port() != 0);
    const hal::Millis start = g_clock.now_ms();
    const hal::Status status = tls.connect("127.0.0.1", silent.port(), start + kSilentBudgetMs);
    const hal::Millis elapsed = g_clock.now_ms() - start;
    CHECK_EQUAL(hal::Status::kTimeout, status);
    CHECK(elapsed >= kSilentBudgetMs);
    CHECK(elapsed < kSilentBudgetMs + 2000);  // bounded; the margin absorbs a noisy machine
    CHECK_FALSE(tls.is_connected());
}

TEST(TlsClient, SecondTls13ConnectionResumesTheSession) {
    test::OpensslServer server(server_args("-tls1_3", "server-ec"));
    CHECK_TRUE(server.started());
    expect_status(hal::Status::kOk, connect(server.port()));
    CHECK_FALSE(tls.session_resumed());
    CHECK_TRUE(exchange().find("New, TLSv1.3") != std::string_view::npos);
    tls.close();
    expect_status(hal::Status::kOk, connect(server.port()));
    CHECK_TRUE(tls.session_resumed());
    CHECK_TRUE(exchange().find("Reused, TLSv1.3") != std::string_view::npos);
}

TEST(TlsClient, SecondTls12ConnectionResumesTheSession) {
    test::OpensslServer server(server_args("-tls1_2", "server-rsa"));
    CHECK_TRUE(server.started());
    expect_status(hal::Status::kOk, connect(server.port()));
    CHECK_FALSE(tls.session_resumed());
    CHECK_TRUE(exchange().find("New, TLSv1.2") != std::string_view::npos);
    tls.close();
    expect_status(hal::Status::kOk, connect(server.port()));
    CHECK_TRUE(tls.session_resumed());
    CHECK_TRUE(exchange().find("Reused, TLSv1.2") != std::string_view::npos);
}

TEST(TlsClient, ConnectAndExchangeAllocateNothingFromTheHeap) {
    test::OpensslServer server(server_args("-tls1_3", "server-rsa"));
    CHECK_TRUE(server.started());
    size_t allocations = 0;
    bool exchanged = false;
    {
        test::AllocGuard guard;
        const hal::Status status = connect(server.port(), "127.0.0.1");
        exchanged = status == hal::Status::kOk && !exchange().empty();
        tls.close();
        allocations = guard.allocations();
    }
    CHECK_TRUE(exchanged);
    CHECK_EQUAL(0U, allocations);
}

TEST(TlsClient, SendBeforeConnectIsAPreconditionError) {
    const uint8_t byte = 0;
    CHECK_EQUAL(hal::Status::kFailedPrecondition,
                tls.send(hal::ConstByteSpan(&byte, 1), g_clock.now_ms()).status());
}

TEST_GROUP(TlsConfig) {
    port::posix::TcpSocket tcp{g_clock};
    net::tls::TlsClient tls{tcp, g_clock};
    void setup() override {
        const net::tls::PlatformConfig config{hal::ByteSpan(g_arena), &g_entropy, &g_clock, 0};
        CHECK_EQUAL(hal::Status::kOk, net::tls::platform_init(config));
    }
};

TEST(TlsConfig, BundleWithoutCertificatesIsRejected) {
    const char junk[] = "-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n";
    CHECK_EQUAL(hal::Status::kInvalidArgument,
                tls.configure({hal::as_bytes(std::string_view(junk, sizeof junk))}));
    CHECK_EQUAL(hal::Status::kInvalidArgument, tls.configure({hal::ConstByteSpan()}));
}

TEST(TlsConfig, InPlaceDerBundleVerifiesEcAndRsaServers) {
    CHECK_TRUE(g_bundle_der.size() > 0);
    CHECK_EQUAL(hal::Status::kOk, tls.configure(in_place(g_bundle_der)));
    test::OpensslServer ec(server_args("-tls1_3", "server-ec"));
    CHECK_TRUE(ec.started());
    const hal::Status ec_status =
        tls.connect("localhost", ec.port(), g_clock.now_ms() + kConnectBudgetMs);
    CHECK_EQUAL(hal::Status::kOk, ec_status);
    tls.close();
    test::OpensslServer rsa(server_args("-tls1_2", "server-rsa"));
    CHECK_TRUE(rsa.started());
    const hal::Status rsa_status =
        tls.connect("localhost", rsa.port(), g_clock.now_ms() + kConnectBudgetMs);
    CHECK_EQUAL(hal::Status::kOk, rsa_status);
    tls.close();
}

TEST(TlsConfig, InPlaceBundleOfAnotherCaFailsClosed) {
    CHECK_EQUAL(hal::Status::kOk, tls.configure(in_place(g_other_ca_der)));
    test::OpensslServer server(server_args("-tls1_3", "server-ec"));
    CHECK_TRUE(server.started());
    const hal::Status status =
        tls.connect("localhost", server.port(), g_clock.now_ms() + kConnectBudgetMs);
    CHECK_EQUAL(hal::Status::kCertUntrusted, status);
    CHECK_FALSE(tls.is_connected());
}

TEST(TlsConfig, InPlaceBundleMustBeDerThroughout) {
    // PEM, DER with trailing bytes, a truncated certificate, nothing: all refused whole.
    CHECK_EQUAL(hal::Status::kInvalidArgument, tls.configure(in_place(g_bundle)));
    std::vector<uint8_t> trailing = g_bundle_der;
    trailing.insert(trailing.end(), {0x30, 0x03, 0x02});
    net::tls::TlsClient second{tcp, g_clock};
    CHECK_EQUAL(hal::Status::kInvalidArgument, second.configure(in_place(trailing)));
    std::vector<uint8_t> truncated(g_bundle_der.begin(), g_bundle_der.end() - 10);
    net::tls::TlsClient third{tcp, g_clock};
    CHECK_EQUAL(hal::Status::kInvalidArgument, third.configure(in_place(truncated)));
    net::tls::TlsClient fourth{tcp, g_clock};
    CHECK_EQUAL(hal::Status::kInvalidArgument, fourth.configure(in_place({})));
}

TEST(TlsConfig, ConnectBeforeConfigureIsAPreconditionError) {
    CHECK_EQUAL(hal::Status::kFailedPrecondition,
                tls.connect("localhost", 443, g_clock.now_ms() + 1000));
}

// Not an assertion about speed: prints the arena high-water mark per handshake kind so
// PARLEY_TLS_ARENA_SIZE can be set from data, and checks the measurement is plausible.
TEST_GROUP(TlsArena){};

TEST(TlsArena, ReportsPeakPerHandshakeKind) {
    struct Case {
        const char* label;
        const char* protocol;
        const char* leaf;
    };
    const Case cases[] = {{"TLS1.3 EC", "-tls1_3", "server-ec"},
                          {"TLS1.3 RSA", "-tls1_3", "server-rsa"},
                          {"TLS1.2 EC", "-tls1_2", "server-ec"},
                          {"TLS1.2 RSA", "-tls1_2", "server-rsa"}};
    const net::tls::PlatformConfig config{hal::ByteSpan(g_arena), &g_entropy, &g_clock, 0};
    CHECK_EQUAL(hal::Status::kOk, net::tls::platform_init(config));
    for (const Case& c : cases) {
        test::OpensslServer server(server_args(c.protocol, c.leaf));
        CHECK_TRUE(server.started());
        net::tls::arena_reset_peak();
        {
            port::posix::TcpSocket tcp{g_clock};
            net::tls::TlsClient tls{tcp, g_clock};
            const std::vector<uint8_t>& bundle = ca_bundle();
            CHECK_EQUAL(hal::Status::kOk,
                        tls.configure({hal::ConstByteSpan(bundle.data(), bundle.size())}));
            const hal::Status status =
                tls.connect("localhost", server.port(), g_clock.now_ms() + kConnectBudgetMs);
            CHECK_EQUAL(hal::Status::kOk, status);
        }
        const net::tls::ArenaUsage usage = net::tls::arena_usage();
        CHECK_TRUE(usage.measured);
        // The 16 KB input record buffer alone must show up in the peak.
        CHECK(usage.peak > MBEDTLS_SSL_IN_CONTENT_LEN);
        CHECK(usage.peak < usage.capacity);
        // The device default must hold what a 64-bit host needed (32-bit needs less).
        CHECK(usage.peak < net::tls::kArenaSize);
        std::printf("\n[figure] tls-arena-peak %-10s %6zu bytes in %zu blocks (arena %zu)", c.label,
                    usage.peak, usage.peak_blocks, usage.capacity);
    }
    std::printf("\n[figure] device PARLEY_TLS_ARENA_SIZE = %zu bytes\n", net::tls::kArenaSize);
}

// net/tls/mbedtls_client_only.cpp: the client holds no private key, so every user of
// mbedTLS links its signing entry points to replacements that refuse (and the board images
// drop the real code). A key pair the PSA core would sign with is refused, not used.
TEST_GROUP(ClientOnlyCrypto) {
    psa_key_id_t key = PSA_KEY_ID_NULL;
    void setup() override {
        const net::tls::PlatformConfig config{hal::ByteSpan(g_arena), &g_entropy, &g_clock, 0};
        CHECK_EQUAL(hal::Status::kOk, net::tls::platform_init(config));
    }
    void teardown() override {
        psa_destroy_key(key);
    }

    psa_status_t generate(psa_key_type_t type, size_t bits, psa_algorithm_t alg) {
        psa_key_attributes_t attributes = PSA_KEY_ATTRIBUTES_INIT;
        psa_set_key_type(&attributes, type);
        psa_set_key_bits(&attributes, bits);
        psa_set_key_usage_flags(&attributes, PSA_KEY_USAGE_SIGN_HASH | PSA_KEY_USAGE_DERIVE);
        psa_set_key_algorithm(&attributes, alg);
        return psa_generate_key(&attributes, &key);
    }
};

TEST(ClientOnlyCrypto, EcdsaSigningIsRefused) {
    // The same key type the handshake generates for ECDHE: generation still works.
    CHECK_EQUAL(PSA_SUCCESS, generate(PSA_KEY_TYPE_ECC_KEY_PAIR(PSA_ECC_FAMILY_SECP_R1), 256,
                                      PSA_ALG_ECDSA(PSA_ALG_SHA_256)));
    const uint8_t hash[32] = {1, 2, 3};
    uint8_t signature[PSA_SIGNATURE_MAX_SIZE] = {};
    size_t length = 0;
    CHECK_EQUAL(PSA_ERROR_NOT_SUPPORTED,
                psa_sign_hash(key, PSA_ALG_ECDSA(PSA_ALG_SHA_256), hash, sizeof hash, signature,
                              sizeof signature, &length));
    CHECK_EQUAL(0U, length);
}

// RSA encryption and message signing are refused before a key is even looked up (the real
// functions would answer PSA_ERROR_INVALID_HANDLE for a key that does not exist).
TEST(ClientOnlyCrypto, AsymmetricEncryptionAndMessageSigningAreRefused) {
    uint8_t in[16] = {};
    uint8_t out[64] = {};
    size_t length = 0;
    CHECK_EQUAL(PSA_ERROR_NOT_SUPPORTED,
                psa_asymmetric_encrypt(PSA_KEY_ID_NULL, PSA_ALG_RSA_PKCS1V15_CRYPT, in, sizeof in,
                                       nullptr, 0, out, sizeof out, &length));
    CHECK_EQUAL(PSA_ERROR_NOT_SUPPORTED,
                psa_asymmetric_decrypt(PSA_KEY_ID_NULL, PSA_ALG_RSA_PKCS1V15_CRYPT, in, sizeof in,
                                       nullptr, 0, out, sizeof out, &length));
    CHECK_EQUAL(PSA_ERROR_NOT_SUPPORTED,
                psa_sign_message(PSA_KEY_ID_NULL, PSA_ALG_ECDSA(PSA_ALG_SHA_256), in, sizeof in,
                                 out, sizeof out, &length));
    CHECK_EQUAL(0U, length);
}

// Signing with a private key the PK layer loads (the test servers' keys, PEM) fails: the
// EC key loads but cannot sign, the RSA key does not even load.
namespace {
int sign_with(const char* key_file, size_t* length) {
    std::ifstream in(cert(key_file), std::ios::binary);
    std::string pem((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (pem.empty()) return -1;
    mbedtls_pk_context pk;
    mbedtls_pk_init(&pk);
    int result = mbedtls_pk_parse_key(&pk, reinterpret_cast<const unsigned char*>(pem.c_str()),
                                      pem.size() + 1, nullptr, 0, nullptr, nullptr);
    if (result == 0) {
        const uint8_t hash[32] = {1, 2, 3};
        static uint8_t signature[MBEDTLS_PK_SIGNATURE_MAX_SIZE];
        result = mbedtls_pk_sign(&pk, MBEDTLS_MD_SHA256, hash, sizeof hash, signature,
                                 sizeof signature, length, nullptr, nullptr);
    }
    mbedtls_pk_free(&pk);
    return result;
}
}  // namespace

TEST(ClientOnlyCrypto, PrivateKeysDoNotSign) {
    size_t length = 0;
    CHECK_EQUAL(MBEDTLS_ERR_PK_FEATURE_UNAVAILABLE, sign_with("server-ec.key", &length));
    CHECK_EQUAL(0U, length);
    CHECK(sign_with("server-rsa.key", &length) != 0);
    CHECK_EQUAL(0U, length);
}
