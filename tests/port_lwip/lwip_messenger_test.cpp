// The whole device over lwIP (issue 6, item 2): the firmware::device::Device that
// boards/host and the boards compose (flash file split into settings and outbox,
// identity file, settings, mbedTLS, OAuth token keeper, Parley client, outbox), but its
// TLS client runs over port::lwip::LwipTcpSocket on the suite's LwipStack instead of a
// POSIX socket. The peer is tools/sim/parley-sim on 10.200.0.1 inside the test namespace
// (netns-run.sh), with the suite's server-extra certificate (it names 10.200.0.1) and its
// bot answering every message. The messenger is stepped with the suite's clock; while it
// is idle the loop pumps lwIP until the next step is due, as a board's main loop would.
// "Reboot" destroys the composition and builds it again on the same flash file.
#include <stdlib.h>

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <memory>
#include <string>
#include <system_error>
#include <vector>

#include "boards/host/host_device.h"
#include "firmware/device/device.h"
#include "firmware/messenger/messenger.h"
#include "firmware/settings/provision.h"
#include "hal/log.h"
#include "net/parley/message.h"
#include "net/tls/tls_config.h"
#include "port/lwip/lwip_tcp_socket.h"
#include "port/posix/file_device_identity.h"
#include "port/posix/file_flash.h"
#include "port/posix/stderr_log.h"
#include "tests/port_lwip/lwip_test_env.h"
#include "tests/support/sim_process.h"
#include "tests/support/streamed_text.h"

#include <CppUTest/TestHarness.h>

using hal::Status;

namespace {

using test::as_message;
using test::count_of;

constexpr const char* kBasePath = "/communication/parley/secure-messenger";
constexpr const char* kServerLeaf = "server-extra";  // names 10.200.0.1 (EXTRA_SAN)
constexpr const char* kAppVersion = "1.0.0";
constexpr const char* kDeviceName = "lwip messenger";
constexpr hal::Millis kStepCapMs = 50;  // the loop looks at its condition this often
constexpr hal::Millis kLimitMs = 6000;  // per wait: a reply comes with the first poll, 2 s on

// The device's TLS arena, sized as the host build sizes it. mbedTLS keeps the first arena
// it was given (net/tls/tls_platform.h): in a full run of the suite that is the TLS
// tests' larger one, run alone (-g LwipMessenger) it is this one.
alignas(8) uint8_t g_tls_arena[net::tls::kArenaSize];

// What the messenger reports.
class Recorder final : public firmware::messenger::MessengerListener {
  public:
    void on_message_text(std::string_view piece) override { streamed.add(piece); }
    void on_message_text_dropped() override { streamed.drop(); }
    void on_message(const net::parley::Message& /*message*/) override {
        replies.push_back(streamed.take());
    }
    test::StreamedText streamed;  // the reply arriving
    void on_sent(uint32_t sequence, uint64_t server_id) override {
        sent.push_back({sequence, server_id});
    }
    void on_rejected(uint32_t, hal::Status, std::string_view) override { ++rejected; }
    void on_link(firmware::messenger::LinkState state, hal::Status) override {
        links.push_back(state);
    }

    size_t replies_with(const std::string& text) const {
        size_t n = 0;
        for (const std::string& r : replies)
            n += r == text ? 1 : 0;
        return n;
    }

    struct Sent {
        uint32_t sequence;
        uint64_t server_id;
    };
    std::vector<Sent> sent;
    std::vector<std::string> replies;
    std::vector<firmware::messenger::LinkState> links;
    int rejected = 0;
};

bool read_file(const std::string& path, std::vector<uint8_t>* out) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return false;
    out->assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    return !out->empty();
}

// The device: a firmware::device::Device as boards/host builds it (KPN dialect, token URL
// on the API's origin, so one connection) on the POSIX flash and identity files, with the
// lwIP socket and the suite's clock and entropy.
struct LwipDevice {
    explicit LwipDevice(const std::string& directory)
        : dir(directory),
          flash(dir + "/flash.bin",
                {boards::host::kFlashSectorSize,
                 boards::host::kSettingsSectors + boards::host::kOutboxSectors, 1}),
          tcp(lwip_test::stack()),
          device({tcp, lwip_test::clock(), lwip_test::entropy(), identity, flash},
                 {boards::host::kSettingsSectors, boards::host::kOutboxSectors}) {}
    ~LwipDevice() { hal::set_log(nullptr); }

    std::string dir;
    std::string server_text;
    port::posix::StderrLog log{lwip_test::clock(), hal::LogLevel::kWarn};
    port::posix::FileFlash flash;
    port::posix::FileDeviceIdentity identity;
    port::lwip::LwipTcpSocket tcp;
    firmware::device::Device device;
    std::vector<uint8_t> ca;
    std::string device_id;                           // after open_storage
    firmware::token::TokenKeeper* keeper = nullptr;  // after open_network

