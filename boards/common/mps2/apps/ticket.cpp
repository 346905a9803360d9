// ticket: the ticket app (firmware/apps/ticket) on mps2-an386 — one static
// firmware::device::Device (KPN dialect) on the board's ports: settings store on flash
// sectors 0–3, outbox on 4–19, token keeper, API client and messenger, over mbedTLS on
// lwIP on the LAN9118. The board keeps its own storage policy (erase what is unreadable)
// and provisioning from a host file. It opens one
// ticket, waits for the first reply, prints the exchange, how many token requests this boot
// made, the stack high-water mark and the TLS arena peak, and exits with the ticket app's
// exit code (0 replied, 10 sent, 11 queued, 1 failed, 2 a bad command line).
//
// Command line (semihosting), besides the board's flash= and wall=:
//   server=https://HOST:PORT/PATH  the API base URL (default PARLEY_BOARD_SERVER_URL); the
//                                  token endpoint is on the same origin
//   provision=PATH                 a host file with two lines, client id and client secret,
//                                  stored (encrypted) when the settings hold none yet
//   fault=CODE                     the fault code of the ticket (default E42)
//   ca=PATH                        a DER certificate from the host to trust instead of the
//                                  built-in bundle (the wrong-CA test)
//   replies=N                      wait for N replies (default 1), each printed with its
//                                  length and CRC-32
#include <cstdint>
#include <cstring>
#include <string_view>

#include "boards/common/mps2/apps/app_board.h"
#include "boards/common/mps2/apps/app_support.h"
#include "boards/common/mps2/board_ca_bundle.h"
#include "boards/common/mps2/board_config.h"
#include "boards/common/mps2/semihosting.h"
#include "boards/common/mps2/stack_usage.h"
#include "firmware/apps/ticket/ticket.h"
#include "firmware/device/device.h"
#include "firmware/settings/provision.h"
#include "hal/crc32.h"
#include "hal/log.h"
#include "hal/secure_wipe.h"
#include "net/text/number.h"
#include "net/text/utf8.h"
#include "net/tls/tls_config.h"
#include "net/tls/tls_platform.h"
#include "net/url/url.h"
#include "port/lwip/lwip_tcp_socket.h"

#ifndef PARLEY_BOARD_SERVER_URL
#define PARLEY_BOARD_SERVER_URL "https://10.0.2.100:8443/communication/parley/secure-messenger"
#endif
#ifndef PARLEY_BOARD_FIRMWARE_VERSION
#define PARLEY_BOARD_FIRMWARE_VERSION "1.0.0"
#endif
#ifndef PARLEY_BOARD_DEVICE_NAME
#define PARLEY_BOARD_DEVICE_NAME "mps2-an386"
#endif
#ifndef PARLEY_BOARD_REPLY_TIMEOUT_MS
#define PARLEY_BOARD_REPLY_TIMEOUT_MS 30000
#endif
#ifndef PARLEY_BOARD_SEND_TIMEOUT_MS
#define PARLEY_BOARD_SEND_TIMEOUT_MS 60000
#endif

