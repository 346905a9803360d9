// The C API (include/parley/parley.h): a thin composition root over
// firmware::device::Device, built from C callbacks instead of a board's C++ ports.
//
// Why firmware/capi and not boards/ or a top-level folder: it is board-independent (the
// C app is the board: it brings the ports as callbacks), it builds for every target the
// firmware libraries build for (the Cortex-M4 included), and it includes only firmware/,
// net/ and hal/ — the layer rules of docs/design.md §1 hold for it unchanged
// (tools/check-includes). Its public header sits under include/parley/ so that C code
// includes "parley/parley.h" without the repository root on its include path.
//
// Memory: everything lives in the caller's parley_storage_t — the device object (the
// adapters, the listener, a copy of the configuration and the Device with all its parts)
// at the start, mbedTLS's arena after it. The object is constructed there with placement
// new: the one way to build a C++ object in memory the caller owns; it allocates nothing.
#include "parley/parley.h"

#include <cstring>
#include <new>
#include <string_view>

#include "firmware/apps/ticket/ticket.h"
#include "firmware/capi/hal_adapters.h"
#include "firmware/device/device.h"
#include "firmware/settings/provision.h"
#include "hal/log.h"
#include "hal/secure_wipe.h"
#include "net/parley/parley_config.h"
#include "net/tls/tls_config.h"
#include "parley/parley_version.h"

