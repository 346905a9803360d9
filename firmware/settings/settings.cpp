#include "firmware/settings/settings.h"

#include "hal/secure_wipe.h"

namespace firmware::settings {
namespace {

static_assert(kCredentialsMaxSize + RecordCipher::kOverhead <= kMaxValueSize,
              "sealed credentials must fit one record");
static_assert(kTokenMaxSize + RecordCipher::kOverhead <= kMaxValueSize,
              "a sealed token must fit one record");
static_assert(kDeviceIdMaxSize <= kMaxValueSize, "a device id must fit one record");
static_assert(kUserAuthRecordMaxSize + RecordCipher::kOverhead <= kSmallValueSize,
              "the sealed user string must fit a small key's record");
static_assert(static_cast<size_t>(SettingKey::kUserAuth) == kLargeKeys &&
                  static_cast<size_t>(SettingKey::kUserAuth) < kMaxKeys,
              "the user string is the small key after the large ones");

constexpr uint8_t id(SettingKey key) {
    return static_cast<uint8_t>(key);
}

}  // namespace

Settings::~Settings() {
    wipe_buffers();
}

void Settings::wipe_buffers() {
    hal::secure_wipe(plain_, sizeof plain_);
    hal::secure_wipe(sealed_, sizeof sealed_);
}

hal::Status Settings::mount() {
    cipher_.forget();
    damage_ = Damage{};
    HAL_TRY(store_.mount());
    damage_.store = store_.damage();
    return cipher_.derive_key(identity_);
}

hal::Status Settings::format() {
    cipher_.forget();
    damage_ = Damage{};
    HAL_TRY(store_.format());
    return cipher_.derive_key(identity_);
}

// A value kept twice is rewritten from the copy it was read from; then everything else
// is copied clean into a fresh sector. Both copies are read before anything is written:
// each write moves the previous sector.
hal::Status Settings::repair() {
    HAL_TRY(check_mounted());
    uint8_t device_id[kDeviceIdMaxSize];
    size_t device_id_size = 0;
    if (damage_.device_id_from_copy) {
        HAL_ASSIGN_OR_RETURN(device_id_size, store_.read_previous(id(SettingKey::kDeviceId),
                                                                  hal::ByteSpan(device_id)));
    }
    size_t credentials_size = 0;
    if (damage_.credentials_from_copy) {
        HAL_ASSIGN_OR_RETURN(credentials_size, store_.read_previous(id(SettingKey::kCredentials),
                                                                    hal::ByteSpan(sealed_)));
    }
    hal::Status status = hal::Status::kOk;
    if (credentials_size > 0) {
        status = store_.write_redundant(id(SettingKey::kCredentials),
                                        hal::ConstByteSpan(sealed_, credentials_size));
    }
    wipe_buffers();
    HAL_TRY(status);
    if (device_id_size > 0) {
        HAL_TRY(store_.write_redundant(id(SettingKey::kDeviceId),
                                       hal::ConstByteSpan(device_id, device_id_size)));
    }
    if (store_.damage().any()) HAL_TRY(store_.rewrite());
    damage_ = Damage{};
    return hal::Status::kOk;
}

// The current sector's record, else (lost to damage) the one the previous sector holds.
hal::Result<size_t> Settings::read_kept_twice(SettingKey key, hal::ByteSpan out, bool* from_copy) {
    const hal::Result<size_t> size = store_.read(id(key), out);
    if (size.status() != hal::Status::kNotFound && size.status() != hal::Status::kCorrupt) {
        return size;
    }
    const hal::Result<size_t> copy = store_.read_previous(id(key), out);
    // No copy: the first answer stands. A copy that could not be read (a flash error) is
    // that error, never "not found": the caller would make a new identity.
    if (copy.status() == hal::Status::kNotFound) return size.status();
    if (!copy.ok()) return copy.status();
    *from_copy = true;
    return copy;
}

hal::Status Settings::check_mounted() const {
    return mounted() ? hal::Status::kOk : hal::Status::kFailedPrecondition;
}

// Seals plain_[0, plaintext_size) into sealed_ and stores it; both buffers are wiped.
hal::Status Settings::write_sealed(SettingKey key, size_t plaintext_size) {
    const hal::Result<size_t> sealed = cipher_.seal(
        id(key), hal::ConstByteSpan(plain_, plaintext_size), entropy_, hal::ByteSpan(sealed_));
    hal::Status status = sealed.status();
    if (status == hal::Status::kOk) {
        const hal::ConstByteSpan value(sealed_, sealed.value());
        // The credentials are kept twice: nothing else can bring them back.
        status = key == SettingKey::kCredentials ? store_.write_redundant(id(key), value)
                                                 : store_.write(id(key), value);
    }
    wipe_buffers();
    return status;
}

// Opens the stored value of `key` into plain_; the caller decodes and wipes.
hal::Result<size_t> Settings::read_sealed(SettingKey key) {
    const hal::Result<size_t> stored =
        key == SettingKey::kCredentials
            ? read_kept_twice(key, hal::ByteSpan(sealed_), &damage_.credentials_from_copy)
            : store_.read(id(key), hal::ByteSpan(sealed_));
    if (!stored.ok()) return stored.status();
    const hal::Result<size_t> opened =
        cipher_.open(id(key), hal::ConstByteSpan(sealed_, stored.value()), hal::ByteSpan(plain_));
    hal::secure_wipe(sealed_, sizeof sealed_);
    // Longer than any value this build seals: not ours.
    if (opened.status() == hal::Status::kBufferTooSmall) return hal::Status::kCorrupt;
    return opened;
}

hal::Result<size_t> Settings::read_plain(SettingKey key, hal::ByteSpan out) {
    HAL_TRY(check_mounted());
    const hal::Result<size_t> size = store_.read(id(key), out);
    // A stored value larger than its type allows is not one this build wrote.
    if (size.status() == hal::Status::kBufferTooSmall) return hal::Status::kCorrupt;
    return size;
}

hal::Status Settings::read_credentials(Credentials& out) {
    return read_sealed_value(SettingKey::kCredentials, out, decode_credentials);
}

hal::Status Settings::write_credentials(std::string_view client_id,
                                        std::string_view client_secret) {
    HAL_TRY(check_mounted());
    const hal::Result<size_t> size =
        encode_credentials(client_id, client_secret, hal::ByteSpan(plain_));
    if (!size.ok()) return size.status();
    return write_sealed(SettingKey::kCredentials, size.value());
}

hal::Status Settings::read_device_id(DeviceId& out) {
    out.wipe();
    uint8_t bytes[kDeviceIdMaxSize];
    HAL_TRY(check_mounted());
    const hal::Result<size_t> read =
        read_kept_twice(SettingKey::kDeviceId, hal::ByteSpan(bytes), &damage_.device_id_from_copy);
    const hal::Status status =
        read.status() == hal::Status::kBufferTooSmall ? hal::Status::kCorrupt : read.status();
    HAL_TRY(status);
    const size_t size = read.value();
    return out.assign(hal::as_chars(hal::ConstByteSpan(bytes, size)));
}

hal::Status Settings::write_device_id(std::string_view device_id) {
    HAL_TRY(check_mounted());
    if (device_id.empty()) return hal::Status::kInvalidArgument;
    if (device_id.size() > kDeviceIdMaxSize) return hal::Status::kTooLarge;
    return store_.write_redundant(id(SettingKey::kDeviceId), hal::as_bytes(device_id));
}

hal::Status Settings::read_token(Token& out) {
    return read_sealed_value(SettingKey::kToken, out, decode_token);
}

hal::Status Settings::write_token(const Token& token) {
    HAL_TRY(check_mounted());
    const hal::Result<size_t> size = encode_token(token, hal::ByteSpan(plain_));
    if (!size.ok()) return size.status();
    return write_sealed(SettingKey::kToken, size.value());
}

hal::Status Settings::clear_token() {
    HAL_TRY(check_mounted());
    return store_.remove(id(SettingKey::kToken));
}

hal::Status Settings::read_subscription(Subscription& out) {
    out = Subscription{};
    uint8_t bytes[kSubscriptionSize];
    HAL_ASSIGN_OR_RETURN(const size_t size,
                         read_plain(SettingKey::kSubscription, hal::ByteSpan(bytes)));
    return decode_subscription(hal::ConstByteSpan(bytes, size), out);
}

hal::Status Settings::write_subscription(const Subscription& subscription) {
    HAL_TRY(check_mounted());
    uint8_t bytes[kSubscriptionSize];
    encode_subscription(subscription, bytes);
    return store_.write(id(SettingKey::kSubscription), hal::ConstByteSpan(bytes));
}

hal::Status Settings::clear_subscription() {
    HAL_TRY(check_mounted());
    return store_.remove(id(SettingKey::kSubscription));
}

hal::Status Settings::read_user_auth(UserAuth& out) {
    return read_sealed_value(SettingKey::kUserAuth, out, decode_user_auth);
}

hal::Status Settings::write_user_auth(std::string_view auth) {
    HAL_TRY(check_mounted());
    const hal::Result<size_t> size = encode_user_auth(auth, hal::ByteSpan(plain_));
    if (!size.ok()) {
        wipe_buffers();
        return size.status();
    }
    return write_sealed(SettingKey::kUserAuth, size.value());
}

hal::Status Settings::clear_user_auth() {
    HAL_TRY(check_mounted());
    return store_.remove(id(SettingKey::kUserAuth));
}

hal::Result<uint64_t> Settings::read_last_message_id() {
    return read_id(SettingKey::kLastMessageId);
}

hal::Status Settings::write_last_message_id(uint64_t id_seen) {
    return write_id(SettingKey::kLastMessageId, id_seen);
}

hal::Result<uint64_t> Settings::read_last_sent_id() {
    return read_id(SettingKey::kLastSentId);
}

hal::Status Settings::write_last_sent_id(uint64_t id_sent) {
    return write_id(SettingKey::kLastSentId, id_sent);
}

hal::Result<uint64_t> Settings::read_id(SettingKey key) {
    uint8_t bytes[kLastMessageIdSize];
    HAL_ASSIGN_OR_RETURN(const size_t size, read_plain(key, hal::ByteSpan(bytes)));
    return decode_last_message_id(hal::ConstByteSpan(bytes, size));
}

hal::Status Settings::write_id(SettingKey key, uint64_t value) {
    HAL_TRY(check_mounted());
    uint8_t bytes[kLastMessageIdSize];
    encode_last_message_id(value, bytes);
    return store_.write(id(key), hal::ConstByteSpan(bytes));
}

}  // namespace firmware::settings
