// ticket: the ticket app (firmware/apps/ticket) on mps2-an386 — the device composition of
// boards/host/host_device.cpp (KPN dialect), every part allocated statically: settings
// store on flash sectors 0–3, outbox on 4–19, token keeper + OAuthTokenSource, ParleyClient,
// ParleyServiceApi and the Messenger, over mbedTLS on lwIP on the LAN9118. It opens one
// ticket, waits for the first reply, prints the exchange, how many token requests this boot
// made, the stack high-water mark and the TLS arena peak, and exits with the ticket app's
// exit code (0 replied, 10 sent, 11 queued, 1 failed).
//
// Command line (semihosting), besides the board's flash= and wall=:
//   server=https://HOST:PORT/PATH  the API base URL (default PARLEY_BOARD_SERVER_URL); the
//                                  token endpoint is on the same origin
//   provision=PATH                 a host file with two lines, client id and client secret,
//                                  stored (encrypted) when the settings hold none yet
//   fault=CODE                     the fault code of the ticket (default E42)
//   ca=PATH                        a PEM bundle from the host instead of the built-in one
#include <cstdint>
#include <cstring>
#include <new>
#include <string_view>

#include "boards/mps2-an386/board_ca_bundle.h"
#include "boards/mps2-an386/board_config.h"
#include "boards/mps2-an386/mps2_board.h"
#include "boards/mps2-an386/semihosting.h"
#include "boards/mps2-an386/stack_usage.h"
#include "firmware/apps/ticket/ticket.h"
#include "firmware/messenger/messenger.h"
#include "firmware/messenger/parley_service_api.h"
#include "firmware/outbox/flash_partition.h"
#include "firmware/outbox/outbox.h"
#include "firmware/settings/provision.h"
#include "firmware/settings/settings.h"
#include "firmware/token/keeper_token_provider.h"
#include "firmware/token/oauth_token_source.h"
#include "firmware/token/settings_token_store.h"
#include "firmware/token/token_keeper.h"
#include "hal/crc32.h"
#include "hal/format.h"
#include "hal/log.h"
#include "net/http/http_client.h"
#include "net/json/json_document.h"
#include "net/oauth/token_request.h"
#include "net/parley/parley_client.h"
#include "net/parley/parley_workspace.h"
#include "net/tls/tls_client.h"
#include "net/tls/tls_config.h"
#include "net/tls/tls_platform.h"
#include "net/url/url.h"
#include "port/lwip/lwip_tcp_socket.h"

#ifndef PARLEY_BOARD_SERVER_URL
#define PARLEY_BOARD_SERVER_URL "https://10.201.0.1:8443/communication/parley/secure-messenger"
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

using boards::mps2::console_print;
namespace semihost = boards::mps2::semihost;

constexpr uint32_t kSettingsFirstSector = 0;
constexpr uint32_t kOutboxFirstSector = boards::mps2::SemihostFlash::kSettingsSectors;
constexpr size_t kHttpBufferSize = 2048;
constexpr size_t kMaxCaFileSize = 8 * 1024;
constexpr size_t kMaxProvisionFileSize = 512;
constexpr size_t kUuidBytes = 16;
constexpr size_t kDeviceIdLength = 36;  // a UUID v4 in text
constexpr size_t kServerUrlMax = 256;
constexpr const char* kDefaultFault = "E42";

// ---- the composition, all static -----------------------------------------------------
alignas(8) uint8_t g_tls_arena[net::tls::kArenaSize];
uint8_t g_ca_file[kMaxCaFileSize + 1];  // + the NUL mbedTLS wants after PEM
char g_provision_file[kMaxProvisionFileSize + 1];
uint8_t g_http_buffer[kHttpBufferSize];
alignas(16) uint8_t g_token_json[net::oauth::kJsonArenaSize];
uint8_t g_token_answer[net::oauth::kMaxResponseSize];
uint8_t g_entry_buffer[firmware::outbox::kMaxPayloadBytes];
char g_device_id[kDeviceIdLength + 1];
char g_server_text[kServerUrlMax];
char g_subscription_identity[kServerUrlMax + 2 * kDeviceIdLength];

