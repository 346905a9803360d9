#include "tests/fault_sweep/sweep_session.h"
#include "tests/support/streamed_text.h"

#include <functional>
#include <memory>

#include "firmware/messenger/messenger.h"
#include "firmware/messenger/parley_service_api.h"
#include "firmware/outbox/outbox.h"
#include "firmware/settings/settings.h"
#include "firmware/token/keeper_token_provider.h"
#include "firmware/token/oauth_token_source.h"
#include "firmware/token/settings_token_store.h"
#include "firmware/token/token_keeper.h"
#include "net/http/http_client.h"
#include "net/json/json_document.h"
#include "net/oauth/oauth_config.h"
#include "net/oauth/token_request.h"
#include "net/parley/parley_client.h"
#include "net/tls/tls_client.h"
#include "net/url/url.h"
#include "port/posix/tcp_socket.h"
#include "tests/integration/sim_rig.h"
#include "tests/settings/store_fakes.h"
#include "tests/support/flash_fixture.h"

namespace sweep {
namespace {

constexpr size_t kHttpBufferSize = 2048;
// Virtual time a phase may take, backoff included (the backoff cap is 60 s).
constexpr hal::Millis kPhaseBudgetMs = 30 * 60 * 1000;
constexpr int kMaxStepsPerPhase = 2000;
// Real time a step may take beyond its deadline (loopback, a loaded CI machine).
constexpr hal::Millis kStepSlackMs = 2000;

net::parley::ParleyWorkspace g_workspace;
uint8_t g_entry_fields[firmware::outbox::kMaxEntryFieldsBytes];

class Recorder final : public firmware::messenger::MessengerListener {
  public:
    void on_message_text(std::string_view piece) override { text.add(piece); }
    void on_message_text_dropped() override { text.drop(); }
    void on_message(const net::parley::Message& /*m*/) override { received.push_back(text.take()); }
    test::StreamedText text;  // the message arriving
    std::vector<std::string> received;
};

// One boot: every part of the device, over the flash that outlives it.
struct Boot {
    Boot(test::DeviceFlash& flash, SweepClock& clock, FaultPlan& plan, Recorder& recorder,
         const std::string& device_id, const net::url::Url& origin)
        : settings(flash.settings, identity, entropy),
          outbox(flash.outbox),
          token_store(settings),
          tcp(clock),
          tcp_faults(tcp, clock, plan, Layer::kTcp),
          tls(tcp_faults, clock),
          http_faults(tls, clock, plan, Layer::kHttp),
          http(http_faults, clock, origin, hal::ByteSpan(http_buffer)),
          token_source(http, net::oauth::kTokenPath, token_store, hal::ByteSpan(token_answer)),
          keeper(token_store, token_source, clock),
          provider(keeper),
          client(http, clock, client_config(origin, device_id), &provider, g_workspace),
          api(client, registration()),
          messenger(
              firmware::messenger::MessengerParts{api, outbox, settings, &keeper, clock, entropy,
                                                  recorder, hal::ByteSpan(g_entry_fields)},
              messenger_config()) {}

    hal::Status start() {
        HAL_TRY(settings.mount());
        HAL_TRY(outbox.mount());
        firmware::settings::Credentials kept;
        if (settings.read_credentials(kept) != hal::Status::kOk) {
            HAL_TRY(settings.write_credentials(integration::kClientId, integration::kClientSecret));
        }
        HAL_TRY(tls.configure({integration::ca_bundle()}));
        keeper.boot();
        messenger.start();
        return hal::Status::kOk;
    }

    net::parley::ClientConfig client_config(const net::url::Url& origin,
                                            const std::string& device_id) {
        device_id_ = device_id;
        net::parley::ClientConfig c;
        c.base_path = origin.base_path;
        c.device_id = device_id_;
        return c;
    }
    static const net::parley::DeviceRegistration& registration() {
        static net::parley::DeviceRegistration r;
        r.version = "1.4.2";
        return r;
    }
    static firmware::messenger::MessengerConfig messenger_config() {
        firmware::messenger::MessengerConfig c;
        c.subscription_hash = 0x5EE9;
        c.operation_timeout_ms = kSweepOperationTimeoutMs;
        c.send_grace_ms = 10000;
        return c;
    }

    std::string device_id_;
    store_test::FixedIdentity identity{3};
    store_test::SeededEntropy entropy{11};
    firmware::settings::Settings settings;
    firmware::outbox::Outbox outbox;
    firmware::token::SettingsTokenStore token_store;
    port::posix::TcpSocket tcp;
    FaultSocket tcp_faults;
    net::tls::TlsClient tls;
    FaultSocket http_faults;
    uint8_t http_buffer[kHttpBufferSize] = {};
    net::http::HttpClient http;
    uint8_t token_answer[net::oauth::kMaxResponseSize] = {};
    firmware::token::OAuthTokenSource token_source;
    firmware::token::TokenKeeper keeper;
    firmware::token::KeeperTokenProvider provider;
    net::parley::ClientConfig config_;
    net::parley::ParleyClient client;
    firmware::messenger::ParleyServiceApi api;
    firmware::messenger::Messenger messenger;
};

class Session {
  public:
    Session(const SessionOptions& options, SessionResult& result)
        : options_(options), result_(result), clock_(integration::sim_clock()) {
        plan_ = options.plan;
        device_id_ = "sweep-" + std::to_string(++g_runs) + "-device";
    }

    void run() {
        origin_ = net::url::parse_url(origin_text_).value();
        if (!boot()) return;
        if (!send("hello", 1) || !send("yes", 2) || !send("yes", 3)) return;
        if (!reply("first reply") || !reply("second reply")) return;
        boot_.reset();  // the restart, on the same flash
        if (!boot()) return;
        if (!send("after the restart", 4) || !reply("third reply")) return;
        boot_.reset();  // its connection closed: nothing more is on its way to the service
        if (!settle("the end")) return;
        check_service();
        check_listener();
        result_.completed = result_.failure.empty();
    }

