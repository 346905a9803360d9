// RecordIndex: where the newest record of each key lives in the current sector, kept in
// RAM so that a read costs one record's flash reads and no scan. One entry per key.
#pragma once

#include <cstdint>

#include "firmware/settings/settings_config.h"

namespace firmware::settings {

struct RecordSlot {
    uint32_t address = 0;   // of the record header
    uint32_t sequence = 0;  // of that record
    uint16_t size = 0;      // value bytes
    bool present = false;   // false: never written, or removed
};

struct RecordIndex {
    RecordSlot slots[kMaxKeys] = {};
};

}  // namespace firmware::settings
