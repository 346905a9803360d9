// RecordStore: the generic power-loss-safe log under the settings. Behaviour on a sound
// flash, on a failing one, and on images it did not write. Power cuts: see
// record_store_power_loss_test.cpp.
#include "firmware/settings/record_store.h"

#include <CppUTest/TestHarness.h>

#include <cstring>
#include <vector>

#include "firmware/settings/record_format.h"
#include "hal/crc32.h"
#include "tests/settings/check_status.h"
#include "tests/support/alloc_guard.h"
#include "tests/support/fake_flash.h"

using firmware::settings::kMaxKeys;
using firmware::settings::kMaxValueSize;
using firmware::settings::RecordStore;
using hal::Status;
using test::FakeFlash;

namespace {

constexpr hal::FlashGeometry kGeometry{4096, 4, 1};

size_t largest(uint8_t key) {
    return firmware::settings::format::value_limit(key);
}

// A recognisable value: `size` bytes derived from key and version.
struct Value {
    uint8_t bytes[kMaxValueSize];
    size_t size;
    Value(uint8_t key, uint32_t version, size_t n) : bytes(), size(n) {
        for (size_t i = 0; i < n; ++i)
            bytes[i] = static_cast<uint8_t>(key * 31 + version * 7 + i);
    }
    hal::ConstByteSpan span() const { return hal::ConstByteSpan(bytes, size); }
};

bool holds(RecordStore& store, uint8_t key, const Value& expected) {
    uint8_t out[kMaxValueSize];
    const hal::Result<size_t> got = store.read(key, hal::ByteSpan(out));
    return got.ok() && got.value() == expected.size &&
           std::memcmp(out, expected.bytes, expected.size) == 0;
}

}  // namespace

TEST_GROUP(RecordStore) {
    FakeFlash flash{kGeometry};
    uint8_t out[kMaxValueSize] = {};

    Status mount(RecordStore & store) {
        return store.mount();
    }
};

TEST(RecordStore, ABlankDeviceMountsEmptyWithoutWriting) {
    RecordStore store(flash);
    CHECK_STATUS(Status::kOk, store.mount());
    CHECK_STATUS(Status::kNotFound, store.read(0, hal::ByteSpan(out)).status());
    CHECK_FALSE(store.contains(0));
    UNSIGNED_LONGS_EQUAL(0, flash.operations());
}

TEST(RecordStore, CallsBeforeMountAreRefused) {
    RecordStore store(flash);
    CHECK_STATUS(Status::kFailedPrecondition, store.read(0, hal::ByteSpan(out)).status());
    CHECK_STATUS(Status::kFailedPrecondition, store.write(0, Value(0, 0, 4).span()));
}

TEST(RecordStore, AValueReadsBackAfterARemount) {
    {
        RecordStore store(flash);
        CHECK_STATUS(Status::kOk, store.mount());
        CHECK_STATUS(Status::kOk, store.write(3, Value(3, 1, 40).span()));
        CHECK_TRUE(holds(store, 3, Value(3, 1, 40)));
    }
    RecordStore rebooted(flash);
    CHECK_STATUS(Status::kOk, rebooted.mount());
    CHECK_TRUE(holds(rebooted, 3, Value(3, 1, 40)));
    CHECK_TRUE(rebooted.contains(3));
}

TEST(RecordStore, TheNewestValueWins) {
    RecordStore store(flash);
    CHECK_STATUS(Status::kOk, store.mount());
    for (uint32_t version = 0; version < 5; ++version) {
        CHECK_STATUS(Status::kOk, store.write(1, Value(1, version, 10 + version).span()));
    }
    CHECK_STATUS(Status::kOk, store.write(2, Value(2, 0, 3).span()));
    RecordStore rebooted(flash);
    CHECK_STATUS(Status::kOk, rebooted.mount());
    CHECK_TRUE(holds(rebooted, 1, Value(1, 4, 14)));
    CHECK_TRUE(holds(rebooted, 2, Value(2, 0, 3)));
}

