#include "boards/host/host_device.h"

#include <cstdio>
#include <cstdlib>
#include <vector>

#include "boards/host/bounded_file.h"
#include "firmware/device/device.h"
#include "firmware/settings/provision.h"
#include "hal/log.h"
#include "net/http/http_client.h"
#include "net/oauth/token_request.h"
#include "net/tls/tls_client.h"
#include "net/tls/tls_config.h"
#include "net/url/url.h"
#include "port/posix/clock.h"
#include "port/posix/entropy.h"
#include "port/posix/file_device_identity.h"
#include "port/posix/file_flash.h"
#include "port/posix/stderr_log.h"
#include "port/posix/tcp_socket.h"

namespace boards::host {
namespace {

constexpr const char* kParleyDirectClientId = "parley-direct";
constexpr const char* kAppVersion = "1.0.0";

alignas(8) uint8_t g_tls_arena[net::tls::kArenaSize];

hal::LogLevel level_for(int verbose) {
    if (verbose >= 2) return hal::LogLevel::kDebug;
    return verbose == 1 ? hal::LogLevel::kInfo : hal::LogLevel::kWarn;
}

// The token endpoint's own TLS connection, with its HTTP client, when its origin is not
// the API's (the API's connection is the Device's).
struct Connection {
    Connection(hal::Clock& clock, const net::url::Url& url)
        : tcp(clock),
          tls(tcp, clock),
          http(tls, clock, url, hal::ByteSpan(buffer, sizeof buffer)) {}
    port::posix::TcpSocket tcp;
    net::tls::TlsClient tls;
    uint8_t buffer[firmware::device::kHttpBufferSize];
    net::http::HttpClient http;
};

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
    port::posix::FileDeviceIdentity identity;
    port::posix::TcpSocket tcp{clock};
    std::unique_ptr<firmware::device::Device> device;  // after open_storage
    std::vector<uint8_t> ca;
    std::string server_text;
    std::string token_text;
    net::url::Url server_url;
    net::url::Url token_url;
    std::unique_ptr<Connection> token_link;  // null when the token origin is the API's
    std::string account_secret;
    std::string user_auth;  // the registered user's string, "" when anonymous
    uint64_t receipt_ids[firmware::messenger::kReceiptStorageIds] = {};  // lent to the messenger
};

HostDevice::HostDevice() : parts_(std::make_unique<HostDeviceParts>()) {}
HostDevice::~HostDevice() {
    hal::set_log(nullptr);
}

hal::Status HostDevice::open_flash(const AppOptions& options, std::string* error) {
    options_ = options;
    HostDeviceParts& p = *parts_;
    p.device.reset();  // it holds the flash about to be replaced
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
    p.device = std::make_unique<firmware::device::Device>(
        firmware::device::Ports{p.tcp, p.clock, p.entropy, p.identity, *p.flash},
        firmware::device::FlashLayout{kSettingsSectors, kOutboxSectors});
    HAL_TRY(p.device->init_tls(hal::ByteSpan(g_tls_arena), 0));
    firmware::settings::Settings& settings = p.device->settings();
    status = settings.mount();
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
    settings_damage_ = settings.damage();
    if (access == Access::kReadWrite && settings_damage_.any()) {
        const hal::Status repaired = settings.repair();
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

firmware::messenger::StorageDamage HostDevice::storage_damage() const {
    firmware::messenger::StorageDamage damage;
    damage.settings = settings_damage_;
    if (parts_->device != nullptr && parts_->device->outbox().mounted()) {
        damage.outbox = parts_->device->outbox().damage();
    }
    return damage;
}

hal::Status HostDevice::load_device_id(std::string* error, Access access) {
    firmware::device::Device& device = *parts_->device;
    const hal::Status status = device.load_device_id(access == Access::kReadWrite);
    device_id_ = std::string(device.device_id());
    if (status != hal::Status::kOk) {
        *error = std::string(device.device_id_is_new() ? "cannot store the device id ("
                                                       : "cannot read the device id (") +
                 explain(status) + ")";
    }
    return status;
}

hal::Status HostDevice::provision(const std::string& client_id, const std::string& client_secret) {
    const std::string id = options_.dialect == "parley" ? kParleyDirectClientId : client_id;
    const hal::Status status = firmware::settings::provision(settings(), id, client_secret);
    firmware::token::TokenKeeper* keeper = tokens();
    if (status == hal::Status::kOk && keeper != nullptr) keeper->credentials_changed();
    return status;
}

hal::Status HostDevice::provision_user(const std::string& auth) {
    return firmware::settings::provision_user(settings(), auth);
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

// Every connection is TLS: a URL that asks for plain HTTP is refused, not silently
// upgraded (the options refuse it first; this keeps the composition honest).
hal::Status check_secure(const net::url::Url& url, std::string* error) {
    if (url.secure) return hal::Status::kOk;
    *error = "'" + std::string(url.scheme) + "://" + std::string(url.host) +
             "': the client speaks TLS only: use https://";
    return hal::Status::kUnsupported;
}

bool same_origin(const net::url::Url& a, const net::url::Url& b) {
    return a.host == b.host && a.port == b.port && a.secure == b.secure;
}

// Why configure_tls refused the CA file. A bundle that does not fit the TLS arena (the
// whole system store, say) is told apart from one with no certificate in it.
std::string ca_refused(hal::Status status) {
    if (status == hal::Status::kOutOfMemory) {
        return "the CA file is too large for the TLS memory (" +
               std::to_string(net::tls::kArenaSize / 1024) +
               " KiB): keep only the roots the service needs";
    }
    return "the CA file holds no usable certificate";
}

// KPN gateway with the token endpoint on another origin: a connection of its own (on the
// API's origin the Device's connection serves both).
hal::Status open_token_link(HostDeviceParts& p, std::string* error) {
    p.token_link = std::make_unique<Connection>(p.clock, p.token_url);
    const hal::Status status =
        p.token_link->tls.configure({hal::ConstByteSpan(p.ca.data(), p.ca.size())});
    if (status != hal::Status::kOk) *error = ca_refused(status);
    return status;
}

// Parley direct: the account secret, provisioned like a client secret.
hal::Status load_account_secret(HostDeviceParts& p, std::string* error) {
    firmware::settings::Credentials credentials;
    if (p.device->settings().read_credentials(credentials) != hal::Status::kOk) {
        *error = "no account secret provisioned (run `provision` first)";
        return hal::Status::kBadCredentials;
    }
    p.account_secret = std::string(credentials.client_secret.view());
    return hal::Status::kOk;
}

// The registered user's string, when one is provisioned (docs/protocol.md §3). One that
// no longer opens is reported and the device goes on as anonymous: a service desk that
// wants a user says so (device_requires_authorization), and `provision --user` repairs it.
void load_user_auth(HostDeviceParts& p) {
    firmware::settings::UserAuth user;
    const hal::Status status = p.device->settings().read_user_auth(user);
    if (status == hal::Status::kOk) p.user_auth = std::string(user.view());
    if (status != hal::Status::kOk && status != hal::Status::kNotFound) {
        HAL_LOG_WARN("host", "the registered user cannot be read (%s): going on without one",
                     hal::to_string(status));
    }
    user.wipe();
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

hal::Status messenger_config(const AppOptions& options,
                             firmware::messenger::MessengerConfig* config, std::string* error) {
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
    if (options.receipts != "on" && options.receipts != "off") {
        *error = "--receipts must be on or off (got '" + options.receipts + "')";
        return hal::Status::kInvalidArgument;
    }
    // On where the API version has them (the Device checks, net::parley::has_status_endpoints).
    config->read_receipts = options.receipts == "on";
    config->unseen_count = config->read_receipts;
    return hal::Status::kOk;
}

hal::Status mount_outbox(const AppOptions& options, HostDeviceParts& p, std::string* error) {
    firmware::outbox::Outbox& outbox = p.device->outbox();
    if (outbox.mounted()) return hal::Status::kOk;
    const hal::Status mounted = outbox.mount();
    if (mounted == hal::Status::kCorrupt) {
        *error = unreadable("the outbox", options.flash_file);
    } else if (mounted != hal::Status::kOk) {
        *error =
            "the outbox in " + options.flash_file + " cannot be read (" + explain(mounted) + ")";
    }
    return mounted;
}

}  // namespace

hal::Status HostDevice::open_network(firmware::messenger::MessengerListener& listener,
                                     std::string* error, bool shows_unread) {
    HostDeviceParts& p = *parts_;
    if (!read_ca_file(options_.ca_file, &p.ca, error)) return hal::Status::kInvalidArgument;
    HAL_TRY(parse_urls(options_, p, error));
    HAL_TRY(check_secure(p.server_url, error));
    const hal::Status trusted =
        p.device->configure_tls(hal::ConstByteSpan(p.ca.data(), p.ca.size()));
    if (trusted != hal::Status::kOk) {
        *error = ca_refused(trusted);
        return trusted;
    }
    firmware::device::Config config;
    config.server_url = p.server_text;
    config.device_name = options_.device_name;
    config.app_version = kAppVersion;
    config.api.api_version = options_.api_version;
    config.api.encoding = options_.encoding == "query" ? net::parley::RequestEncoding::kQueryString
                                                       : net::parley::RequestEncoding::kJsonBody;
    if (options_.dialect == "kpn") {
        config.api.dialect = net::parley::Dialect::kKpnGateway;
        config.token_path = p.token_url.base_path;
        if (!same_origin(p.server_url, p.token_url)) {
            HAL_TRY(check_secure(p.token_url, error));
            HAL_TRY(open_token_link(p, error));
            config.token_http = &p.token_link->http;
        }
    } else {
        config.api.dialect = net::parley::Dialect::kParleyDirect;
        HAL_TRY(load_account_secret(p, error));
        config.api.account_secret = p.account_secret;
    }
    load_user_auth(p);
    config.api.auth_string = p.user_auth;
    HAL_TRY(messenger_config(options_, &config.messenger, error));
    operation_timeout_ms_ = config.messenger.operation_timeout_ms;
    config.messenger.receipt_ids = hal::Span<uint64_t>(p.receipt_ids);
    config.messenger.unseen_count = config.messenger.unseen_count && shows_unread;
    HAL_TRY(mount_outbox(options_, p, error));
    const hal::Status started = p.device->start(config, listener);
    if (started != hal::Status::kOk) {
        *error = "the API configuration is invalid (" + explain(started) + ")";
    }
    return started;
}

hal::Status HostDevice::open_outbox(std::string* error) {
    return mount_outbox(options_, *parts_, error);
}

firmware::outbox::Outbox& HostDevice::outbox() {
    return parts_->device->outbox();
}
firmware::settings::Settings& HostDevice::settings() {
    return parts_->device->settings();
}
firmware::messenger::Messenger& HostDevice::messenger() {
    return parts_->device->messenger();
}
net::parley::ParleyClient& HostDevice::api() {
    return parts_->device->api();
}
firmware::token::TokenKeeper* HostDevice::tokens() {
    return parts_->device != nullptr ? parts_->device->tokens() : nullptr;
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
        case hal::Status::kAuthorizationRequired:
            return "this service desk requires a registered user: none is provisioned, or the "
                   "one provisioned was refused (run `provision --user`)";
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

}  // namespace boards::host