boards::mps2::Mps2Board g_board;
firmware::outbox::FlashPartition g_settings_flash(g_board.flash(), kSettingsFirstSector,
                                                  boards::mps2::SemihostFlash::kSettingsSectors);
firmware::outbox::FlashPartition g_outbox_flash(g_board.flash(), kOutboxFirstSector,
                                                boards::mps2::SemihostFlash::kOutboxSectors);
firmware::settings::Settings g_settings(g_settings_flash, g_board.identity(), g_board.entropy());
firmware::outbox::Outbox g_outbox(g_outbox_flash);

port::lwip::LwipTcpSocket g_tcp(g_board.stack());
net::tls::TlsClient g_tls(g_tcp, g_board.clock());
// Constructed in run(), once the URL is known (the client keeps views of it).
alignas(net::http::HttpClient) uint8_t g_http_storage[sizeof(net::http::HttpClient)];

firmware::SettingsTokenStore g_token_store(g_settings);
net::json::JsonDocument g_token_doc{hal::ByteSpan(g_token_json)};
net::parley::ParleyWorkspace g_workspace;
net::parley::ClientConfig g_api_config;
net::parley::DeviceRegistration g_registration;

alignas(firmware::OAuthTokenSource) uint8_t
    g_token_source_storage[sizeof(firmware::OAuthTokenSource)];
alignas(firmware::TokenKeeper) uint8_t g_keeper_storage[sizeof(firmware::TokenKeeper)];
alignas(firmware::KeeperTokenProvider) uint8_t
    g_provider_storage[sizeof(firmware::KeeperTokenProvider)];
alignas(net::parley::ParleyClient) uint8_t g_api_storage[sizeof(net::parley::ParleyClient)];
alignas(firmware::ParleyServiceApi) uint8_t g_service_storage[sizeof(firmware::ParleyServiceApi)];
alignas(firmware::Messenger) uint8_t g_messenger_storage[sizeof(firmware::Messenger)];

firmware::TokenKeeper* g_keeper = nullptr;
firmware::Messenger* g_messenger = nullptr;

int fail(const char* step, hal::Status status) {
    console_print("ticket: FAILED %s: %s\n", step, hal::to_string(status));
    return 1;
}

#define TICKET_TRY(expr, step)                                                     \
    do {                                                                           \
        const hal::Status ticket_status_ = (expr);                                 \
        if (ticket_status_ != hal::Status::kOk) return fail(step, ticket_status_); \
    } while (0)

// The CA bundle: built in, or the host file named by ca= (NUL included, as mbedTLS wants).
hal::Result<hal::ConstByteSpan> ca_bundle() {
    const char* path = g_board.command_line().value("ca");
    if (path == nullptr) return hal::ConstByteSpan(kBoardCaBundle, sizeof kBoardCaBundle);
    const hal::Result<size_t> length = semihost::read_whole_file(path, hal::ByteSpan(g_ca_file));
    if (!length.ok()) return length.status();
    console_print("ticket: CA bundle from %s (%lu B)\n", path,
                  static_cast<unsigned long>(length.value()));
    return hal::ConstByteSpan(g_ca_file, length.value() + 1);
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
    const hal::Status read = g_settings.read_credentials(kept);
    kept.wipe();
    if (read == hal::Status::kOk) return read;
    const char* path = g_board.command_line().value("provision");
    if (path == nullptr) {
        console_print("ticket: no credentials in flash; give provision=FILE (client id, secret)\n");
        return hal::Status::kBadCredentials;
    }
    const hal::Result<size_t> length = semihost::read_whole_file(
        path,
        hal::ByteSpan(reinterpret_cast<uint8_t*>(g_provision_file), kMaxProvisionFileSize + 1));
    if (!length.ok()) return length.status();
    std::string_view text(g_provision_file, length.value());
    const std::string_view client_id = next_line(&text);
    const std::string_view secret = next_line(&text);
    const hal::Status stored = firmware::settings::provision(g_settings, client_id, secret);
    if (stored == hal::Status::kOk)
        console_print("ticket: provisioned client '%.*s' from %s\n",
                      static_cast<int>(client_id.size()), client_id.data(), path);
    std::memset(g_provision_file, 0, sizeof g_provision_file);  // the secret: not kept here
    return stored;
}