TEST(RecordStore, ARemovedKeyStaysRemoved) {
    RecordStore store(flash);
    CHECK_STATUS(Status::kOk, store.mount());
    CHECK_STATUS(Status::kOk, store.write(4, Value(4, 0, 8).span()));
    CHECK_STATUS(Status::kOk, store.remove(4));
    CHECK_STATUS(Status::kNotFound, store.read(4, hal::ByteSpan(out)).status());
    const uint32_t before = flash.operations();
    CHECK_STATUS(Status::kOk, store.remove(4));  // nothing to remove: no flash traffic
    UNSIGNED_LONGS_EQUAL(before, flash.operations());
    RecordStore rebooted(flash);
    CHECK_STATUS(Status::kOk, rebooted.mount());
    CHECK_STATUS(Status::kNotFound, rebooted.read(4, hal::ByteSpan(out)).status());
}

TEST(RecordStore, RefusesBadKeysLargeValuesAndSmallBuffers) {
    RecordStore store(flash);
    CHECK_STATUS(Status::kOk, store.mount());
    CHECK_STATUS(Status::kInvalidArgument, store.write(kMaxKeys, Value(0, 0, 1).span()));
    const uint8_t big[kMaxValueSize + 1] = {};
    CHECK_STATUS(Status::kTooLarge, store.write(0, hal::ConstByteSpan(big)));
    // The small keys after the large ones take no more than their own limit.
    const auto small_key = static_cast<uint8_t>(firmware::settings::kLargeKeys);
    const hal::ConstByteSpan over(big, firmware::settings::kSmallValueSize + 1);
    CHECK_STATUS(Status::kTooLarge, store.write(small_key, over));
    CHECK_STATUS(Status::kOk, store.write(small_key, over.first(over.size() - 1)));
    CHECK_STATUS(Status::kOk, store.write(0, Value(0, 0, 20).span()));
    uint8_t small[19];
    CHECK_STATUS(Status::kBufferTooSmall, store.read(0, hal::ByteSpan(small)).status());
    CHECK_STATUS(Status::kInvalidArgument, store.read(kMaxKeys, hal::ByteSpan(out)).status());
}

TEST(RecordStore, CompactionCarriesEveryKeyAcrossSectors) {
    RecordStore store(flash);
    CHECK_STATUS(Status::kOk, store.mount());
    for (uint8_t key = 0; key < kMaxKeys; ++key) {
        CHECK_STATUS(Status::kOk, store.write(key, Value(key, 0, largest(key)).span()));
    }
    // Enough rewrites of one key to go round all four sectors more than once.
    for (uint32_t version = 1; version <= 200; ++version) {
        const Status status = store.write(0, Value(0, version, 100).span());
        CHECK_STATUS(Status::kOk, status);
    }
    for (uint32_t sector = 0; sector < kGeometry.sector_count; ++sector) {
        CHECK(flash.erase_count(sector) >= 2);
    }
    RecordStore rebooted(flash);
    CHECK_STATUS(Status::kOk, rebooted.mount());
    CHECK_TRUE(holds(rebooted, 0, Value(0, 200, 100)));
    for (uint8_t key = 1; key < kMaxKeys; ++key) {
        CHECK_TRUE(holds(rebooted, key, Value(key, 0, largest(key))));
    }
}

TEST(RecordStore, WearIsSpreadEvenlyOverAllSectors) {
    RecordStore store(flash);
    CHECK_STATUS(Status::kOk, store.mount());
    for (uint32_t i = 0; i < 3000; ++i) {
        const auto key = static_cast<uint8_t>(i % 5);
        const Status status = store.write(key, Value(key, i, 16 + i % 90).span());
        CHECK_STATUS(Status::kOk, status);
    }
    uint32_t least = UINT32_MAX;
    uint32_t most = 0;
    for (uint32_t sector = 0; sector < kGeometry.sector_count; ++sector) {
        least = flash.erase_count(sector) < least ? flash.erase_count(sector) : least;
        most = flash.erase_count(sector) > most ? flash.erase_count(sector) : most;
    }
    CHECK(least >= 10);
    CHECK(most - least <= 1);  // ring order: every sector gets its turn
}

TEST(RecordStore, WorksWithAnEightByteProgramUnit) {
    FakeFlash wide({4096, 3, 8});
    {
        RecordStore store(wide);
        CHECK_STATUS(Status::kOk, store.mount());
        for (uint32_t version = 0; version < 60; ++version) {
            const auto key = static_cast<uint8_t>(version % 3);
            const Status status = store.write(key, Value(key, version, 1 + version * 5).span());
            CHECK_STATUS(Status::kOk, status);
        }
    }
    RecordStore rebooted(wide);
    CHECK_STATUS(Status::kOk, rebooted.mount());
    CHECK_TRUE(holds(rebooted, 0, Value(0, 57, 286)));
    CHECK_TRUE(holds(rebooted, 1, Value(1, 58, 291)));
    CHECK_TRUE(holds(rebooted, 2, Value(2, 59, 296)));
}

