#include "tests/support/fake_flash.h"

#include <cstring>

namespace test {
namespace {

constexpr uint8_t kErased = 0xFF;
constexpr uint8_t kProgramLowNibbleOnly = 0xF0;  // OR-ed into the data: high bits stay
constexpr uint8_t kEraseHighNibbleOnly = 0xF0;   // OR-ed into the byte: high bits become 1

bool geometry_fits(const hal::FlashGeometry& g) {
    if (g.sector_size == 0 || g.sector_count == 0 || g.program_unit == 0) return false;
    if (g.sector_count > FakeFlash::kMaxSectors || g.sector_size % g.program_unit != 0) {
        return false;
    }
    return uint64_t{g.sector_size} * g.sector_count <= FakeFlash::kMaxBytes;
}

uint32_t xorshift(uint32_t& state) {
    state ^= state << 13;
    state ^= state >> 17;
    state ^= state << 5;
    return state;
}

}  // namespace

FakeFlash::FakeFlash(hal::FlashGeometry geometry)
    : geometry_(geometry), valid_(geometry_fits(geometry)) {
    std::memset(bytes_, kErased, sizeof bytes_);
}

// Counts and records the operation, then decides whether the device acts on it.
hal::Status FakeFlash::begin(Kind kind, uint32_t address, uint32_t size) {
    const uint32_t number = ++operations_;
    if (number <= kTraceCapacity) trace_[number - 1] = Operation{kind, address, size};
    if (!valid_) return hal::Status::kInvalidArgument;
    if (!powered_for(number)) return hal::Status::kFlashError;
    if (number == fail_at_) return fail_status_;
    return hal::Status::kOk;
}

bool FakeFlash::powered_for(uint32_t number) const {
    return number <= cut_after_ && (dead_from_ == kNever || number < dead_from_);
}

hal::Status FakeFlash::erase(uint32_t sector) {
    const uint32_t start = sector * geometry_.sector_size;
    HAL_TRY(begin(Kind::kErase, start, geometry_.sector_size));
    if (sector >= geometry_.sector_count) return hal::Status::kInvalidArgument;
    if (operations_ == torn_) {
        tear_erase(start);
        return hal::Status::kFlashError;
    }
    std::memset(bytes_ + start, kErased, geometry_.sector_size);
    ++erase_counts_[sector];
    return hal::Status::kOk;
}

hal::Status FakeFlash::program(uint32_t address, hal::ConstByteSpan data) {
    HAL_TRY(begin(Kind::kProgram, address, static_cast<uint32_t>(data.size())));
    HAL_TRY(hal::check_flash_range(geometry_, address, data.size()));
    // The whole request is checked first: a refused program changes nothing.
    for (size_t i = 0; i < data.size(); ++i) {
        if ((data[i] & ~bytes_[address + i] & 0xFF) != 0) return hal::Status::kFlashNotErased;
    }
    if (operations_ == torn_) {
        tear_program(address, data);
        return hal::Status::kFlashError;
    }
    if (operations_ == weak_at_) {
        weak_program(address, data);
        return hal::Status::kOk;
    }
    for (size_t i = 0; i < data.size(); ++i)
        bytes_[address + i] &= data[i];
    return hal::Status::kOk;
}

hal::Status FakeFlash::read(uint32_t address, hal::ByteSpan out) {
    if (!valid_) return hal::Status::kInvalidArgument;
    const hal::FlashGeometry bytewise{geometry_.sector_size, geometry_.sector_count, 1};
    HAL_TRY(hal::check_flash_range(bytewise, address, out.size()));
    if (!out.empty()) std::memcpy(out.data(), bytes_ + address, out.size());
    return hal::Status::kOk;
}

void FakeFlash::tear_program(uint32_t address, hal::ConstByteSpan data) {
    const size_t landed = tear_.landed_bytes < data.size() ? tear_.landed_bytes : data.size();
    for (size_t i = 0; i < landed; ++i)
        bytes_[address + i] &= data[i];
    if (tear_.partial_byte && landed < data.size()) {
        bytes_[address + landed] &= static_cast<uint8_t>(data[landed] | kProgramLowNibbleOnly);
    }
}

void FakeFlash::tear_erase(uint32_t start) {
    uint8_t* sector = bytes_ + start;
    if (tear_.garbage) {
        uint32_t state = 0x9E3779B9u ^ start ^ operations_;
        for (uint32_t i = 0; i < geometry_.sector_size; ++i)
            sector[i] = static_cast<uint8_t>(xorshift(state));
        return;
    }
    const uint32_t landed =
        tear_.landed_bytes < geometry_.sector_size ? tear_.landed_bytes : geometry_.sector_size;
    std::memset(sector, kErased, landed);
    if (tear_.partial_byte && landed < geometry_.sector_size)
        sector[landed] |= kEraseHighNibbleOnly;
}

// Lands the data except one bit that should have been cleared: the first such bit found.
void FakeFlash::weak_program(uint32_t address, hal::ConstByteSpan data) {
    bool weakened = false;
    for (size_t i = 0; i < data.size(); ++i) {
        const uint8_t before = bytes_[address + i];
        bytes_[address + i] &= data[i];
        const uint8_t cleared = static_cast<uint8_t>(before & ~data[i]);
        if (!weakened && cleared != 0) {
            bytes_[address + i] |= static_cast<uint8_t>(cleared & (0u - cleared));
            weakened = true;
        }
    }
}

uint32_t FakeFlash::erase_count(uint32_t sector) const {
    return sector < kMaxSectors ? erase_counts_[sector] : 0;
}

FakeFlash::Operation FakeFlash::operation(uint32_t number) const {
    if (number == 0 || number > operations_ || number > kTraceCapacity) {
        return Operation{Kind::kProgram, 0, 0};
    }
    return trace_[number - 1];
}

void FakeFlash::reset_counters() {
    operations_ = 0;
    std::memset(erase_counts_, 0, sizeof erase_counts_);
}

void FakeFlash::fail_operation(uint32_t number, hal::Status status) {
    fail_at_ = number;
    fail_status_ = status;
}

void FakeFlash::weaken_program(uint32_t number) {
    weak_at_ = number;
}

void FakeFlash::fail_from(uint32_t number) {
    dead_from_ = number;
}

void FakeFlash::cut_power_after(uint32_t number) {
    cut_after_ = number;
    torn_ = kNever;
}

void FakeFlash::cut_power_during(uint32_t number, const Tear& tear) {
    cut_after_ = number;
    torn_ = number;
    tear_ = tear;
}

void FakeFlash::restore_power() {
    cut_after_ = kNever;
    torn_ = kNever;
    fail_at_ = kNever;
    weak_at_ = kNever;
    dead_from_ = kNever;
}

void FakeFlash::reset() {
    std::memset(bytes_, kErased, valid_ ? geometry_.total_size() : sizeof bytes_);
    reset_counters();
    restore_power();
}

}  // namespace test
