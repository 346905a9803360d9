// The integration rig: the real client stack against tools/sim/parley-sim over real TLS
// on 127.0.0.1. One simulator serves the whole suite (started before the first test,
// POST /reset before each), one Rig per test:
//
//   TcpSocket → CountingSocket "wire" (TLS records: bytes on the TCP stream)
//             → TlsClient (the test CA, host name "localhost" verified)
//             → CountingSocket "plain" (HTTP heads and bodies)
//             → HttpClient → ParleyClient (KPN gateway or Parley direct)
//
// KPN: the bearer token comes from the firmware's TokenKeeper + OAuthTokenSource over
// the same HttpClient (as on a device), with in-memory TokenStorage and CredentialStore.
// When a test fails: the simulator's request log is parley-sim.log next to the test
// binary; PARLEY_IT_LOG=debug|info|warn shows the client's own log on stderr.
// Test code: allocates freely (std::string, std::vector) outside AllocGuard scopes.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "firmware/token/keeper_token_provider.h"
#include "firmware/token/oauth_token_source.h"
#include "firmware/token/token_keeper.h"
#include "hal/socket.h"
#include "net/http/http_client.h"
#include "net/json/json_document.h"
#include "net/oauth/oauth_config.h"
#include "net/parley/parley_client.h"
#include "net/tls/tls_client.h"
#include "net/url/url.h"
#include "port/posix/clock.h"
#include "port/posix/tcp_socket.h"
#include "tests/support/sim_process.h"
#include "tests/support/streamed_text.h"

namespace integration {

using net::parley::Dialect;
using net::parley::RequestEncoding;

constexpr const char* kKpnBasePath = "/communication/parley/secure-messenger";
constexpr const char* kParleyBasePath = "/clientApi/v1.9";
// A UUID v4, as the official SDKs generate (docs/protocol.md §3: at least 10 characters).
constexpr const char* kDeviceId = "3f1c9a52-8e4b-4d7a-9c1e-5b2f6d8a0e17";
constexpr const char* kClientId = "demo-client";
constexpr const char* kClientSecret = "demo-secret";
constexpr const char* kAccountSecret = "demo-account-secret";
constexpr hal::Millis kCallBudgetMs = 15000;
constexpr size_t kHttpBufferSize = 2048;

hal::Clock& sim_clock();
// Milliseconds since an arbitrary start (for measuring how long a call took).
hal::Millis now_ms();

// The suite's simulator (started once, before main).
const test::SimProcess& sim();

// The TLS platform (arena, entropy, clock) set up once for every stack in the process,
// and the test CA bundle (PEM with its NUL) for TlsClient::configure.
void platform_once();
hal::ConstByteSpan ca_bundle();
// https://localhost:<port><base path> of the dialect.
std::string origin_for(Dialect dialect);

// Every test: begin_test() in setup (POST /reset: conversations, devices, tokens, media,
// faults, stats, settings; message ids keep increasing), end_test() in teardown after
// the rig is gone (CHECKs that no secret reached the log).
void begin_test();
void end_test();

// hal::Socket decorator that counts the bytes moved through it.
class CountingSocket final : public hal::Socket {
  public:
    explicit CountingSocket(hal::Socket& inner, CountingSocket* below = nullptr)
        : inner_(inner), below_(below) {}

    hal::Status connect(std::string_view host, uint16_t port, hal::Millis deadline) override;
    hal::Result<size_t> send(hal::ConstByteSpan data, hal::Millis deadline) override;
    hal::Result<size_t> recv(hal::ByteSpan out, hal::Millis deadline) override;
    void close() override { inner_.close(); }
    bool is_connected() const override { return inner_.is_connected(); }

    void reset_counts() {
        sent = 0;
        received = 0;
    }

    uint64_t sent = 0;
    uint64_t received = 0;
    // When set, the bytes themselves are appended here (figures only: allocates).
    std::string* capture_sent = nullptr;
    std::string* capture_received = nullptr;
    uint32_t connects = 0;
    // Bytes the layer below moved during the last connect() (the TLS handshake).
    uint64_t handshake_sent = 0;
    uint64_t handshake_received = 0;

  private:
    hal::Socket& inner_;
    CountingSocket* below_;
};

// TokenStorage in RAM (a device keeps it in the settings store).
class MemoryTokenStorage final : public firmware::token::TokenStorage {
  public:
    hal::Status load(firmware::token::KeptToken* out) override;
    hal::Status save(const firmware::token::KeptToken& token) override;
    int saves = 0;

  private:
    bool kept_ = false;
    firmware::token::KeptToken token_;
};

// CredentialStore in RAM (a device keeps them in the settings store).
class MemoryCredentials final : public firmware::token::CredentialStore {
  public:
    MemoryCredentials(std::string_view id, std::string_view secret) : id_(id), secret_(secret) {}
    hal::Status read_credentials(hal::CharSpan id, size_t* id_length, hal::CharSpan secret,
                                 size_t* secret_length) override;