namespace {

using boards::mps2_an386::console_print;
namespace semihost = boards::mps2_an386::semihost;

constexpr size_t kMaxProvisionFileSize = 512;
constexpr const char* kDefaultFault = "E42";

// ---- the composition, all static -----------------------------------------------------
alignas(8) uint8_t g_tls_arena[net::tls::kArenaSize];
// The server URL: server= (a view into the board's command line, which lives as long as
// the board) or the built-in default.
const char* g_server_text = PARLEY_BOARD_SERVER_URL;

boards::mps2_an386::AppBoard g_board;
port::lwip::LwipTcpSocket g_tcp(g_board.stack());
// Settings on flash sectors 0-3, the outbox on the rest; the parts that need the server
// URL are built by g_device.start() in run().
firmware::device::Device g_device({g_tcp, g_board.clock(), g_board.entropy(), g_board.identity(),
                                   g_board.flash()},
                                  {boards::mps2_an386::SemihostFlash::kSettingsSectors,
                                   boards::mps2_an386::SemihostFlash::kOutboxSectors});

int fail(const char* step, hal::Status status) {
    return boards::mps2_an386::report_failure("ticket", step, status);
}

#define TICKET_TRY(expr, step)                                                     \
    do {                                                                           \
        const hal::Status ticket_status_ = (expr);                                 \
        if (ticket_status_ != hal::Status::kOk) return fail(step, ticket_status_); \
    } while (0)

// The CA bundle: the DER one built into the image, parsed in place, or the host file
// named by ca= (app_support.h).
hal::Status configure_ca() {
    const char* path = nullptr;
    const hal::Status status = boards::mps2_an386::configure_ca(
        g_board.command_line(), hal::ConstByteSpan(kBoardCaBundle, sizeof kBoardCaBundle), &path,
        [](const net::tls::TlsConfig& config) { return g_device.configure_tls(config); });
    if (path != nullptr) console_print("ticket: CA bundle from %s\n", path);
    return status;
}

std::string_view next_line(std::string_view* text) {
    const size_t end = text->find('\n');
    std::string_view line = text->substr(0, end);
    *text = end == std::string_view::npos ? std::string_view() : text->substr(end + 1);
    while (!line.empty() && (line.back() == '\r' || line.back() == ' '))
        line.remove_suffix(1);
    return line;
}

// Credentials: kept in the settings (sealed), or provisioned now from provision=PATH.
hal::Status ensure_credentials() {
    firmware::settings::Credentials kept;
    const hal::Status read = g_device.settings().read_credentials(kept);
    kept.wipe();
    if (read == hal::Status::kOk) return read;
    const char* path = g_board.command_line().value("provision");
    if (path == nullptr) {
        console_print("ticket: no credentials in flash; give provision=FILE (client id, secret)\n");
        return hal::Status::kBadCredentials;
    }
    // On the stack, for this call only: provisioning runs once, at start, far from the
    // stack's deepest path (the TLS handshake).
    char file[kMaxProvisionFileSize + 1];
    const hal::Result<size_t> length = semihost::read_whole_file(
        path, hal::ByteSpan(reinterpret_cast<uint8_t*>(file), sizeof file));
    if (!length.ok()) return length.status();
    std::string_view text(file, length.value());
    const std::string_view client_id = next_line(&text);
    const std::string_view secret = next_line(&text);
    const hal::Status stored =
        firmware::settings::provision(g_device.settings(), client_id, secret);
    if (stored == hal::Status::kOk)
        console_print("ticket: provisioned client '%.*s' from %s\n",
                      static_cast<int>(client_id.size()), client_id.data(), path);
    hal::secure_wipe(file, sizeof file);  // the secret: not kept here
    return stored;
}

// Prints what the ticket app reports on the semihosting console.
class BoardConsole final : public firmware::apps::ticket::TicketConsole {
  public:
    void ticket_accepted(uint32_t sequence) override {
        console_print("ticket: accepted into the outbox (#%lu)\n",
                      static_cast<unsigned long>(sequence));
    }
    void ticket_sent(uint64_t server_id) override {
        console_print("ticket: sent (message %lu)\n", static_cast<unsigned long>(server_id));
    }
    // A reply's text streams in: its first bytes are kept to show, all of it is counted
    // and checksummed (the board test compares the CRC with the server's text).
    void reply_text(std::string_view piece) override {
        const size_t room = sizeof shown_ - shown_length_;
        const size_t keep = net::text::utf8_prefix_length(piece, room);
        std::memcpy(shown_ + shown_length_, piece.data(), keep);
        shown_length_ += keep;
        cut_ = cut_ || keep < piece.size();
        crc_ = hal::crc32(hal::as_bytes(piece), crc_);
    }
    void reply(const net::parley::Message& m) override {
        const std::string_view who = m.agent.present ? m.agent.name.view() : "service";
        console_print("reply from %.*s: %.*s%s (%lu bytes, crc32 %08lx)\n",
                      static_cast<int>(who.size()), who.data(), static_cast<int>(shown_length_),
                      shown_, cut_ ? "..." : "", static_cast<unsigned long>(m.text_bytes),
                      static_cast<unsigned long>(crc_));
        reply_dropped();
    }
    void reply_dropped() override {
        shown_length_ = 0;
        cut_ = false;
        crc_ = 0;
    }
    void link(firmware::messenger::LinkState state, hal::Status cause) override {
        console_print("network: %s (%s)\n", firmware::messenger::to_string(state),
                      hal::to_string(cause));
    }
    void failed(hal::Status status, std::string_view detail) override {
        console_print("ticket: failed: %.*s (%s)\n", static_cast<int>(detail.size()), detail.data(),
                      hal::to_string(status));
    }

