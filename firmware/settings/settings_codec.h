// SettingsCodec: the plaintext bytes of each typed setting (SPEC.md "Settings records"),
// before sealing for the secret ones. Decoding checks every length against its named
// capacity: bytes that do not fit the layout are kCorrupt. No heap.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "firmware/settings/settings_values.h"
#include "hal/result.h"
#include "hal/span.h"
#include "hal/status.h"

namespace firmware::settings {

constexpr size_t kCredentialsMaxSize = 1 + kClientIdMaxSize + kClientSecretMaxSize;
constexpr size_t kTokenTimesSize = 16;
constexpr size_t kTokenMaxSize = kTokenTimesSize + kAccessTokenMaxSize;
constexpr size_t kSubscriptionSize = 5;
constexpr size_t kLastMessageIdSize = 8;
constexpr size_t kUserAuthRecordMaxSize = kUserAuthMaxSize;
constexpr size_t kMaxPlaintextSize =
    kCredentialsMaxSize > kTokenMaxSize ? kCredentialsMaxSize : kTokenMaxSize;

static_assert(kClientIdMaxSize <= 0xFF, "the client id length is one byte");

// Both encoders return the bytes used; kTooLarge when a text exceeds its capacity,
// kInvalidArgument when a required text is empty, kBufferTooSmall for `out`.
hal::Result<size_t> encode_credentials(std::string_view client_id, std::string_view client_secret,
                                       hal::ByteSpan out);
hal::Status decode_credentials(hal::ConstByteSpan in, Credentials& out);

hal::Result<size_t> encode_token(const Token& token, hal::ByteSpan out);
hal::Status decode_token(hal::ConstByteSpan in, Token& out);

void encode_subscription(const Subscription& subscription, uint8_t (&out)[kSubscriptionSize]);
hal::Status decode_subscription(hal::ConstByteSpan in, Subscription& out);

// The registered user's string as it is (1..kUserAuthMaxSize bytes of visible ASCII and
// spaces: it travels in a request header). Anything else is kInvalidArgument / kTooLarge
// on the way in and kCorrupt on the way out.
hal::Result<size_t> encode_user_auth(std::string_view auth, hal::ByteSpan out);
hal::Status decode_user_auth(hal::ConstByteSpan in, UserAuth& out);

void encode_last_message_id(uint64_t id, uint8_t (&out)[kLastMessageIdSize]);
hal::Result<uint64_t> decode_last_message_id(hal::ConstByteSpan in);

}  // namespace firmware::settings
