// Device: the device wired once — settings store, outbox, TLS client, HTTP client, OAuth
// token keeper, Parley API client and messenger, built from a board's ports (docs/design.md
// §1, §5). Every composition root (boards/host, boards/mps2-an386, tests/port_lwip) owns one
// Device next to its ports; the board defines it as a static.
//
// Its life has three steps, in this order:
//   1. Device(ports, layout): the parts that need nothing but the ports (the flash
//      partitions, settings, outbox, TLS client, token store, buffers). No I/O.
//   2. init_tls(arena, floor) and configure_tls(ca bundle); the caller mounts settings()
//      and outbox() with its own storage policy (report, or erase and start over), then
//      calls load_device_id().
//   3. start(config, listener): the parts that need runtime values (the server URL, the
//      dialect, the app as listener) are built in place, in dependency order, and the
//      messenger is started.
// No heap: the parts are members (those of step 3 in std::optional, emplaced once); the
// buffers are member arrays; only the TLS arena is the caller's (mbedTLS keeps it).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

#include "firmware/device/device_config.h"  // kHttpBufferSize
#include "firmware/messenger/messenger.h"
#include "firmware/messenger/parley_service_api.h"
#include "firmware/outbox/flash_partition.h"
#include "firmware/outbox/outbox.h"
#include "firmware/settings/settings.h"
#include "firmware/token/keeper_token_provider.h"
#include "firmware/token/oauth_token_source.h"
#include "firmware/token/settings_token_store.h"
#include "firmware/token/token_keeper.h"
#include "hal/clock.h"
#include "hal/device_identity.h"
#include "hal/entropy.h"
#include "hal/flash.h"
#include "hal/socket.h"
#include "net/http/http_client.h"
#include "net/oauth/token_request.h"
#include "net/parley/parley_client.h"
#include "net/parley/parley_workspace.h"
#include "net/tls/tls_client.h"
#include "net/url/url.h"

namespace firmware::device {

// The board's ports (hal interfaces); each must outlive the Device.
struct Ports {
    hal::Socket& socket;  // TCP to the API's origin; the TLS client runs over it
    hal::Clock& clock;
    hal::Entropy& entropy;
    hal::DeviceIdentity& identity;
    hal::Flash& flash;  // settings on the first sectors, the outbox on the next
};

// How the flash is shared (docs/design.md §6).
struct FlashLayout {
    uint32_t settings_sectors;
    uint32_t outbox_sectors;
};

// The runtime values, given to start(). Every view must outlive the Device.
struct Config {
    std::string_view server_url;  // https://HOST[:PORT][/BASE]: the API (TLS only)
    // The API client's dialect, encoding, account secret (Parley direct), auth string
    // and api-version; the Device fills in the base path and the device id.
    net::parley::ClientConfig api;
    std::string_view device_name;  // the registration's user name
    std::string_view app_version;  // the registration's version
    // KPN: the token endpoint's path, on token_http's origin. token_http is null when
    // the token endpoint shares the API's origin (its connection is then reused).
    std::string_view token_path = net::oauth::kTokenPath;
    net::http::HttpClient* token_http = nullptr;
    // The messenger's timings and switches; its subscription_hash is the Device's to
    // compute, and read_receipts / unseen_count stay on only where the API version has
    // them (net::parley::has_status_endpoints).
    firmware::messenger::MessengerConfig messenger;
};

// What makes the device subscribe again when it changes: the device id, the server, the
// dialect, the device name, the app version and whether a registered user is configured
// (crc32 of "id|server|dialect|name|version", then "|registered-user" when there is one;
// the user's string itself is not hashed: the hash is kept in clear). A change of user is
// a new subscription through firmware::settings::provision_user, which clears it.
uint32_t subscription_hash(std::string_view device_id, const Config& config);

class Device {
  public:
    Device(const Ports& ports, const FlashLayout& layout);
    Device(const Device&) = delete;
    Device& operator=(const Device&) = delete;

