#include "firmware/settings/record_store.h"

#include <cstring>

#include "firmware/flash/verified_flash.h"
#include "firmware/settings/log_scan.h"
#include "hal/crc32.h"
#include "hal/log.h"

namespace firmware::settings {
namespace {

constexpr uint32_t kMinSectorCount = 2;  // the current sector and a compaction target

bool is_power_of_two(uint32_t n) {
    return n != 0 && (n & (n - 1)) == 0;
}

}  // namespace

hal::Status RecordStore::check_geometry() const {
    const hal::FlashGeometry& g = geometry_;
    if (!is_power_of_two(g.program_unit) || g.program_unit > kMaxProgramUnit) {
        return hal::Status::kUnsupported;
    }
    if (g.sector_count < kMinSectorCount || g.sector_size % g.program_unit != 0) {
        return hal::Status::kUnsupported;
    }
    if (uint64_t{g.sector_size} * g.sector_count > UINT32_MAX) return hal::Status::kUnsupported;
    if (g.sector_size < format::Layout(g.program_unit).min_sector_size()) {
        return hal::Status::kUnsupported;
    }
    return hal::Status::kOk;
}

bool RecordStore::compatible(const format::SectorHeader& header) const {
    return header.version == format::kVersion && header.program_unit == geometry_.program_unit;
}

hal::Status RecordStore::mount() {
    mounted_ = false;
    unreadable_ = false;
    has_sector_ = false;
    has_previous_ = false;
    sealed_ = false;
    index_ = RecordIndex{};
    damage_ = StoreDamage{};
    next_sequence_ = 1;
    next_generation_ = 1;
    next_target_ = 0;
    geometry_ = flash_.geometry();
    HAL_TRY(check_geometry());
    layout_ = format::Layout(geometry_.program_unit);

    HAL_ASSIGN_OR_RETURN(const SectorChoice choice,
                         choose_sectors(flash_, layout_, hal::ByteSpan(record_), damage_));
    if (!choice.has_current) {
        if (choice.foreign) {
            unreadable_ = true;
            return hal::Status::kCorrupt;
        }
        mounted_ = true;  // blank: the first write formats a sector
        return hal::Status::kOk;
    }
    if (!compatible(choice.current_header)) return hal::Status::kUnsupported;
    sector_ = choice.current;
    HAL_ASSIGN_OR_RETURN(const LogTail tail, scan_records(flash_, layout_, sector_, index_,
                                                          hal::ByteSpan(record_), damage_));
    has_sector_ = true;
    has_previous_ = choice.has_previous && compatible(choice.previous_header);
    previous_ = choice.previous;
    append_address_ = tail.append_address;
    sealed_ = tail.sealed;
    next_sequence_ = tail.next_sequence;
    next_generation_ = choice.current_header.generation + 1;
    next_target_ = (sector_ + 1) % geometry_.sector_count;
    mounted_ = true;
    return hal::Status::kOk;
}

hal::Status RecordStore::format() {
    geometry_ = flash_.geometry();
    HAL_TRY(check_geometry());
    for (uint32_t sector = 0; sector < geometry_.sector_count; ++sector) {
        HAL_TRY(flash::erase_verified(flash_, sector));
    }
    return mount();
}

hal::Result<size_t> RecordStore::read(uint8_t key, hal::ByteSpan out) {
    if (!mounted_) return hal::Status::kFailedPrecondition;
    if (key >= kMaxKeys) return hal::Status::kInvalidArgument;
    const RecordSlot& slot = index_.slots[key];
    if (!slot.present) return hal::Status::kNotFound;
    if (out.size() < slot.size) return hal::Status::kBufferTooSmall;
    HAL_TRY(verify_value(slot, key, out.first(slot.size)));
    return size_t{slot.size};
}

bool RecordStore::contains(uint8_t key) const {
    return mounted_ && key < kMaxKeys && index_.slots[key].present;
}

// Reads the record `slot` indexes into record_ (one flipped bit corrected, as at mount)
// and checks that it is still the one indexed: kCorrupt otherwise.
hal::Status RecordStore::read_slot(const RecordSlot& slot, uint8_t key) {
    format::RecordHeader header{};
    const uint32_t end = sector_end(slot.address / geometry_.sector_size);
    HAL_TRY(read_record(flash_, layout_, slot.address, end, hal::ByteSpan(record_), header));
    const bool same =
        header.key == key && header.length == slot.size && header.sequence == slot.sequence;
    return same ? hal::Status::kOk : hal::Status::kCorrupt;
}

hal::Status RecordStore::verify_value(const RecordSlot& slot, uint8_t key, hal::ByteSpan value) {
    HAL_TRY(read_slot(slot, key));
    for (size_t i = 0; i < value.size(); ++i)
        value[i] = record_[format::kRecordHeaderSize + i];
    return hal::Status::kOk;
}

hal::Result<size_t> RecordStore::read_previous(uint8_t key, hal::ByteSpan out) {
    if (!mounted_) return hal::Status::kFailedPrecondition;
    if (key >= kMaxKeys) return hal::Status::kInvalidArgument;
    if (!has_previous_) return hal::Status::kNotFound;
    RecordIndex previous{};
    StoreDamage ignored{};
    HAL_TRY(scan_records(flash_, layout_, previous_, previous, hal::ByteSpan(record_), ignored)
                .status());
    const RecordSlot& slot = previous.slots[key];
    if (!slot.present) return hal::Status::kNotFound;
    if (out.size() < slot.size) return hal::Status::kBufferTooSmall;
    const hal::Status status = verify_value(slot, key, out.first(slot.size));
    if (status == hal::Status::kCorrupt) return hal::Status::kNotFound;
    HAL_TRY(status);
    return size_t{slot.size};
}

hal::Status RecordStore::check_write(uint8_t key, hal::ConstByteSpan value) const {
    if (!mounted_ || unreadable_) return hal::Status::kFailedPrecondition;
    if (key >= kMaxKeys) return hal::Status::kInvalidArgument;
    if (value.size() > format::value_limit(key)) return hal::Status::kTooLarge;
    return hal::Status::kOk;
}

hal::Status RecordStore::write(uint8_t key, hal::ConstByteSpan value) {
    HAL_TRY(check_write(key, value));
    if (value.empty() && !index_.slots[key].present) return hal::Status::kOk;
    const uint32_t sequence = next_sequence_++;
    if (can_append(value.size())) return append(key, value, sequence);
    return compact(key, value, sequence);
}

hal::Status RecordStore::write_redundant(uint8_t key, hal::ConstByteSpan value) {
    HAL_TRY(check_write(key, value));
    HAL_TRY(compact(key, value, next_sequence_++));
    const hal::Status second = rewrite();
    if (second != hal::Status::kOk) {
        HAL_LOG_WARN("settings", "second copy of record %u not written (%s)",
                     static_cast<unsigned>(key), hal::to_string(second));
    }
    return hal::Status::kOk;
}

hal::Status RecordStore::rewrite() {
    if (!mounted_ || unreadable_) return hal::Status::kFailedPrecondition;
    if (!has_sector_) return hal::Status::kOk;
    HAL_TRY(compact(kNoKey, hal::ConstByteSpan(), 0));
    damage_ = StoreDamage{};
    return hal::Status::kOk;
}

uint32_t RecordStore::sector_end(uint32_t sector) const {
    return (sector + 1) * geometry_.sector_size;
}

bool RecordStore::can_append(size_t value_size) const {
    if (!has_sector_ || sealed_) return false;
    const uint32_t size = layout_.record_size(static_cast<uint32_t>(value_size));
    return sector_end(sector_) - append_address_ >= size;
}

hal::Status RecordStore::append(uint8_t key, hal::ConstByteSpan value, uint32_t sequence) {
    const auto length = static_cast<uint16_t>(value.size());
    stage_new(format::RecordHeader{key, length, sequence}, value);
    const hal::Status status = program_staged(append_address_, length);
    if (status != hal::Status::kOk) {
        // The range may be partly programmed: never append behind it.
        sealed_ = true;
        return status;
    }
    index_.slots[key] = RecordSlot{append_address_, sequence, length, length > 0};
    append_address_ += layout_.record_size(length);
    return hal::Status::kOk;
}

void RecordStore::stage_new(const format::RecordHeader& header, hal::ConstByteSpan value) {
    format::encode_record_header(header, record_);
    if (!value.empty())
        std::memcpy(record_ + format::kRecordHeaderSize, value.data(), value.size());
}

// Programs the record staged in record_ (header and `length` value bytes) in two steps:
// the body padded to the program unit, then the CRC slot. The CRC is the commit: until it
// reads back, the record does not exist for mount.
hal::Status RecordStore::program_staged(uint32_t address, uint16_t length) {
    const uint32_t covered = format::kRecordHeaderSize + length;
    const uint32_t crc_offset = layout_.record_crc_offset(length);
    const uint32_t crc = hal::crc32(hal::ConstByteSpan(record_, covered));
    std::memset(record_ + covered, format::kErasedByte, crc_offset - covered);
    HAL_TRY(flash::program_verified(flash_, address, hal::ConstByteSpan(record_, crc_offset)));
    const hal::ByteSpan slot(record_ + crc_offset, layout_.crc_slot_size());
    format::encode_crc_slot(crc, slot);
    return flash::program_verified(flash_, address + crc_offset, slot);
}

}  // namespace firmware::settings
