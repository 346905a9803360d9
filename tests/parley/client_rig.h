// ClientRig: a ParleyClient in either dialect over a real HttpClient and a scripted
// server, with a fake token provider and a recording log installed.
#pragma once

#include <string>
#include <vector>

#include "net/http/http_client.h"
#include "net/parley/parley_client.h"
#include "net/url/url.h"
#include "tests/http/scripted_socket.h"
#include "tests/parley/parley_test_support.h"
#include "tests/support/fake_clock.h"

namespace parley_test {

constexpr const char* kKpnBase = "https://api-prd.kpn.com/communication/parley/secure-messenger";
constexpr const char* kParleyBase = "https://api.parley.nu/clientApi/v1.9";
constexpr const char* kDeviceId = "3f1c9a52-8e4b-4d7a-9c1e-5b2f6d8a0e17";
constexpr const char* kAccountSecret = "acct-SECRET-9x";
constexpr size_t kHttpBufferSize = 1024;

// One workspace for all rigs: tests run one at a time.
inline net::parley::ParleyWorkspace& workspace() {
    static net::parley::ParleyWorkspace work;
    return work;
}

inline net::parley::ClientConfig make_config(net::parley::Dialect dialect,
                                             net::parley::RequestEncoding encoding,
                                             const net::url::Url& origin) {
    net::parley::ClientConfig config;
    config.dialect = dialect;
    config.encoding = encoding;
    config.base_path = origin.base_path;
    config.device_id = kDeviceId;
    if (dialect == net::parley::Dialect::kParleyDirect) config.account_secret = kAccountSecret;
    return config;
}

struct ClientRig {
    explicit ClientRig(
        net::parley::Dialect dialect,
        net::parley::RequestEncoding encoding = net::parley::RequestEncoding::kJsonBody,
        size_t max_fragment = 7)
        : socket(clock, max_fragment, 42),
          origin(net::url::parse_url(dialect == net::parley::Dialect::kKpnGateway ? kKpnBase
                                                                                  : kParleyBase)
                     .value()),
          http(socket, clock, origin, hal::ByteSpan(work)),
          config(make_config(dialect, encoding, origin)),
          client(http, clock, config, &tokens, workspace()) {
        hal::set_log(&log);
    }
    ~ClientRig() { hal::set_log(nullptr); }

    // One kept-alive connection answering with these responses in turn.
    void serve(const std::vector<std::string>& responses) {
        http_test::ScriptedConnection connection;
        for (const std::string& r : responses)
            connection.exchanges.push_back({r});
        socket.add(connection);
    }
    std::string sent(size_t connection = 0) const { return socket.sent(connection); }
    hal::Millis deadline() { return clock.now_ms() + 5000; }

    test::FakeClock clock{0};
    http_test::ScriptedSocket socket;
    net::url::Url origin;
    uint8_t work[kHttpBufferSize];
    net::http::HttpClient http;
    FakeTokens tokens;
    net::parley::ClientConfig config;
    net::parley::ParleyClient client;
    RecordingLog log;
};

}  // namespace parley_test