    Status open_storage() {
        hal::set_log(&log);
        HAL_TRY(flash.open());
        HAL_TRY(identity.load(dir + "/identity.bin", lwip_test::entropy()));
        HAL_TRY(device.init_tls(hal::ByteSpan(g_tls_arena), 0));
        HAL_TRY(device.settings().mount());
        HAL_TRY(device.load_device_id(true));
        device_id = std::string(device.device_id());
        return Status::kOk;
    }

    Status open_network(firmware::messenger::MessengerListener& listener) {
        if (!read_file(std::string(lwip_test::cert_dir()) + "/ca.pem", &ca)) {
            return Status::kInvalidArgument;
        }
        ca.push_back('\0');
        HAL_TRY(device.configure_tls(hal::ConstByteSpan(ca.data(), ca.size())));
        HAL_TRY(device.outbox().mount());
        firmware::device::Config config;
        config.server_url = server_text;
        config.device_name = kDeviceName;
        config.app_version = kAppVersion;
        HAL_TRY(device.start(config, listener));
        keeper = device.tokens();
        return Status::kOk;
    }
};

// The bot's answer to a plain text (tools/sim/README.md, "Bot mode").
std::string bot_reply(const std::string& text) {
    return "Thanks, we received: " + text + ". An agent will follow up.";
}

}  // namespace

TEST_GROUP(LwipMessenger) {
    std::string dir;
    std::unique_ptr<test::SimProcess> sim;
    std::unique_ptr<LwipDevice> device;
    Recorder listener;

    void setup() override {
        CHECK_EQUAL(Status::kOk, lwip_test::bring_up());
        char pattern[] = "/tmp/parley-lwip-messenger-XXXXXX";
        const char* made = ::mkdtemp(pattern);
        CHECK(made != nullptr);
        dir = made;
        test::SimOptions options;
        options.cert_dir = lwip_test::cert_dir();
        options.host = lwip_test::kPeerAddress;
        options.cert_name = kServerLeaf;
        options.extra_args = {"--bot", "--bot-delay", "0.2"};
        sim = std::make_unique<test::SimProcess>(options);
        CHECK_TEXT(sim->started(), sim->startup_output().c_str());
    }

    void teardown() override {
        close_device();
        sim.reset();
        std::error_code ignored;
        std::filesystem::remove_all(dir, ignored);
    }

    // Builds the device on this test's files; `provision` stores the demo client's
    // credentials (firmware::settings::provision) before the network side is opened.
    void open_device(bool provision) {
        close_device();
        device = std::make_unique<LwipDevice>(dir);
        const std::string origin = std::string("https://") + lwip_test::kPeerAddress + ":" +
                                   std::to_string(sim->api_port());
        device->server_text = origin + kBasePath;
        CHECK_EQUAL(Status::kOk, device->open_storage());
        if (provision) {
            const Status provisioned = firmware::settings::provision(device->device.settings(),
                                                                     "demo-client", "demo-secret");
            CHECK_EQUAL(Status::kOk, provisioned);
        }
        CHECK_EQUAL(Status::kOk, device->open_network(listener));
    }

    // Power off: the composition goes away (its socket sends FIN), and lwIP is pumped
    // briefly so that the close leaves the stack before the next boot.
    void close_device() {
        if (!device) return;
        device.reset();
        lwip_test::stack().pump(lwip_test::in(100));
    }

    firmware::messenger::Messenger& messenger() {
        return device->device.messenger();
    }

    // The device's loop: a step, then lwIP pumped until the next step is due (at most
    // kStepCapMs, to look at `done`), until `done` or `limit_ms` passed.
    bool run_until(const std::function<bool()>& done, hal::Millis limit_ms = kLimitMs) {
        hal::Clock& clock = lwip_test::clock();
        const hal::Millis end = clock.now_ms() + limit_ms;
        while (!done()) {
            const hal::Millis now = clock.now_ms();
            if (hal::deadline_passed(now, end)) return false;
            const hal::Millis next = messenger().step(now);
            if (done()) return true;
            const hal::Millis after = clock.now_ms();
            const hal::Millis wake =
                hal::remaining(after, next) < kStepCapMs ? next : after + kStepCapMs;
            lwip_test::stack().pump(wake);
        }
        return true;
    }

    // One more poll, right away: replies already delivered must not come again.
    void poll_once_more() {
        const uint32_t before = messenger().operations();
        messenger().poll_soon();
        const bool done = run_until([&] { return messenger().operations() > before; });
        CHECK_TEXT(done, describe().c_str());
    }

    // The device's state and the simulator's request log, for a failing wait.
    std::string describe() const {
        std::string links;
        std::string replies;
        for (const std::string& reply : listener.replies)
            replies += "[" + reply + "] ";
        for (firmware::messenger::LinkState state : listener.links)
            links += std::string(firmware::messenger::to_string(state)) + " ";
        return "unconfirmed " + std::to_string(device->device.messenger().unconfirmed()) +
               ", sent " + std::to_string(listener.sent.size()) + ", replies " +
               std::to_string(listener.replies.size()) + ", operations " +
               std::to_string(device->device.messenger().operations()) + ", links " + links +
               "\nreplies: " + replies + "\nconversation: " + conversation();
    }

    uint32_t accept(const std::string& text) {
        const hal::Result<uint32_t> accepted = messenger().send_text(text);
        CHECK_EQUAL(Status::kOk, accepted.status());
        return accepted.value();
    }

    std::string conversation() const {
        const test::ControlReply reply = sim->get("/conversations/" + device->device_id);
        return reply.status == 200 ? reply.body : "";
    }

    // Two messages accepted, sent, confirmed and answered by the bot, once each.
    void send_two_and_get_replies(const std::string& first, const std::string& second) {
        const uint32_t seq1 = accept(first);
        const uint32_t seq2 = accept(second);
        const bool done = run_until(
            [&] { return messenger().unconfirmed() == 0 && listener.replies.size() >= 2; });
        CHECK_TEXT(done, describe().c_str());
        poll_once_more();
        CHECK_EQUAL(2u, listener.sent.size());
        CHECK_EQUAL(seq1, listener.sent[0].sequence);
        CHECK_EQUAL(seq2, listener.sent[1].sequence);
        CHECK(listener.sent[0].server_id != 0);
        CHECK(listener.sent[0].server_id < listener.sent[1].server_id);
        CHECK_EQUAL(0, listener.rejected);
        CHECK_EQUAL(2u, listener.replies.size());
        CHECK_EQUAL(1u, listener.replies_with(bot_reply(first)));
        CHECK_EQUAL(1u, listener.replies_with(bot_reply(second)));
        const std::string conv = conversation();
        CHECK_EQUAL_TEXT(1u, count_of(conv, as_message(first)), conv.c_str());
        CHECK_EQUAL_TEXT(1u, count_of(conv, as_message(second)), conv.c_str());
        CHECK(conv.find(as_message(first)) < conv.find(as_message(second)));
        CHECK_EQUAL(1, sim->stat("token_requests"));
        CHECK_EQUAL(1u, static_cast<unsigned>(device->keeper->requests_made()));
    }
};

