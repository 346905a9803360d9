// FlashPartition: whole sectors of a parent flash seen as a device of their own, so the
// outbox can share a part with the settings store without touching its sectors.
#include "firmware/outbox/flash_partition.h"

#include <CppUTest/TestHarness.h>

#include "firmware/outbox/outbox.h"
#include "tests/outbox/outbox_helpers.h"
#include "tests/settings/check_status.h"
#include "tests/support/fake_flash.h"

using firmware::outbox::FlashPartition;
using firmware::outbox::Outbox;
using hal::Status;
using test::FakeFlash;

TEST_GROUP(FlashPartition) {
    FakeFlash parent{hal::FlashGeometry{1024, 12, 8}};
};

TEST(FlashPartition, ShowsItsSectorsFromZero) {
    FlashPartition part(parent, 2, 8);
    CHECK_TRUE(part.valid());
    const hal::FlashGeometry g = part.geometry();
    UNSIGNED_LONGS_EQUAL(1024, g.sector_size);
    UNSIGNED_LONGS_EQUAL(8, g.sector_count);
    UNSIGNED_LONGS_EQUAL(8, g.program_unit);

    const uint8_t data[8] = {1, 2, 3, 4, 5, 6, 7, 8};
    CHECK_STATUS(Status::kOk, part.program(16, hal::ConstByteSpan(data)));
    BYTES_EQUAL(1, parent.image()[2 * 1024 + 16]);
    uint8_t back[3] = {};
    CHECK_STATUS(Status::kOk, part.read(17, hal::ByteSpan(back)));
    BYTES_EQUAL(2, back[0]);
    CHECK_STATUS(Status::kOk, part.erase(0));
    UNSIGNED_LONGS_EQUAL(1, parent.erase_count(2));
    BYTES_EQUAL(0xFF, parent.image()[2 * 1024 + 16]);
}

TEST(FlashPartition, RefusesAnythingOutsideItself) {
    FlashPartition part(parent, 2, 8);
    const uint8_t data[8] = {};
    uint8_t out[2] = {};
    CHECK_STATUS(Status::kInvalidArgument, part.erase(8));
    CHECK_STATUS(Status::kInvalidArgument, part.program(8 * 1024, hal::ConstByteSpan(data)));
    CHECK_STATUS(Status::kInvalidArgument, part.program(4, hal::ConstByteSpan(data)));  // unit
    CHECK_STATUS(Status::kInvalidArgument, part.read(8 * 1024 - 1, hal::ByteSpan(out)));
    UNSIGNED_LONGS_EQUAL(0, parent.operations());
}

TEST(FlashPartition, APartitionBeyondTheParentIsInvalidAndUnusable) {
    FlashPartition too_long(parent, 6, 7);
    FlashPartition past_end(parent, 12, 1);
    FlashPartition empty(parent, 0, 0);
    uint8_t out[1] = {};
    for (FlashPartition* part : {&too_long, &past_end, &empty}) {
        CHECK_FALSE(part->valid());
        UNSIGNED_LONGS_EQUAL(0, part->geometry().sector_count);
        CHECK_STATUS(Status::kInvalidArgument, part->erase(0));
        CHECK_STATUS(Status::kInvalidArgument, part->read(0, hal::ByteSpan(out)));
        Outbox outbox(*part);
        CHECK_STATUS(Status::kUnsupported, outbox.mount());
    }
}

TEST(FlashPartition, AnOutboxOnAPartitionLeavesTheOtherSectorsAlone) {
    FlashPartition part(parent, 2, 8);
    Outbox outbox(part);
    CHECK_STATUS(Status::kOk, outbox.mount());
    for (uint32_t i = 0; i < 40; ++i) {
        const hal::Result<uint32_t> seq =
            outbox.accept(outbox_test::message(outbox_test::Text(i, 500)));
        CHECK_EQUAL(Status::kOk, seq.status());
        CHECK_STATUS(Status::kOk, outbox.mark_confirmed(seq.value(), i + 1));
    }
    for (uint32_t s : {0u, 1u, 10u, 11u}) {
        UNSIGNED_LONGS_EQUAL(0, parent.erase_count(s));
        for (uint32_t i = 0; i < 1024; ++i)
            BYTES_EQUAL(0xFF, parent.image()[s * 1024 + i]);
    }
    CHECK(parent.erase_count(2) > 0);
}