TEST(RecordStore, RefusesGeometriesTheFormatCannotServe) {
    FakeFlash one_sector({4096, 1, 1});
    FakeFlash small_sectors({1024, 16, 1});
    FakeFlash odd_unit({4095, 4, 3});
    FakeFlash huge_unit({4096, 4, 64});
    RecordStore a(one_sector);
    RecordStore b(small_sectors);
    RecordStore c(odd_unit);
    RecordStore d(huge_unit);
    CHECK_STATUS(Status::kUnsupported, a.mount());
    CHECK_STATUS(Status::kUnsupported, b.mount());
    CHECK_STATUS(Status::kUnsupported, c.mount());
    CHECK_STATUS(Status::kUnsupported, d.mount());
    CHECK_STATUS(Status::kFailedPrecondition, a.write(0, Value(0, 0, 1).span()));
}

TEST(RecordStore, LeavesALogOfAnotherFormatVersionUntouched) {
    {
        RecordStore store(flash);
        CHECK_STATUS(Status::kOk, store.mount());
        CHECK_STATUS(Status::kOk, store.write(0, Value(0, 0, 10).span()));
    }
    // Sector 0 now holds the log; make its header claim version 2, CRC and all.
    uint8_t* header = flash.image().data();
    header[4] = 2;
    const uint32_t crc = hal::crc32(hal::ConstByteSpan(header, 12));
    for (int i = 0; i < 4; ++i)
        header[12 + i] = static_cast<uint8_t>(crc >> (8 * i));
    RecordStore newer(flash);
    const uint32_t before = flash.operations();
    CHECK_STATUS(Status::kUnsupported, newer.mount());
    CHECK_STATUS(Status::kFailedPrecondition, newer.write(0, Value(0, 1, 10).span()));
    UNSIGNED_LONGS_EQUAL(before, flash.operations());
}

TEST(RecordStore, AGarbageImageIsReportedAndLeftAloneUntilFormatted) {
    uint32_t state = 12345;
    for (uint8_t& byte : flash.image()) {
        state = state * 1103515245u + 12345u;
        byte = static_cast<uint8_t>(state >> 16);
    }
    const std::vector<uint8_t> garbage(flash.image().begin(), flash.image().end());
    RecordStore store(flash);
    CHECK_STATUS(Status::kCorrupt, store.mount());
    CHECK_STATUS(Status::kFailedPrecondition, store.write(0, Value(0, 1, 30).span()));
    CHECK_STATUS(Status::kFailedPrecondition, store.rewrite());
    CHECK_TRUE(garbage == std::vector<uint8_t>(flash.image().begin(), flash.image().end()));

    CHECK_STATUS(Status::kOk, store.format());
    CHECK_STATUS(Status::kNotFound, store.read(0, hal::ByteSpan(out)).status());
    CHECK_STATUS(Status::kOk, store.write(0, Value(0, 1, 30).span()));
    RecordStore rebooted(flash);
    CHECK_STATUS(Status::kOk, rebooted.mount());
    CHECK_TRUE(holds(rebooted, 0, Value(0, 1, 30)));
}

TEST(RecordStore, AnUnfinishedFirstWriteOnABlankDeviceMountsEmpty) {
    // A record programmed, the header not yet: power was cut during the first format.
    flash.image()[100] = 0x12;
    RecordStore store(flash);
    CHECK_STATUS(Status::kOk, store.mount());
    CHECK_FALSE(store.damage().any());
    CHECK_STATUS(Status::kOk, store.write(0, Value(0, 1, 30).span()));
}