void format_uuid(const uint8_t (&b)[kUuidBytes], char* out) {
    static constexpr char kHex[] = "0123456789abcdef";
    size_t at = 0;
    for (size_t i = 0; i < kUuidBytes; ++i) {
        if (i == 4 || i == 6 || i == 8 || i == 10) out[at++] = '-';
        out[at++] = kHex[b[i] >> 4];
        out[at++] = kHex[b[i] & 0x0F];
    }
    out[at] = '\0';
}

// The device id: kept in the settings, or a UUID v4 from the entropy source stored now.
hal::Status load_device_id() {
    firmware::settings::DeviceId id;
    const hal::Status read = g_settings.read_device_id(id);
    if (read == hal::Status::kOk && id.view().size() <= kDeviceIdLength) {
        std::memcpy(g_device_id, id.view().data(), id.view().size());
        g_device_id[id.view().size()] = '\0';
        return hal::Status::kOk;
    }
    // A new identity only when there is none (or both copies are unreadable, which the
    // damage report says); a flash that fails to read is an error, not a new device.
    if (read != hal::Status::kOk && read != hal::Status::kNotFound &&
        read != hal::Status::kCorrupt) {
        return read;
    }
    uint8_t random[kUuidBytes];
    HAL_TRY(g_board.entropy().fill(hal::ByteSpan(random)));
    random[6] = static_cast<uint8_t>((random[6] & 0x0F) | 0x40);  // version 4
    random[8] = static_cast<uint8_t>((random[8] & 0x3F) | 0x80);  // RFC 4122 variant
    format_uuid(random, g_device_id);
    console_print("ticket: new device id %s\n", g_device_id);
    return g_settings.write_device_id(g_device_id);
}

// Prints what the ticket app reports on the semihosting console.
class BoardConsole final : public firmware::apps::TicketConsole {
  public:
    void ticket_accepted(uint32_t sequence) override {
        console_print("ticket: accepted into the outbox (#%lu)\n",
                      static_cast<unsigned long>(sequence));
    }
    void ticket_sent(uint64_t server_id) override {
        console_print("ticket: sent (message %lu)\n", static_cast<unsigned long>(server_id));
    }
    void reply(const net::parley::Message& m) override {
        const std::string_view who = m.agent.present ? m.agent.name.view() : "service";
        const std::string_view text = m.text.view();
        console_print("reply from %.*s: %.*s\n", static_cast<int>(who.size()), who.data(),
                      static_cast<int>(text.size()), text.data());
    }
    void link(firmware::LinkState state, hal::Status cause) override {
        console_print("network: %s (%s)\n", firmware::to_string(state), hal::to_string(cause));
    }
    void failed(hal::Status status, std::string_view detail) override {
        console_print("ticket: failed: %.*s (%s)\n", static_cast<int>(detail.size()), detail.data(),
                      hal::to_string(status));
    }
};

BoardConsole g_console;

// Idling on the board is running lwIP: frames in, timers, until the deadline. (TicketApp
// itself stops waiting once the messenger has stopped for good.)
class LwipIdle final : public firmware::apps::TicketIdle {
  public:
    void idle_until(hal::Millis deadline) override {
        do {
            g_board.stack().pump(deadline);
        } while (!hal::deadline_passed(g_board.clock().now_ms(), deadline));
    }
};

LwipIdle g_idle;
firmware::apps::TicketApp g_app(g_console, g_idle, g_board.clock());

