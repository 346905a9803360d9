#include "firmware/settings/settings_codec.h"

#include <cstring>

#include "hal/le_bytes.h"

namespace firmware::settings {

using hal::get_le;
using hal::put_le;
namespace {

constexpr uint8_t kSubscribedFlag = 0x01;

std::string_view chars(hal::ConstByteSpan bytes) {
    return hal::as_chars(bytes);
}

void put_text(uint8_t* out, std::string_view text) {
    if (!text.empty()) std::memcpy(out, text.data(), text.size());
}

hal::Status check_text(std::string_view text, size_t capacity) {
    if (text.empty()) return hal::Status::kInvalidArgument;
    return text.size() > capacity ? hal::Status::kTooLarge : hal::Status::kOk;
}

// Header-safe text: visible ASCII and spaces (net::parley::check_header_value's rule).
bool header_safe(std::string_view text) {
    for (const char c : text) {
        if (c < ' ' || c > '~') return false;
    }
    return true;
}

}  // namespace

hal::Result<size_t> encode_user_auth(std::string_view auth, hal::ByteSpan out) {
    HAL_TRY(check_text(auth, kUserAuthMaxSize));
    if (!header_safe(auth)) return hal::Status::kInvalidArgument;
    if (out.size() < auth.size()) return hal::Status::kBufferTooSmall;
    put_text(out.data(), auth);
    return auth.size();
}

hal::Status decode_user_auth(hal::ConstByteSpan in, UserAuth& out) {
    out.wipe();
    const std::string_view text = chars(in);
    if (text.empty() || !header_safe(text) || out.assign(text) != hal::Status::kOk) {
        return hal::Status::kCorrupt;
    }
    return hal::Status::kOk;
}

hal::Result<size_t> encode_credentials(std::string_view client_id, std::string_view client_secret,
                                       hal::ByteSpan out) {
    HAL_TRY(check_text(client_id, kClientIdMaxSize));
    HAL_TRY(check_text(client_secret, kClientSecretMaxSize));
    const size_t size = 1 + client_id.size() + client_secret.size();
    if (out.size() < size) return hal::Status::kBufferTooSmall;
    out[0] = static_cast<uint8_t>(client_id.size());
    put_text(out.data() + 1, client_id);
    put_text(out.data() + 1 + client_id.size(), client_secret);
    return size;
}

hal::Status decode_credentials(hal::ConstByteSpan in, Credentials& out) {
    out.wipe();
    if (in.empty()) return hal::Status::kCorrupt;
    const size_t id_size = in[0];
    if (id_size == 0 || in.size() <= 1 + id_size) return hal::Status::kCorrupt;
    const hal::ConstByteSpan id = in.subspan(1, id_size);
    const hal::ConstByteSpan secret = in.subspan(1 + id_size);
    if (out.client_id.assign(chars(id)) != hal::Status::kOk ||
        out.client_secret.assign(chars(secret)) != hal::Status::kOk) {
        out.wipe();
        return hal::Status::kCorrupt;
    }
    return hal::Status::kOk;
}

hal::Result<size_t> encode_token(const Token& token, hal::ByteSpan out) {
    const std::string_view access = token.access_token.view();
    HAL_TRY(check_text(access, kAccessTokenMaxSize));
    const size_t size = kTokenTimesSize + access.size();
    if (out.size() < size) return hal::Status::kBufferTooSmall;
    put_le<int64_t>(out.data(), token.expires_at_s);
    put_le<int64_t>(out.data() + 8, token.issued_at_ms);
    put_text(out.data() + kTokenTimesSize, access);
    return size;
}

hal::Status decode_token(hal::ConstByteSpan in, Token& out) {
    out.wipe();
    if (in.size() <= kTokenTimesSize) return hal::Status::kCorrupt;
    if (out.access_token.assign(chars(in.subspan(kTokenTimesSize))) != hal::Status::kOk) {
        return hal::Status::kCorrupt;
    }
    out.expires_at_s = get_le<int64_t>(in.data());
    out.issued_at_ms = get_le<int64_t>(in.data() + 8);
    return hal::Status::kOk;
}

void encode_subscription(const Subscription& subscription, uint8_t (&out)[kSubscriptionSize]) {
    out[0] = subscription.subscribed ? kSubscribedFlag : 0;
    put_le<uint32_t>(out + 1, subscription.config_hash);
}

hal::Status decode_subscription(hal::ConstByteSpan in, Subscription& out) {
    if (in.size() != kSubscriptionSize || (in[0] & ~kSubscribedFlag) != 0) {
        return hal::Status::kCorrupt;
    }
    out.subscribed = (in[0] & kSubscribedFlag) != 0;
    out.config_hash = get_le<uint32_t>(in.data() + 1);
    return hal::Status::kOk;
}

void encode_last_message_id(uint64_t id, uint8_t (&out)[kLastMessageIdSize]) {
    put_le<uint64_t>(out, id);
}

hal::Result<uint64_t> decode_last_message_id(hal::ConstByteSpan in) {
    if (in.size() != kLastMessageIdSize) return hal::Status::kCorrupt;
    return get_le<uint64_t>(in.data());
}

}  // namespace firmware::settings