  private:
    std::string_view id_;
    std::string_view secret_;
};

struct RigOptions {
    Dialect dialect = Dialect::kKpnGateway;
    RequestEncoding encoding = RequestEncoding::kJsonBody;
    const char* device_id = kDeviceId;
    const char* client_secret = kClientSecret;    // KPN
    const char* account_secret = kAccountSecret;  // Parley direct
    const char* auth_string = "";
    const char* api_version = "";
};

struct Rig {
    explicit Rig(const RigOptions& options);
    ~Rig();
    Rig(const Rig&) = delete;
    Rig& operator=(const Rig&) = delete;

    static hal::Millis deadline(hal::Millis budget = kCallBudgetMs) { return now_ms() + budget; }

    // POST devices with a valid registration; CHECKs success.
    void subscribe();
    // Sends a text; CHECKs success and returns its id.
    uint64_t send(std::string_view text,
                  net::parley::MessageType type = net::parley::MessageType::kUser);

    RigOptions options;
    std::string origin_text;
    port::posix::TcpSocket tcp;
    CountingSocket wire;
    net::tls::TlsClient tls;
    CountingSocket plain;
    net::url::Url origin;
    uint8_t http_buffer[kHttpBufferSize];
    net::http::HttpClient http;

    MemoryTokenStorage token_storage;
    MemoryCredentials credentials;
    uint8_t token_answer[net::oauth::kMaxResponseSize];
    firmware::token::OAuthTokenSource token_source;
    firmware::token::TokenKeeper keeper;
    firmware::token::KeeperTokenProvider provider;

    net::parley::ClientConfig config;
    net::parley::ParleyClient client;
};

// ---- the simulator's control API ------------------------------------------------------

// A control call that must succeed (HTTP 200); returns the reply body.
std::string control(const char* method, const std::string& path, const std::string& body = "");
std::string control_get(const std::string& path);
std::string control_post(const std::string& path, const std::string& body);
void add_fault(const std::string& json);
void clear_faults();
void set_settings(const std::string& json);

// POST /settle: waits (real time, up to 10 s) until every connection to the API port has
// ended on the simulator's side — each request it carried processed, a message stored —
// except, with keep_newest, the one accepted last (a client that uses one connection at a
// time may still hold it, idle). Returns the number still live when it gave up (0: settled).
// A harness whose clock jumps (tests/fault_sweep) calls it before letting virtual time
// pass, so that a request the client gave up on cannot be stored "later" than that time.
long settle(bool keep_newest);

// Replies as an agent; returns the new message's id.
uint64_t agent_reply(const std::string& device, const std::string& text,
                     const std::string& extra_members = "");

// Parses a control reply into the suite's control document (views live until the next
// parse). CHECKs that it is JSON.
net::json::Value parse_control(const std::string& text);

// GET /conversations/{device}: the parsed reply.
net::json::Value conversation(const std::string& device = kDeviceId);

// A count from GET /stats "requests" for an endpoint template such as "POST /messages"
// (0 when absent), and the other counters.
long requests_for(const std::string& endpoint);
long stat_number(const char* section, const char* key);  // section "" = top level
// Requests the API port received since the reset (token endpoint included).
size_t api_request_count();

// An integer member of a JSON object (numbers or numeric strings); -1 when absent.
int64_t int_member(net::json::Value object, const char* key);
std::string string_member(net::json::Value object, const char* key);

// Keeps every delivered message's id and text, in page order.
class Collector final : public net::parley::MessageHandler {
  public:
    void on_text(std::string_view piece) override { text.add(piece); }
    void on_message(const net::parley::Message& m) override {
        ids.push_back(m.id);
        texts.push_back(text.take());
    }
    void on_skipped(uint64_t id, hal::Status) override {
        text.drop();
        skipped.push_back(id);
    }
    test::StreamedText text;  // the message arriving
    void clear() {
        ids.clear();
        texts.clear();
        skipped.clear();
    }
    std::vector<uint64_t> ids;
    std::vector<std::string> texts;
    std::vector<uint64_t> skipped;
};

// Keeps the last delivered message whole (one Message is ~15 KB: static storage).
class LastMessage final : public net::parley::MessageHandler {
  public:
    void on_text(std::string_view piece) override { streamed_.add(piece); }
    void on_message(const net::parley::Message& m) override;
    const net::parley::Message& message() const;
    const std::string& text() const { return text_; }  // the last message's whole text
    uint32_t count = 0;

  private:
    test::StreamedText streamed_;
    std::string text_;
};

// A file of `size` bytes that starts with the PNG signature, generated on the fly and
// rewindable; bytes(i) is its byte at offset i.
class GeneratedPng final : public net::parley::MediaSource {
  public:
    explicit GeneratedPng(uint64_t size) : size_(size) {}
    hal::Result<size_t> read(hal::ByteSpan out) override;
    hal::Status rewind() override {
        offset_ = 0;
        ++rewinds;
        return hal::Status::kOk;
    }
    static uint8_t byte_at(uint64_t offset);
    std::vector<uint8_t> all() const;
    int rewinds = 0;

  private:
    uint64_t size_;
    uint64_t offset_ = 0;
};

// Collects a download.
class ByteSink final : public net::http::BodySink {
  public:
    hal::Status write(hal::ConstByteSpan piece) override {
        bytes.insert(bytes.end(), piece.begin(), piece.end());
        ++pieces;
        return hal::Status::kOk;
    }
    std::vector<uint8_t> bytes;
    size_t pieces = 0;
};

}  // namespace integration
