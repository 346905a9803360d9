// Settings: the device's persistent settings as named values (credentials, device id,
// access token, subscription state, last message id, the registered user's string) over a
// RecordStore. The client secret, the token and the user's string are sealed with AES-256-GCM under
// a key derived from the device key: never on flash in clear, unreadable on another device. No
// heap; nothing is logged.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "firmware/settings/record_cipher.h"
#include "firmware/settings/record_store.h"
#include "firmware/settings/settings_codec.h"
#include "firmware/settings/settings_values.h"
#include "hal/device_identity.h"
#include "hal/entropy.h"
#include "hal/flash.h"
#include "hal/result.h"
#include "hal/status.h"

namespace firmware::settings {

class Settings {
  public:
    // All three must outlive the object; `entropy` supplies the nonces.
    Settings(hal::Flash& flash, hal::DeviceIdentity& identity, hal::Entropy& entropy)
        : store_(flash), identity_(identity), entropy_(entropy) {}
    ~Settings();
    Settings(const Settings&) = delete;
    Settings& operator=(const Settings&) = delete;

    // Mounts the store and derives the record key. Needs net::tls::platform_init first
    // (kFailedPrecondition otherwise). Errors of RecordStore::mount and of the identity
    // are passed on. Every other call needs a successful mount (kFailedPrecondition).
    // kCorrupt: the flash holds no readable settings log (see RecordStore::mount); the
    // app reports it and formats only when told to (format()).
    hal::Status mount();
    bool mounted() const { return store_.mounted() && cipher_.ready(); }

    // What mount found wrong, and which values were read from their second copy
    // (SPEC.md "Damage"). The credentials and the device id are kept twice.
    struct Damage {
        StoreDamage store;
        bool credentials_from_copy = false;
        bool device_id_from_copy = false;
        bool any() const { return store.any() || credentials_from_copy || device_id_from_copy; }
    };
    const Damage& damage() const { return damage_; }

    // Writes clean what mount found damaged: values read from their second copy get two
    // copies again, corrected bits and damaged ranges are left behind. A device that is
    // not in a read-only command calls it after mount when damage().any().
    hal::Status repair();

    // Erases the settings (RecordStore::format) and mounts again: everything is lost.
    hal::Status format();

    // Reads: kNotFound when never written (or cleared); kCorrupt when the bytes fail
    // their CRC or layout, or a sealed value fails authentication (written on another
    // device, or tampered with). A failed read leaves `out` empty.
    // Writes: kOk once the value is committed; otherwise the previous value stays.
    // Texts over their capacity are kTooLarge, empty required texts kInvalidArgument.
    hal::Status read_credentials(Credentials& out);
    hal::Status write_credentials(std::string_view client_id, std::string_view client_secret);

    hal::Status read_device_id(DeviceId& out);
    hal::Status write_device_id(std::string_view device_id);

    hal::Status read_token(Token& out);
    hal::Status write_token(const Token& token);
    hal::Status clear_token();

    hal::Status read_subscription(Subscription& out);
    hal::Status write_subscription(const Subscription& subscription);
    hal::Status clear_subscription();

    // The registered user's string (sealed). kNotFound: none kept, the device is
    // anonymous. clear_user_auth() removes it (kOk when there was none).
    hal::Status read_user_auth(UserAuth& out);
    hal::Status write_user_auth(std::string_view auth);
    hal::Status clear_user_auth();

    hal::Result<uint64_t> read_last_message_id();
    hal::Status write_last_message_id(uint64_t id);

    // The service's id of the newest outbox entry it confirmed: the floor below which no
    // later entry can be stored (reconciliation, outbox SPEC.md).
    hal::Result<uint64_t> read_last_sent_id();
    hal::Status write_last_sent_id(uint64_t id);

  private:
    hal::Status check_mounted() const;
    hal::Status write_sealed(SettingKey key, size_t plaintext_size);
    hal::Result<size_t> read_sealed(SettingKey key);
    // A sealed value's read: opened into plain_, decoded into `out` (wiped first, left
    // empty on failure), plain_ wiped after.
    template <typename Value>
    hal::Status read_sealed_value(SettingKey key, Value& out,
                                  hal::Status (*decode)(hal::ConstByteSpan, Value&)) {
        out.wipe();
        HAL_TRY(check_mounted());
        const hal::Result<size_t> size = read_sealed(key);
        hal::Status status = size.status();
        if (status == hal::Status::kOk)
            status = decode(hal::ConstByteSpan(plain_, size.value()), out);
        wipe_buffers();
        return status;
    }
    hal::Result<size_t> read_plain(SettingKey key, hal::ByteSpan out);
    hal::Result<size_t> read_kept_twice(SettingKey key, hal::ByteSpan out, bool* from_copy);
    hal::Result<uint64_t> read_id(SettingKey key);
    hal::Status write_id(SettingKey key, uint64_t id);
    void wipe_buffers();

    RecordStore store_;
    RecordCipher cipher_;
    hal::DeviceIdentity& identity_;
    hal::Entropy& entropy_;
    Damage damage_{};
    uint8_t plain_[kMaxPlaintextSize] = {};  // a secret in clear, wiped after every use
    uint8_t sealed_[kMaxValueSize] = {};     // a record value as stored
};

}  // namespace firmware::settings