namespace firmware::capi {
namespace {

// parley_error_t is hal::Status value for value.
static_assert(PARLEY_OK == static_cast<int>(hal::Status::kOk));
static_assert(PARLEY_ERR_INVALID_ARGUMENT == static_cast<int>(hal::Status::kInvalidArgument));
static_assert(PARLEY_ERR_BUFFER_TOO_SMALL == static_cast<int>(hal::Status::kBufferTooSmall));
static_assert(PARLEY_ERR_UNSUPPORTED == static_cast<int>(hal::Status::kUnsupported));
static_assert(PARLEY_ERR_FAILED_PRECONDITION == static_cast<int>(hal::Status::kFailedPrecondition));
static_assert(PARLEY_ERR_TIMEOUT == static_cast<int>(hal::Status::kTimeout));
static_assert(PARLEY_ERR_CLOSED == static_cast<int>(hal::Status::kClosed));
static_assert(PARLEY_ERR_NETWORK == static_cast<int>(hal::Status::kNetworkError));
static_assert(PARLEY_ERR_NAME_RESOLUTION == static_cast<int>(hal::Status::kNameResolution));
static_assert(PARLEY_ERR_RETRY_LATER == static_cast<int>(hal::Status::kRetryLater));
static_assert(PARLEY_ERR_OUTCOME_UNKNOWN == static_cast<int>(hal::Status::kOutcomeUnknown));
static_assert(PARLEY_ERR_TOKEN_INVALID == static_cast<int>(hal::Status::kTokenInvalid));
static_assert(PARLEY_ERR_BAD_CREDENTIALS == static_cast<int>(hal::Status::kBadCredentials));
static_assert(PARLEY_ERR_BAD_REQUEST == static_cast<int>(hal::Status::kBadRequest));
static_assert(PARLEY_ERR_NOT_FOUND == static_cast<int>(hal::Status::kNotFound));
static_assert(PARLEY_ERR_SERVICE == static_cast<int>(hal::Status::kServiceError));
static_assert(PARLEY_ERR_CORRUPT == static_cast<int>(hal::Status::kCorrupt));
static_assert(PARLEY_ERR_TOO_LARGE == static_cast<int>(hal::Status::kTooLarge));
static_assert(PARLEY_ERR_NO_SPACE == static_cast<int>(hal::Status::kNoSpace));
static_assert(PARLEY_ERR_FLASH == static_cast<int>(hal::Status::kFlashError));
static_assert(PARLEY_ERR_FLASH_NOT_ERASED == static_cast<int>(hal::Status::kFlashNotErased));
static_assert(PARLEY_ERR_CERT_UNTRUSTED == static_cast<int>(hal::Status::kCertUntrusted));
static_assert(PARLEY_ERR_CERT_EXPIRED == static_cast<int>(hal::Status::kCertExpired));
static_assert(PARLEY_ERR_CERT_NOT_YET_VALID == static_cast<int>(hal::Status::kCertNotYetValid));
static_assert(PARLEY_ERR_CERT_HOSTNAME_MISMATCH ==
              static_cast<int>(hal::Status::kCertHostnameMismatch));
static_assert(PARLEY_ERR_CERT_INVALID == static_cast<int>(hal::Status::kCertInvalid));
static_assert(PARLEY_ERR_TLS_VERSION_REFUSED == static_cast<int>(hal::Status::kTlsVersionRefused));
static_assert(PARLEY_ERR_TLS_HANDSHAKE_FAILED ==
              static_cast<int>(hal::Status::kTlsHandshakeFailed));
static_assert(PARLEY_ERR_TLS == static_cast<int>(hal::Status::kTlsError));
static_assert(PARLEY_ERR_OUT_OF_MEMORY == static_cast<int>(hal::Status::kOutOfMemory));
static_assert(PARLEY_ERR_UNAVAILABLE == static_cast<int>(hal::Status::kUnavailable));
static_assert(PARLEY_ERR_INTERNAL == static_cast<int>(hal::Status::kInternal));
static_assert(PARLEY_ERR_AUTHORIZATION_REQUIRED ==
              static_cast<int>(hal::Status::kAuthorizationRequired));

static_assert(PARLEY_LOG_ERROR == static_cast<int>(hal::LogLevel::kError) &&
              PARLEY_LOG_DEBUG == static_cast<int>(hal::LogLevel::kDebug));
static_assert(PARLEY_LINK_CONNECTING ==
                  static_cast<int>(firmware::messenger::LinkState::kConnecting) &&
              PARLEY_LINK_STOPPED == static_cast<int>(firmware::messenger::LinkState::kStopped));
static_assert(PARLEY_MESSAGE_AGENT_SYSTEM ==
              static_cast<int>(net::parley::MessageType::kAgentSystem));
static_assert(PARLEY_DEVICE_KEY_SIZE == hal::kDeviceKeySize);
static_assert(PARLEY_DEVICE_ID_MAX >= settings::kDeviceIdMaxSize);

// Parley direct keeps its account secret as the credentials' secret, under this id.
constexpr std::string_view kParleyDirectClientId = "parley-direct";

// The messenger's events to the app's C callbacks. Strings the C side gets are
// NUL-terminated: the views that are not are copied into small stack buffers first.
class CListener final : public firmware::messenger::MessengerListener {
  public:
    explicit CListener(const parley_callbacks_t& c) : c_(c) {}

    void on_message_text(std::string_view piece) override {
        if (c_.message_text != nullptr) c_.message_text(c_.context, piece.data(), piece.size());
    }
    void on_message(const net::parley::Message& message) override;
    void on_message_text_dropped() override {
        if (c_.message_text_dropped != nullptr) c_.message_text_dropped(c_.context);
    }
    void on_sent(uint32_t sequence, uint64_t server_id) override {
        if (c_.sent != nullptr) c_.sent(c_.context, sequence, server_id);
    }
    void on_rejected(uint32_t sequence, hal::Status why, std::string_view error) override;
    void on_link(firmware::messenger::LinkState state, hal::Status cause) override {
        link_ = static_cast<parley_link_t>(state);
        cause_ = to_error(cause);
        if (c_.link != nullptr) c_.link(c_.context, link_, cause_);
    }
    void on_agent_typing(bool typing, std::string_view agent_name) override;
    void on_unread_count(const firmware::messenger::UnreadCount& unread) override {
        if (c_.unread != nullptr) {
            c_.unread(c_.context, unread.count, unread.from_service, unread.at_least);
        }
    }

    parley_link_t link() const { return link_; }
    parley_error_t cause() const { return cause_; }

