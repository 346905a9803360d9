#include "boards/host/host_device.h"

#include <cstdio>
#include <cstdlib>
#include <vector>

#include "boards/host/bounded_file.h"
#include "firmware/messenger/parley_service_api.h"
#include "firmware/outbox/flash_partition.h"
#include "firmware/outbox/outbox.h"
#include "firmware/settings/provision.h"
#include "firmware/token/keeper_token_provider.h"
#include "firmware/token/oauth_token_source.h"
#include "firmware/token/settings_token_store.h"
#include "hal/crc32.h"
#include "hal/log.h"
#include "net/http/http_client.h"
#include "net/oauth/token_request.h"
#include "net/tls/tls_client.h"
#include "net/tls/tls_config.h"
#include "net/tls/tls_platform.h"
#include "net/url/url.h"
#include "port/posix/clock.h"
#include "port/posix/entropy.h"
#include "port/posix/file_device_identity.h"
#include "port/posix/file_flash.h"
#include "port/posix/stderr_log.h"
#include "port/posix/tcp_socket.h"

namespace host {
namespace {

constexpr const char* kParleyDirectClientId = "parley-direct";
constexpr const char* kAppVersion = "1.0.0";
constexpr size_t kHttpBufferSize = 2048;
constexpr size_t kDeviceIdLength = 36;  // a UUID v4 in text

alignas(8) uint8_t g_tls_arena[net::tls::kArenaSize];

hal::LogLevel level_for(int verbose) {
    if (verbose >= 2) return hal::LogLevel::kDebug;
    return verbose == 1 ? hal::LogLevel::kInfo : hal::LogLevel::kWarn;
}

// One TLS connection to one origin, with its HTTP client.
struct Connection {
    Connection(hal::Clock& clock, const net::url::Url& url)
        : tcp(clock),
          tls(tcp, clock),
          http(tls, clock, url, hal::ByteSpan(buffer, sizeof buffer)) {}
    port::posix::TcpSocket tcp;
    net::tls::TlsClient tls;
    uint8_t buffer[kHttpBufferSize];
    net::http::HttpClient http;
};

std::string format_uuid(const uint8_t (&b)[16]) {
    char text[kDeviceIdLength + 1];
    std::snprintf(text, sizeof text,
                  "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", b[0],
                  b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13],
                  b[14], b[15]);
    return text;
}

// The largest CA bundle read: Debian's whole ca-certificates.crt (about 150 roots) is
// about 220 KB; a device trusts one or two roots, and what is read must be parsed in
// the TLS arena anyway. A wrong path (a log, an image, /dev/zero) is refused at this size.
constexpr size_t kMaxCaFileBytes = 512 * 1024;
// The identity file has one exact size (FileDeviceIdentity::kFileSize) and the flash
// image too (the geometry's total size): anything larger is not one of ours.
constexpr uint64_t kFlashFileBytes =
    uint64_t{kFlashSectorSize} * (kSettingsSectors + kOutboxSectors);

// The CA bundle, NUL-terminated (mbedTLS parses PEM with its NUL).
bool read_ca_file(const std::string& path, std::vector<uint8_t>* out, std::string* error) {
    std::string text;
    if (path.empty()) {
        *error = "no CA file given (give it with --ca FILE)";
        return false;
    }
    if (!read_bounded_file(path, kMaxCaFileBytes, &text, error)) {
        *error = "cannot use the CA file: " + *error;
        return false;
    }
    if (text.empty()) {
        *error = "the CA file '" + path + "' is empty";
        return false;
    }
    out->assign(text.begin(), text.end());
    out->push_back('\0');
    return true;
}

}  // namespace

