// The outbox's bytes on flash (firmware/outbox/SPEC.md): sizes per program unit, the
// geometry a largest entry needs, and a fresh log byte for byte, so that a change to the
// format cannot slip in without a new format version and a new SPEC.
#include <CppUTest/TestHarness.h>

#include <cstring>

#include "firmware/outbox/entry_format.h"
#include "firmware/outbox/outbox.h"
#include "firmware/outbox/sector_format.h"
#include "tests/settings/check_status.h"
#include "tests/support/fake_flash.h"

using firmware::outbox::kMaxPayloadBytes;
using firmware::outbox::Outbox;
using firmware::outbox::OutgoingMessage;
using firmware::outbox::format::EntryLayout;
using firmware::outbox::format::kEntryMagic;
using firmware::outbox::format::kSectorMagic;
using firmware::outbox::format::sector_header_size;
using hal::Status;
using test::FakeFlash;

namespace {

bool has_no_erased_or_zero_byte(uint32_t magic) {
    for (int shift = 0; shift < 32; shift += 8) {
        const uint32_t byte = (magic >> shift) & 0xFFu;
        if (byte == 0x00 || byte == 0xFF) return false;
    }
    return true;
}

// The fewest sectors of `size` bytes an outbox accepts (SPEC.md "Geometry").
uint32_t fewest_sectors(uint32_t size, uint32_t unit) {
    for (uint32_t count = 2; count <= 64; ++count) {
        FakeFlash flash(hal::FlashGeometry{size, count, unit});
        Outbox outbox(flash);
        if (flash.valid() && outbox.mount() == Status::kOk) return count;
    }
    return 0;
}

}  // namespace

TEST_GROUP(OutboxFormat){};

TEST(OutboxFormat, MagicsNeverReadAsErasedOrZeroedFlash) {
    CHECK_TRUE(has_no_erased_or_zero_byte(kSectorMagic));
    CHECK_TRUE(has_no_erased_or_zero_byte(kEntryMagic));
}

TEST(OutboxFormat, SizesPerProgramUnit) {
    UNSIGNED_LONGS_EQUAL(24, sector_header_size(1));
    UNSIGNED_LONGS_EQUAL(24, sector_header_size(4));
    UNSIGNED_LONGS_EQUAL(32, sector_header_size(8));
    UNSIGNED_LONGS_EQUAL(48, sector_header_size(16));
    UNSIGNED_LONGS_EQUAL(54 + 2, EntryLayout(1).extent(2));  // 24 + 2 + 4 + 12 + 1 + 1 + 12
    UNSIGNED_LONGS_EQUAL(32 + 8 + 16 + 8 + 8 + 16, EntryLayout(8).extent(2));
    UNSIGNED_LONGS_EQUAL(32 + 16 + 16 + 16 + 16 + 16, EntryLayout(16).extent(2));
    UNSIGNED_LONGS_EQUAL(6374, EntryLayout(1).extent(kMaxPayloadBytes));
}

TEST(OutboxFormat, TheSmallestRingsThatHoldALargestEntry) {
    UNSIGNED_LONGS_EQUAL(8, fewest_sectors(1024, 1));
    UNSIGNED_LONGS_EQUAL(5, fewest_sectors(2048, 1));
    UNSIGNED_LONGS_EQUAL(3, fewest_sectors(4096, 1));
    UNSIGNED_LONGS_EQUAL(3, fewest_sectors(4096, 16));
    UNSIGNED_LONGS_EQUAL(2, fewest_sectors(8192, 8));
}

TEST(OutboxFormat, AFreshLogIsWrittenAsSpecified) {
    FakeFlash flash(hal::FlashGeometry{1024, 8, 1});
    Outbox outbox(flash);
    CHECK_STATUS(Status::kOk, outbox.mount());
    OutgoingMessage m;
    m.text = "Hi";
    m.accepted_at = 1700000000;
    CHECK_EQUAL(Status::kOk, outbox.accept(m).status());
    CHECK_STATUS(Status::kOk, outbox.mark_written(1, 10742));
    CHECK_STATUS(Status::kOk, outbox.mark_confirmed(1, 10743));
    const uint8_t expected[] = {
        // Sector header: magic, version 1, unit 1, reserved, sector 0, first entry at 24,
        // next sequence 2, CRC.
        0xC9, 0x51, 0x8A, 0x3E, 0x01, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x18, 0x00, 0x00,
        0x00, 0x02, 0x00, 0x00, 0x00, 0x4A, 0x19, 0x34, 0xF6,
        // Entry: magic, version 1, typeId 1, media id 0, reserved, description 0, text 2,
        // sequence 1, accepted at 1700000000, "Hi", CRC.
        0x47, 0x9E, 0x2B, 0x6D, 0x01, 0x01, 0x00, 0x00, 0x00, 0x00, 0x02, 0x00, 0x01, 0x00, 0x00,
        0x00, 0x00, 0xF1, 0x53, 0x65, 0x00, 0x00, 0x00, 0x00, 0x48, 0x69, 0xDA, 0x42, 0x5D, 0xF4,
        // Trailer: sent after 10742 with its CRC, written, confirmed, server id 10743 with
        // its CRC.
        0xF6, 0x29, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x82, 0xEB, 0x51, 0x83, 0x00, 0x00, 0xF7,
        0x29, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x1C, 0xEB, 0xFB, 0x4F,
        // The rest of the sector is erased.
        0xFF};
    MEMCMP_EQUAL(expected, flash.image().data(), sizeof expected);
}
