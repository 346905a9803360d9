// How TlsClient maps failures to hal::Status: a scripted transport plays the server for
// handshakes that go wrong (transport errors, a peer that closes, a server that is not
// TLS, fatal alerts, silence, an exhausted arena), a wrapper around a real connection to
// `openssl s_server` breaks an established session (write and read errors, a corrupted
// record), and an exhausted arena fails configure() at each of its allocations.
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "mbedtls/bignum.h"
#include "mbedtls/error.h"
#include "mbedtls/pem.h"
#include "mbedtls/platform.h"
#include "mbedtls/ssl.h"
#include "net/tls/tls_client.h"
#include "net/tls/tls_platform.h"
#include "port/posix/clock.h"
#include "port/posix/entropy.h"
#include "port/posix/tcp_socket.h"
#include "tests/support/fake_clock.h"
#include "tests/tls/openssl_server.h"

#include <CppUTest/TestHarness.h>

namespace {

// The arena of this binary is whichever platform_init call comes first: as large as the
// one of tls_client_test.cpp, so the order of the groups does not matter.
alignas(8) uint8_t g_arena[128 * 1024];
port::posix::SystemClock g_system_clock;
port::posix::GetrandomEntropy g_entropy;

std::string cert(const char* name) {
    return std::string(PARLEY_TEST_CERT_DIR) + "/" + name;
}

std::vector<uint8_t> load_bundle() {
    std::ifstream in(cert("bundle.pem"), std::ios::binary);
    std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)),
                               std::istreambuf_iterator<char>());
    bytes.push_back('\0');
    return bytes;
}

// Loaded before the first test, outside CppUTest's leak accounting.
const std::vector<uint8_t> g_bundle = load_bundle();

hal::ConstByteSpan bundle() {
    return hal::ConstByteSpan(g_bundle.data(), g_bundle.size());
}

void init_platform(hal::Clock& clock) {
    const net::tls::PlatformConfig config{hal::ByteSpan(g_arena), &g_entropy, &clock, 0};
    CHECK_EQUAL(hal::Status::kOk, net::tls::platform_init(config));
}

// The largest block the arena can give now.
size_t largest_block() {
    size_t low = 0;
    size_t high = net::tls::arena_usage().capacity;
    while (low < high) {
        const size_t mid = low + (high - low + 1) / 2;
        void* block = mbedtls_calloc(1, mid);
        if (block != nullptr) {
            mbedtls_free(block);
            low = mid;
        } else {
            high = mid - 1;
        }
    }
    return low;
}

// Takes the whole arena but about `leave` bytes in one piece, and gives it back when it
// goes: every free block is taken (largest first), then the first is given back and
// taken again `leave` bytes shorter.
class ArenaHog {
  public:
    explicit ArenaHog(size_t leave) {
        size_t first_size = 0;
        while (count_ < kMaxBlocks) {
            const size_t size = largest_block();
            if (size == 0) break;
            blocks_[count_] = mbedtls_calloc(1, size);
            if (blocks_[count_] == nullptr) break;
            if (count_ == 0) first_size = size;
            ++count_;
        }
        if (count_ == 0 || leave == 0) return;
        mbedtls_free(blocks_[0]);
        blocks_[0] = first_size > leave ? mbedtls_calloc(1, first_size - leave) : nullptr;
    }
    ~ArenaHog() {
        for (size_t i = 0; i < count_; ++i)
            mbedtls_free(blocks_[i]);
    }
    ArenaHog(const ArenaHog&) = delete;
    ArenaHog& operator=(const ArenaHog&) = delete;
    bool holding() const { return count_ > 0; }

  private:
    static constexpr size_t kMaxBlocks = 64;
    void* blocks_[kMaxBlocks] = {};
    size_t count_ = 0;
};

