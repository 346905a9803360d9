#include "firmware/settings/record_store.h"

#include <cstring>

#include "firmware/settings/flash_access.h"
#include "firmware/settings/log_scan.h"
#include "hal/crc32.h"

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

hal::Status RecordStore::mount() {
    mounted_ = false;
    has_sector_ = false;
    sealed_ = false;
    index_ = RecordIndex{};
    next_sequence_ = 1;
    next_generation_ = 1;
    next_target_ = 0;
    geometry_ = flash_.geometry();
    HAL_TRY(check_geometry());
    layout_ = format::Layout(geometry_.program_unit);

    const hal::Result<CurrentSector> current = find_current_sector(flash_);
    if (current.status() == hal::Status::kNotFound) {
        mounted_ = true;  // blank: the first write formats a sector
        return hal::Status::kOk;
    }
    if (!current.ok()) return current.status();
    const format::SectorHeader& header = current.value().header;
    if (header.version != format::kVersion || header.program_unit != geometry_.program_unit) {
        return hal::Status::kUnsupported;
    }
    sector_ = current.value().sector;
    HAL_ASSIGN_OR_RETURN(const LogTail tail, scan_records(flash_, layout_, sector_, index_));
    has_sector_ = true;
    append_address_ = tail.append_address;
    sealed_ = tail.sealed;
    next_sequence_ = tail.next_sequence;
    next_generation_ = header.generation + 1;
    next_target_ = (sector_ + 1) % geometry_.sector_count;
    mounted_ = true;
    return hal::Status::kOk;
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

// Reads the value into `value` and checks the record around it: same header as indexed,
// CRC over header and value as committed.
hal::Status RecordStore::verify_value(const RecordSlot& slot, uint8_t key, hal::ByteSpan value) {
    uint8_t header_bytes[format::kRecordHeaderSize];
    HAL_TRY(flash_.read(slot.address, hal::ByteSpan(header_bytes)));
    format::RecordHeader header{};
    if (format::decode_record_header(header_bytes, &header) != format::HeaderKind::kRecord ||
        header.key != key || header.length != slot.size || header.sequence != slot.sequence) {
        return hal::Status::kCorrupt;
    }
    HAL_TRY(flash_.read(slot.address + format::kRecordHeaderSize, value));
    uint8_t stored[format::kCrcSize];
    HAL_TRY(
        flash_.read(slot.address + layout_.record_crc_offset(slot.size), hal::ByteSpan(stored)));
    const uint32_t crc = hal::crc32(value, hal::crc32(hal::ConstByteSpan(header_bytes)));
    return format::decode_crc(stored) == crc ? hal::Status::kOk : hal::Status::kCorrupt;
}

hal::Status RecordStore::check_write(uint8_t key, hal::ConstByteSpan value) const {
    if (!mounted_) return hal::Status::kFailedPrecondition;
    if (key >= kMaxKeys) return hal::Status::kInvalidArgument;
    if (value.size() > kMaxValueSize) return hal::Status::kTooLarge;
    return hal::Status::kOk;
}

hal::Status RecordStore::write(uint8_t key, hal::ConstByteSpan value) {
    HAL_TRY(check_write(key, value));
    if (value.empty() && !index_.slots[key].present) return hal::Status::kOk;
    const uint32_t sequence = next_sequence_++;
    if (can_append(value.size())) return append(key, value, sequence);
    return compact(key, value, sequence);
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

// Reads a committed record into the staging buffer and checks its CRC, so that a flash
// that has started to fail is not copied forward as if it were sound.
hal::Status RecordStore::stage_copy(const RecordSlot& slot) {
    const uint32_t body = format::kRecordHeaderSize + slot.size;
    HAL_TRY(flash_.read(slot.address, hal::ByteSpan(record_, body)));
    uint8_t stored[format::kCrcSize];
    HAL_TRY(
        flash_.read(slot.address + layout_.record_crc_offset(slot.size), hal::ByteSpan(stored)));
    const uint32_t crc = hal::crc32(hal::ConstByteSpan(record_, body));
    return format::decode_crc(stored) == crc ? hal::Status::kOk : hal::Status::kCorrupt;
}

// Programs the record staged in record_ (header and `length` value bytes) in two steps:
// the body padded to the program unit, then the CRC slot. The CRC is the commit: until it
// reads back, the record does not exist for mount.
hal::Status RecordStore::program_staged(uint32_t address, uint16_t length) {
    const uint32_t covered = format::kRecordHeaderSize + length;
    const uint32_t crc_offset = layout_.record_crc_offset(length);
    const uint32_t crc = hal::crc32(hal::ConstByteSpan(record_, covered));
    std::memset(record_ + covered, format::kErasedByte, crc_offset - covered);
    HAL_TRY(program_verified(flash_, address, hal::ConstByteSpan(record_, crc_offset)));
    const hal::ByteSpan slot(record_ + crc_offset, layout_.crc_slot_size());
    format::encode_crc_slot(crc, slot);
    return program_verified(flash_, address + crc_offset, slot);
}

}  // namespace firmware::settings