struct HostDeviceParts {
    port::posix::SystemClock clock;
    port::posix::GetrandomEntropy entropy;
    std::unique_ptr<port::posix::StderrLog> log;
    std::unique_ptr<port::posix::FileFlash> flash;
    std::unique_ptr<firmware::outbox::FlashPartition> settings_flash;
    std::unique_ptr<firmware::outbox::FlashPartition> outbox_flash;
    port::posix::FileDeviceIdentity identity;
    std::unique_ptr<firmware::settings::Settings> settings;
    std::vector<uint8_t> ca;
    std::string server_text;
    std::string token_text;
    net::url::Url server_url;
    net::url::Url token_url;
    std::unique_ptr<Connection> api_link;
    std::unique_ptr<Connection> token_link;  // null when the token origin is the API's
    std::unique_ptr<firmware::SettingsTokenStore> token_store;
    alignas(16) uint8_t token_json[net::oauth::kJsonArenaSize];
    uint8_t token_answer[net::oauth::kMaxResponseSize];
    std::unique_ptr<net::json::JsonDocument> token_doc;
    std::unique_ptr<firmware::OAuthTokenSource> token_source;
    std::unique_ptr<firmware::TokenKeeper> keeper;
    std::unique_ptr<firmware::KeeperTokenProvider> provider;
    std::unique_ptr<net::parley::ParleyWorkspace> workspace =
        std::make_unique<net::parley::ParleyWorkspace>();
    net::parley::ClientConfig api_config;
    std::string account_secret;
    net::parley::DeviceRegistration registration;
    std::unique_ptr<net::parley::ParleyClient> api;
    std::unique_ptr<firmware::ParleyServiceApi> service;
    std::unique_ptr<firmware::outbox::Outbox> outbox;
    uint8_t entry_buffer[firmware::outbox::kMaxPayloadBytes];
    std::unique_ptr<firmware::Messenger> messenger;
};

HostDevice::HostDevice() : parts_(std::make_unique<HostDeviceParts>()) {}
HostDevice::~HostDevice() {
    hal::set_log(nullptr);
}

hal::Status HostDevice::open_flash(const AppOptions& options, std::string* error) {
    options_ = options;
    HostDeviceParts& p = *parts_;
    p.log = std::make_unique<port::posix::StderrLog>(p.clock, level_for(options.verbose));
    hal::set_log(p.log.get());
    // Checked here, before the port opens them: a directory, a FIFO or a device gets a
    // reason instead of a bare status (or a wait for a FIFO's writer).
    if (!check_optional_file(options.flash_file, kFlashFileBytes, error)) {
        *error = "cannot use the flash file: " + *error;
        return hal::Status::kInvalidArgument;
    }
    const hal::FlashGeometry geometry{kFlashSectorSize, kSettingsSectors + kOutboxSectors, 1};
    p.flash = std::make_unique<port::posix::FileFlash>(options.flash_file, geometry);
    const hal::Status status = p.flash->open();
    if (status != hal::Status::kOk) {
        *error = "cannot open the flash file " + options.flash_file + " (" + explain(status) + ")";
        return status;
    }
    p.settings_flash =
        std::make_unique<firmware::outbox::FlashPartition>(*p.flash, 0, kSettingsSectors);
    p.outbox_flash = std::make_unique<firmware::outbox::FlashPartition>(*p.flash, kSettingsSectors,
                                                                        kOutboxSectors);
    return hal::Status::kOk;
}

namespace {

std::string unreadable(const std::string& what, const std::string& file) {
    return what + " in " + file +
           " cannot be read: the flash holds no readable log (it is damaged, or not a "
           "parley flash file). Nothing was changed. `format --yes` erases the whole file "
           "(the device id, the credentials and any queued messages are lost; provision "
           "again after it).";
}

}  // namespace

hal::Status HostDevice::open_storage(const AppOptions& options, std::string* error, Access access) {
    HAL_TRY(open_flash(options, error));
    HostDeviceParts& p = *parts_;
    if (!check_optional_file(options.identity_file, port::posix::FileDeviceIdentity::kFileSize,
                             error)) {
        *error = "cannot use the device identity file: " + *error;
        return hal::Status::kInvalidArgument;
    }
    hal::Status status = p.identity.load(options.identity_file, p.entropy);
    if (status != hal::Status::kOk) {
        *error = "cannot load the device identity " + options.identity_file + " (" +
                 explain(status) + ")";
        return status;
    }
    const net::tls::PlatformConfig platform{hal::ByteSpan(g_tls_arena), &p.entropy, &p.clock, 0};
    HAL_TRY(net::tls::platform_init(platform));
    p.settings =
        std::make_unique<firmware::settings::Settings>(*p.settings_flash, p.identity, p.entropy);
    status = p.settings->mount();
    if (status == hal::Status::kCorrupt) {
        *error = unreadable("the settings", options.flash_file);
        return status;
    }
    if (status != hal::Status::kOk) {
        *error =
            "the settings in " + options.flash_file + " cannot be read (" + explain(status) + ")";
        return status;
    }
    HAL_TRY(load_device_id(error, access));
    settings_damage_ = p.settings->damage();
    if (access == Access::kReadWrite && settings_damage_.any()) {
        const hal::Status repaired = p.settings->repair();
        if (repaired != hal::Status::kOk) {
            HAL_LOG_WARN("host", "settings damage not repaired (%s)", hal::to_string(repaired));
        }
    }
    return hal::Status::kOk;
}

