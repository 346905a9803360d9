#include "hal/conformance/device_identity_checks.h"

#include <cstdint>
#include <cstring>
#include <initializer_list>

#include "hal/secure_wipe.h"
#include "hal/span.h"
#include "hal/status.h"

namespace hal::conformance {
namespace {

constexpr size_t kKey = hal::kDeviceKeySize;
constexpr size_t kMaxIdCopy = 64;  // bytes of the id compared across calls and reloads
constexpr uint8_t kCanary = 0x5A;

// Copies the key and the id prefix the checks compare; the caller wipes `key`.
struct Snapshot {
    uint8_t key[kKey];
    uint8_t id[kMaxIdCopy];
    size_t id_size;
};

void take(Context& ctx, hal::DeviceIdentity& identity, Snapshot& out) {
    const hal::ConstByteSpan id = identity.hardware_id();
    out.id_size = id.size();
    std::memcpy(out.id, id.data(), id.size() < kMaxIdCopy ? id.size() : kMaxIdCopy);
    HAL_CONFORM_STATUS(ctx, hal::Status::kOk, identity.device_key(hal::ByteSpan(out.key)));
}

size_t compared(size_t id_size) {
    return id_size < kMaxIdCopy ? id_size : kMaxIdCopy;
}

void id_not_empty(Context& ctx, DeviceIdentityFixture& fixture) {
    const hal::ConstByteSpan id = fixture.identity().hardware_id();
    HAL_CONFORM(ctx, !id.empty() && id.data() != nullptr, "hardware_id() is empty");
}

void id_stable(Context& ctx, DeviceIdentityFixture& fixture) {
    hal::DeviceIdentity& identity = fixture.identity();
    const hal::ConstByteSpan first = identity.hardware_id();
    uint8_t copy[kMaxIdCopy];
    const size_t n = compared(first.size());
    std::memcpy(copy, first.data(), n);
    uint8_t key[kKey];
    (void)identity.device_key(hal::ByteSpan(key));  // other calls must not move the view
    hal::secure_wipe(key, sizeof key);
    for (int i = 0; i < 3; ++i) {
        const hal::ConstByteSpan again = identity.hardware_id();
        HAL_CONFORM(ctx, again.size() == first.size(), "hardware_id() size %u, then %u",
                    static_cast<unsigned>(first.size()), static_cast<unsigned>(again.size()));
        HAL_CONFORM(ctx, std::memcmp(again.data(), copy, n) == 0, "hardware_id() changed");
    }
    HAL_CONFORM(ctx, std::memcmp(first.data(), copy, n) == 0,
                "the first hardware_id() view no longer holds the id");
}

void key_exact_size(Context& ctx, DeviceIdentityFixture& fixture) {
    uint8_t buffer[kKey + 16];
    for (const size_t size : {kKey, kKey + 1, sizeof buffer}) {
        std::memset(buffer, kCanary, sizeof buffer);
        const hal::Status status = fixture.identity().device_key(hal::ByteSpan(buffer, size));
        bool untouched = true;
        for (size_t i = kKey; i < sizeof buffer; ++i)
            untouched = untouched && buffer[i] == kCanary;
        hal::secure_wipe(buffer, sizeof buffer);
        HAL_CONFORM(ctx, status == hal::Status::kOk, "device_key into %u bytes: %s",
                    static_cast<unsigned>(size), hal::to_string(status));
        HAL_CONFORM(ctx, untouched, "device_key into %u bytes wrote past byte %u",
                    static_cast<unsigned>(size), static_cast<unsigned>(kKey));
    }
}

void key_refuses_short_buffer(Context& ctx, DeviceIdentityFixture& fixture) {
    uint8_t buffer[kKey];
    for (const size_t size : {size_t{0}, size_t{1}, kKey / 2, kKey - 1}) {
        const hal::Status status = fixture.identity().device_key(hal::ByteSpan(buffer, size));
        hal::secure_wipe(buffer, sizeof buffer);
        HAL_CONFORM(ctx, status == hal::Status::kBufferTooSmall,
                    "device_key into %u bytes: %s, expected buffer-too-small",
                    static_cast<unsigned>(size), hal::to_string(status));
    }
}

void key_stable_and_not_blank(Context& ctx, DeviceIdentityFixture& fixture) {
    Snapshot first{};
    Snapshot second{};
    take(ctx, fixture.identity(), first);
    if (!ctx.stopped()) take(ctx, fixture.identity(), second);
    bool zeros = true;
    bool ones = true;
    for (const uint8_t byte : first.key) {
        zeros = zeros && byte == 0x00;
        ones = ones && byte == 0xFF;
    }
    const bool same = std::memcmp(first.key, second.key, kKey) == 0;
    hal::secure_wipe(first.key, kKey);
    hal::secure_wipe(second.key, kKey);
    if (ctx.stopped()) return;
    HAL_CONFORM(ctx, same, "device_key() differs between two calls");
    HAL_CONFORM(ctx, !zeros && !ones, "the device key is blank (all 0x%s)", zeros ? "00" : "FF");
}

void survives_reload(Context& ctx, DeviceIdentityFixture& fixture) {
    Snapshot before{};
    take(ctx, fixture.identity(), before);
    if (ctx.stopped()) {
        hal::secure_wipe(before.key, kKey);
        return;
    }
    if (!fixture.reload()) {
        hal::secure_wipe(before.key, kKey);
        ctx.skip("the fixture cannot rebuild the identity (reload)");
        return;
    }
    Snapshot after{};
    take(ctx, fixture.identity(), after);
    const bool same_key = std::memcmp(before.key, after.key, kKey) == 0;
    hal::secure_wipe(before.key, kKey);
    hal::secure_wipe(after.key, kKey);
    if (ctx.stopped()) return;
    HAL_CONFORM(ctx,
                after.id_size == before.id_size &&
                    std::memcmp(after.id, before.id, compared(before.id_size)) == 0,
                "hardware_id() changed across a reload");
    HAL_CONFORM(ctx, same_key, "device_key() changed across a reload");
}

const Check<DeviceIdentityFixture> kChecks[] = {
    {"hardware-id-is-not-empty", id_not_empty},
    {"hardware-id-is-stable", id_stable},
    {"device-key-is-exactly-32-bytes", key_exact_size},
    {"device-key-refuses-a-short-buffer", key_refuses_short_buffer},
    {"device-key-is-stable-and-not-blank", key_stable_and_not_blank},
    {"identity-survives-a-reload", survives_reload},
};

}  // namespace

Summary run_device_identity_checks(DeviceIdentityFixture& fixture, Reporter& reporter,
                                   const char* only) {
    return run_checks("DeviceIdentity", kChecks, fixture, reporter, only);
}

size_t device_identity_check_count() {
    return sizeof kChecks / sizeof kChecks[0];
}

}  // namespace hal::conformance