// Subscribes again when any of these change (host_device.cpp's subscription_hash).
uint32_t subscription_hash() {
    const size_t n =
        hal::format(hal::CharSpan(g_subscription_identity), "%s|%s|kpn|%s|%s", g_device_id,
                    g_server_text, PARLEY_BOARD_DEVICE_NAME, PARLEY_BOARD_FIRMWARE_VERSION);
    return hal::crc32(
        hal::ConstByteSpan(reinterpret_cast<const uint8_t*>(g_subscription_identity), n));
}

// The board's storage policy (README "Damaged flash"): a device in the field has no one
// to run a format command, so flash that holds no readable log is reported on the console
// and erased, and the device starts over (a new device id, the credentials again from the
// provisioning file); damage that was survived is reported and written clean.
hal::Status mount_settings() {
    hal::Status status = g_settings.mount();
    if (status == hal::Status::kCorrupt) {
        console_print("ticket: settings unreadable (no readable log): erased, starting over\n");
        status = g_settings.format();
    }
    HAL_TRY(status);
    if (g_settings.damage().any()) {
        const firmware::settings::StoreDamage& d = g_settings.damage().store;
        console_print(
            "ticket: settings damage: %u bits corrected, %u records lost, %u headers "
            "lost%s%s; repaired\n",
            static_cast<unsigned>(d.corrected_bits), static_cast<unsigned>(d.lost_ranges),
            static_cast<unsigned>(d.headers_lost),
            g_settings.damage().device_id_from_copy ? ", device id from its copy" : "",
            g_settings.damage().credentials_from_copy ? ", credentials from their copy" : "");
        const hal::Status repaired = g_settings.repair();
        if (repaired != hal::Status::kOk) {
            console_print("ticket: settings repair failed (%s)\n", hal::to_string(repaired));
        }
    }
    return hal::Status::kOk;
}

hal::Status mount_outbox() {
    const hal::Status status = g_outbox.mount();
    if (status != hal::Status::kCorrupt) return status;
    console_print("ticket: outbox unreadable (no readable log): erased, queued messages lost\n");
    return g_outbox.format();
}

// The parts above the HTTP client, built in place (they keep references to each other and
// need the server URL first): placement new into the static storage above, never the heap.
hal::Status compose(const net::url::Url& server) {
    auto* http = new (g_http_storage)
        net::http::HttpClient(g_tls, g_board.clock(), server, hal::ByteSpan(g_http_buffer));
    auto* source = new (g_token_source_storage) firmware::OAuthTokenSource(
        *http, net::oauth::kTokenPath, g_token_store, g_token_doc, hal::ByteSpan(g_token_answer));
    g_keeper =
        new (g_keeper_storage) firmware::TokenKeeper(g_token_store, *source, g_board.clock());
    g_keeper->boot();
    auto* provider = new (g_provider_storage) firmware::KeeperTokenProvider(*g_keeper);

    g_api_config.dialect = net::parley::Dialect::kKpnGateway;
    g_api_config.encoding = net::parley::RequestEncoding::kJsonBody;
    g_api_config.base_path = server.base_path;
    g_api_config.device_id = g_device_id;
    HAL_TRY(net::parley::check_config(g_api_config, true));
    auto* api = new (g_api_storage)
        net::parley::ParleyClient(*http, g_board.clock(), g_api_config, provider, g_workspace);
    g_registration.version = PARLEY_BOARD_FIRMWARE_VERSION;
    g_registration.user.name = PARLEY_BOARD_DEVICE_NAME;
    auto* service = new (g_service_storage) firmware::ParleyServiceApi(*api, g_registration);
    HAL_TRY(mount_outbox());
    const firmware::MessengerParts parts{
        *service,        g_outbox,          g_settings, g_keeper,
        g_board.clock(), g_board.entropy(), g_app,      hal::ByteSpan(g_entry_buffer)};
    firmware::MessengerConfig config;
    config.subscription_hash = subscription_hash();
    g_messenger = new (g_messenger_storage) firmware::Messenger(parts, config);
    g_messenger->start();
    return hal::Status::kOk;
}