hal::Status HostDevice::format_flash(const AppOptions& options, std::string* error) {
    HAL_TRY(open_flash(options, error));
    const uint32_t sectors = parts_->flash->geometry().sector_count;
    for (uint32_t sector = 0; sector < sectors; ++sector) {
        const hal::Status status = parts_->flash->erase(sector);
        if (status != hal::Status::kOk) {
            *error = "cannot erase " + options.flash_file + " (" + explain(status) + ")";
            return status;
        }
    }
    return hal::Status::kOk;
}

firmware::StorageDamage HostDevice::storage_damage() const {
    firmware::StorageDamage damage;
    damage.settings = settings_damage_;
    if (parts_->outbox != nullptr) damage.outbox = parts_->outbox->damage();
    return damage;
}

hal::Status HostDevice::load_device_id(std::string* error, Access access) {
    firmware::settings::DeviceId id;
    hal::Status status = parts_->settings->read_device_id(id);
    if (status == hal::Status::kOk) {
        device_id_ = std::string(id.view());
        return status;
    }
    // A new identity only when there is none (or both copies are unreadable, which the
    // damage report says); a flash that fails to read is an error, not a new device.
    if (status != hal::Status::kNotFound && status != hal::Status::kCorrupt) {
        *error = "cannot read the device id (" + explain(status) + ")";
        return status;
    }
    if (access == Access::kReadOnly) return hal::Status::kOk;  // none yet: made on first use
    uint8_t random[16];
    HAL_TRY(parts_->entropy.fill(hal::ByteSpan(random)));
    random[6] = static_cast<uint8_t>((random[6] & 0x0F) | 0x40);  // version 4
    random[8] = static_cast<uint8_t>((random[8] & 0x3F) | 0x80);  // RFC 4122 variant
    device_id_ = format_uuid(random);
    status = parts_->settings->write_device_id(device_id_);
    if (status != hal::Status::kOk) *error = "cannot store the device id (" + explain(status) + ")";
    return status;
}

hal::Status HostDevice::provision(const std::string& client_id, const std::string& client_secret) {
    const std::string id = options_.dialect == "parley" ? kParleyDirectClientId : client_id;
    const hal::Status status = firmware::settings::provision(*parts_->settings, id, client_secret);
    if (status == hal::Status::kOk && parts_->keeper) parts_->keeper->credentials_changed();
    return status;
}

namespace {

hal::Status parse_urls(const AppOptions& options, HostDeviceParts& p, std::string* error) {
    p.server_text = options.server;
    const hal::Result<net::url::Url> server = net::url::parse_url(p.server_text);
    if (!server.ok()) {
        *error = "bad --server URL '" + options.server + "' (" + explain(server.status()) + ")";
        return server.status();
    }
    p.server_url = server.value();
    p.token_text = options.token_url;
    if (p.token_text.empty()) {
        p.token_text = std::string("https://") + (p.server_url.ipv6_literal ? "[" : "") +
                       std::string(p.server_url.host) + (p.server_url.ipv6_literal ? "]" : "") +
                       ":" + std::to_string(p.server_url.port) +
                       std::string(net::oauth::kTokenPath);
    }
    const hal::Result<net::url::Url> token = net::url::parse_url(p.token_text);
    if (!token.ok()) {
        *error = "bad --token-url '" + p.token_text + "' (" + explain(token.status()) + ")";
        return token.status();
    }
    p.token_url = token.value();
    return hal::Status::kOk;
}

hal::Status open_connection(HostDeviceParts& p, const net::url::Url& url,
                            std::unique_ptr<Connection>* out, std::string* error) {
    // Every connection is TLS: a URL that asks for plain HTTP is refused, not silently
    // upgraded (the options refuse it first; this keeps the composition honest).
    if (!url.secure) {
        *error = "'" + std::string(url.scheme) + "://" + std::string(url.host) +
                 "': the client speaks TLS only: use https://";
        return hal::Status::kUnsupported;
    }
    *out = std::make_unique<Connection>(p.clock, url);
    const hal::Status status =
        (*out)->tls.configure({hal::ConstByteSpan(p.ca.data(), p.ca.size())});
    if (status != hal::Status::kOk) *error = "the CA file holds no usable certificate";
    return status;
}

bool same_origin(const net::url::Url& a, const net::url::Url& b) {
    return a.host == b.host && a.port == b.port && a.secure == b.secure;
}

uint32_t subscription_hash(const std::string& device_id, const AppOptions& options) {
    const std::string identity = device_id + "|" + options.server + "|" + options.dialect + "|" +
                                 options.device_name + "|" + kAppVersion;
    return hal::crc32(hal::as_bytes(identity));
}

}  // namespace