  private:
    char shown_[64] = {};
    size_t shown_length_ = 0;
    bool cut_ = false;
    uint32_t crc_ = 0;
};

BoardConsole g_console;

// Idling on the board is running lwIP: frames in, timers, until the deadline. (TicketApp
// itself stops waiting once the messenger has stopped for good.)
class LwipIdle final : public firmware::apps::ticket::TicketIdle {
  public:
    void idle_until(hal::Millis deadline) override {
        do {
            g_board.stack().pump(deadline);
        } while (!hal::deadline_passed(g_board.clock().now_ms(), deadline));
    }
};

LwipIdle g_idle;
firmware::apps::ticket::TicketApp g_app(g_console, g_idle, g_board.clock());

// The board's storage policy (README "Damaged flash"): a device in the field has no one
// to run a format command, so flash that holds no readable log is reported on the console
// and erased, and the device starts over (a new device id, the credentials again from the
// provisioning file); damage that was survived is reported and written clean.
hal::Status mount_settings() {
    firmware::settings::Settings& settings = g_device.settings();
    hal::Status status = settings.mount();
    if (status == hal::Status::kCorrupt) {
        console_print("ticket: settings unreadable (no readable log): erased, starting over\n");
        status = settings.format();
    }
    HAL_TRY(status);
    if (settings.damage().any()) {
        const firmware::settings::StoreDamage& d = settings.damage().store;
        console_print(
            "ticket: settings damage: %u bits corrected, %u records lost, %u headers "
            "lost%s%s; repaired\n",
            static_cast<unsigned>(d.corrected_bits), static_cast<unsigned>(d.lost_ranges),
            static_cast<unsigned>(d.headers_lost),
            settings.damage().device_id_from_copy ? ", device id from its copy" : "",
            settings.damage().credentials_from_copy ? ", credentials from their copy" : "");
        const hal::Status repaired = settings.repair();
        if (repaired != hal::Status::kOk) {
            console_print("ticket: settings repair failed (%s)\n", hal::to_string(repaired));
        }
    }
    return hal::Status::kOk;
}

hal::Status mount_outbox() {
    const hal::Status status = g_device.outbox().mount();
    if (status != hal::Status::kCorrupt) return status;
    console_print("ticket: outbox unreadable (no readable log): erased, queued messages lost\n");
    return g_device.outbox().format();
}

// The arena's high-water extent (net::tls::ArenaUsage::high_water).
size_t arena_extent() {
    return net::tls::arena_usage().high_water;
}

void report_resources() {
    const boards::mps2_an386::StackUsage stack = boards::mps2_an386::stack_usage();
    console_print("ticket: stack high-water %lu of %lu B\n", static_cast<unsigned long>(stack.peak),
                  static_cast<unsigned long>(stack.size));
    const net::tls::ArenaUsage arena = net::tls::arena_usage();
    if (arena.measured) {
        console_print("ticket: TLS arena peak %lu of %lu B\n",
                      static_cast<unsigned long>(arena.peak),
                      static_cast<unsigned long>(arena.capacity));
    }
    console_print("ticket: TLS arena high-water extent %lu of %lu B\n",
                  static_cast<unsigned long>(arena_extent()),
                  static_cast<unsigned long>(sizeof g_tls_arena));
    // One line for tools/footprint (tests/boards/run-ticket.sh keeps it).
    console_print("footprint: stack_peak=%lu stack_size=%lu arena_extent=%lu arena_size=%lu\n",
                  static_cast<unsigned long>(stack.peak), static_cast<unsigned long>(stack.size),
                  static_cast<unsigned long>(arena_extent()),
                  static_cast<unsigned long>(sizeof g_tls_arena));
}

// What a start-up step returns when it went well; one that failed returns fail()'s exit
// code, after printing what failed.
constexpr int kStepDone = -1;

// The server URL: server= or the default (the device is configured with it). The device
// speaks TLS only: an http:// URL is refused, not silently used as TLS.
int take_server_url() {
    const char* server_text = g_board.command_line().value("server");
    if (server_text != nullptr) g_server_text = server_text;
    const hal::Result<net::url::Url> server = net::url::parse_url(g_server_text);
    if (!server.ok()) return fail("server URL", server.status());
    if (!server.value().secure)
        return fail("server URL (TLS only: use https://)", hal::Status::kUnsupported);
    return kStepDone;
}

// mbedTLS on the static arena, with the CA bundle.
int start_tls() {
    TICKET_TRY(g_device.init_tls(hal::ByteSpan(g_tls_arena),
                                 boards::mps2_an386::AppBoard::time_floor_seconds()),
               "TLS platform");
    TICKET_TRY(configure_ca(), "TLS configure");
    return kStepDone;
}

// The flash: settings, the device id, the credentials, the outbox.
int open_storage() {
    TICKET_TRY(mount_settings(), "settings");
    TICKET_TRY(g_device.load_device_id(true), "device id");
    if (g_device.device_id_is_new()) {
        const std::string_view device_id = g_device.device_id();
        console_print("ticket: new device id %.*s\n", static_cast<int>(device_id.size()),
                      device_id.data());
    }
    TICKET_TRY(ensure_credentials(), "credentials");
    TICKET_TRY(mount_outbox(), "outbox");
    return kStepDone;
}

// The token keeper, API client and messenger, for the server URL.
int start_composition() {
    firmware::device::Config device_config;
    device_config.server_url = g_server_text;
    device_config.device_name = PARLEY_BOARD_DEVICE_NAME;
    device_config.app_version = PARLEY_BOARD_FIRMWARE_VERSION;
    TICKET_TRY(g_device.start(device_config, g_app), "composition");
    return kStepDone;
}

int start() {
    TICKET_TRY(g_board.start(PARLEY_BOARD_FLASH_FILE), "board");
    const int server = take_server_url();
    if (server != kStepDone) return server;
    const int tls = start_tls();
    if (tls != kStepDone) return tls;
    const int storage = open_storage();
    if (storage != kStepDone) return storage;
    return start_composition();
}

// Opens the ticket and waits for the first reply (firmware/apps/ticket).
int run_ticket() {
    const std::string_view device_id = g_device.device_id();
    firmware::token::TokenKeeper& keeper = *g_device.tokens();
    firmware::messenger::Messenger& messenger = g_device.messenger();

    console_print("ticket: device %.*s (kpn dialect, %s)\n", static_cast<int>(device_id.size()),
                  device_id.data(), g_server_text);
    console_print("ticket: token %s\n", keeper.renewal_due(g_board.clock().now_ms())
                                            ? "none valid in flash, one will be requested"
                                            : "kept in flash, no request needed");
    const char* fault = g_board.command_line().value("fault");
    const firmware::apps::ticket::DeviceFacts facts{
        device_id, PARLEY_BOARD_FIRMWARE_VERSION, fault != nullptr ? fault : kDefaultFault,
        static_cast<uint32_t>(g_board.clock().now_ms() / 1000), "reported by the mps2-an386 board"};
    firmware::apps::ticket::TicketConfig config;
    config.reply_timeout_ms = PARLEY_BOARD_REPLY_TIMEOUT_MS;
    config.send_timeout_ms = PARLEY_BOARD_SEND_TIMEOUT_MS;
    const char* replies = g_board.command_line().value("replies");
    if (replies != nullptr) {
        const hal::Result<uint64_t> wanted = net::text::parse_unsigned(replies, 10, 1000);
        if (!wanted.ok() || wanted.value() == 0) {
            console_print("ticket: replies=%s is not a number from 1 to 1000\n", replies);
            return 2;
        }
        config.replies = static_cast<uint32_t>(wanted.value());
    }
    const firmware::apps::ticket::TicketOutcome outcome =
        g_app.run(messenger, facts, nullptr, config);
    g_device.disconnect();
    console_print("ticket: result %s (token requests this boot: %lu, API operations: %lu)\n",
                  firmware::apps::ticket::to_string(outcome),
                  static_cast<unsigned long>(keeper.requests_made()),
                  static_cast<unsigned long>(messenger.operations()));
    return firmware::apps::ticket::exit_code(outcome);
}

int run() {
    const int started = start();
    if (started != kStepDone) return started;
    return run_ticket();
}

}  // namespace

int main() {
    const int code = run();
    report_resources();
    console_print("ticket: exit %d\n", code);
    return code;
}