// Plays the server's side of the connection from a script.
class ScriptedTransport final : public hal::Socket {
  public:
    hal::Status connect(std::string_view host, uint16_t, hal::Millis) override {
        ++connects;
        dialled = std::string(host);
        if (connect_status != hal::Status::kOk) return connect_status;
        connected_ = true;
        return hal::Status::kOk;
    }
    hal::Result<size_t> send(hal::ConstByteSpan data, hal::Millis) override {
        if (send_status != hal::Status::kOk) return send_status;
        sent += data.size();
        return data.size();
    }
    hal::Result<size_t> recv(hal::ByteSpan out, hal::Millis) override {
        if (position_ < incoming.size()) {
            size_t n = incoming.size() - position_;
            if (n > out.size()) n = out.size();
            std::memcpy(out.data(), incoming.data() + position_, n);
            position_ += n;
            return n;
        }
        if (recv_status != hal::Status::kOk) return recv_status;
        return size_t{0};  // nothing yet
    }
    void close() override {
        ++closes;
        connected_ = false;
    }
    bool is_connected() const override { return connected_; }

    hal::Status connect_status = hal::Status::kOk;
    hal::Status send_status = hal::Status::kOk;
    hal::Status recv_status = hal::Status::kOk;  // once `incoming` is used up
    std::vector<uint8_t> incoming;
    std::string dialled;
    size_t sent = 0;
    int connects = 0;
    int closes = 0;

  private:
    size_t position_ = 0;
    bool connected_ = false;
};

// A fatal alert record (TLS 1.2 record version, as servers send before agreeing on one).
std::vector<uint8_t> fatal_alert(uint8_t description) {
    return {MBEDTLS_SSL_MSG_ALERT,         0x03,       0x03, 0x00, 0x02,
            MBEDTLS_SSL_ALERT_LEVEL_FATAL, description};
}

}  // namespace