  private:
    parley_callbacks_t c_;
    parley_link_t link_ = PARLEY_LINK_CONNECTING;
    parley_error_t cause_ = PARLEY_OK;
};

// `text` NUL-terminated in `out` (cut to fit).
template <size_t N>
const char* terminated(std::string_view text, char (&out)[N]) {
    const size_t length = text.size() < N - 1 ? text.size() : N - 1;
    std::memcpy(out, text.data(), length);
    out[length] = '\0';
    return out;
}

void CListener::on_message(const net::parley::Message& m) {
    if (c_.message == nullptr) return;
    parley_message_t out{};
    out.id = m.id;
    out.time = m.time;
    out.type = static_cast<parley_message_type_t>(m.type);
    out.has_text = m.has_text;
    out.text_bytes = m.text_bytes;
    out.title = m.title.data;
    out.agent_present = m.agent.present;
    out.agent_id = m.agent.id.data;
    out.agent_name = m.agent.name.data;
    out.media_present = m.media.present;
    out.media_id = m.media.id.data;
    out.media_mime_type = m.media.mime_type.data;
    out.media_filename = m.media.filename.data;
    out.media_description = m.media.description.data;
    out.button_count = m.button_count;
    out.quick_reply_count = m.quick_reply_count;
    out.carousel_count = m.carousel_count;
    out.truncated = m.truncated();
    c_.message(c_.context, &out);
}

void CListener::on_rejected(uint32_t sequence, hal::Status why, std::string_view error) {
    if (c_.failed == nullptr) return;
    char text[net::parley::kMaxErrorStringLength + 1];
    c_.failed(c_.context, sequence, to_error(why), terminated(error, text));
}

void CListener::on_agent_typing(bool typing, std::string_view agent_name) {
    if (c_.typing == nullptr) return;
    char name[net::parley::kMaxNameLength + 1];
    c_.typing(c_.context, typing, terminated(agent_name, name));
}

std::string_view view_or(const char* text, std::string_view fallback) {
    return text != nullptr ? std::string_view(text) : fallback;
}

}  // namespace
}  // namespace firmware::capi

// The device in the caller's storage (the C header's opaque parley_device_t).
struct parley_device {
    parley_device(const parley_hal_t& hal, const parley_config_t& c)
        : socket(hal.socket),
          clock(hal.clock),
          entropy(hal.entropy),
          flash(hal.flash),
          log(hal.log),
          identity(hal.identity),
          listener(c.callbacks),
          config(c),
          device({socket, clock, entropy, identity, flash},
                 {c.settings_sectors, c.outbox_sectors}) {}

    firmware::capi::CSocket socket;
    firmware::capi::CClock clock;
    firmware::capi::CEntropy entropy;
    firmware::capi::CFlash flash;
    firmware::capi::CLog log;
    firmware::capi::CIdentity identity;
    firmware::capi::CListener listener;
    parley_config_t config;  // its strings are the caller's (kept by reference)
    firmware::device::Device device;
    // Parley direct: the account secret, read from the settings at start (the API client
    // keeps a view of it).
    char account_secret[firmware::settings::kClientSecretMaxSize];
    size_t account_secret_length = 0;
    // The registered user's string, read from the settings at start and replaced by
    // parley_provision_user (the API client keeps a view of it); unused when the
    // configuration names one.
    char user_auth[firmware::settings::kUserAuthMaxSize];
    size_t user_auth_length = 0;
    // Lent to the messenger for read receipts (config.read_receipts).
    uint64_t receipt_ids[firmware::messenger::kReceiptStorageIds] = {};
};

