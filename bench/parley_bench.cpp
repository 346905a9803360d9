// parley_bench: this client's side of the benchmark (bench/README.md, tools/bench). The
// device stack as the firmware wires it — POSIX TCP, TlsClient (mbedTLS), HttpClient,
// the token keeper with its OAuth source, ParleyClient (KPN dialect, JSON bodies) — does
// the benchmark's work against the simulator on one kept-alive connection:
//
//   token, subscribe, newest page; then N x (send a 42-byte text, poll messages after the
//   last one seen, which returns it)
//
// and prints what it negotiated and received. tools/bench runs it under valgrind (N = 1
// and N = 51; the difference / 50 is one iteration) and through a counting proxy.
//
// usage: parley_bench --origin https://localhost:PORT/BASE --ca FILE.pem
//                     [--iterations N] [--suite any|aes128|aes256|chacha20]
//                     [--reconnect 1]   (each iteration on a new connection)
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string_view>

#include "firmware/token/keeper_token_provider.h"
#include "firmware/token/oauth_token_source.h"
#include "firmware/token/token_keeper.h"
#include "mbedtls/ssl.h"
#include "net/http/http_client.h"
#include "net/oauth/token_request.h"
#include "net/parley/parley_client.h"
#include "net/parley/parley_workspace.h"
#include "net/tls/tls_client.h"
#include "net/tls/tls_config.h"
#include "net/tls/tls_platform.h"
#include "net/url/url.h"
#include "port/posix/clock.h"
#include "port/posix/entropy.h"
#include "port/posix/tcp_socket.h"

namespace {

constexpr std::string_view kText = "Hello, my order #1234 has not arrived yet.";  // 42 bytes
constexpr std::string_view kClientId = "demo-client";
constexpr std::string_view kClientSecret = "demo-secret";
constexpr std::string_view kDeviceId = "3f1c9a52-8e4b-4d7a-9c1e-5b2f6d8a0e17";
constexpr hal::Millis kCallBudgetMs = 15000;
constexpr size_t kMaxCaSize = 64 * 1024;

constexpr int kAes128[] = {MBEDTLS_TLS1_3_AES_128_GCM_SHA256, 0};
constexpr int kAes256[] = {MBEDTLS_TLS1_3_AES_256_GCM_SHA384, 0};
constexpr int kChaCha20[] = {MBEDTLS_TLS1_3_CHACHA20_POLY1305_SHA256, 0};

alignas(8) uint8_t g_arena[net::tls::kArenaSize];
uint8_t g_http_buffer[2048];
char g_ca[kMaxCaSize + 1];
net::parley::ParleyWorkspace g_workspace;

struct Options {
    const char* origin = nullptr;
    const char* ca = nullptr;
    long iterations = 1;
    const int* suites = nullptr;
    bool reconnect = false;  // each iteration on a new connection (a resumed handshake)
};

int usage(const char* why) {
    std::fprintf(stderr,
                 "parley_bench: %s\n"
                 "usage: parley_bench --origin https://localhost:PORT/BASE --ca FILE.pem\n"
                 "                    [--iterations N] [--suite any|aes128|aes256|chacha20]\n"
                 "                    [--reconnect 1]\n",
                 why);
    return 2;
}

bool parse_suite(const char* name, const int** out) {
    const std::string_view text(name);
    if (text == "any")
        *out = nullptr;
    else if (text == "aes128")
        *out = kAes128;
    else if (text == "aes256")
        *out = kAes256;
    else if (text == "chacha20")
        *out = kChaCha20;
    else
        return false;
    return true;
}

bool parse_options(int argc, char** argv, Options* options) {
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string_view key(argv[i]);
        const char* value = argv[i + 1];
        if (key == "--origin") {
            options->origin = value;
        } else if (key == "--ca") {
            options->ca = value;
        } else if (key == "--iterations") {
            char* end = nullptr;
            options->iterations = std::strtol(value, &end, 10);
            if (*end != '\0' || options->iterations < 0) return false;
        } else if (key == "--suite") {
            if (!parse_suite(value, &options->suites)) return false;
        } else if (key == "--reconnect") {
            options->reconnect = std::string_view(value) == "1";
        } else {
            return false;
        }
    }
    return argc % 2 == 1 && options->origin != nullptr && options->ca != nullptr;
}

// The CA bundle as PEM with its NUL (what TlsClient::configure takes).
size_t read_ca(const char* path) {
    std::FILE* file = std::fopen(path, "rb");
    if (file == nullptr) return 0;
    const size_t size = std::fread(g_ca, 1, kMaxCaSize, file);
    std::fclose(file);
    g_ca[size] = '\0';
    return size + 1;
}

class MemoryTokenStorage final : public firmware::token::TokenStorage {
  public:
    hal::Status load(firmware::token::KeptToken*) override { return hal::Status::kNotFound; }
    hal::Status save(const firmware::token::KeptToken&) override { return hal::Status::kOk; }
};

class FixedCredentials final : public firmware::token::CredentialStore {
  public:
    hal::Status read_credentials(hal::CharSpan id, size_t* id_length, hal::CharSpan secret,
                                 size_t* secret_length) override {
        std::memcpy(id.data(), kClientId.data(), kClientId.size());
        std::memcpy(secret.data(), kClientSecret.data(), kClientSecret.size());
        *id_length = kClientId.size();
        *secret_length = kClientSecret.size();
        return hal::Status::kOk;
    }
};

