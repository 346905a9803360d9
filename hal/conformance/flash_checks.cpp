#include "hal/conformance/flash_checks.h"

#include <cstring>

#include "hal/span.h"
#include "hal/status.h"

namespace hal::conformance {
namespace {

constexpr uint8_t kErased = 0xFF;
constexpr size_t kMaxUnit = 128;     // the largest program unit the checks handle
constexpr size_t kChunk = kMaxUnit;  // bytes read or programmed per call while scanning

uint8_t pattern(uint32_t address, uint8_t seed) {
    return static_cast<uint8_t>((address * 37u + seed * 101u + 11u) ^ (address >> 8));
}

// Shorthands over the fixture's geometry.
struct Device {
    explicit Device(FlashFixture& f)
        : fixture(f), flash(f.flash()), g(flash.geometry()), unit(g.program_unit) {}

    uint32_t sector_start(uint32_t index) const {  // index among the scratch sectors
        return (fixture.first_scratch_sector() + index) * g.sector_size;
    }
    uint32_t scratch_sector(uint32_t index) const { return fixture.first_scratch_sector() + index; }
    // `n` program units, at least `bytes` long.
    uint32_t units(uint32_t bytes) const { return (bytes + unit - 1) / unit * unit; }

    FlashFixture& fixture;
    hal::Flash& flash;
    hal::FlashGeometry g;
    uint32_t unit;
};

// Every check but geometry-is-sane needs a geometry it can work in; skips otherwise.
void require_usable(Context& ctx, const Device& d) {
    const hal::FlashGeometry& g = d.g;
    const bool usable =
        g.sector_size > 0 && g.program_unit > 0 && g.program_unit <= kMaxUnit &&
        g.sector_size % g.program_unit == 0 && g.sector_size >= 4 * g.program_unit &&
        uint64_t{g.sector_size} * g.sector_count <= UINT32_MAX &&
        d.fixture.scratch_sector_count() >= 2 &&
        uint64_t{d.fixture.first_scratch_sector()} + d.fixture.scratch_sector_count() <=
            g.sector_count;
    if (!usable)
        ctx.skip("the geometry or the scratch sectors are unusable (see geometry-is-sane)");
}

// Reads [address, address + size) and compares it with `expected(address)`.
template <typename Expected>
void expect_bytes(Context& ctx, Device& d, uint32_t address, uint32_t size, Expected expected,
                  const char* what) {
    uint8_t chunk[kChunk];
    for (uint32_t done = 0; done < size; done += kChunk) {
        const uint32_t n = size - done < kChunk ? size - done : static_cast<uint32_t>(kChunk);
        const hal::Status status = d.flash.read(address + done, hal::ByteSpan(chunk, n));
        HAL_CONFORM(ctx, status == hal::Status::kOk, "%s: read(%lu, %lu): %s", what,
                    static_cast<unsigned long>(address + done), static_cast<unsigned long>(n),
                    hal::to_string(status));
        for (uint32_t i = 0; i < n; ++i) {
            const uint32_t at = address + done + i;
            HAL_CONFORM(ctx, chunk[i] == expected(at), "%s: byte %lu is 0x%02x, expected 0x%02x",
                        what, static_cast<unsigned long>(at), chunk[i], expected(at));
        }
    }
}

void expect_erased(Context& ctx, Device& d, uint32_t address, uint32_t size, const char* what) {
    expect_bytes(
        ctx, d, address, size, [](uint32_t) { return kErased; }, what);
}

// Programs [address, address + size) with pattern(seed), chunk by chunk (unit-aligned).
void program_pattern(Context& ctx, Device& d, uint32_t address, uint32_t size, uint8_t seed) {
    uint8_t chunk[kChunk];
    const uint32_t step = kChunk / d.unit * d.unit;
    for (uint32_t done = 0; done < size; done += step) {
        const uint32_t n = size - done < step ? size - done : step;
        for (uint32_t i = 0; i < n; ++i)
            chunk[i] = pattern(address + done + i, seed);
        const hal::Status status = d.flash.program(address + done, hal::ConstByteSpan(chunk, n));
        HAL_CONFORM(ctx, status == hal::Status::kOk, "program(%lu, %lu bytes): %s",
                    static_cast<unsigned long>(address + done), static_cast<unsigned long>(n),
                    hal::to_string(status));
    }
}

void erase_scratch(Context& ctx, Device& d, uint32_t index) {
    HAL_CONFORM_STATUS(ctx, hal::Status::kOk, d.flash.erase(d.scratch_sector(index)));
}

void geometry_sane(Context& ctx, FlashFixture& fixture) {
    const hal::FlashGeometry g = fixture.flash().geometry();
    HAL_CONFORM(
        ctx, g.sector_size > 0 && g.sector_count > 0 && g.program_unit > 0,
        "geometry %lu x %lu, unit %lu has a zero field", static_cast<unsigned long>(g.sector_size),
        static_cast<unsigned long>(g.sector_count), static_cast<unsigned long>(g.program_unit));
    HAL_CONFORM(
        ctx, g.sector_size % g.program_unit == 0, "sector size %lu is not a multiple of unit %lu",
        static_cast<unsigned long>(g.sector_size), static_cast<unsigned long>(g.program_unit));
    HAL_CONFORM(ctx, uint64_t{g.sector_size} * g.sector_count <= UINT32_MAX,
                "the device is larger than its 32-bit address space");
    HAL_CONFORM(ctx, g.program_unit <= kMaxUnit && g.program_unit <= g.sector_size,
                "program unit %lu is beyond what the checks handle (%u)",
                static_cast<unsigned long>(g.program_unit), static_cast<unsigned>(kMaxUnit));
    const hal::FlashGeometry again = fixture.flash().geometry();
    HAL_CONFORM(ctx,
                again.sector_size == g.sector_size && again.sector_count == g.sector_count &&
                    again.program_unit == g.program_unit,
                "geometry() changed between two calls");
    HAL_CONFORM(
        ctx,
        fixture.scratch_sector_count() >= 2 &&
            fixture.first_scratch_sector() + fixture.scratch_sector_count() <= g.sector_count,
        "fixture: scratch sectors %lu + %lu do not fit the device (two or more needed)",
        static_cast<unsigned long>(fixture.first_scratch_sector()),
        static_cast<unsigned long>(fixture.scratch_sector_count()));
}

void erase_sets_ff(Context& ctx, FlashFixture& fixture) {
    Device d(fixture);
    HAL_CONFORM_CALL(ctx, require_usable(ctx, d));
    const uint32_t start = d.sector_start(0);
    HAL_CONFORM_CALL(ctx, erase_scratch(ctx, d, 0));
    // Give the erase work to do: every byte of the sector programmed to a pattern.
    HAL_CONFORM_CALL(ctx, program_pattern(ctx, d, start, d.g.sector_size, 1));
    HAL_CONFORM_CALL(ctx, erase_scratch(ctx, d, 0));
    expect_erased(ctx, d, start, d.g.sector_size, "after erase");
}

void erase_only_its_sector(Context& ctx, FlashFixture& fixture) {
    Device d(fixture);
    HAL_CONFORM_CALL(ctx, require_usable(ctx, d));
    HAL_CONFORM_CALL(ctx, erase_scratch(ctx, d, 0));
    HAL_CONFORM_CALL(ctx, erase_scratch(ctx, d, 1));
    HAL_CONFORM_CALL(ctx, program_pattern(ctx, d, d.sector_start(0), d.g.sector_size, 2));
    HAL_CONFORM_CALL(ctx, program_pattern(ctx, d, d.sector_start(1), d.g.sector_size, 3));
    HAL_CONFORM_CALL(ctx, erase_scratch(ctx, d, 1));
    HAL_CONFORM_CALL(
        ctx, expect_bytes(
                 ctx, d, d.sector_start(0), d.g.sector_size,
                 [](uint32_t a) { return pattern(a, 2); }, "the sector before the erased one"));
    HAL_CONFORM_CALL(ctx, erase_scratch(ctx, d, 0));
    HAL_CONFORM_CALL(ctx, program_pattern(ctx, d, d.sector_start(0), d.g.sector_size, 4));
    HAL_CONFORM_CALL(ctx, erase_scratch(ctx, d, 0));
    expect_erased(ctx, d, d.sector_start(1), d.g.sector_size, "the sector after the erased one");
}

void program_reads_back(Context& ctx, FlashFixture& fixture) {
    Device d(fixture);
    HAL_CONFORM_CALL(ctx, require_usable(ctx, d));
    HAL_CONFORM_CALL(ctx, erase_scratch(ctx, d, 0));
    const uint32_t start = d.sector_start(0);
    // Ranges of one unit, three units and about 100 bytes, with erased gaps between them.
    const uint32_t lengths[] = {d.unit, 3 * d.unit, d.units(100)};
    uint32_t at = start + d.unit;
    for (const uint32_t length : lengths) {
        if (at + length + d.unit > start + d.g.sector_size) break;
        HAL_CONFORM_CALL(ctx, program_pattern(ctx, d, at, length, 5));
        HAL_CONFORM_CALL(
            ctx, expect_bytes(
                     ctx, d, at, length, [](uint32_t a) { return pattern(a, 5); }, "programmed"));
        HAL_CONFORM_CALL(ctx, expect_erased(ctx, d, at - d.unit, d.unit, "the unit before"));
        HAL_CONFORM_CALL(ctx, expect_erased(ctx, d, at + length, d.unit, "the unit after"));
        at += length + d.unit;
    }
}

void program_clears_more_bits(Context& ctx, FlashFixture& fixture) {
    if (!fixture.allows_reprogramming()) {
        ctx.skip("the fixture declares one program per unit (allows_reprogramming)");
        return;
    }
    Device d(fixture);
    HAL_CONFORM_CALL(ctx, require_usable(ctx, d));
    HAL_CONFORM_CALL(ctx, erase_scratch(ctx, d, 0));
    const uint32_t at = d.sector_start(0);
    uint8_t first[kMaxUnit];
    uint8_t second[kMaxUnit];
    for (uint32_t i = 0; i < d.unit; ++i) {
        first[i] = static_cast<uint8_t>(0xF0 | (i & 0x0F));
        second[i] = static_cast<uint8_t>(first[i] & 0x3C);  // clears more, sets none
    }
    HAL_CONFORM_STATUS(ctx, hal::Status::kOk,
                       d.flash.program(at, hal::ConstByteSpan(first, d.unit)));
    HAL_CONFORM_STATUS(ctx, hal::Status::kOk,
                       d.flash.program(at, hal::ConstByteSpan(second, d.unit)));
    expect_bytes(
        ctx, d, at, d.unit, [&](uint32_t a) { return second[a - at]; }, "a unit programmed twice");
}

void refuses_0_to_1(Context& ctx, FlashFixture& fixture) {
    Device d(fixture);
    HAL_CONFORM_CALL(ctx, require_usable(ctx, d));
    HAL_CONFORM_CALL(ctx, erase_scratch(ctx, d, 0));
    const uint32_t erased_unit = d.sector_start(0);
    const uint32_t zero_unit = erased_unit + d.unit;
    uint8_t data[2 * kMaxUnit];
    std::memset(data, 0x00, d.unit);
    HAL_CONFORM_STATUS(ctx, hal::Status::kOk,
                       d.flash.program(zero_unit, hal::ConstByteSpan(data, d.unit)));
    // Valid for the erased unit (clears bits), impossible for the zeroed one (one bit
    // 0 -> 1, in its last byte): the whole request is refused, the erased unit untouched.
    std::memset(data, 0x00, size_t{2} * d.unit);
    data[size_t{2} * d.unit - 1] = 0x01;
    HAL_CONFORM_STATUS(ctx, hal::Status::kFlashNotErased,
                       d.flash.program(erased_unit, hal::ConstByteSpan(data, size_t{2} * d.unit)));
    HAL_CONFORM_CALL(ctx, expect_erased(ctx, d, erased_unit, d.unit, "after a refused program"));
    HAL_CONFORM_CALL(ctx, expect_bytes(
                              ctx, d, zero_unit, d.unit, [](uint32_t) { return uint8_t{0}; },
                              "after a refused program"));
    // 0xFF over programmed bytes is a 0 -> 1 request as well.
    std::memset(data, kErased, d.unit);
    HAL_CONFORM_STATUS(ctx, hal::Status::kFlashNotErased,
                       d.flash.program(zero_unit, hal::ConstByteSpan(data, d.unit)));
    expect_bytes(
        ctx, d, zero_unit, d.unit, [](uint32_t) { return uint8_t{0}; }, "after 0xFF over 0x00");
}

void read_unaligned(Context& ctx, FlashFixture& fixture) {
    Device d(fixture);
    HAL_CONFORM_CALL(ctx, require_usable(ctx, d));
    HAL_CONFORM_CALL(ctx, erase_scratch(ctx, d, 0));
    HAL_CONFORM_CALL(ctx, erase_scratch(ctx, d, 1));
    // A patterned range across the boundary of the two scratch sectors.
    const uint32_t boundary = d.sector_start(1);
    const uint32_t span = d.units(48);
    HAL_CONFORM_CALL(ctx, program_pattern(ctx, d, boundary - span, 2 * span, 6));
    struct Read {
        uint32_t offset;  // from boundary - span
        uint32_t size;
    };
    const Read reads[] = {{1, 1}, {3, 5}, {span - 3, 7}, {span - 1, 2}, {7, 2 * span - 9}, {0, 1}};
    for (const Read& r : reads) {
        HAL_CONFORM_CALL(ctx, expect_bytes(
                                  ctx, d, boundary - span + r.offset, r.size,
                                  [](uint32_t a) { return pattern(a, 6); }, "an unaligned read"));
    }
}

void alignment_enforced(Context& ctx, FlashFixture& fixture) {
    Device d(fixture);
    HAL_CONFORM_CALL(ctx, require_usable(ctx, d));
    if (d.unit == 1) {
        ctx.skip("program_unit is 1: every address and size is aligned");
        return;
    }
    HAL_CONFORM_CALL(ctx, erase_scratch(ctx, d, 0));
    const uint32_t at = d.sector_start(0) + d.unit;
    uint8_t data[2 * kMaxUnit];
    std::memset(data, 0x00, sizeof data);
    HAL_CONFORM_STATUS(ctx, hal::Status::kInvalidArgument,
                       d.flash.program(at + 1, hal::ConstByteSpan(data, d.unit)));
    HAL_CONFORM_STATUS(ctx, hal::Status::kInvalidArgument,
                       d.flash.program(at, hal::ConstByteSpan(data, d.unit + 1)));
    HAL_CONFORM_STATUS(ctx, hal::Status::kInvalidArgument,
                       d.flash.program(at, hal::ConstByteSpan(data, d.unit - 1)));
    expect_erased(ctx, d, d.sector_start(0), 3 * d.unit, "after refused unaligned programs");
}

void bounds_enforced(Context& ctx, FlashFixture& fixture) {
    Device d(fixture);
    HAL_CONFORM_CALL(ctx, require_usable(ctx, d));
    const uint32_t total = d.g.total_size();
    uint8_t data[2 * kMaxUnit];
    std::memset(data, 0x00, sizeof data);
    HAL_CONFORM_STATUS(ctx, hal::Status::kInvalidArgument,
                       d.flash.program(total, hal::ConstByteSpan(data, d.unit)));
    // An address + size that overflows 32 bits must not wrap to a valid range.
    const uint32_t near_top = (UINT32_MAX / d.unit) * d.unit;
    HAL_CONFORM_STATUS(ctx, hal::Status::kInvalidArgument,
                       d.flash.program(near_top, hal::ConstByteSpan(data, size_t{2} * d.unit)));
    uint8_t out[8];
    HAL_CONFORM(ctx, d.flash.read(total - 4, hal::ByteSpan(out, 8)) != hal::Status::kOk,
                "read crossing the end of the device succeeded");
    HAL_CONFORM(ctx, d.flash.read(UINT32_MAX - 3, hal::ByteSpan(out, 8)) != hal::Status::kOk,
                "read with an address + size past 2^32 succeeded");
    HAL_CONFORM(ctx, d.flash.erase(d.g.sector_count) != hal::Status::kOk,
                "erase(sector_count) succeeded");
    const bool last_is_scratch =
        fixture.first_scratch_sector() + fixture.scratch_sector_count() == d.g.sector_count;
    if (!last_is_scratch) return;  // the crossing request could damage a sector in use
    HAL_CONFORM_CALL(ctx, erase_scratch(ctx, d, fixture.scratch_sector_count() - 1));
    HAL_CONFORM_STATUS(
        ctx, hal::Status::kInvalidArgument,
        d.flash.program(total - d.unit, hal::ConstByteSpan(data, size_t{2} * d.unit)));
    expect_erased(ctx, d, total - d.unit, d.unit, "after a program crossing the end");
}

void survives_reboot(Context& ctx, FlashFixture& fixture) {
    Device d(fixture);
    HAL_CONFORM_CALL(ctx, require_usable(ctx, d));
    HAL_CONFORM_CALL(ctx, erase_scratch(ctx, d, 0));
    HAL_CONFORM_CALL(ctx, erase_scratch(ctx, d, 1));
    HAL_CONFORM_CALL(ctx, program_pattern(ctx, d, d.sector_start(0), d.units(200), 7));
    HAL_CONFORM_CALL(ctx, program_pattern(ctx, d, d.sector_start(1), d.g.sector_size, 8));
    if (!fixture.reboot()) {
        ctx.skip("the fixture cannot reboot the device (reboot)");
        return;
    }
    Device after(fixture);
    HAL_CONFORM_CALL(ctx, expect_bytes(
                              ctx, after, after.sector_start(0), after.units(200),
                              [](uint32_t a) { return pattern(a, 7); }, "after a reboot"));
    HAL_CONFORM_CALL(ctx, erase_scratch(ctx, after, 1));
    HAL_CONFORM(ctx, fixture.reboot(), "the second reboot failed");
    Device again(fixture);
    expect_erased(ctx, again, again.sector_start(1), again.g.sector_size,
                  "an erase after a reboot");
}

// Every byte of a torn range lies between the old bits and the new ones.
void expect_torn_between(Context& ctx, Device& d, uint32_t address, const uint8_t* data,
                         uint32_t size) {
    uint8_t now[kChunk];
    for (uint32_t done = 0; done < size; done += kChunk) {
        const uint32_t n = size - done < kChunk ? size - done : static_cast<uint32_t>(kChunk);
        HAL_CONFORM_STATUS(ctx, hal::Status::kOk,
                           d.flash.read(address + done, hal::ByteSpan(now, n)));
        for (uint32_t i = 0; i < n; ++i) {
            const uint8_t wanted = data[done + i];  // over erased bytes: old 0xFF, new = data
            HAL_CONFORM(ctx, (wanted & ~now[i] & 0xFF) == 0,
                        "torn byte %lu is 0x%02x: a bit the program left at 1 is 0 (data 0x%02x)",
                        static_cast<unsigned long>(address + done + i), now[i], wanted);
        }
    }
}

void torn_program(Context& ctx, FlashFixture& fixture) {
    Device d(fixture);
    HAL_CONFORM_CALL(ctx, require_usable(ctx, d));
    HAL_CONFORM_CALL(ctx, erase_scratch(ctx, d, 0));
    const uint32_t at = d.sector_start(0) + d.unit;
    const uint32_t size = d.units(40);
    uint8_t data[kMaxUnit];
    for (uint32_t i = 0; i < size; ++i)
        data[i] = pattern(at + i, 9);
    if (!fixture.cut_power_during_next_program(size / 2 + 1, true)) {
        ctx.skip("the fixture cannot cut power during a program (cut_power_during_next_program)");
        return;
    }
    HAL_CONFORM(ctx, d.flash.program(at, hal::ConstByteSpan(data, size)) != hal::Status::kOk,
                "a program interrupted by a power cut reported kOk");
    HAL_CONFORM(ctx, fixture.reboot(), "reboot after the power cut failed");
    Device after(fixture);
    HAL_CONFORM_CALL(ctx, expect_torn_between(ctx, after, at, data, size));
    HAL_CONFORM_CALL(
        ctx, expect_erased(ctx, after, at - after.unit, after.unit, "before the torn range"));
    HAL_CONFORM_CALL(ctx, expect_erased(ctx, after, at + size, after.unit, "after the torn range"));
    if (!fixture.allows_reprogramming()) return;
    // Torn bits only lie between old and new: the same program again completes it.
    HAL_CONFORM_STATUS(ctx, hal::Status::kOk,
                       after.flash.program(at, hal::ConstByteSpan(data, size)));
    expect_bytes(
        ctx, after, at, size, [&](uint32_t a) { return data[a - at]; },
        "the torn range programmed again");
}

void torn_erase(Context& ctx, FlashFixture& fixture) {
    Device d(fixture);
    HAL_CONFORM_CALL(ctx, require_usable(ctx, d));
    HAL_CONFORM_CALL(ctx, erase_scratch(ctx, d, 0));
    HAL_CONFORM_CALL(ctx, erase_scratch(ctx, d, 1));
    HAL_CONFORM_CALL(ctx, program_pattern(ctx, d, d.sector_start(0), d.g.sector_size, 10));
    HAL_CONFORM_CALL(ctx, program_pattern(ctx, d, d.sector_start(1), d.g.sector_size, 11));
    if (!fixture.cut_power_during_next_erase()) {
        ctx.skip("the fixture cannot cut power during an erase (cut_power_during_next_erase)");
        return;
    }
    HAL_CONFORM(ctx, d.flash.erase(d.scratch_sector(1)) != hal::Status::kOk,
                "an erase interrupted by a power cut reported kOk");
    HAL_CONFORM(ctx, fixture.reboot(), "reboot after the power cut failed");
    Device after(fixture);
    HAL_CONFORM_CALL(
        ctx, expect_bytes(
                 ctx, after, after.sector_start(0), after.g.sector_size,
                 [](uint32_t a) { return pattern(a, 10); }, "the sector next to the torn erase"));
    HAL_CONFORM_CALL(ctx, erase_scratch(ctx, after, 1));
    expect_erased(ctx, after, after.sector_start(1), after.g.sector_size,
                  "the torn sector erased again");
}

const Check<FlashFixture> kChecks[] = {
    {"geometry-is-sane", geometry_sane},
    {"erase-sets-every-byte-to-0xFF", erase_sets_ff},
    {"erase-leaves-other-sectors-alone", erase_only_its_sector},
    {"program-lands-exactly-its-bytes", program_reads_back},
    {"program-clears-more-bits-of-a-programmed-unit", program_clears_more_bits},
    {"program-refuses-0-to-1-and-changes-nothing", refuses_0_to_1},
    {"read-needs-no-alignment", read_unaligned},
    {"program-alignment-is-enforced", alignment_enforced},
    {"out-of-range-requests-are-refused", bounds_enforced},
    {"what-was-programmed-survives-a-reboot", survives_reboot},
    {"torn-program-lands-between-old-and-new", torn_program},
    {"torn-erase-stays-in-its-sector", torn_erase},
};

}  // namespace

Summary run_flash_checks(FlashFixture& fixture, Reporter& reporter, const char* only) {
    return run_checks("Flash", kChecks, fixture, reporter, only);
}

size_t flash_check_count() {
    return sizeof kChecks / sizeof kChecks[0];
}

}  // namespace hal::conformance
