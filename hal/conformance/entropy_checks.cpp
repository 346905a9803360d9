#include "hal/conformance/entropy_checks.h"

#include <cstdint>
#include <cstring>
#include <initializer_list>

#include "hal/span.h"
#include "hal/status.h"

namespace hal::conformance {
namespace {

constexpr uint8_t kCanary = 0xA5;
constexpr size_t kGuard = 8;
constexpr size_t kRounds = 4;  // a true source leaves a byte at the canary 4 times in 2^32

// Each size is filled kRounds times over a canary: a byte position the source never
// wrote stays at the canary every time.
void fills_whole_buffer(Context& ctx, EntropyFixture& fixture) {
    static constexpr size_t kSizes[] = {1, 2, 3, 7, 16, 31, 32, 33, 64, 255, 256};
    uint8_t buffer[256];
    for (const size_t size : kSizes) {
        bool written[256] = {};
        for (size_t round = 0; round < kRounds; ++round) {
            std::memset(buffer, kCanary, size);
            HAL_CONFORM_STATUS(ctx, hal::Status::kOk,
                               fixture.entropy().fill(hal::ByteSpan(buffer, size)));
            for (size_t i = 0; i < size; ++i)
                written[i] = written[i] || buffer[i] != kCanary;
        }
        for (size_t i = 0; i < size; ++i) {
            HAL_CONFORM(ctx, written[i], "fill of %u bytes: byte %u never written",
                        static_cast<unsigned>(size), static_cast<unsigned>(i));
        }
    }
}

void writes_nothing_outside(Context& ctx, EntropyFixture& fixture) {
    uint8_t buffer[kGuard + 64 + kGuard];
    for (size_t offset = 0; offset < 4; ++offset) {
        for (const size_t size : {size_t{1}, size_t{5}, size_t{17}, size_t{60}}) {
            std::memset(buffer, kCanary, sizeof buffer);
            const hal::ByteSpan out(buffer + kGuard + offset, size);
            HAL_CONFORM_STATUS(ctx, hal::Status::kOk, fixture.entropy().fill(out));
            for (size_t i = 0; i < sizeof buffer; ++i) {
                const bool inside = i >= kGuard + offset && i < kGuard + offset + size;
                HAL_CONFORM(ctx, inside || buffer[i] == kCanary,
                            "fill of %u bytes at offset %u wrote outside its buffer (byte %d)",
                            static_cast<unsigned>(size), static_cast<unsigned>(offset),
                            static_cast<int>(i) - static_cast<int>(kGuard + offset));
            }
        }
    }
}

bool all_same(const uint8_t* bytes, size_t size) {
    for (size_t i = 1; i < size; ++i) {
        if (bytes[i] != bytes[0]) return false;
    }
    return true;
}

void not_constant(Context& ctx, EntropyFixture& fixture) {
    uint8_t first[32];
    uint8_t second[32];
    HAL_CONFORM_STATUS(ctx, hal::Status::kOk, fixture.entropy().fill(hal::ByteSpan(first)));
    HAL_CONFORM_STATUS(ctx, hal::Status::kOk, fixture.entropy().fill(hal::ByteSpan(second)));
    HAL_CONFORM(ctx, !all_same(first, sizeof first), "32 bytes all 0x%02x", first[0]);
    HAL_CONFORM(ctx, std::memcmp(first, second, sizeof first) != 0,
                "two fills of 32 bytes gave the same bytes");
}

// Over 4096 bytes each bit position is 1 about half the time: 2048 +- 32 (one standard
// deviation); the bound is 12 of them. A stuck or heavily biased bit fails.
void bits_balanced(Context& ctx, EntropyFixture& fixture) {
    constexpr size_t kBytes = 4096;
    uint8_t chunk[256];
    uint32_t ones[8] = {};
    for (size_t done = 0; done < kBytes; done += sizeof chunk) {
        HAL_CONFORM_STATUS(ctx, hal::Status::kOk, fixture.entropy().fill(hal::ByteSpan(chunk)));
        for (const uint8_t byte : chunk) {
            for (unsigned bit = 0; bit < 8; ++bit)
                ones[bit] += (byte >> bit) & 1u;
        }
    }
    for (unsigned bit = 0; bit < 8; ++bit) {
        HAL_CONFORM(ctx, ones[bit] >= 2048 - 400 && ones[bit] <= 2048 + 400,
                    "bit %u was 1 in %lu of %u bytes", bit, static_cast<unsigned long>(ones[bit]),
                    static_cast<unsigned>(kBytes));
    }
}

void reports_not_ready(Context& ctx, EntropyFixture& fixture) {
    if (!fixture.make_unavailable()) {
        ctx.skip("the fixture cannot make the source unavailable (make_unavailable)");
        return;
    }
    uint8_t buffer[16];
    const hal::Status status = fixture.entropy().fill(hal::ByteSpan(buffer));
    fixture.make_available();
    HAL_CONFORM_STATUS(ctx, hal::Status::kUnavailable, status);
    HAL_CONFORM_STATUS(ctx, hal::Status::kOk, fixture.entropy().fill(hal::ByteSpan(buffer)));
}

const Check<EntropyFixture> kChecks[] = {
    {"fill-covers-the-whole-buffer", fills_whole_buffer},
    {"fill-writes-nothing-outside-the-buffer", writes_nothing_outside},
    {"fill-is-not-constant", not_constant},
    {"fill-bits-are-balanced", bits_balanced},
    {"fill-reports-a-source-not-ready", reports_not_ready},
};

}  // namespace

Summary run_entropy_checks(EntropyFixture& fixture, Reporter& reporter, const char* only) {
    return run_checks("Entropy", kChecks, fixture, reporter, only);
}

size_t entropy_check_count() {
    return sizeof kChecks / sizeof kChecks[0];
}

}  // namespace hal::conformance