TEST(RecordStore, AFailedProgramIsReportedTheOldValueSurvivesAndTheSequenceIsBurned) {
    RecordStore store(flash);
    CHECK_STATUS(Status::kOk, store.mount());
    CHECK_STATUS(Status::kOk, store.write(1, Value(1, 0, 50).span()));
    const uint32_t sequence = store.next_sequence();
    flash.fail_operation(flash.operations() + 1);
    const Status failed = store.write(1, Value(1, 1, 50).span());
    CHECK_STATUS(Status::kFlashError, failed);
    CHECK_TRUE(holds(store, 1, Value(1, 0, 50)));
    UNSIGNED_LONGS_EQUAL(sequence + 1, store.next_sequence());

    CHECK_STATUS(Status::kOk, store.write(1, Value(1, 2, 50).span()));
    CHECK_TRUE(holds(store, 1, Value(1, 2, 50)));
    RecordStore rebooted(flash);
    CHECK_STATUS(Status::kOk, rebooted.mount());
    CHECK_TRUE(holds(rebooted, 1, Value(1, 2, 50)));
}

TEST(RecordStore, AFailedCommitIsReportedAndTheOldValueSurvivesAReboot) {
    RecordStore store(flash);
    CHECK_STATUS(Status::kOk, store.mount());
    CHECK_STATUS(Status::kOk, store.write(1, Value(1, 0, 50).span()));
    flash.fail_operation(flash.operations() + 2);  // the CRC of the next record
    const Status failed = store.write(1, Value(1, 1, 50).span());
    CHECK_STATUS(Status::kFlashError, failed);
    RecordStore rebooted(flash);
    CHECK_STATUS(Status::kOk, rebooted.mount());
    CHECK_TRUE(holds(rebooted, 1, Value(1, 0, 50)));
}

TEST(RecordStore, AWeakProgramIsCaughtByTheReadBack) {
    RecordStore store(flash);
    CHECK_STATUS(Status::kOk, store.mount());
    CHECK_STATUS(Status::kOk, store.write(2, Value(2, 0, 20).span()));
    flash.weaken_program(flash.operations() + 1);
    const Status weak = store.write(2, Value(2, 1, 20).span());
    CHECK_STATUS(Status::kFlashError, weak);
    CHECK_TRUE(holds(store, 2, Value(2, 0, 20)));
    CHECK_STATUS(Status::kOk, store.write(2, Value(2, 2, 20).span()));
    RecordStore rebooted(flash);
    CHECK_STATUS(Status::kOk, rebooted.mount());
    CHECK_TRUE(holds(rebooted, 2, Value(2, 2, 20)));
}

TEST(RecordStore, ASectorThatFailsToEraseIsPassedOver) {
    flash.image()[100] = 0x12;  // sector 0 is not blank: the first write must erase it
    RecordStore store(flash);
    CHECK_STATUS(Status::kOk, store.mount());
    flash.fail_operation(1);  // that erase
    const Status failed = store.write(0, Value(0, 0, 10).span());
    CHECK_STATUS(Status::kFlashError, failed);
    CHECK_STATUS(Status::kOk, store.write(0, Value(0, 1, 10).span()));
    UNSIGNED_LONGS_EQUAL(0, flash.erase_count(0));
    UNSIGNED_LONGS_EQUAL(0, flash.erase_count(1));  // blank: used without an erase
    RecordStore rebooted(flash);
    CHECK_STATUS(Status::kOk, rebooted.mount());
    CHECK_TRUE(holds(rebooted, 0, Value(0, 1, 10)));
}

TEST(RecordStore, ADeadFlashFailsWritesButKeepsWhatWasThere) {
    RecordStore store(flash);
    CHECK_STATUS(Status::kOk, store.mount());
    CHECK_STATUS(Status::kOk, store.write(5, Value(5, 0, 33).span()));
    flash.fail_from(flash.operations() + 1);
    for (uint32_t i = 0; i < 20; ++i) {
        const Status status = store.write(5, Value(5, i + 1, 300).span());
        CHECK_STATUS(Status::kFlashError, status);
    }
    CHECK_TRUE(holds(store, 5, Value(5, 0, 33)));
}

TEST(RecordStore, AFlippedBitInAValueIsCorrectedOnRead) {
    RecordStore store(flash);
    CHECK_STATUS(Status::kOk, store.mount());
    CHECK_STATUS(Status::kOk, store.write(0, Value(0, 0, 30).span()));
    CHECK_STATUS(Status::kOk, store.write(1, Value(1, 0, 30).span()));
    // The first record's value starts after the sector header (16) and its header (12).
    flash.image()[16 + 12 + 5] ^= 0x01;
    CHECK_TRUE(holds(store, 0, Value(0, 0, 30)));
    CHECK_TRUE(holds(store, 1, Value(1, 0, 30)));
}

