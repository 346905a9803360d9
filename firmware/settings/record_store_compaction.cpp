// RecordStore's garbage collection (SPEC.md "Writing"): when the current
// sector cannot take a record, the newest record of every key is copied into a freshly
// erased sector together with the new one, and that sector's header, written last, makes
// it current. Until the header's CRC is programmed the old sector stays authoritative, so
// a power cut at any point leaves either the old set of values or the new one.
#include <cstring>

#include "firmware/flash/verified_flash.h"
#include "firmware/settings/record_store.h"
#include "hal/crc32.h"
#include "hal/log.h"

namespace firmware::settings {

hal::Status RecordStore::compact(uint8_t key, hal::ConstByteSpan value, uint32_t sequence) {
    const uint32_t target = pick_target();
    const uint32_t generation = next_generation_++;
    // A blank sector needs no erase (and so a first write on a blank device cannot leave a
    // torn erase behind, which mount would have to take for a damaged log).
    HAL_TRY(flash::erase_unless_blank(flash_, target));

    RecordIndex fresh{};
    uint32_t address = target * geometry_.sector_size + layout_.sector_header_size();
    HAL_TRY(copy_live_records(key, address, fresh));
    const auto length = static_cast<uint16_t>(value.size());
    if (key != kNoKey && length > 0) {
        stage_new(format::RecordHeader{key, length, sequence}, value);
        HAL_TRY(program_staged(address, length));
        fresh.slots[key] = RecordSlot{address, sequence, length, true};
        address += layout_.record_size(length);
    }
    HAL_TRY(commit_sector(target, generation));

    index_ = fresh;
    // The sector just left is now the previous one (read_previous).
    has_previous_ = has_sector_;
    previous_ = sector_;
    sector_ = target;
    has_sector_ = true;
    append_address_ = address;
    sealed_ = false;
    return hal::Status::kOk;
}

// Sectors take turns in ring order, which spreads erases evenly; a target that failed is
// passed over next time, so one bad sector does not stop the store.
uint32_t RecordStore::pick_target() {
    uint32_t target = next_target_;
    if (has_sector_ && target == sector_) target = (target + 1) % geometry_.sector_count;
    next_target_ = (target + 1) % geometry_.sector_count;
    return target;
}

// Copies the newest record of every key but `skip_key` to `address` onwards, unchanged
// (same sequence number, same ciphertext). A record whose CRC no longer holds is dropped:
// it could not be read anyway, and carrying it would seal the new sector.
hal::Status RecordStore::copy_live_records(uint8_t skip_key, uint32_t& address,
                                           RecordIndex& fresh) {
    for (uint32_t key = 0; key < kMaxKeys; ++key) {
        const RecordSlot& slot = index_.slots[key];
        if (key == skip_key || !slot.present) continue;
        const hal::Status staged = read_slot(slot, static_cast<uint8_t>(key));
        if (staged == hal::Status::kCorrupt) {
            HAL_LOG_WARN("settings", "record %u failed its CRC; not carried over",
                         static_cast<unsigned>(key));
            continue;
        }
        HAL_TRY(staged);
        HAL_TRY(program_staged(address, slot.size));
        fresh.slots[key] = RecordSlot{address, slot.sequence, slot.size, true};
        address += layout_.record_size(slot.size);
    }
    return hal::Status::kOk;
}

// The header fields first, then their CRC: the commit of the whole sector.
hal::Status RecordStore::commit_sector(uint32_t sector, uint32_t generation) {
    const uint32_t start = sector * geometry_.sector_size;
    const uint32_t crc_offset = layout_.sector_crc_offset();
    uint8_t header[format::kMaxSectorHeaderSize];
    std::memset(header, format::kErasedByte, sizeof header);
    const format::SectorHeader fields{format::kVersion,
                                      static_cast<uint8_t>(geometry_.program_unit), generation};
    format::encode_sector_fields(fields, header);
    const uint32_t crc = hal::crc32(hal::ConstByteSpan(header, format::kSectorFieldsSize));
    HAL_TRY(flash::program_verified(flash_, start, hal::ConstByteSpan(header, crc_offset)));
    const hal::ByteSpan slot(header + crc_offset, layout_.crc_slot_size());
    format::encode_crc_slot(crc, slot);
    return flash::program_verified(flash_, start + crc_offset, slot);
}

}  // namespace firmware::settings