    // Gives mbedTLS its arena and the ports' entropy and clock (net::tls::platform_init).
    // Before the settings are mounted: sealed records need it.
    hal::Status init_tls(hal::ByteSpan arena, int64_t time_floor_seconds);
    // The CA bundle the API connection trusts: PEM (NUL included) or DER, parsed now
    // (kInvalidArgument when it holds no usable certificate). Once, after init_tls.
    hal::Status configure_tls(hal::ConstByteSpan ca_bundle) { return tls_.configure({ca_bundle}); }
    // The same with every option of net::tls::TlsConfig (a DER bundle in flash parsed in
    // place, for one).
    hal::Status configure_tls(const net::tls::TlsConfig& config) { return tls_.configure(config); }

    // The device id kept in the settings (mounted); when there is none (or both copies
    // are unreadable) and `create`, a UUID v4 from the entropy source, stored now. A
    // settings read that fails otherwise is an error, not a new device. Without `create`
    // and no id kept: kOk and an empty device_id().
    hal::Status load_device_id(bool create);
    std::string_view device_id() const { return device_id_.view(); }
    // True when load_device_id made the id (and tried to store it).
    bool device_id_is_new() const { return device_id_is_new_; }

    // Builds the HTTP client, the token keeper (KPN), the API client, the service and the
    // messenger, and starts the messenger. The settings and the outbox must be mounted
    // and the TLS client configured. kUnsupported for a server URL that is not https://;
    // the URL parser's and net::parley::check_config's errors. Once only.
    hal::Status start(const Config& config, firmware::messenger::MessengerListener& listener);

    // Closes the API connection (the app has finished).
    void disconnect() { tls_.close(); }

    settings::Settings& settings() { return settings_; }
    outbox::Outbox& outbox() { return outbox_; }
    // After start():
    firmware::messenger::Messenger& messenger() { return *messenger_; }
    net::parley::ParleyClient& api() { return *api_; }
    firmware::token::TokenKeeper* tokens() {
        return keeper_ ? &*keeper_ : nullptr;
    }  // null: Parley direct
    bool started() const { return messenger_.has_value(); }

  private:
    hal::Clock& clock_;
    hal::Entropy& entropy_;
    outbox::FlashPartition settings_flash_;
    outbox::FlashPartition outbox_flash_;
    settings::Settings settings_;
    outbox::Outbox outbox_;
    settings::DeviceId device_id_;
    bool device_id_is_new_ = false;

    net::tls::TlsClient tls_;
    net::url::Url server_;
    // The request head is written here, the Authorization value straight from the token.
    static_assert(kHttpBufferSize >= net::parley::kMaxPathLength + net::oauth::kMaxTokenLength +
                                         net::url::kMaxHostLength + 512,
                  "a request head with the longest path, token and host (and the other "
                  "headers' 512 B) fits the HTTP buffer");
    uint8_t http_buffer_[kHttpBufferSize];
    std::optional<net::http::HttpClient> http_;

    // The API client's buffers. The token exchange borrows its capture buffer for the
    // token answer: the exchange runs in an API call's auth step (or on its own), never
    // while a response is read, and keeps nothing there after it returns (the token is
    // copied out). 2 KB that are not reserved twice.
    net::parley::ParleyWorkspace workspace_;
    firmware::token::SettingsTokenStore token_store_;
    std::optional<firmware::token::OAuthTokenSource> token_source_;
    std::optional<firmware::token::TokenKeeper> keeper_;
    std::optional<firmware::token::KeeperTokenProvider> provider_;

    net::parley::DeviceRegistration registration_;
    std::optional<net::parley::ParleyClient> api_;
    std::optional<firmware::messenger::ParleyServiceApi> service_;

    uint8_t entry_fields_[outbox::kMaxEntryFieldsBytes];  // the entry being sent; its text stays on
                                                          // flash
    std::optional<firmware::messenger::Messenger> messenger_;
};

}  // namespace firmware::device
