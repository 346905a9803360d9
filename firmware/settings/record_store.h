// RecordStore: small values by key id in a power-loss-safe append log over the sectors of
// a hal::Flash (format and rules: SPEC.md). A write lands whole or leaves the previous
// value; a failed flash operation is reported. Keys < kMaxKeys, values <= format::value_limit(key);
// no encryption here (see Settings); no heap.
#pragma once

#include <cstddef>
#include <cstdint>

#include "firmware/settings/log_scan.h"
#include "firmware/settings/record_format.h"
#include "firmware/settings/record_index.h"
#include "firmware/settings/settings_config.h"
#include "hal/flash.h"
#include "hal/result.h"
#include "hal/span.h"
#include "hal/status.h"

namespace firmware::settings {

class RecordStore {
  public:
    explicit RecordStore(hal::Flash& flash) : flash_(flash) {}
    RecordStore(const RecordStore&) = delete;
    RecordStore& operator=(const RecordStore&) = delete;

    // Reads the log and indexes the newest record of each key; programs nothing. A blank
    // device mounts empty (the first write formats it). Damage is survived where it can
    // be and counted in damage() (SPEC.md "Damage"): one flipped bit in a header or a
    // record is corrected, a record that no longer reads is skipped. kCorrupt: the flash
    // holds bytes but no readable log (damaged, or not a settings log): nothing is
    // touched, and writes are refused until format(). kUnsupported: a
    // geometry the format cannot serve (sector too small for every key at its largest,
    // fewer than 2 sectors, program unit not a power of two up to kMaxProgramUnit), or a
    // log written by another format version or program unit (left untouched).
    // kFlashError: the device failed a read. Other calls need a successful mount
    // (kFailedPrecondition before).
    hal::Status mount();
    bool mounted() const { return mounted_; }

    // Copies the value of `key` into `out` and returns its size, after checking its CRC
    // again. kNotFound: never written or removed; kBufferTooSmall; kCorrupt: the flash no
    // longer holds what was committed; kInvalidArgument: key out of range.
    hal::Result<size_t> read(uint8_t key, hal::ByteSpan out);
    bool contains(uint8_t key) const;

    // What mount found wrong (zero when the flash read clean).
    const StoreDamage& damage() const { return damage_; }

    // The value `key` had in the previous sector (the source of the last compaction), for
    // a value lost to damage in the current one. kNotFound when there is no such sector
    // or it holds no intact record of the key; other results as read().
    hal::Result<size_t> read_previous(uint8_t key, hal::ByteSpan out);

    // Replaces the value of `key`; an empty value removes the key. On kOk the value is on
    // flash, read back and committed. On an error the previous value stays (unless power
    // was cut after the commit), the sequence number is burned and the next write starts
    // in a fresh sector. kTooLarge: value over its key's limit (format::value_limit). Flash errors
    // as reported by the device, kFlashError for a read-back mismatch.
    hal::Status write(uint8_t key, hal::ConstByteSpan value);
    hal::Status remove(uint8_t key) { return write(key, hal::ConstByteSpan()); }

    // As write(), for values that must survive the loss of a record: the value is written
    // by compaction, twice, so that the current sector and the previous one both hold it
    // (read_previous finds it). kOk once the first copy is committed; a failed second
    // copy is only logged (the value is stored, with one copy).
    hal::Status write_redundant(uint8_t key, hal::ConstByteSpan value);

    // Copies every intact value into a fresh sector (corrected bits written clean, damaged
    // ranges left behind) and clears damage(). For an app that found damage at mount.
    hal::Status rewrite();

    // Erases every sector and mounts empty: the one way out of kCorrupt (an explicit
    // command on a host; a board's documented policy). Everything stored is lost.
    hal::Status format();
    // The sequence number the next write will use (diagnostics and tests).
    uint32_t next_sequence() const { return next_sequence_; }

  private:
    static constexpr uint8_t kNoKey = 0xFF;  // compact(): copy every key, add none

    hal::Status check_geometry() const;
    bool compatible(const format::SectorHeader& header) const;
    hal::Status check_write(uint8_t key, hal::ConstByteSpan value) const;
    bool can_append(size_t value_size) const;
    uint32_t sector_end(uint32_t sector) const;

    hal::Status append(uint8_t key, hal::ConstByteSpan value, uint32_t sequence);
    hal::Status compact(uint8_t key, hal::ConstByteSpan value, uint32_t sequence);
    uint32_t pick_target();
    hal::Status copy_live_records(uint8_t skip_key, uint32_t& address, RecordIndex& fresh);
    hal::Status commit_sector(uint32_t sector, uint32_t generation);

    void stage_new(const format::RecordHeader& header, hal::ConstByteSpan value);
    // Reads the record into record_, checked (a flash that has started to fail is never
    // copied forward as if it were sound).
    hal::Status read_slot(const RecordSlot& slot, uint8_t key);
    hal::Status program_staged(uint32_t address, uint16_t length);
    hal::Status verify_value(const RecordSlot& slot, uint8_t key, hal::ByteSpan value);

    hal::Flash& flash_;
    hal::FlashGeometry geometry_{};
    format::Layout layout_{1};
    RecordIndex index_{};
    uint32_t sector_ = 0;           // the current sector, when has_sector_
    bool has_sector_ = false;       // false until the first write on a blank device
    uint32_t append_address_ = 0;   // where the next record goes in the current sector
    bool sealed_ = false;           // the current sector takes no more records
    uint32_t next_sequence_ = 1;    // burned by every write attempt
    uint32_t next_generation_ = 1;  // burned by every compaction attempt
    uint32_t next_target_ = 0;      // where compaction looks first (wear rotation)
    bool mounted_ = false;
    bool unreadable_ = false;    // mount found no log it can read: only format() writes
    bool has_previous_ = false;  // previous_ names a sector of this format and unit
    uint32_t previous_ = 0;      // the previous sector, when has_previous_
    StoreDamage damage_{};
    uint8_t record_[format::kMaxRecordSize] = {};  // one record, staged for programming
};

}  // namespace firmware::settings