TEST_GROUP(TlsHandshakeErrors) {
    test::FakeClock clock{0, 1'800'000'000};
    ScriptedTransport transport;
    net::tls::TlsClient tls{transport, clock};

    void setup() override {
        init_platform(clock);
        CHECK_EQUAL(hal::Status::kOk, tls.configure({bundle()}));
    }
    void teardown() override {
        init_platform(g_system_clock);  // the clock object goes with the group
    }
    hal::Status connect() {
        return tls.connect("service.example", 443, clock.now_ms() + 10000);
    }
};

TEST(TlsHandshakeErrors, ATransportThatCannotConnectReturnsItsStatus) {
    transport.connect_status = hal::Status::kNetworkError;
    CHECK_EQUAL(hal::Status::kNetworkError, connect());
    STRCMP_EQUAL("service.example", transport.dialled.c_str());
    CHECK_EQUAL(0U, transport.sent);
    CHECK_FALSE(tls.is_connected());
}

TEST(TlsHandshakeErrors, AWriteErrorDuringTheHandshakeIsTheTransportsStatus) {
    transport.send_status = hal::Status::kNetworkError;
    CHECK_EQUAL(hal::Status::kNetworkError, connect());
    CHECK_FALSE(tls.is_connected());
    CHECK_EQUAL(1, transport.closes);
}

TEST(TlsHandshakeErrors, AReadErrorDuringTheHandshakeIsTheTransportsStatus) {
    transport.recv_status = hal::Status::kNetworkError;
    CHECK_EQUAL(hal::Status::kNetworkError, connect());
    CHECK_TRUE(transport.sent > 0);  // the ClientHello went out
    CHECK_EQUAL(1, transport.closes);
}

TEST(TlsHandshakeErrors, APeerThatClosesDuringTheHandshakeIsClosed) {
    transport.recv_status = hal::Status::kClosed;
    CHECK_EQUAL(hal::Status::kClosed, connect());
    CHECK_FALSE(tls.is_connected());
}

TEST(TlsHandshakeErrors, AServerThatIsNotTlsFailsTheHandshake) {
    const std::string http = "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n";
    transport.incoming.assign(http.begin(), http.end());
    transport.recv_status = hal::Status::kClosed;
    CHECK_EQUAL(hal::Status::kTlsHandshakeFailed, connect());
    CHECK_TRUE(tls.last_error() < 0);
}

TEST(TlsHandshakeErrors, AProtocolVersionAlertIsAVersionRefusal) {
    transport.incoming = fatal_alert(MBEDTLS_SSL_ALERT_MSG_PROTOCOL_VERSION);
    CHECK_EQUAL(hal::Status::kTlsVersionRefused, connect());
    CHECK_EQUAL(MBEDTLS_ERR_SSL_FATAL_ALERT_MESSAGE, tls.last_error());
}

TEST(TlsHandshakeErrors, AnyOtherFatalAlertFailsTheHandshake) {
    transport.incoming = fatal_alert(MBEDTLS_SSL_ALERT_MSG_HANDSHAKE_FAILURE);
    CHECK_EQUAL(hal::Status::kTlsHandshakeFailed, connect());
    CHECK_EQUAL(MBEDTLS_ERR_SSL_FATAL_ALERT_MESSAGE, tls.last_error());
}

TEST(TlsHandshakeErrors, ASilentServerTimesOutOnTheClock) {
    clock.set_step(250);  // every look at the clock moves it on
    CHECK_EQUAL(hal::Status::kTimeout, connect());
    CHECK_FALSE(tls.is_connected());
    CHECK_EQUAL(1, transport.closes);
}

// Every ClientHello fits one output record with room for a kept session's ticket and the
// extension that carries it (TLS 1.3 pre_shared_key: identity and binder framing, a
// SHA-384 binder; 64 B): the longest host name makes the longest ClientHello.
TEST(TlsHandshakeErrors, TheLongestClientHelloLeavesRoomForAKeptTicket) {
    const std::string host = std::string(63, 'a') + "." + std::string(63, 'b') + "." +
                             std::string(63, 'c') + "." + std::string(61, 'd');
    CHECK_EQUAL(hal::kMaxHostLength, host.size());
    transport.recv_status = hal::Status::kClosed;  // the ClientHello goes out, no answer
    CHECK_EQUAL(hal::Status::kClosed, tls.connect(host, 443, clock.now_ms() + 10000));
    const size_t record_header = 5;
    CHECK(transport.sent > record_header + 300);  // a whole ClientHello with the name went out
    const size_t client_hello = transport.sent - record_header;
    std::printf("\n[figure] longest ClientHello %zu B, tickets kept up to %zu B\n", client_hello,
                net::tls::kMaxResumableTicket);
    CHECK(client_hello + 64 + net::tls::kMaxResumableTicket <= MBEDTLS_SSL_OUT_CONTENT_LEN);
}

TEST(TlsHandshakeErrors, ABadHostNameIsRefusedBeforeDialling) {
    CHECK_EQUAL(hal::Status::kInvalidArgument, tls.connect("", 443, clock.now_ms() + 1000));
    const std::string too_long(net::tls::kMaxHostNameSize, 'a');
    CHECK_EQUAL(hal::Status::kInvalidArgument, tls.connect(too_long, 443, clock.now_ms() + 1000));
    CHECK_EQUAL(0, transport.connects);
}

TEST(TlsHandshakeErrors, ConfiguringTwiceIsAPreconditionError) {
    CHECK_EQUAL(hal::Status::kFailedPrecondition, tls.configure({bundle()}));
}

TEST(TlsHandshakeErrors, ReadAndWriteBeforeAConnectionArePreconditionErrors) {
    uint8_t byte = 0;
    CHECK_EQUAL(hal::Status::kFailedPrecondition,
                tls.recv(hal::ByteSpan(&byte, 1), clock.now_ms()).status());
    CHECK_EQUAL(hal::Status::kFailedPrecondition,
                tls.send(hal::ConstByteSpan(&byte, 1), clock.now_ms()).status());
}

// From no room at all up to room for the ClientHello (the script then closes): every
// allocation that fails on the way is kOutOfMemory.
TEST(TlsHandshakeErrors, AnArenaTooFullForTheHandshakeIsOutOfMemory) {
    transport.recv_status = hal::Status::kClosed;
    bool reached_the_server = false;
    bool all_out_of_memory = true;
    int out_of_memory = 0;
    std::string seen;
    for (size_t leave = 0; leave <= 64 * 1024 && !reached_the_server; leave += 64) {
        hal::Status status = hal::Status::kOk;
        {
            ArenaHog hog(leave);
            status = connect();
        }
        if (status == hal::Status::kClosed) {
            reached_the_server = true;
        } else {
            ++out_of_memory;
            if (status != hal::Status::kOutOfMemory) {
                all_out_of_memory = false;
                seen += std::to_string(leave) + ": " + hal::to_string(status) + " " +
                        std::to_string(tls.last_error()) + "\n";
            }
        }
        CHECK_FALSE(tls.is_connected());
    }
    CHECK_TEXT(all_out_of_memory, seen.c_str());
    CHECK_TRUE(out_of_memory > 0);
    CHECK_TRUE(reached_the_server);
}

// configure() allocates twice: the parsed CA certificates, then the session's record
// buffers in mbedtls_ssl_setup. An exhausted arena fails either as kOutOfMemory.
TEST_GROUP(TlsSetupErrors) {
    test::FakeClock clock{0, 1'800'000'000};
    ScriptedTransport transport;
    void setup() override {
        init_platform(clock);
    }
    void teardown() override {
        init_platform(g_system_clock);
    }
};

// Every allocation of configure() that fails is kOutOfMemory, whichever it is: the PEM
// decoding of a certificate, its parsed form, the bignums of an RSA key, or the record
// buffers. (The PEM and bignum ones were once reported as an invalid bundle.)
TEST(TlsSetupErrors, EachAllocationConfigureMakesFailsAsOutOfMemory) {
    bool pem = false;
    bool x509 = false;
    bool ssl = false;
    bool ok = false;
    bool all_out_of_memory = true;
    bool mpi = false;
    for (size_t leave = 0; leave <= 64 * 1024 && !ok; leave += 128) {
        net::tls::TlsClient tls{transport, clock};
        ArenaHog hog(leave);
        CHECK_TRUE(hog.holding());
        const hal::Status status = tls.configure({bundle()});
        if (status == hal::Status::kOk) {
            ok = true;
            break;
        }
        // Checked after the loop: a failing CHECK here would skip the hog's destructor.
        all_out_of_memory = all_out_of_memory && status == hal::Status::kOutOfMemory;
        pem = pem || tls.last_error() == MBEDTLS_ERR_PEM_ALLOC_FAILED;
        x509 = x509 || tls.last_error() == MBEDTLS_ERR_X509_ALLOC_FAILED;
        ssl = ssl || tls.last_error() == MBEDTLS_ERR_SSL_ALLOC_FAILED;
        mpi = mpi || tls.last_error() == MBEDTLS_ERR_MPI_ALLOC_FAILED;
    }
    CHECK_TRUE(all_out_of_memory);
    CHECK_TRUE(mpi);  // the RSA root's key
    CHECK_TRUE(pem);
    CHECK_TRUE(x509);
    CHECK_TRUE(ssl);
    CHECK_TRUE(ok);  // and with room enough it works
}

// A bundle in PEM must carry its NUL: without it mbedTLS takes the text for DER.
TEST(TlsSetupErrors, PemWithoutItsNulIsRejected) {
    net::tls::TlsClient tls{transport, clock};
    const hal::ConstByteSpan without_nul(g_bundle.data(), g_bundle.size() - 1);
    CHECK_EQUAL(hal::Status::kInvalidArgument, tls.configure({without_nul}));
    CHECK_TRUE(tls.last_error() < 0);
}

namespace {

// A real connection with faults injected after the handshake.
class FaultySocket final : public hal::Socket {
  public:
    explicit FaultySocket(hal::Socket& inner) : inner_(inner) {}
    hal::Status connect(std::string_view host, uint16_t port, hal::Millis deadline) override {
        return inner_.connect(host, port, deadline);
    }
    hal::Result<size_t> send(hal::ConstByteSpan data, hal::Millis deadline) override {
        if (send_status != hal::Status::kOk) return send_status;
        if (stall_sends) return size_t{0};
        const hal::Result<size_t> n = inner_.send(data, deadline);
        if (n.ok() && over_report) return n.value() + 1;  // a broken driver
        return n;
    }
    hal::Result<size_t> recv(hal::ByteSpan out, hal::Millis deadline) override {
        if (recv_status != hal::Status::kOk) return recv_status;
        const hal::Result<size_t> n = inner_.recv(out, deadline);
        // A record body (mbedTLS reads the 5-byte header first): flip one bit.
        if (corrupt_next_body && n.ok() && n.value() > 5) {
            out[n.value() / 2] ^= 0x10;
            corrupt_next_body = false;
        }
        return n;
    }
    void close() override { inner_.close(); }
    bool is_connected() const override { return inner_.is_connected(); }

    hal::Status send_status = hal::Status::kOk;
    hal::Status recv_status = hal::Status::kOk;
    bool stall_sends = false;
    bool over_report = false;
    bool corrupt_next_body = false;

  private:
    hal::Socket& inner_;
};

constexpr hal::Millis kBudgetMs = 10000;

std::vector<std::string> server_args(const char* protocol) {
    return {protocol, "-cert", cert("server-ec.pem"), "-key", cert("server-ec.key"), "-www"};
}

}  // namespace

TEST_GROUP(TlsSessionErrors) {
    port::posix::TcpSocket tcp{g_system_clock};
    FaultySocket faulty{tcp};
    net::tls::TlsClient tls{faulty, g_system_clock};

    void setup() override {
        init_platform(g_system_clock);
        CHECK_EQUAL(hal::Status::kOk, tls.configure({bundle()}));
    }
    hal::Status connect(const test::OpensslServer& server) {
        return tls.connect("localhost", server.port(), g_system_clock.now_ms() + kBudgetMs);
    }
    hal::Result<size_t> send_request() {
        return tls.send(hal::as_bytes("GET / HTTP/1.0\r\n\r\n"),
                        g_system_clock.now_ms() + kBudgetMs);
    }
    // Reads until something other than "nothing yet" comes back.
    hal::Result<size_t> read_some() {
        uint8_t buffer[512];
        const hal::Millis deadline = g_system_clock.now_ms() + kBudgetMs;
        for (;;) {
            const hal::Result<size_t> n = tls.recv(hal::ByteSpan(buffer), deadline);
            if (!n.ok() || n.value() > 0 || hal::deadline_passed(g_system_clock.now_ms(), deadline))
                return n;
        }
    }
};

// A handshake that fails at the TLS level while offering a saved session drops the
// session: the next connection makes a full handshake rather than fail the same way again
// (a ticket the ClientHello cannot carry, a server that chokes on it).
TEST(TlsSessionErrors, AHandshakeThatFailsWhileResumingDropsTheSession) {
    test::OpensslServer server(server_args("-tls1_2"));
    CHECK_TRUE(server.started());
    CHECK_EQUAL(hal::Status::kOk, connect(server));
    tls.close();
    CHECK_EQUAL(hal::Status::kOk, connect(server));
    CHECK_TRUE(tls.session_resumed());  // the session is offered and taken
    tls.close();
    faulty.corrupt_next_body = true;  // the ServerHello answering the offer is corrupted
    CHECK_EQUAL(hal::Status::kTlsHandshakeFailed, connect(server));
    CHECK_EQUAL(hal::Status::kOk, connect(server));
    CHECK_FALSE(tls.session_resumed());
}

TEST(TlsSessionErrors, ATransportFailureWhileResumingKeepsTheSession) {
    test::OpensslServer server(server_args("-tls1_2"));
    CHECK_TRUE(server.started());
    CHECK_EQUAL(hal::Status::kOk, connect(server));
    tls.close();
    faulty.recv_status = hal::Status::kNetworkError;
    CHECK_EQUAL(hal::Status::kNetworkError, connect(server));
    faulty.recv_status = hal::Status::kOk;
    CHECK_EQUAL(hal::Status::kOk, connect(server));
    CHECK_TRUE(tls.session_resumed());
}

TEST(TlsSessionErrors, AWriteErrorIsTheTransportsStatusAndEndsTheSession) {
    test::OpensslServer server(server_args("-tls1_3"));
    CHECK_TRUE(server.started());
    CHECK_EQUAL(hal::Status::kOk, connect(server));
    faulty.send_status = hal::Status::kNetworkError;
    CHECK_EQUAL(hal::Status::kNetworkError, send_request().status());
    CHECK_FALSE(tls.is_connected());
    CHECK_EQUAL(hal::Status::kFailedPrecondition, send_request().status());
}

TEST(TlsSessionErrors, AWriteThatFailsInsideTlsIsATlsError) {
    test::OpensslServer server(server_args("-tls1_2"));
    CHECK_TRUE(server.started());
    CHECK_EQUAL(hal::Status::kOk, connect(server));
    faulty.over_report = true;
    CHECK_EQUAL(hal::Status::kTlsError, send_request().status());
    CHECK_EQUAL(MBEDTLS_ERR_SSL_INTERNAL_ERROR, tls.last_error());
    CHECK_FALSE(tls.is_connected());
}

TEST(TlsSessionErrors, AWriteThatCannotGoOutByItsDeadlineReturnsZero) {
    test::OpensslServer server(server_args("-tls1_3"));
    CHECK_TRUE(server.started());
    CHECK_EQUAL(hal::Status::kOk, connect(server));
    faulty.stall_sends = true;
    const hal::Result<size_t> n =
        tls.send(hal::as_bytes("GET / HTTP/1.0\r\n\r\n"), g_system_clock.now_ms());
    CHECK_TRUE(n.ok());
    CHECK_EQUAL(0U, n.value());
    CHECK_TRUE(tls.is_connected());
}

TEST(TlsSessionErrors, EmptyReadsAndWritesAreInvalid) {
    test::OpensslServer server(server_args("-tls1_3"));
    CHECK_TRUE(server.started());
    CHECK_EQUAL(hal::Status::kOk, connect(server));
    CHECK_EQUAL(hal::Status::kInvalidArgument,
                tls.send(hal::ConstByteSpan(), g_system_clock.now_ms()).status());
    CHECK_EQUAL(hal::Status::kInvalidArgument,
                tls.recv(hal::ByteSpan(), g_system_clock.now_ms()).status());
    CHECK_TRUE(tls.is_connected());
}

TEST(TlsSessionErrors, AReadErrorIsTheTransportsStatusAndEndsTheSession) {
    test::OpensslServer server(server_args("-tls1_3"));
    CHECK_TRUE(server.started());
    CHECK_EQUAL(hal::Status::kOk, connect(server));
    CHECK_TRUE(send_request().ok());
    faulty.recv_status = hal::Status::kNetworkError;
    CHECK_EQUAL(hal::Status::kNetworkError, read_some().status());
    CHECK_FALSE(tls.is_connected());
}

TEST(TlsSessionErrors, ACorruptedRecordIsATlsErrorNotAHandshakeFailure) {
    test::OpensslServer server(server_args("-tls1_2"));
    CHECK_TRUE(server.started());
    CHECK_EQUAL(hal::Status::kOk, connect(server));
    CHECK_TRUE(send_request().ok());
    faulty.corrupt_next_body = true;
    CHECK_EQUAL(hal::Status::kTlsError, read_some().status());
    CHECK_FALSE(tls.is_connected());
}

TEST(TlsSessionErrors, AReadWithNothingByItsDeadlineReturnsZeroAndAConnectedClientCannotConnect) {
    test::OpensslServer server(server_args("-tls1_3"));
    CHECK_TRUE(server.started());
    CHECK_EQUAL(hal::Status::kOk, connect(server));
    uint8_t buffer[64];
    const hal::Result<size_t> n = tls.recv(hal::ByteSpan(buffer), g_system_clock.now_ms());
    CHECK_TRUE(n.ok());
    CHECK_EQUAL(0U, n.value());
    CHECK_TRUE(tls.is_connected());
    CHECK_EQUAL(hal::Status::kFailedPrecondition, connect(server));
    CHECK_TRUE(tls.is_connected());
}