// The arena's high-water extent (see net_selftest.cpp): the last non-zero byte.
size_t arena_extent() {
    size_t end = sizeof g_tls_arena;
    while (end > 0 && g_tls_arena[end - 1] == 0)
        --end;
    return end;
}

void report_resources() {
    const boards::mps2::StackUsage stack = boards::mps2::stack_usage();
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
    // One line for tools/footprint (tests/board/run-ticket.sh keeps it).
    console_print("footprint: stack_peak=%lu stack_size=%lu arena_extent=%lu arena_size=%lu\n",
                  static_cast<unsigned long>(stack.peak), static_cast<unsigned long>(stack.size),
                  static_cast<unsigned long>(arena_extent()),
                  static_cast<unsigned long>(sizeof g_tls_arena));
}

int run() {
    TICKET_TRY(g_board.start(PARLEY_BOARD_FLASH_FILE), "board");
    const char* server_text = g_board.command_line().value("server");
    if (server_text == nullptr) server_text = PARLEY_BOARD_SERVER_URL;
    if (std::strlen(server_text) >= sizeof g_server_text)
        return fail("server", hal::Status::kTooLarge);
    std::strcpy(g_server_text, server_text);
    const hal::Result<net::url::Url> server = net::url::parse_url(g_server_text);
    if (!server.ok()) return fail("server URL", server.status());
    // The device speaks TLS only: an http:// URL is refused, not silently used as TLS.
    if (!server.value().secure)
        return fail("server URL (TLS only: use https://)", hal::Status::kUnsupported);

    const net::tls::PlatformConfig platform{hal::ByteSpan(g_tls_arena), &g_board.entropy(),
                                            &g_board.clock(),
                                            boards::mps2::Mps2Board::time_floor_seconds()};
    TICKET_TRY(net::tls::platform_init(platform), "TLS platform");
    const hal::Result<hal::ConstByteSpan> ca = ca_bundle();
    if (!ca.ok()) return fail("CA bundle", ca.status());
    TICKET_TRY(g_tls.configure({ca.value()}), "TLS configure");

    TICKET_TRY(mount_settings(), "settings");
    TICKET_TRY(load_device_id(), "device id");
    TICKET_TRY(ensure_credentials(), "credentials");
    TICKET_TRY(compose(server.value()), "composition");

    console_print("ticket: device %s (kpn dialect, %s)\n", g_device_id, g_server_text);
    console_print("ticket: token %s\n", g_keeper->renewal_due(g_board.clock().now_ms())
                                            ? "none valid in flash, one will be requested"
                                            : "kept in flash, no request needed");
    const char* fault = g_board.command_line().value("fault");
    const firmware::apps::DeviceFacts facts{
        g_device_id, PARLEY_BOARD_FIRMWARE_VERSION, fault != nullptr ? fault : kDefaultFault,
        static_cast<uint32_t>(g_board.clock().now_ms() / 1000), "reported by the mps2-an386 board"};
    firmware::apps::TicketConfig config;
    config.reply_timeout_ms = PARLEY_BOARD_REPLY_TIMEOUT_MS;
    config.send_timeout_ms = PARLEY_BOARD_SEND_TIMEOUT_MS;
    const firmware::apps::TicketOutcome outcome = g_app.run(*g_messenger, facts, nullptr, config);
    g_tls.close();
    console_print("ticket: result %s (token requests this boot: %lu, API operations: %lu)\n",
                  firmware::apps::to_string(outcome),
                  static_cast<unsigned long>(g_keeper->requests_made()),
                  static_cast<unsigned long>(g_messenger->operations()));
    return firmware::apps::exit_code(outcome);
}

}  // namespace

int main() {
    const int code = run();
    report_resources();
    console_print("ticket: exit %d\n", code);
    return code;
}