namespace {

void configure_api(const AppOptions& options, const std::string& device_id, HostDeviceParts& p) {
    p.api_config.dialect = options.dialect == "kpn" ? net::parley::Dialect::kKpnGateway
                                                    : net::parley::Dialect::kParleyDirect;
    p.api_config.encoding = options.encoding == "query" ? net::parley::RequestEncoding::kQueryString
                                                        : net::parley::RequestEncoding::kJsonBody;
    p.api_config.base_path = p.server_url.base_path;
    p.api_config.device_id = device_id;
    p.api_config.api_version = options.api_version;
}

// KPN gateway: the token keeper, asking the token endpoint over the API's connection
// when both share an origin, over a connection of its own otherwise.
hal::Status open_token_keeper(HostDeviceParts& p, std::string* error) {
    net::http::HttpClient* token_http = &p.api_link->http;
    if (!same_origin(p.server_url, p.token_url)) {
        HAL_TRY(open_connection(p, p.token_url, &p.token_link, error));
        token_http = &p.token_link->http;
    }
    p.token_store = std::make_unique<firmware::SettingsTokenStore>(*p.settings);
    p.token_doc = std::make_unique<net::json::JsonDocument>(hal::ByteSpan(p.token_json));
    p.token_source = std::make_unique<firmware::OAuthTokenSource>(
        *token_http, p.token_url.base_path, *p.token_store, *p.token_doc,
        hal::ByteSpan(p.token_answer));
    p.keeper = std::make_unique<firmware::TokenKeeper>(*p.token_store, *p.token_source, p.clock);
    p.keeper->boot();
    p.provider = std::make_unique<firmware::KeeperTokenProvider>(*p.keeper);
    return hal::Status::kOk;
}

// Parley direct: the account secret, provisioned like a client secret.
hal::Status load_account_secret(HostDeviceParts& p, std::string* error) {
    firmware::settings::Credentials credentials;
    if (p.settings->read_credentials(credentials) != hal::Status::kOk) {
        *error = "no account secret provisioned (run `provision` first)";
        return hal::Status::kBadCredentials;
    }
    p.account_secret = std::string(credentials.client_secret.view());
    p.api_config.account_secret = p.account_secret;
    return hal::Status::kOk;
}

hal::Status open_api(const AppOptions& options, HostDeviceParts& p, std::string* error) {
    const hal::Status checked = net::parley::check_config(p.api_config, p.provider != nullptr);
    if (checked != hal::Status::kOk) {
        *error = "the API configuration is invalid (" + explain(checked) + ")";
        return checked;
    }
    p.api = std::make_unique<net::parley::ParleyClient>(p.api_link->http, p.clock, p.api_config,
                                                        p.provider.get(), *p.workspace);
    p.registration.version = kAppVersion;
    p.registration.user.name = options.device_name;
    p.service = std::make_unique<firmware::ParleyServiceApi>(*p.api, p.registration);
    return hal::Status::kOk;
}

// A whole number in [low, high] from an option; empty keeps `*out`.
hal::Status parse_number(const std::string& text, const char* name, long low, long high, long* out,
                         std::string* error) {
    if (text.empty()) return hal::Status::kOk;
    char* end = nullptr;
    const long value = std::strtol(text.c_str(), &end, 10);
    if (end == text.c_str() || *end != '\0' || value < low || value > high) {
        *error = std::string(name) + " must be a whole number from " + std::to_string(low) +
                 " to " + std::to_string(high) + " (got '" + text + "')";
        return hal::Status::kInvalidArgument;
    }
    *out = value;
    return hal::Status::kOk;
}

hal::Status messenger_config(const AppOptions& options, firmware::MessengerConfig* config,
                             std::string* error) {
    constexpr long kMsPerSecond = 1000;
    long timeout_s = static_cast<long>(config->operation_timeout_ms / kMsPerSecond);
    long grace_s = static_cast<long>(config->send_grace_ms / kMsPerSecond);
    long history = config->history_messages;
    HAL_TRY(parse_number(options.timeout_s, "--timeout", 1, 600, &timeout_s, error));
    HAL_TRY(parse_number(options.send_grace_s, "--send-grace", 0, 86400, &grace_s, error));
    HAL_TRY(parse_number(options.history, "--history", 0, 50, &history, error));
    long retry_base_ms = static_cast<long>(config->backoff.base_ms);
    HAL_TRY(
        parse_number(options.retry_base_ms, "--retry-base-ms", 10, 60000, &retry_base_ms, error));
    config->backoff.base_ms = static_cast<uint32_t>(retry_base_ms);
    config->operation_timeout_ms = static_cast<hal::Millis>(timeout_s * kMsPerSecond);
    config->send_grace_ms = static_cast<hal::Millis>(grace_s * kMsPerSecond);
    config->history_messages = static_cast<uint8_t>(history);
    return hal::Status::kOk;
}

hal::Status mount_outbox(const AppOptions& options, HostDeviceParts& p, std::string* error) {
    if (p.outbox != nullptr && p.outbox->mounted()) return hal::Status::kOk;
    p.outbox = std::make_unique<firmware::outbox::Outbox>(*p.outbox_flash);
    const hal::Status mounted = p.outbox->mount();
    if (mounted == hal::Status::kCorrupt) {
        *error = unreadable("the outbox", options.flash_file);
    } else if (mounted != hal::Status::kOk) {
        *error =
            "the outbox in " + options.flash_file + " cannot be read (" + explain(mounted) + ")";
    }
    return mounted;
}

}  // namespace