// Counts what a poll delivers and checks the text that came back.
class Received final : public net::parley::MessageHandler {
  public:
    void on_text(std::string_view piece) override {
        if (text_length_ + piece.size() <= sizeof text_) {
            std::memcpy(text_ + text_length_, piece.data(), piece.size());
        }
        text_length_ += piece.size();
    }
    void on_message(const net::parley::Message& /*message*/) override {
        if (std::string_view(text_, text_length_) == kText) ++matching;
        ++messages;
        text_length_ = 0;
    }
    unsigned long messages = 0;
    unsigned long matching = 0;

  private:
    char text_[64] = {};
    size_t text_length_ = 0;
};

int fail(const char* what, hal::Status status) {
    std::fprintf(stderr, "parley_bench: %s failed: %s\n", what, hal::to_string(status));
    return 1;
}

struct Loop {
    net::http::HttpClient& http;
    net::parley::ParleyClient& client;
    hal::Clock& clock;
    Received& received;
    uint64_t last_seen;
    long iterations;
    bool reconnect;
};

}  // namespace

// The measured part: N x (send, poll). Not inlined, so that tools/bench can collect
// instructions inside it only (callgrind --toggle-collect=bench_loop), free of the
// handshake's variance (its ECDSA and ECDHE work depends on random values).
extern "C" int bench_loop(Loop* loop);
extern "C" __attribute__((noinline)) int bench_loop(Loop* loop) {
    for (long i = 0; i < loop->iterations; ++i) {
        if (loop->reconnect) loop->http.close();  // the next call reconnects and resumes
        const hal::Result<uint64_t> sent = loop->client.send_text(
            kText, net::parley::MessageType::kUser, loop->clock.now_ms() + kCallBudgetMs);
        if (!sent.ok()) return fail("send", sent.status());
        net::parley::PageResult page;
        const hal::Status polled = loop->client.get_messages_after(
            loop->last_seen, loop->received, &page, loop->clock.now_ms() + kCallBudgetMs);
        if (polled != hal::Status::kOk) return fail("poll", polled);
        if (page.highest_id < sent.value()) {
            return fail("poll (the sent message is missing)", hal::Status::kCorrupt);
        }
        loop->last_seen = page.highest_id;
    }
    return 0;
}

int main(int argc, char** argv) {
    Options options;
    if (!parse_options(argc, argv, &options)) return usage("bad arguments");
    const size_t ca_size = read_ca(options.ca);
    if (ca_size == 0) return usage("cannot read the CA file");
    const hal::Result<net::url::Url> origin = net::url::parse_url(options.origin);
    if (!origin.ok()) return usage("bad --origin");

    port::posix::SystemClock clock;
    port::posix::GetrandomEntropy entropy;
    const net::tls::PlatformConfig platform{hal::ByteSpan(g_arena), &entropy, &clock, 0};
    if (net::tls::platform_init(platform) != hal::Status::kOk)
        return fail("TLS platform", hal::Status::kInternal);
    port::posix::TcpSocket tcp(clock);
    net::tls::TlsClient tls(tcp, clock);
    net::tls::TlsConfig tls_config;
    tls_config.ca_bundle = hal::ConstByteSpan(reinterpret_cast<const uint8_t*>(g_ca), ca_size);
    tls_config.ciphersuites = options.suites;
    const hal::Status configured = tls.configure(tls_config);
    if (configured != hal::Status::kOk) return fail("TLS configuration", configured);

    net::http::HttpClient http(tls, clock, origin.value(), hal::ByteSpan(g_http_buffer));
    MemoryTokenStorage storage;
    FixedCredentials credentials;
    firmware::token::OAuthTokenSource source(http, net::oauth::kTokenPath, credentials,
                                             g_workspace.lendable());
    firmware::token::TokenKeeper keeper(storage, source, clock);
    firmware::token::KeeperTokenProvider provider(keeper);
    keeper.boot();
    net::parley::ClientConfig config;
    config.dialect = net::parley::Dialect::kKpnGateway;
    config.base_path = origin.value().base_path;
    config.device_id = kDeviceId;
    net::parley::ParleyClient client(http, clock, config, &provider, g_workspace);

    const auto deadline = [&clock] { return clock.now_ms() + kCallBudgetMs; };
    net::parley::DeviceRegistration device;
    device.type = net::parley::DeviceType::kCustom;
    device.version = "1.4.2";
    const hal::Status subscribed = client.subscribe_device(device, deadline());
    if (subscribed != hal::Status::kOk) return fail("subscribe", subscribed);
    Received received;
    net::parley::PageResult page;
    const hal::Status newest = client.get_messages(received, &page, deadline());
    if (newest != hal::Status::kOk) return fail("first poll", newest);
    received = Received{};
    Loop loop{
        http, client, clock, received, page.highest_id, options.iterations, options.reconnect};
    if (bench_loop(&loop) != 0) return 1;
    std::printf("suite %s %s%s\n", tls.protocol().data(), tls.ciphersuite().data(),
                tls.session_resumed() ? " resumed" : "");
    std::printf("iterations %ld messages %lu matching %lu\n", options.iterations, received.messages,
                received.matching);
    http.close();
    return received.matching == static_cast<unsigned long>(options.iterations) ? 0 : 1;
}
