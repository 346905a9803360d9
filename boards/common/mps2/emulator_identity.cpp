#include "boards/common/mps2/emulator_identity.h"

#include <cstring>

#include "boards/common/mps2/board_config.h"
#include "mbedtls/sha256.h"

namespace boards::mps2_an386 {
namespace {

constexpr char kHardwareId[] = PARLEY_BOARD_HARDWARE_ID;
constexpr char kDeviceSecret[] = PARLEY_BOARD_DEVICE_SECRET;
constexpr int kSha256 = 0;  // mbedtls_sha256's is224 argument

hal::ConstByteSpan as_span(const char* text, size_t size) {
    return hal::ConstByteSpan(reinterpret_cast<const uint8_t*>(text), size);
}

}  // namespace

hal::ConstByteSpan EmulatorIdentity::hardware_id() {
    return as_span(kHardwareId, sizeof kHardwareId - 1);
}

hal::Status EmulatorIdentity::device_key(hal::ByteSpan out) {
    static_assert(hal::kDeviceKeySize == 32, "the key is one SHA-256 digest");
    if (out.size() < hal::kDeviceKeySize) return hal::Status::kBufferTooSmall;
    mbedtls_sha256_context sha;
    mbedtls_sha256_init(&sha);
    const bool ok =
        mbedtls_sha256_starts(&sha, kSha256) == 0 &&
        mbedtls_sha256_update(&sha, as_span(kDeviceSecret, sizeof kDeviceSecret - 1).data(),
                              sizeof kDeviceSecret - 1) == 0 &&
        mbedtls_sha256_update(&sha, hardware_id().data(), hardware_id().size()) == 0 &&
        mbedtls_sha256_finish(&sha, out.data()) == 0;
    mbedtls_sha256_free(&sha);
    return ok ? hal::Status::kOk : hal::Status::kInternal;
}

}  // namespace boards::mps2_an386