hal::Status HostDevice::open_network(firmware::MessengerListener& listener, std::string* error) {
    HostDeviceParts& p = *parts_;
    if (!read_ca_file(options_.ca_file, &p.ca, error)) return hal::Status::kInvalidArgument;
    HAL_TRY(parse_urls(options_, p, error));
    HAL_TRY(open_connection(p, p.server_url, &p.api_link, error));
    configure_api(options_, device_id_, p);
    HAL_TRY(options_.dialect == "kpn" ? open_token_keeper(p, error)
                                      : load_account_secret(p, error));
    HAL_TRY(open_api(options_, p, error));
    HAL_TRY(mount_outbox(options_, p, error));
    const firmware::MessengerParts parts{
        *p.service, *p.outbox, *p.settings, p.keeper.get(),
        p.clock,    p.entropy, listener,    hal::ByteSpan(p.entry_buffer)};
    firmware::MessengerConfig config;
    HAL_TRY(messenger_config(options_, &config, error));
    config.subscription_hash = subscription_hash(device_id_, options_);
    p.messenger = std::make_unique<firmware::Messenger>(parts, config);
    p.messenger->start();
    return hal::Status::kOk;
}

hal::Status HostDevice::open_outbox(std::string* error) {
    return mount_outbox(options_, *parts_, error);
}

firmware::outbox::Outbox& HostDevice::outbox() {
    return *parts_->outbox;
}

firmware::settings::Settings& HostDevice::settings() {
    return *parts_->settings;
}
firmware::Messenger& HostDevice::messenger() {
    return *parts_->messenger;
}
net::parley::ParleyClient& HostDevice::api() {
    return *parts_->api;
}
firmware::TokenKeeper* HostDevice::tokens() {
    return parts_->keeper.get();
}
hal::Clock& HostDevice::clock() {
    return parts_->clock;
}

std::string explain(hal::Status status) {
    switch (status) {
        case hal::Status::kCertUntrusted:
            return "the server's certificate is not signed by a CA in the --ca file";
        case hal::Status::kCertExpired:
            return "the server's certificate has expired";
        case hal::Status::kCertNotYetValid:
            return "the server's certificate is not valid yet (is the clock right?)";
        case hal::Status::kCertHostnameMismatch:
            return "the server's certificate is for another host name";
        case hal::Status::kBadCredentials:
            return "the credentials were refused (provision the right client id and secret)";
        case hal::Status::kNameResolution:
            return "the server's name does not resolve";
        case hal::Status::kNetworkError:
            return "the server cannot be reached";
        case hal::Status::kTimeout:
            return "the server did not answer in time";
        case hal::Status::kOutcomeUnknown:
            return "the connection dropped before the server answered";
        case hal::Status::kRetryLater:
            return "the service is busy and asked to try again later";
        case hal::Status::kTokenInvalid:
            return "the service refused the access token; renewing it";
        case hal::Status::kClosed:
            return "the server closed the connection";
        case hal::Status::kNoSpace:
            return "the outbox is full; wait until queued messages are sent";
        case hal::Status::kCorrupt:
            return "the stored data is damaged";
        default:
            return hal::to_string(status);
    }
}

}  // namespace host
