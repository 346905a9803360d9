// Fuzzes the settings payload decoders (firmware/settings/settings_codec.h) on arbitrary
// plaintext, as it comes out of the record store after decryption (SPEC.md "Settings
// records"). Every decoder gets the whole input. Each either refuses it as kCorrupt,
// leaving no secret behind, or yields values within the documented bounds (client id
// 1..128 bytes, client secret 1..256, access token 1..512, subscription flags bit 0 only,
// ids exactly 8 bytes, the user string 1..256 header-safe bytes), and encoding what it decoded
// gives back the input byte for byte. The other way round, the input read as values (split at its
// first byte) encodes or is refused by the documented rule, and decodes back to the same values.
// The last message id and the last sent id share one layout and one decoder. Never a crash.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string_view>

#include "firmware/settings/settings_codec.h"
#include "hal/le_bytes.h"

namespace {

using firmware::settings::Credentials;
using firmware::settings::Subscription;
using firmware::settings::Token;
using hal::Status;
namespace settings = firmware::settings;

void require(bool condition) {
    if (!condition) std::abort();
}

bool same_bytes(hal::ConstByteSpan a, hal::ConstByteSpan b) {
    return a.size() == b.size() && (a.empty() || std::memcmp(a.data(), b.data(), a.size()) == 0);
}

bool within(size_t size, size_t capacity) {
    return size >= 1 && size <= capacity;
}

void check_credentials(hal::ConstByteSpan in) {
    static Credentials decoded;
    const Status status = settings::decode_credentials(in, decoded);
    if (status != Status::kOk) {
        require(status == Status::kCorrupt);
        require(decoded.client_id.empty() && decoded.client_secret.empty());
        return;
    }
    const std::string_view id = decoded.client_id.view();
    const std::string_view secret = decoded.client_secret.view();
    require(within(id.size(), settings::kClientIdMaxSize));
    require(within(secret.size(), settings::kClientSecretMaxSize));
    require(1 + id.size() + secret.size() == in.size());
    static uint8_t encoded[settings::kCredentialsMaxSize];
    const hal::Result<size_t> size =
        settings::encode_credentials(id, secret, hal::ByteSpan(encoded));
    require(size.ok() && same_bytes(hal::ConstByteSpan(encoded, size.value()), in));
}

// The input as a client id of in[0] bytes and the rest as the secret.
void check_credentials_values(hal::ConstByteSpan in) {
    if (in.empty()) return;
    const size_t id_size = in[0] < in.size() - 1 ? in[0] : in.size() - 1;
    const std::string_view id = hal::as_chars(in.subspan(1, id_size));
    const std::string_view secret = hal::as_chars(in.subspan(1 + id_size));
    static uint8_t encoded[settings::kCredentialsMaxSize];
    const hal::Result<size_t> size =
        settings::encode_credentials(id, secret, hal::ByteSpan(encoded));
    // Either refusal may come first when both apply.
    const bool empty = id.empty() || secret.empty();
    const bool too_large =
        id.size() > settings::kClientIdMaxSize || secret.size() > settings::kClientSecretMaxSize;
    if (empty || too_large) {
        require((empty && size.status() == Status::kInvalidArgument) ||
                (too_large && size.status() == Status::kTooLarge));
        return;
    }
    require(size.ok() && size.value() == 1 + id.size() + secret.size());
    static Credentials decoded;
    require(settings::decode_credentials(hal::ConstByteSpan(encoded, size.value()), decoded) ==
            Status::kOk);
    require(decoded.client_id.view() == id && decoded.client_secret.view() == secret);
}

void check_token(hal::ConstByteSpan in) {
    static Token decoded;
    const Status status = settings::decode_token(in, decoded);
    if (status != Status::kOk) {
        require(status == Status::kCorrupt);
        require(decoded.access_token.empty() && decoded.expires_at_s == 0 &&
                decoded.issued_at_ms == 0);
        return;
    }
    require(within(decoded.access_token.size(), settings::kAccessTokenMaxSize));
    require(settings::kTokenTimesSize + decoded.access_token.size() == in.size());
    static uint8_t encoded[settings::kTokenMaxSize];
    const hal::Result<size_t> size = settings::encode_token(decoded, hal::ByteSpan(encoded));
    require(size.ok() && same_bytes(hal::ConstByteSpan(encoded, size.value()), in));
}

// The input as two times (zero-padded) and the rest as the access token.
void check_token_values(hal::ConstByteSpan in) {
    static Token token;
    token.wipe();
    uint8_t times[settings::kTokenTimesSize] = {};
    const size_t times_size = in.size() < sizeof times ? in.size() : sizeof times;
    if (times_size > 0) std::memcpy(times, in.data(), times_size);
    token.expires_at_s = hal::get_le<int64_t>(times);
    token.issued_at_ms = hal::get_le<int64_t>(times + 8);
    const std::string_view text = hal::as_chars(in.subspan(times_size));
    if (token.access_token.assign(text) != Status::kOk) {
        require(text.size() > settings::kAccessTokenMaxSize);
        return;
    }
    static uint8_t encoded[settings::kTokenMaxSize];
    const hal::Result<size_t> size = settings::encode_token(token, hal::ByteSpan(encoded));
    if (text.empty()) {
        require(size.status() == Status::kInvalidArgument);
        return;
    }
    require(size.ok() && size.value() == settings::kTokenTimesSize + text.size());
    static Token decoded;
    require(settings::decode_token(hal::ConstByteSpan(encoded, size.value()), decoded) ==
            Status::kOk);
    require(decoded.access_token.view() == text && decoded.expires_at_s == token.expires_at_s &&
            decoded.issued_at_ms == token.issued_at_ms);
}

void check_subscription(hal::ConstByteSpan in) {
    Subscription decoded;
    const Status status = settings::decode_subscription(in, decoded);
    if (status != Status::kOk) {
        require(status == Status::kCorrupt);
        return;
    }
    require(in.size() == settings::kSubscriptionSize && (in[0] & ~1u) == 0);
    uint8_t encoded[settings::kSubscriptionSize];
    settings::encode_subscription(decoded, encoded);
    require(same_bytes(hal::ConstByteSpan(encoded), in));
    Subscription again;
    require(settings::decode_subscription(hal::ConstByteSpan(encoded), again) == Status::kOk);
    require(again.subscribed == decoded.subscribed && again.config_hash == decoded.config_hash);
}

// The last message id and the last sent id (SettingKey 4 and 5): one layout.
void check_id(hal::ConstByteSpan in) {
    const hal::Result<uint64_t> decoded = settings::decode_last_message_id(in);
    if (!decoded.ok()) {
        require(decoded.status() == Status::kCorrupt);
        require(in.size() != settings::kLastMessageIdSize);
        return;
    }
    require(in.size() == settings::kLastMessageIdSize);
    uint8_t encoded[settings::kLastMessageIdSize];
    settings::encode_last_message_id(decoded.value(), encoded);
    require(same_bytes(hal::ConstByteSpan(encoded), in));
}

// The registered user's string: kCorrupt and empty, or 1..256 header-safe bytes that
// encode back to the input.
void check_user_auth(hal::ConstByteSpan in) {
    static settings::UserAuth decoded;
    const Status status = settings::decode_user_auth(in, decoded);
    if (status != Status::kOk) {
        require(status == Status::kCorrupt && decoded.empty());
        return;
    }
    require(within(decoded.size(), settings::kUserAuthMaxSize));
    static uint8_t encoded[settings::kUserAuthRecordMaxSize];
    const hal::Result<size_t> size =
        settings::encode_user_auth(decoded.view(), hal::ByteSpan(encoded));
    require(size.ok() && same_bytes(hal::ConstByteSpan(encoded, size.value()), in));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const hal::ConstByteSpan in(data, size);
    check_credentials(in);
    check_credentials_values(in);
    check_token(in);
    check_token_values(in);
    check_subscription(in);
    check_id(in);
    check_user_auth(in);
    // A value that fills a record exactly: each decoder also sees the input's tail, so
    // short layouts (subscription, ids) are met inside long inputs too.
    if (size > settings::kLastMessageIdSize) {
        check_subscription(in.subspan(size - settings::kSubscriptionSize));
        check_id(in.subspan(size - settings::kLastMessageIdSize));
    }
    return 0;
}
