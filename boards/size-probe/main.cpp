// A link-only composition for the Cortex-M4 preset: wires the TLS client, the JSON
// decoder and the token keeper to do-nothing ports so the linker keeps exactly the code a
// real board would use, and tools/size-report can show linked (not archive) sizes and
// whether anything drags in the C heap. It is never run; the real board is
// boards/mps2-an386 (see the board issue).
#include <cstdint>

#include "firmware/config.h"
#include "firmware/token/token_keeper.h"
#include "hal/clock.h"
#include "hal/entropy.h"
#include "hal/socket.h"
#include "net/json/json_document.h"
#include "net/oauth/token_response.h"
#include "net/tls/tls_client.h"
#include "net/tls/tls_platform.h"

namespace {

class NullSocket final : public hal::Socket {
  public:
    hal::Status connect(std::string_view, uint16_t, hal::Millis) override {
        return hal::Status::kNetworkError;
    }
    hal::Result<size_t> send(hal::ConstByteSpan, hal::Millis) override {
        return hal::Status::kClosed;
    }
    hal::Result<size_t> recv(hal::ByteSpan, hal::Millis) override { return hal::Status::kClosed; }
    void close() override {}
    bool is_connected() const override { return false; }
};

class TickClock final : public hal::Clock {
  public:
    hal::Millis now_ms() override { return ++ticks_; }
    hal::Result<int64_t> wall_seconds() override { return hal::Status::kUnavailable; }
    void set_wall_seconds(int64_t) override {}

  private:
    hal::Millis ticks_ = 0;
};

class CounterEntropy final : public hal::Entropy {
  public:
    hal::Status fill(hal::ByteSpan out) override {
        for (uint8_t& b : out)
            b = static_cast<uint8_t>(++state_ * 2654435761u >> 24);
        return hal::Status::kOk;
    }

  private:
    uint32_t state_ = 0;
};

class NoStorage final : public firmware::TokenStorage {
  public:
    hal::Status load(firmware::KeptToken*) override { return hal::Status::kNotFound; }
    hal::Status save(const firmware::KeptToken&) override { return hal::Status::kOk; }
};

class ParsedSource final : public firmware::TokenSource {
  public:
    explicit ParsedSource(net::json::JsonDocument& doc) : doc_(doc) {}
    hal::Status request(net::oauth::TokenGrant* out, hal::Millis) override {
        return net::oauth::decode_token_response(R"({"access_token":"t","expires_in":"60"})", doc_,
                                                 out);
    }

  private:
    net::json::JsonDocument& doc_;
};

alignas(8) uint8_t g_tls_arena[PARLEY_TLS_ARENA_SIZE];
alignas(8) uint8_t g_json_arena[4096];
const uint8_t kCa[] = "-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n";

NullSocket g_socket;
TickClock g_clock;
CounterEntropy g_entropy;
NoStorage g_storage;
net::json::JsonDocument g_doc{hal::ByteSpan(g_json_arena)};
ParsedSource g_source{g_doc};
net::tls::TlsClient g_tls{g_socket, g_clock};
firmware::TokenKeeper g_keeper{g_storage, g_source, g_clock};

}  // namespace

int main() {
    const net::tls::PlatformConfig platform{hal::ByteSpan(g_tls_arena), &g_entropy, &g_clock, 0};
    if (net::tls::platform_init(platform) != hal::Status::kOk) return 1;
    if (g_tls.configure({hal::ConstByteSpan(kCa, sizeof kCa)}) != hal::Status::kOk) return 2;
    if (g_tls.connect("example.com", 443, 1000) != hal::Status::kOk) return 3;
    g_keeper.boot();
    return g_keeper.token(1000).ok() ? 0 : 4;
}