    void finish() {
        result_.calls[0] = plan_.calls[0];
        result_.calls[1] = plan_.calls[1];
        result_.fired = plan_.fired;
        result_.worst_call_overrun_ms = plan_.worst_overrun_ms;
    }

  private:
    bool boot() {
        boot_ = std::make_unique<Boot>(flash_, clock_, plan_, recorder_, device_id_, origin_);
        const hal::Status started = boot_->start();
        if (started != hal::Status::kOk)
            return fail("boot: " + std::string(hal::to_string(started)));
        return true;
    }

    bool send(const char* text, int post_number) {
        if (options_.store_then_close_post == post_number) {
            integration::add_fault(
                R"({"kind": "store_then_close", "path": "/messages", "method": "POST"})");
        }
        if (options_.slow_post == post_number) {
            integration::add_fault(
                std::string(R"({"kind": "delay", "path": "/messages", "method": "POST", )") +
                R"("seconds": )" + kSlowStoreSeconds + "}");
        }
        const hal::Result<uint32_t> accepted = boot_->messenger.send_text(text);
        if (!accepted.ok())
            return fail("accept: " + std::string(hal::to_string(accepted.status())));
        sent_.emplace_back(text);
        return drive([&] { return boot_->messenger.unconfirmed() == 0; },
                     std::string("sending \"") + text + "\"");
    }

    bool reply(const std::string& text) {
        integration::agent_reply(device_id_, text);
        replies_.push_back(text);
        const size_t want = replies_.size();
        return drive([&] { return recorder_.received.size() >= want; }, "receiving " + text);
    }

    // Steps the messenger, jumping the clock to each next due time, until `done`.
    bool drive(const std::function<bool()>& done, const std::string& what) {
        const hal::Millis start = clock_.now_ms();
        for (int i = 0; i < kMaxStepsPerPhase; ++i) {
            if (done()) return true;
            const hal::Millis before = clock_.now_ms();
            if (hal::deadline_passed(before, start + kPhaseBudgetMs)) break;
            const hal::Millis next = boot_->messenger.step(before);
            const hal::Millis took = clock_.now_ms() - before;
            if (took > result_.worst_step_ms) result_.worst_step_ms = took;
            if (took > kSweepOperationTimeoutMs + kStepSlackMs) {
                return fail(what + ": a step took " + std::to_string(took) + " ms");
            }
            const hal::Millis now = clock_.now_ms();
            if (!hal::deadline_passed(now, next)) {
                if (!settle(what)) return false;
                clock_.advance(next - now);
            }
        }
        if (done()) return true;
        return fail(what + ": not done (link " +
                    firmware::messenger::to_string(boot_->messenger.link()) + ", outbox " +
                    std::to_string(boot_->messenger.unconfirmed()) + ")");
    }

    // The clock jumps (a grace of 10 s, a backoff, a poll interval pass at once) while the
    // simulator runs in real time: a request the device gave up on (a fault after it was
    // sent) may still be on its way to being stored. Before virtual time passes, every
    // connection the device has dropped since the last settle must have ended on the
    // simulator's side — its requests processed — so that the service is never "slower"
    // than the virtual time the device waited (a copy stored after the device looked for
    // it, and sent it again, is the documented window of outbox SPEC "Reconciliation",
    // not what the sweep tests). The connection the device still holds is idle between
    // steps (every exchange on it has ended) and is left open.
    bool settle(const std::string& what) {
        if (!plan_.connection_ended) return true;
        plan_.connection_ended = false;
        const bool holds_one = boot_ != nullptr && boot_->tcp.is_connected();
        const long live = integration::settle(holds_one);
        if (live == 0) return true;
        return fail(what + ": the simulator did not finish " + std::to_string(live) +
                    " dropped connection(s)");
    }

    void check_service() {
        const net::json::Value messages = integration::conversation(device_id_)["messages"];
        std::vector<std::string> stored;
        for (size_t i = 0; i < messages.size(); ++i) {
            const net::json::Value m = messages.at(i);
            if (integration::int_member(m, "typeId") != 1) continue;
            stored.push_back(integration::string_member(m, "message"));
        }
        if (stored != sent_) fail("the service holds " + join(stored) + ", sent " + join(sent_));
    }

    void check_listener() {
        if (recorder_.received != replies_) {
            fail("the listener saw " + join(recorder_.received) + ", agents wrote " +
                 join(replies_));
        }
    }

    static std::string join(const std::vector<std::string>& texts) {
        std::string out = "[";
        for (const std::string& t : texts)
            out += (out.size() > 1 ? ", " : "") + t;
        return out + "]";
    }

    bool fail(const std::string& why) {
        if (result_.failure.empty()) result_.failure = why;
        return false;
    }

    static inline int g_runs = 0;
    const SessionOptions& options_;
    SessionResult& result_;
    SweepClock clock_;
    FaultPlan plan_;
    std::string device_id_;
    std::string origin_text_ = integration::origin_for(integration::Dialect::kKpnGateway);
    net::url::Url origin_;
    test::DeviceFlash flash_;
    Recorder recorder_;
    std::unique_ptr<Boot> boot_;
    std::vector<std::string> sent_;
    std::vector<std::string> replies_;
};

}  // namespace

SessionResult run_session(const SessionOptions& options) {
    integration::platform_once();
    SessionResult result;
    Session session(options, result);
    session.run();
    session.finish();
    return result;
}

}  // namespace sweep