namespace firmware::capi {
namespace {

constexpr size_t kStorageAlign = PARLEY_DEVICE_STORAGE_ALIGN;
// The arena follows the device object, aligned.
constexpr size_t kArenaOffset =
    (sizeof(parley_device) + kStorageAlign - 1) / kStorageAlign * kStorageAlign;
constexpr size_t kStorageNeeded = kArenaOffset + net::tls::kArenaSize;

static_assert(alignof(parley_device) <= PARLEY_DEVICE_STORAGE_ALIGN,
              "the device object fits the storage's alignment");
static_assert(alignof(parley_storage_t) >= PARLEY_DEVICE_STORAGE_ALIGN,
              "parley_storage_t is aligned as the header says");
static_assert(kStorageNeeded <= PARLEY_DEVICE_STORAGE_SIZE,
              "the device object (adapters, listener, Device) and the TLS arena fit "
              "PARLEY_DEVICE_STORAGE_SIZE (include/parley/parley.h): raise it");

// One device per process: hal::set_log and mbedTLS's platform are process-wide, and
// mbedTLS keeps the first arena it was given (net/tls/tls_platform.h).
parley_device* g_device = nullptr;
const void* g_arena_storage = nullptr;

// A store that holds no readable log: erased when the app said so, else reported.
template <typename Store>
hal::Status mount(Store& store, bool erase_unreadable) {
    const hal::Status status = store.mount();
    if (status == hal::Status::kCorrupt && erase_unreadable) return store.format();
    return status;
}

hal::Status check_config(const parley_config_t& c) {
    const bool strings =
        c.server_url != nullptr && c.device_name != nullptr && c.app_version != nullptr;
    const bool ca = c.ca_bundle != nullptr && c.ca_bundle_size > 0;
    const bool dialect = c.dialect == PARLEY_DIALECT_KPN || c.dialect == PARLEY_DIALECT_PARLEY;
    return strings && ca && dialect ? hal::Status::kOk : hal::Status::kInvalidArgument;
}

hal::Status check_create(const parley_storage_t* storage, size_t storage_size,
                         const parley_hal_t* hal, const parley_config_t* config) {
    if (storage == nullptr || hal == nullptr || config == nullptr)
        return hal::Status::kInvalidArgument;
    HAL_TRY(check_hal(*hal));
    HAL_TRY(check_config(*config));
    const uint64_t sectors = uint64_t{config->settings_sectors} + config->outbox_sectors;
    if (sectors > hal->flash.sector_count) return hal::Status::kInvalidArgument;
    if (storage_size < kStorageNeeded) return hal::Status::kBufferTooSmall;
    if (g_device != nullptr) return hal::Status::kFailedPrecondition;
    if (g_arena_storage != nullptr && g_arena_storage != storage)
        return hal::Status::kFailedPrecondition;
    return hal::Status::kOk;
}

// TLS on the storage's arena, the CA bundle, the settings, the device id.
hal::Status open(parley_device& d, uint8_t* arena) {
    if (d.log.present()) hal::set_log(&d.log);
    g_arena_storage = arena - kArenaOffset;  // mbedTLS keeps it from now on
    HAL_TRY(
        d.device.init_tls(hal::ByteSpan(arena, net::tls::kArenaSize), d.config.time_floor_seconds));
    HAL_TRY(
        d.device.configure_tls(hal::ConstByteSpan(d.config.ca_bundle, d.config.ca_bundle_size)));
    settings::Settings& settings = d.device.settings();
    HAL_TRY(mount(settings, d.config.erase_unreadable_flash));
    if (settings.damage().any()) {
        const hal::Status repaired = settings.repair();
        if (repaired != hal::Status::kOk)
            HAL_LOG_WARN("capi", "settings damage not repaired (%s)", hal::to_string(repaired));
    }
    return d.device.load_device_id(true);
}

void end(parley_device* d) {
    d->device.disconnect();
    if (d->log.present()) hal::set_log(nullptr);
    d->~parley_device();
    g_device = nullptr;
}

// Parley direct: the provisioned account secret, copied where the API client can view it.
hal::Status load_account_secret(parley_device& d) {
    settings::Credentials credentials;
    const hal::Status read = d.device.settings().read_credentials(credentials);
    if (read == hal::Status::kOk) {
        const std::string_view secret = credentials.client_secret.view();
        std::memcpy(d.account_secret, secret.data(), secret.size());
        d.account_secret_length = secret.size();
    }
    credentials.wipe();
    return read == hal::Status::kNotFound ? hal::Status::kBadCredentials : read;
}

// The provisioned user's string into d.user_auth (none: empty). A value that no longer
// opens counts as none: the service says when it wants one.
void load_user_auth(parley_device& d) {
    settings::UserAuth user;
    d.user_auth_length = 0;
    if (d.device.settings().read_user_auth(user) == hal::Status::kOk) {
        std::memcpy(d.user_auth, user.view().data(), user.size());
        d.user_auth_length = user.size();
    }
    user.wipe();
}

bool config_names_user(const parley_device& d) {
    return d.config.auth_string != nullptr && d.config.auth_string[0] != '\0';
}

std::string_view user_auth(const parley_device& d) {
    return config_names_user(d) ? std::string_view(d.config.auth_string)
                                : std::string_view(d.user_auth, d.user_auth_length);
}

device::Config device_config(parley_device& d) {
    const parley_config_t& c = d.config;
    device::Config config;
    config.server_url = c.server_url;
    config.device_name = c.device_name;
    config.app_version = c.app_version;
    config.token_path = view_or(c.token_path, net::oauth::kTokenPath);
    config.api.dialect = c.dialect == PARLEY_DIALECT_PARLEY ? net::parley::Dialect::kParleyDirect
                                                            : net::parley::Dialect::kKpnGateway;
    config.api.encoding = c.query_string_encoding ? net::parley::RequestEncoding::kQueryString
                                                  : net::parley::RequestEncoding::kJsonBody;
    config.api.api_version = view_or(c.api_version, "");
    config.api.auth_string = user_auth(d);
    config.api.account_secret = std::string_view(d.account_secret, d.account_secret_length);
    config.messenger.operation_timeout_ms = c.operation_timeout_ms;
    config.messenger.send_grace_ms = c.send_grace_ms;
    config.messenger.backoff.base_ms = c.retry_base_ms;
    config.messenger.history_messages = c.history_messages;
    config.messenger.read_receipts = c.read_receipts;  // where supported: the Device checks
    config.messenger.receipt_ids = hal::Span<uint64_t>(d.receipt_ids);
    config.messenger.unseen_count = c.read_receipts;
    return config;
}

hal::Result<uint32_t> accept_text(parley_device* d, const char* text) {
    if (d == nullptr || text == nullptr) return hal::Status::kInvalidArgument;
    if (!d->device.started()) return hal::Status::kFailedPrecondition;
    return d->device.messenger().send_text(text);
}

parley_error_t give_sequence(const hal::Result<uint32_t>& accepted, uint32_t* sequence) {
    if (accepted.ok() && sequence != nullptr) *sequence = accepted.value();
    return to_error(accepted.status());
}

hal::Status check_ticket(const parley_ticket_t& t) {
    if (t.fault_code == nullptr || t.fault_code[0] == '\0') return hal::Status::kInvalidArgument;
    if (std::strlen(t.fault_code) > apps::ticket::kMaxFaultCodeBytes) return hal::Status::kTooLarge;
    if (t.description != nullptr &&
        std::strlen(t.description) > apps::ticket::kMaxTicketDescriptionBytes)
        return hal::Status::kTooLarge;
    return hal::Status::kOk;
}

hal::Result<uint32_t> accept_ticket(parley_device* d, const parley_ticket_t* ticket) {
    if (d == nullptr || ticket == nullptr) return hal::Status::kInvalidArgument;
    HAL_TRY(check_ticket(*ticket));
    if (!d->device.started()) return hal::Status::kFailedPrecondition;
    const apps::ticket::DeviceFacts facts{
        d->device.device_id(), view_or(ticket->firmware_version, d->config.app_version),
        ticket->fault_code, ticket->uptime_s, view_or(ticket->description, "")};
    char text[apps::ticket::kMaxTicketTextBytes];
    HAL_ASSIGN_OR_RETURN(const size_t length, apps::ticket::compose_ticket(facts, text));
    return d->device.messenger().send_text(std::string_view(text, length));
}

hal::Result<uint32_t> accept_media(parley_device* d, const char* media_id,
                                   const char* description) {
    if (d == nullptr || media_id == nullptr) return hal::Status::kInvalidArgument;
    if (!d->device.started()) return hal::Status::kFailedPrecondition;
    return d->device.messenger().send_media(media_id, view_or(description, ""));
}

}  // namespace
}  // namespace firmware::capi