// Two messages over lwIP: both reach the conversation once and in order, both bot
// replies come back once each, and one token served the whole session.
TEST(LwipMessenger, TwoMessagesAndTheirRepliesOverLwip) {
    open_device(true);
    send_two_and_get_replies("first over lwip", "second over lwip");
    CHECK(messenger().link() == firmware::messenger::LinkState::kOnline);
}

// After a reboot on the same flash the token kept there is used (no new token request),
// the third message goes out once, and only its reply is delivered (the last id seen
// was kept, so the first two replies do not come again).
TEST(LwipMessenger, RebootKeepsTheTokenAndTheLastSeenId) {
    open_device(true);
    send_two_and_get_replies("before the reboot 1", "before the reboot 2");
    const std::string device_id = device->device_id;

    listener = Recorder();
    open_device(false);
    STRCMP_EQUAL(device_id.c_str(), device->device_id.c_str());
    const std::string third = "after the reboot";
    const uint32_t seq3 = accept(third);
    const bool done =
        run_until([&] { return messenger().unconfirmed() == 0 && !listener.replies.empty(); });
    CHECK_TEXT(done, describe().c_str());
    poll_once_more();
    CHECK_EQUAL(1u, listener.sent.size());
    CHECK_EQUAL(seq3, listener.sent[0].sequence);
    CHECK_EQUAL(1u, listener.replies.size());
    CHECK_EQUAL(1u, listener.replies_with(bot_reply(third)));
    CHECK_EQUAL(0u, static_cast<unsigned>(device->keeper->requests_made()));
    CHECK_EQUAL(1, sim->stat("token_requests"));
    const std::string conv = conversation();
    CHECK_EQUAL_TEXT(1u, count_of(conv, as_message(third)), conv.c_str());
    CHECK_EQUAL(1u, count_of(conv, as_message("before the reboot 1")));
    CHECK(conv.find(as_message("before the reboot 2")) < conv.find(as_message(third)));
}
