// The flash fixture the suites share: the geometries they test on, and one device's two
// parts (settings and outbox) as the messenger, app and fault-sweep suites boot over them.
// Storage inside the objects (FakeFlash holds its image), no heap.
#pragma once

#include "hal/flash.h"
#include "tests/support/fake_flash.h"

namespace test {

// The settings store's suites: two 4 KiB sectors (compaction goes round both), unit 1.
constexpr hal::FlashGeometry kStoreGeometry{4096, 2, 1};
// The outbox's suites: a ring of eight 1 KiB sectors, so entries span sectors, unit 1.
constexpr hal::FlashGeometry kOutboxGeometry{1024, 8, 1};

// One device's flash: the settings part and the outbox part. Device-level suites use
// 4 KiB sectors like the host and the board (4 for settings, 6 for the outbox unless a
// suite asks for other sizes).
struct DeviceFlash {
    static constexpr hal::FlashGeometry kSettingsGeometry{4096, 4, 1};
    static constexpr hal::FlashGeometry kOutboxGeometry{4096, 6, 1};

    explicit DeviceFlash(hal::FlashGeometry settings_geometry = kSettingsGeometry,
                         hal::FlashGeometry outbox_geometry = kOutboxGeometry)
        : settings(settings_geometry), outbox(outbox_geometry) {}

    // A new device: both parts erased, counters zero, power on, no faults.
    void reset() {
        settings.reset();
        outbox.reset();
    }
    // A reboot: power back on both parts, faults cleared, images kept.
    void restore_power() {
        settings.restore_power();
        outbox.restore_power();
    }

    FakeFlash settings;
    FakeFlash outbox;
};

}  // namespace test