TEST(RecordStore, AValueDamagedInTwoBitsReadsAsCorrupt) {
    RecordStore store(flash);
    CHECK_STATUS(Status::kOk, store.mount());
    CHECK_STATUS(Status::kOk, store.write(0, Value(0, 0, 30).span()));
    CHECK_STATUS(Status::kOk, store.write(1, Value(1, 0, 30).span()));
    flash.image()[16 + 12 + 5] ^= 0x01;
    flash.image()[16 + 12 + 9] ^= 0x10;
    CHECK_STATUS(Status::kCorrupt, store.read(0, hal::ByteSpan(out)).status());
    CHECK_TRUE(holds(store, 1, Value(1, 0, 30)));
}

TEST(RecordStore, ARecordDamagedBeyondRepairCostsOnlyItselfAndIsCounted) {
    RecordStore store(flash);
    CHECK_STATUS(Status::kOk, store.mount());
    CHECK_STATUS(Status::kOk, store.write(0, Value(0, 0, 30).span()));
    CHECK_STATUS(Status::kOk, store.write(1, Value(1, 0, 30).span()));
    CHECK_STATUS(Status::kOk, store.write(2, Value(2, 0, 30).span()));
    for (int byte = 0; byte < 8; ++byte)
        flash.image()[16 + byte] ^= 0x5A;  // the first record's header, magic and all
    RecordStore rebooted(flash);
    CHECK_STATUS(Status::kOk, rebooted.mount());
    UNSIGNED_LONGS_EQUAL(1, rebooted.damage().lost_ranges);
    CHECK_TRUE(rebooted.damage().values_at_risk());
    CHECK_FALSE(rebooted.contains(0));
    CHECK_TRUE(holds(rebooted, 1, Value(1, 0, 30)));
    CHECK_TRUE(holds(rebooted, 2, Value(2, 0, 30)));
    CHECK_STATUS(Status::kOk, rebooted.rewrite());
    RecordStore repaired(flash);
    CHECK_STATUS(Status::kOk, repaired.mount());
    CHECK_FALSE(repaired.damage().any());
    CHECK_TRUE(holds(repaired, 2, Value(2, 0, 30)));
}

TEST(RecordStore, ARedundantValueSurvivesTheLossOfItsRecord) {
    RecordStore store(flash);
    CHECK_STATUS(Status::kOk, store.mount());
    CHECK_STATUS(Status::kOk, store.write_redundant(0, Value(0, 7, 40).span()));
    CHECK_STATUS(Status::kOk, store.write(3, Value(3, 0, 30).span()));
    RecordStore probe(flash);
    CHECK_STATUS(Status::kOk, probe.mount());
    CHECK_TRUE(holds(probe, 0, Value(0, 7, 40)));
    // Ruin key 0's record in the current sector, wherever it is.
    const uint32_t current = flash.image()[8] > flash.image()[4096 + 8] ? 0 : 1;
    const uint32_t record = current * 4096 + 16;
    for (int byte = 0; byte < 6; ++byte)
        flash.image()[record + 12 + byte] ^= 0xA5;
    RecordStore rebooted(flash);
    CHECK_STATUS(Status::kOk, rebooted.mount());
    CHECK_STATUS(Status::kNotFound, rebooted.read(0, hal::ByteSpan(out)).status());
    const hal::Result<size_t> previous = rebooted.read_previous(0, hal::ByteSpan(out));
    CHECK_STATUS(Status::kOk, previous.status());
    const Value want(0, 7, 40);
    MEMCMP_EQUAL(want.span().data(), out, previous.value());
}

