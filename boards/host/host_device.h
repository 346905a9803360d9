// HostDevice: the composition root of the host apps — one Linux process playing one
// device. It owns the POSIX ports (clock, entropy, TCP, a flash file, an identity file,
// stderr log) and one firmware::device::Device built from them, exactly as a board does
// with its own ports; what stays here is the host's own: the options, the access mode,
// format, the CA file, a token endpoint on another origin, Parley direct's account
// secret and the messages for the user. The Device is created once in open_storage().
#pragma once

#include <memory>
#include <string>

#include "boards/host/app_options.h"
#include "firmware/messenger/messenger.h"
#include "firmware/outbox/outbox.h"
#include "firmware/settings/settings.h"
#include "firmware/token/token_keeper.h"
#include "net/parley/parley_client.h"

namespace boards::host {

// The flash file: settings in the first sectors, the outbox in the rest.
constexpr uint32_t kFlashSectorSize = 4096;
constexpr uint32_t kSettingsSectors = 4;
constexpr uint32_t kOutboxSectors = 16;

struct HostDeviceParts;  // host_device.cpp

class HostDevice {
  public:
    HostDevice();
    ~HostDevice();
    HostDevice(const HostDevice&) = delete;
    HostDevice& operator=(const HostDevice&) = delete;

    // How a command uses the flash: kReadOnly (status) reads and reports, never writes —
    // no device id is made, damage is not repaired.
    enum class Access : uint8_t { kReadWrite, kReadOnly };

    // Opens flash, identity and settings only: enough to provision. Settings the flash
    // holds no readable log for (damaged, or not a parley flash file) are reported as
    // kCorrupt with the way out (format); nothing is written. Damage that was survived
    // is repaired (kReadWrite) and stays visible in storage_damage().
    hal::Status open_storage(const AppOptions& options, std::string* error,
                             Access access = Access::kReadWrite);
    // Erases the whole flash file (settings and outbox) for `format --yes`: the device
    // id, the credentials and every queued message are gone. The identity file stays.
    hal::Status format_flash(const AppOptions& options, std::string* error);
    // What opening the settings and the outbox found wrong (see StorageDamage).
    firmware::messenger::StorageDamage storage_damage() const;
    // The outbox (after open_storage); open_network opens it too. Reads only.
    hal::Status open_outbox(std::string* error);
    // Everything else: TLS, HTTP, token keeper, API client, outbox, messenger.
    // The listener receives the messenger's events. `shows_unread`: the app shows the
    // unread count, so the service's is asked for at start (--receipts on, where the API
    // version has it); otherwise it is only counted from the last id seen, at no cost.
    hal::Status open_network(firmware::messenger::MessengerListener& listener, std::string* error,
                             bool shows_unread = false);

    // Stores credentials (client id and secret for KPN; for Parley direct the account
    // secret, with client id "parley-direct").
    hal::Status provision(const std::string& client_id, const std::string& client_secret);
    // Stores the registered user's string (sealed), or removes it when `auth` is empty;
    // the device subscribes again at its next start (firmware::settings::provision_user).
    hal::Status provision_user(const std::string& auth);

    firmware::settings::Settings& settings();
    firmware::outbox::Outbox& outbox();
    firmware::messenger::Messenger& messenger();
    net::parley::ParleyClient& api();
    firmware::token::TokenKeeper* tokens();  // null for Parley direct
    hal::Clock& clock();
    // How long one network operation may take (--timeout), after open_network.
    hal::Millis operation_timeout_ms() const { return operation_timeout_ms_; }
    const std::string& device_id() const { return device_id_; }
    const AppOptions& options() const { return options_; }

  private:
    hal::Status load_device_id(std::string* error, Access access);
    hal::Status open_flash(const AppOptions& options, std::string* error);
    firmware::settings::Settings::Damage settings_damage_{};

    AppOptions options_;
    std::string device_id_;
    hal::Millis operation_timeout_ms_ = 0;
    std::unique_ptr<HostDeviceParts> parts_;
};

// A message for the user about a Status (what happened and what to do).
std::string explain(hal::Status status);

}  // namespace boards::host