using firmware::capi::to_error;

extern "C" {

const char* parley_version(void) {
    return PARLEY_VERSION_STRING;
}

const char* parley_error_string(parley_error_t error) {
    return hal::to_string(firmware::capi::to_status(error));
}

size_t parley_storage_size(void) {
    return firmware::capi::kStorageNeeded;
}

void parley_config_init(parley_config_t* config) {
    if (config == nullptr) return;
    *config = parley_config_t{};
    const firmware::messenger::MessengerConfig messenger;
    config->dialect = PARLEY_DIALECT_KPN;
    config->settings_sectors = 4;
    config->outbox_sectors = 16;
    config->operation_timeout_ms = messenger.operation_timeout_ms;
    config->send_grace_ms = messenger.send_grace_ms;
    config->retry_base_ms = messenger.backoff.base_ms;
    config->history_messages = messenger.history_messages;
    config->read_receipts = true;
}

parley_error_t parley_create(parley_storage_t* storage, size_t storage_size,
                             const parley_hal_t* hal, const parley_config_t* config,
                             parley_device_t** device) {
    if (device == nullptr) return PARLEY_ERR_INVALID_ARGUMENT;
    *device = nullptr;
    const hal::Status checked = firmware::capi::check_create(storage, storage_size, hal, config);
    if (checked != hal::Status::kOk) return to_error(checked);
    auto* d = new (storage->bytes) parley_device(*hal, *config);
    firmware::capi::g_device = d;
    const hal::Status opened =
        firmware::capi::open(*d, storage->bytes + firmware::capi::kArenaOffset);
    if (opened != hal::Status::kOk) {
        firmware::capi::end(d);
        return to_error(opened);
    }
    *device = d;
    return PARLEY_OK;
}

parley_error_t parley_provision(parley_device_t* device, const char* client_id,
                                const char* client_secret) {
    if (device == nullptr || client_secret == nullptr) return PARLEY_ERR_INVALID_ARGUMENT;
    const bool direct = device->config.dialect == PARLEY_DIALECT_PARLEY;
    // Parley direct's API client holds the account secret it started with.
    if (direct && device->device.started()) return PARLEY_ERR_FAILED_PRECONDITION;
    if (!direct && client_id == nullptr) return PARLEY_ERR_INVALID_ARGUMENT;
    const std::string_view id = direct ? firmware::capi::kParleyDirectClientId : client_id;
    const hal::Status stored =
        firmware::settings::provision(device->device.settings(), id, client_secret);
    if (stored == hal::Status::kOk && device->device.started())
        device->device.messenger().credentials_changed();
    return to_error(stored);
}

bool parley_provisioned(parley_device_t* device) {
    if (device == nullptr) return false;
    firmware::settings::Credentials credentials;
    const bool kept = device->device.settings().read_credentials(credentials) == hal::Status::kOk;
    credentials.wipe();
    return kept;
}

parley_error_t parley_start(parley_device_t* device) {
    if (device == nullptr) return PARLEY_ERR_INVALID_ARGUMENT;
    if (device->device.started()) return PARLEY_ERR_FAILED_PRECONDITION;
    const hal::Status mounted =
        firmware::capi::mount(device->device.outbox(), device->config.erase_unreadable_flash);
    if (mounted != hal::Status::kOk) return to_error(mounted);
    if (device->config.dialect == PARLEY_DIALECT_PARLEY) {
        const hal::Status secret = firmware::capi::load_account_secret(*device);
        if (secret != hal::Status::kOk) return to_error(secret);
    }
    if (!firmware::capi::config_names_user(*device)) firmware::capi::load_user_auth(*device);
    return to_error(device->device.start(firmware::capi::device_config(*device), device->listener));
}

parley_error_t parley_provision_user(parley_device_t* device, const char* auth_string) {
    if (device == nullptr) return PARLEY_ERR_INVALID_ARGUMENT;
    // A string named by the configuration wins; provisioning one would change nothing.
    if (firmware::capi::config_names_user(*device)) return PARLEY_ERR_FAILED_PRECONDITION;
    const std::string_view auth = auth_string != nullptr ? auth_string : "";
    const hal::Status stored = firmware::settings::provision_user(device->device.settings(), auth);
    if (stored != hal::Status::kOk || !device->device.started()) return to_error(stored);
    firmware::capi::load_user_auth(*device);
    const std::string_view now(device->user_auth, device->user_auth_length);
    const hal::Status set = device->device.api().set_auth_string(now);
    if (set != hal::Status::kOk) return to_error(set);
    const firmware::device::Config config = firmware::capi::device_config(*device);
    device->device.messenger().registration_changed(
        firmware::device::subscription_hash(device->device.device_id(), config));
    return PARLEY_OK;
}

bool parley_user_provisioned(parley_device_t* device) {
    if (device == nullptr) return false;
    firmware::settings::UserAuth user;
    const bool kept = device->device.settings().read_user_auth(user) == hal::Status::kOk;
    user.wipe();
    return kept;
}

parley_error_t parley_step(parley_device_t* device, uint32_t* next_due_ms) {
    if (device == nullptr) return PARLEY_ERR_INVALID_ARGUMENT;
    if (!device->device.started()) return PARLEY_ERR_FAILED_PRECONDITION;
    const hal::Millis next = device->device.messenger().step(device->clock.now_ms());
    if (next_due_ms != nullptr) *next_due_ms = next;
    return PARLEY_OK;
}

parley_error_t parley_send_text(parley_device_t* device, const char* text, uint32_t* sequence) {
    return firmware::capi::give_sequence(firmware::capi::accept_text(device, text), sequence);
}

parley_error_t parley_send_ticket(parley_device_t* device, const parley_ticket_t* ticket,
                                  uint32_t* sequence) {
    return firmware::capi::give_sequence(firmware::capi::accept_ticket(device, ticket), sequence);
}

parley_error_t parley_send_media(parley_device_t* device, const char* media_id,
                                 const char* description, uint32_t* sequence) {
    return firmware::capi::give_sequence(
        firmware::capi::accept_media(device, media_id, description), sequence);
}

void parley_user_typing(parley_device_t* device) {
    if (device != nullptr && device->device.started())
        device->device.messenger().user_typing(device->clock.now_ms());
}

void parley_poll_soon(parley_device_t* device) {
    if (device != nullptr && device->device.started()) device->device.messenger().poll_soon();
}

void parley_message_shown(parley_device_t* device, uint64_t id) {
    if (device != nullptr && device->device.started()) device->device.messenger().message_shown(id);
}

void parley_request_unread_count(parley_device_t* device) {
    if (device != nullptr && device->device.started())
        device->device.messenger().request_unread_count();
}

parley_error_t parley_status(parley_device_t* device, parley_status_t* status) {
    if (device == nullptr || status == nullptr) return PARLEY_ERR_INVALID_ARGUMENT;
    *status = parley_status_t{};
    firmware::device::Device& d = device->device;
    status->started = d.started();
    status->provisioned = parley_provisioned(device);
    status->link = device->listener.link();
    status->link_cause = device->listener.cause();
    status->unconfirmed = static_cast<uint32_t>(d.outbox().unconfirmed_count());
    if (d.started()) {
        status->subscribed = d.messenger().subscribed();
        status->last_seen_id = d.messenger().last_seen_id();
        status->operations = d.messenger().operations();
        if (d.tokens() != nullptr) status->token_requests = d.tokens()->requests_made();
    }
    const std::string_view id = d.device_id();
    std::memcpy(status->device_id, id.data(), id.size());
    status->device_id[id.size()] = '\0';
    return PARLEY_OK;
}

void parley_disconnect(parley_device_t* device) {
    if (device != nullptr) device->device.disconnect();
}

void parley_destroy(parley_device_t* device) {
    if (device != nullptr) firmware::capi::end(device);
}

}  // extern "C"
