// A link-only composition for the Cortex-M4 preset: wires the TLS client, the OAuth token source
// and the token keeper to do-nothing ports, so the linker keeps the code of that path (with
// --gc-sections and newlib's nosys stubs) and its linked size can be read from the ELF and its map
// file (README "Footprint (Cortex-M4)"). It is never run. The whole device as it runs, with its
// per-component footprint budget, is the board image boards/common/mps2/apps/ticket.cpp
// (mps2_ticket.elf, docs/footprint.md).
#include <cstdint>

#include "firmware/token/oauth_token_source.h"
#include "firmware/token/token_keeper.h"
#include "hal/clock.h"
#include "hal/entropy.h"
#include "hal/socket.h"
#include "net/http/http_client.h"
#include "net/oauth/token_request.h"
#include "net/oauth/token_response.h"
#include "net/tls/tls_client.h"
#include "net/tls/tls_config.h"
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

class NoStorage final : public firmware::token::TokenStorage {
  public:
    hal::Status load(firmware::token::KeptToken*) override { return hal::Status::kNotFound; }
    hal::Status save(const firmware::token::KeptToken&) override { return hal::Status::kOk; }
};

class NoCredentials final : public firmware::token::CredentialStore {
  public:
    hal::Status read_credentials(hal::CharSpan, size_t*, hal::CharSpan, size_t*) override {
        return hal::Status::kNotFound;
    }
};

alignas(8) uint8_t g_tls_arena[net::tls::kArenaSize];
uint8_t g_http_buffer[1024];
uint8_t g_token_answer[net::oauth::kMaxResponseSize];
const net::url::Url g_origin = net::url::parse_url("https://api-prd.kpn.com").value();
const uint8_t kCa[] = "-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n";

NullSocket g_socket;
TickClock g_clock;
CounterEntropy g_entropy;
NoStorage g_storage;
NoCredentials g_credentials;
net::tls::TlsClient g_tls{g_socket, g_clock};
net::http::HttpClient g_http{g_tls, g_clock, g_origin, hal::ByteSpan(g_http_buffer)};
firmware::token::OAuthTokenSource g_source{g_http, net::oauth::kTokenPath, g_credentials,
                                           hal::ByteSpan(g_token_answer)};
firmware::token::TokenKeeper g_keeper{g_storage, g_source, g_clock};

}  // namespace

int main() {
    const net::tls::PlatformConfig platform{hal::ByteSpan(g_tls_arena), &g_entropy, &g_clock, 0};
    if (net::tls::platform_init(platform) != hal::Status::kOk) return 1;
    if (g_tls.configure({hal::ConstByteSpan(kCa, sizeof kCa)}) != hal::Status::kOk) return 2;
    g_keeper.boot();
    return g_keeper.token(1000).ok() ? 0 : 4;
}