TEST(RecordStore, ATornRecordSealsItsSectorAndTheNextWriteMovesOn) {
    RecordStore store(flash);
    CHECK_STATUS(Status::kOk, store.mount());
    CHECK_STATUS(Status::kOk, store.write(0, Value(0, 0, 30).span()));
    flash.cut_power_during(flash.operations() + 1, FakeFlash::Tear{20, true, false});
    CHECK_STATUS(Status::kFlashError, store.write(1, Value(1, 0, 30).span()));
    flash.restore_power();

    RecordStore rebooted(flash);
    CHECK_STATUS(Status::kOk, rebooted.mount());
    CHECK_TRUE(holds(rebooted, 0, Value(0, 0, 30)));
    CHECK_FALSE(rebooted.contains(1));
    CHECK_TRUE(rebooted.damage().torn_tail);
    CHECK_FALSE(rebooted.damage().values_at_risk());
    CHECK_STATUS(Status::kOk, rebooted.write(1, Value(1, 1, 30).span()));
    UNSIGNED_LONGS_EQUAL(0, flash.erase_count(1));  // compacted into the next (blank) sector
    RecordStore again(flash);
    CHECK_STATUS(Status::kOk, again.mount());
    CHECK_FALSE(again.damage().any());
    CHECK_TRUE(holds(again, 0, Value(0, 0, 30)));
    CHECK_TRUE(holds(again, 1, Value(1, 1, 30)));
}

TEST(RecordStore, MountWriteReadAndCompactionAllocateNothing) {
    RecordStore store(flash);
    test::AllocGuard guard;
    CHECK_STATUS(Status::kOk, store.mount());
    for (uint32_t i = 0; i < 100; ++i) {
        const auto key = static_cast<uint8_t>(i % 3);
        const Status status = store.write(key, Value(key, i, 200).span());
        CHECK_STATUS(Status::kOk, status);
    }
    CHECK_TRUE(holds(store, 0, Value(0, 99, 200)));
    CHECK(flash.erase_count(1) > 0);
    UNSIGNED_LONGS_EQUAL(0, guard.allocations());
}

TEST(RecordStore, WritesTheBytesSpecMdDocuments) {
    RecordStore store(flash);
    CHECK_STATUS(Status::kOk, store.mount());
    const uint8_t value[] = {'a', 'b'};
    CHECK_STATUS(Status::kOk, store.write(2, hal::ConstByteSpan(value)));
    const uint8_t header[] = {0xE1, 0x96, 0x3C, 0x5A, 0x01, 0x01, 0x00, 0x00,
                              0x01, 0x00, 0x00, 0x00, 0xEE, 0x77, 0x95, 0xDE};
    MEMCMP_EQUAL(header, flash.image().data(), sizeof header);
    const uint8_t record[] = {0x5D, 0x73, 0xB2, 0xC4, 0x01, 0x02, 0x02,
                              0x00, 0x01, 0x00, 0x00, 0x00, 'a',  'b'};
    MEMCMP_EQUAL(record, flash.image().data() + 16, sizeof record);
    const uint32_t crc = hal::crc32(hal::ConstByteSpan(record));
    uint8_t stored[4];
    std::memcpy(stored, flash.image().data() + 16 + sizeof record, sizeof stored);
    for (int i = 0; i < 4; ++i)
        BYTES_EQUAL(static_cast<uint8_t>(crc >> (8 * i)), stored[i]);
}

// Six keys of 560 bytes and the small seventh (the user's string, 288): SPEC.md.
TEST(RecordStore, TheDefaultCapacitiesFitFourKiBSectors) {
    using firmware::settings::format::Layout;
    UNSIGNED_LONGS_EQUAL(3776, Layout(1).min_sector_size());
    UNSIGNED_LONGS_EQUAL(3840, Layout(8).min_sector_size());
    UNSIGNED_LONGS_EQUAL(3904, Layout(16).min_sector_size());
}

// A record that claims more than its key may hold is not one this build wrote: mount
// takes it for damage and the key keeps its previous value.
TEST(RecordStore, ARecordOverItsKeysLimitIsNotTaken) {
    const auto small_key = static_cast<uint8_t>(firmware::settings::kLargeKeys);
    uint8_t header[12];
    firmware::settings::format::RecordHeader fields{};
    fields.key = small_key;
    fields.length = static_cast<uint16_t>(firmware::settings::kSmallValueSize + 1);
    firmware::settings::format::encode_record_header(fields, header);
    CHECK_TRUE(firmware::settings::format::decode_record_header(header, &fields) ==
               firmware::settings::format::HeaderKind::kInvalid);
    fields.key = 0;
    firmware::settings::format::encode_record_header(fields, header);
    CHECK_TRUE(firmware::settings::format::decode_record_header(header, &fields) ==
               firmware::settings::format::HeaderKind::kRecord);
}
