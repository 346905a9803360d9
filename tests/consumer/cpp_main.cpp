// consumer_cpp: a C++ program outside the project that links parley::client and
// parley::port_posix (tests/consumer, docs/packaging.md) and does what a host app does:
// the Device from the POSIX ports, credentials provisioned into its flash file, one text
// sent through the outbox, and the first reply awaited. Its includes are the installed
// layout's ("hal/...", "net/...", "firmware/...", "port/posix/..." from include/parley).
//
// Usage: consumer_cpp --server URL --ca FILE --dir DIR
// Exit status: 0 sent and replied, 1 otherwise, 2 a bad command line.
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>
#include <string>
#include <thread>
#include <vector>

#include "firmware/device/device.h"
#include "firmware/settings/provision.h"
#include "hal/log.h"
#include "net/tls/tls_config.h"
#include "parley/parley_version.h"
#include "port/posix/clock.h"
#include "port/posix/entropy.h"
#include "port/posix/file_device_identity.h"
#include "port/posix/file_flash.h"
#include "port/posix/stderr_log.h"
#include "port/posix/tcp_socket.h"

namespace {

constexpr uint32_t kSettingsSectors = 4;
constexpr uint32_t kOutboxSectors = 16;

alignas(8) uint8_t g_tls_arena[net::tls::kArenaSize];

struct Listener final : firmware::messenger::MessengerListener {
    uint32_t sequence = 0;
    bool sent = false;
    bool replied = false;
    bool rejected = false;
    std::string text;

    void on_message_text(std::string_view piece) override { text.append(piece); }
    void on_message_text_dropped() override { text.clear(); }
    void on_message(const net::parley::Message& message) override {
        if (sent) {
            std::printf(
                "reply from %s: %s\n",
                message.agent.present ? std::string(message.agent.name.view()).c_str() : "service",
                text.c_str());
            replied = true;
        }
        text.clear();
    }
    void on_sent(uint32_t which, uint64_t server_id) override {
        if (which != sequence) return;
        sent = true;
        std::printf("sent (message %llu)\n", static_cast<unsigned long long>(server_id));
    }
    void on_rejected(uint32_t which, hal::Status why, std::string_view /*error*/) override {
        if (which != sequence) return;
        rejected = true;
        std::printf("rejected: %s\n", hal::to_string(why));
    }
};

int fail(const char* step, hal::Status status) {
    std::fprintf(stderr, "consumer_cpp: %s failed: %s\n", step, hal::to_string(status));
    return 1;
}

}  // namespace

int main(int argc, char** argv) {
    std::string server;
    std::string ca_path;
    std::string dir;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string option = argv[i];
        if (option == "--server") server = argv[i + 1];
        if (option == "--ca") ca_path = argv[i + 1];
        if (option == "--dir") dir = argv[i + 1];
    }
    if (server.empty() || ca_path.empty() || dir.empty()) {
        std::fprintf(stderr, "usage: consumer_cpp --server URL --ca FILE --dir DIR\n");
        return 2;
    }
    std::printf("consumer_cpp: parley %s\n", PARLEY_VERSION_STRING);

    std::ifstream ca_file(ca_path, std::ios::binary);
    std::vector<uint8_t> ca((std::istreambuf_iterator<char>(ca_file)),
                            std::istreambuf_iterator<char>());
    if (ca.empty()) return fail("reading the CA file", hal::Status::kNotFound);
    ca.push_back('\0');  // mbedTLS parses PEM with its NUL

    port::posix::SystemClock clock;
    port::posix::GetrandomEntropy entropy;
    port::posix::StderrLog log(clock, hal::LogLevel::kWarn);
    hal::set_log(&log);
    port::posix::FileFlash flash(dir + "/flash.bin",
                                 hal::FlashGeometry{4096, kSettingsSectors + kOutboxSectors, 1});
    port::posix::FileDeviceIdentity identity;
    port::posix::TcpSocket tcp(clock);
    hal::Status status = flash.open();
    if (status != hal::Status::kOk) return fail("opening the flash file", status);
    status = identity.load(dir + "/identity.bin", entropy);
    if (status != hal::Status::kOk) return fail("loading the identity", status);

    static firmware::device::Device device(
        firmware::device::Ports{tcp, clock, entropy, identity, flash},
        firmware::device::FlashLayout{kSettingsSectors, kOutboxSectors});
    if ((status = device.init_tls(hal::ByteSpan(g_tls_arena), 0)) != hal::Status::kOk)
        return fail("init_tls", status);
    if ((status = device.configure_tls(hal::ConstByteSpan(ca.data(), ca.size()))) !=
        hal::Status::kOk)
        return fail("configure_tls", status);
    if ((status = device.settings().mount()) != hal::Status::kOk) return fail("settings", status);
    if ((status = device.outbox().mount()) != hal::Status::kOk) return fail("outbox", status);
    if ((status = device.load_device_id(true)) != hal::Status::kOk)
        return fail("device id", status);
    status = firmware::settings::provision(device.settings(), "demo-client", "demo-secret");
    if (status != hal::Status::kOk) return fail("provision", status);

    firmware::device::Config config;
    config.server_url = server;
    config.device_name = "consumer_cpp";
    config.app_version = PARLEY_VERSION_STRING;
    Listener listener;
    if ((status = device.start(config, listener)) != hal::Status::kOk) return fail("start", status);
    const hal::Result<uint32_t> accepted =
        device.messenger().send_text("Smoke test from an out-of-tree C++ consumer");
    if (!accepted.ok()) return fail("send_text", accepted.status());
    listener.sequence = accepted.value();

    const hal::Millis deadline = clock.now_ms() + 30000;
    while (!listener.replied && !listener.rejected &&
           static_cast<int32_t>(deadline - clock.now_ms()) > 0) {
        const hal::Millis due = device.messenger().step(clock.now_ms());
        const int32_t wait = static_cast<int32_t>(due - clock.now_ms());
        if (wait > 0)
            std::this_thread::sleep_for(std::chrono::milliseconds(wait > 200 ? 200 : wait));
    }
    device.disconnect();
    hal::set_log(nullptr);
    std::printf("result: %s (operations: %lu)\n", listener.replied ? "replied" : "no reply",
                static_cast<unsigned long>(device.messenger().operations()));
    return listener.sent && listener.replied ? 0 : 1;
}
