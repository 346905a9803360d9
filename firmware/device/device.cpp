#include "firmware/device/device.h"

#include "hal/crc32.h"
#include "net/tls/tls_platform.h"

namespace firmware::device {
namespace {

constexpr size_t kUuidBytes = 16;
constexpr size_t kUuidTextLength = 36;
static_assert(kUuidTextLength <= settings::kDeviceIdMaxSize, "a UUID fits a device id");

// A UUID v4 (RFC 4122) in lower-case text from 16 random bytes.
size_t format_uuid(uint8_t (&b)[kUuidBytes], char (&out)[kUuidTextLength]) {
    static constexpr char kHex[] = "0123456789abcdef";
    b[6] = static_cast<uint8_t>((b[6] & 0x0F) | 0x40);  // version 4
    b[8] = static_cast<uint8_t>((b[8] & 0x3F) | 0x80);  // RFC 4122 variant
    size_t at = 0;
    for (size_t i = 0; i < kUuidBytes; ++i) {
        if (i == 4 || i == 6 || i == 8 || i == 10) out[at++] = '-';
        out[at++] = kHex[b[i] >> 4];
        out[at++] = kHex[b[i] & 0x0F];
    }
    return at;
}

const char* dialect_name(net::parley::Dialect dialect) {
    return dialect == net::parley::Dialect::kKpnGateway ? "kpn" : "parley";
}

}  // namespace

uint32_t subscription_hash(std::string_view device_id, const Config& config) {
    // Whether a registered user is configured, never the string itself: the hash is kept
    // on flash in clear. An anonymous device's hash is what it was before users existed.
    const std::string_view user = config.api.auth_string.empty() ? "" : "|registered-user";
    const std::string_view rest[] = {config.server_url, dialect_name(config.api.dialect),
                                     config.device_name, config.app_version};
    uint32_t crc = hal::crc32(hal::as_bytes(device_id));
    for (const std::string_view part : rest) {
        crc = hal::crc32(hal::as_bytes(std::string_view("|")), crc);
        crc = hal::crc32(hal::as_bytes(part), crc);
    }
    return hal::crc32(hal::as_bytes(user), crc);
}

static_assert(sizeof(net::parley::ParleyWorkspace::capture_area) >= net::oauth::kMaxResponseSize,
              "the token answer fits the API client's capture buffer it borrows");
static_assert(sizeof(net::parley::ParleyWorkspace::capture_area) >=
                  firmware::token::kMaxRequestBodyLength,
              "the token request's body fits the capture buffer, before the answer");

Device::Device(const Ports& ports, const FlashLayout& layout)
    : clock_(ports.clock),
      entropy_(ports.entropy),
      settings_flash_(ports.flash, 0, layout.settings_sectors),
      outbox_flash_(ports.flash, layout.settings_sectors, layout.outbox_sectors),
      settings_(settings_flash_, ports.identity, ports.entropy),
      outbox_(outbox_flash_),
      tls_(ports.socket, ports.clock),
      token_store_(settings_) {}

hal::Status Device::init_tls(hal::ByteSpan arena, int64_t time_floor_seconds) {
    return net::tls::platform_init({arena, &entropy_, &clock_, time_floor_seconds});
}

hal::Status Device::load_device_id(bool create) {
    device_id_is_new_ = false;
    const hal::Status read = settings_.read_device_id(device_id_);
    if (read == hal::Status::kOk) return read;
    // A new identity only when there is none (or both copies are unreadable, which the
    // damage report says); a flash that fails to read is an error, not a new device.
    if (read != hal::Status::kNotFound && read != hal::Status::kCorrupt) return read;
    if (!create) return hal::Status::kOk;  // none yet: made on first use
    uint8_t random[kUuidBytes];
    HAL_TRY(entropy_.fill(hal::ByteSpan(random)));
    char text[kUuidTextLength];
    HAL_TRY(device_id_.assign(std::string_view(text, format_uuid(random, text))));
    device_id_is_new_ = true;
    return settings_.write_device_id(device_id_.view());
}

hal::Status Device::start(const Config& config, firmware::messenger::MessengerListener& listener) {
    if (messenger_) return hal::Status::kFailedPrecondition;
    HAL_ASSIGN_OR_RETURN(server_, net::url::parse_url(config.server_url));
    // The device speaks TLS only: an http:// URL is refused, not silently used as TLS.
    if (!server_.secure) return hal::Status::kUnsupported;
    http_.emplace(tls_, clock_, server_, hal::ByteSpan(http_buffer_));

    if (config.api.dialect == net::parley::Dialect::kKpnGateway) {
        net::http::HttpClient& token_http =
            config.token_http != nullptr ? *config.token_http : *http_;
        token_source_.emplace(token_http, config.token_path, token_store_,
                              workspace_.lendable().first(net::oauth::kMaxResponseSize));
        keeper_.emplace(token_store_, *token_source_, clock_);
        keeper_->boot();
        provider_.emplace(*keeper_);
    }
    net::parley::ClientConfig api_config = config.api;  // the client keeps a copy
    api_config.base_path = server_.base_path;
    api_config.device_id = device_id_.view();
    HAL_TRY(net::parley::check_config(api_config, provider_.has_value()));
    api_.emplace(*http_, clock_, api_config, provider_ ? &*provider_ : nullptr, workspace_);
    registration_.version = config.app_version;
    registration_.user.name = config.device_name;
    service_.emplace(*api_, registration_);

    const firmware::messenger::MessengerParts parts{
        *service_, outbox_,  settings_, tokens(),
        clock_,    entropy_, listener,  hal::ByteSpan(entry_fields_)};
    firmware::messenger::MessengerConfig messenger_config = config.messenger;
    messenger_config.subscription_hash = subscription_hash(device_id_.view(), config);
    // Asked for only where the dialect and version have them (docs/protocol.md §6.8).
    const bool v19 =
        firmware::messenger::kReceiptsBuiltIn && net::parley::has_status_endpoints(api_config);
    messenger_config.read_receipts = messenger_config.read_receipts && v19;
    messenger_config.unseen_count = messenger_config.unseen_count && v19;
    messenger_.emplace(parts, messenger_config);
    messenger_->start();
    return hal::Status::kOk;
}

}  // namespace firmware::device
