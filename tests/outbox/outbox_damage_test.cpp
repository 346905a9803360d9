// The outbox on damaged flash (SPEC.md "Damage"): every single flipped bit of the sector
// headers and entries (body and CRC) of a populated log is corrected and reported, and
// every entry reads as it was.
#include <CppUTest/TestHarness.h>

#include <cstdio>
#include <cstring>
#include <vector>

#include "firmware/outbox/entry_format.h"
#include "firmware/outbox/log_reader.h"
#include "firmware/outbox/outbox.h"
#include "firmware/outbox/sector_format.h"
#include "tests/outbox/outbox_helpers.h"
#include "tests/settings/check_status.h"
#include "tests/support/fake_flash.h"
#include "tests/support/flash_fixture.h"
#include "tests/support/read_fault_flash.h"

using firmware::outbox::LiveRun;
using firmware::outbox::LogLayout;
using firmware::outbox::LogPosition;
using firmware::outbox::LogReader;
using firmware::outbox::Outbox;
using firmware::outbox::WalkStep;
using firmware::outbox::format::EntryLayout;
using hal::Status;
using outbox_test::Collector;
using outbox_test::message;
using outbox_test::Text;
using test::FakeFlash;

namespace {

constexpr hal::FlashGeometry kGeometry = test::kOutboxGeometry;
constexpr uint32_t kSizes[] = {40, 300, 900, 1500, 60, 200};
constexpr size_t kEntries = sizeof kSizes / sizeof kSizes[0];

// Every byte the CRCs cover: the run's sector headers, each entry's body and CRC slot.
std::vector<uint32_t> covered_bytes(FakeFlash& flash) {
    const LogLayout layout(kGeometry, firmware::outbox::format::sector_header_size(1));
    const hal::Result<LiveRun> run = firmware::outbox::find_live_run(flash, layout);
    CHECK_STATUS(Status::kOk, run.status());
    std::vector<uint32_t> bytes;
    for (uint32_t sector = run.value().oldest; sector <= run.value().newest; ++sector) {
        for (uint32_t i = 0; i < layout.header_size(); ++i)
            bytes.push_back(layout.sector_address(sector) + i);
    }
    LogReader reader(flash, layout, run.value());
    WalkStep step;
    CHECK_STATUS(Status::kOk, reader.first(step));
    while (step.is_entry) {
        const uint32_t end = EntryLayout(1).crc_offset(step.entry.header.payload_size()) + 4;
        for (uint32_t i = 0; i < end; ++i)
            bytes.push_back(layout.address(layout.advance(step.entry.at, i)));
        CHECK_STATUS(Status::kOk, reader.from(step.entry.end, step));
    }
    return bytes;
}

bool same_entries(const Collector& a, const Collector& b) {
    if (a.count != b.count) return false;
    for (size_t i = 0; i < a.count; ++i) {
        const outbox_test::Seen& x = a.seen[i];
        const outbox_test::Seen& y = b.seen[i];
        if (x.sequence != y.sequence || x.state != y.state || x.text_crc != y.text_crc ||
            x.text_size != y.text_size || x.accepted_at != y.accepted_at ||
            x.server_id != y.server_id) {
            return false;
        }
    }
    return true;
}

}  // namespace

TEST_GROUP(OutboxDamage) {
    FakeFlash flash{kGeometry};
    uint8_t payload[firmware::outbox::kMaxPayloadBytes] = {};

    void setup() override {
        Outbox outbox(flash);
        CHECK_STATUS(Status::kOk, outbox.mount());
        uint32_t seq[kEntries] = {};
        for (size_t i = 0; i < kEntries; ++i) {
            const hal::Result<uint32_t> accepted =
                outbox.accept(message(Text(static_cast<uint32_t>(i), kSizes[i])));
            CHECK_STATUS(Status::kOk, accepted.status());
            seq[i] = accepted.value();
        }
        CHECK_STATUS(Status::kOk, outbox.mark_written(seq[0], 10));
        CHECK_STATUS(Status::kOk, outbox.mark_confirmed(seq[0], 11));
        CHECK_STATUS(Status::kOk, outbox.mark_failed(seq[1], Status::kBadRequest));
        CHECK_STATUS(Status::kOk, outbox.mark_written(seq[2], 11));
    }
};

TEST(OutboxDamage, EveryFlippedBitOfHeadersAndEntriesIsCorrectedAndReported) {
    Collector clean;
    {
        Outbox outbox(flash);
        CHECK_STATUS(Status::kOk, outbox.mount());
        CHECK_STATUS(Status::kOk, outbox.for_each(hal::ByteSpan(payload), clean));
        UNSIGNED_LONGS_EQUAL(kEntries, clean.count);
    }
    const std::vector<uint8_t> image(flash.image().begin(), flash.image().end());
    const std::vector<uint32_t> bytes = covered_bytes(flash);
    CHECK(bytes.size() > 3000);
    uint32_t bits = 0;
    for (const uint32_t at : bytes) {
        for (int bit = 0; bit < 8; ++bit, ++bits) {
            std::memcpy(flash.image().data(), image.data(), image.size());
            flash.image()[at] ^= static_cast<uint8_t>(1u << bit);
            Outbox outbox(flash);
            CHECK_STATUS(Status::kOk, outbox.mount());
            Collector seen;
            CHECK_STATUS(Status::kOk, outbox.for_each(hal::ByteSpan(payload), seen));
            if (!same_entries(clean, seen)) {
                FAIL_TEST(StringFromFormat("entries changed: byte %u bit %d",
                                           static_cast<unsigned>(at), bit)
                              .asCharString());
            }
            if (outbox.damage().corrected_bits == 0 || outbox.damage().messages_lost()) {
                FAIL_TEST(StringFromFormat("not reported as corrected: byte %u bit %d",
                                           static_cast<unsigned>(at), bit)
                              .asCharString());
            }
            UNSIGNED_LONGS_EQUAL(4, outbox.unconfirmed_count());
        }
    }
    std::printf("\n[figure] outbox-bit-flip-sweep bits %u\n", static_cast<unsigned>(bits));
}

TEST(OutboxDamage, AnEntryDamagedBeyondRepairIsCountedAndTheRestStays) {
    // The fourth entry (1500 bytes, unconfirmed): ruin eight bytes of its text.
    Collector clean;
    {
        Outbox outbox(flash);
        CHECK_STATUS(Status::kOk, outbox.mount());
        CHECK_STATUS(Status::kOk, outbox.for_each(hal::ByteSpan(payload), clean));
    }
    const LogLayout layout(kGeometry, firmware::outbox::format::sector_header_size(1));
    const LiveRun run = firmware::outbox::find_live_run(flash, layout).value();
    LogReader reader(flash, layout, run);
    WalkStep step;
    CHECK_STATUS(Status::kOk, reader.first(step));
    for (int i = 0; i < 3; ++i)
        CHECK_STATUS(Status::kOk, reader.from(step.entry.end, step));
    const LogPosition text = layout.advance(step.entry.at, 24 + 500);
    for (uint32_t i = 0; i < 8; ++i)
        flash.image()[layout.address(layout.advance(text, i * 7))] ^= 0x44;

    Outbox outbox(flash);
    CHECK_STATUS(Status::kOk, outbox.mount());
    UNSIGNED_LONGS_EQUAL(1, outbox.damage().damaged_entries);
    UNSIGNED_LONGS_EQUAL(1, outbox.damage().unsent_lost);
    CHECK_TRUE(outbox.damage().messages_lost());
    Collector seen;
    CHECK_STATUS(Status::kOk, outbox.for_each(hal::ByteSpan(payload), seen));
    UNSIGNED_LONGS_EQUAL(kEntries - 1, seen.count);
    UNSIGNED_LONGS_EQUAL(clean.seen[4].sequence, seen.seen[3].sequence);
    UNSIGNED_LONGS_EQUAL(clean.seen[5].sequence, seen.seen[4].sequence);
    UNSIGNED_LONGS_EQUAL(3, outbox.unconfirmed_count());
}

TEST(OutboxDamage, AReadFailingAnywhereWhileReadingADamagedLogIsAnErrorNeverAnEntry) {
    // One corrected bit, one entry beyond correction, one run of bytes without sizes.
    const std::vector<uint32_t> bytes = covered_bytes(flash);
    flash.image()[bytes[30]] ^= 0x08;  // the first entry's header: corrected
    const LogLayout layout(kGeometry, firmware::outbox::format::sector_header_size(1));
    const LiveRun run = firmware::outbox::find_live_run(flash, layout).value();
    LogReader reader(flash, layout, run);
    WalkStep step;
    CHECK_STATUS(Status::kOk, reader.first(step));
    CHECK_STATUS(Status::kOk, reader.from(step.entry.end, step));  // the second entry
    for (uint32_t i = 0; i < 6; ++i)
        flash.image()[layout.address(layout.advance(step.entry.at, 30 + i * 9))] ^= 0x11;
    uint32_t total = 0;
    size_t entries = 0;
    {
        test::ReadFaultFlash counting(flash);
        Outbox outbox(counting);
        CHECK_STATUS(Status::kOk, outbox.mount());
        CHECK_TRUE(outbox.damage().corrected_bits > 0);
        UNSIGNED_LONGS_EQUAL(1, outbox.damage().damaged_entries);
        Collector seen;
        CHECK_STATUS(Status::kOk, outbox.for_each(hal::ByteSpan(payload), seen));
        entries = seen.count;
        total = counting.reads;
    }
    UNSIGNED_LONGS_EQUAL(kEntries - 1, entries);
    for (uint32_t n = 1; n <= total; ++n) {
        test::ReadFaultFlash faulty(flash, n);
        Outbox outbox(faulty);
        const Status mounted = outbox.mount();
        if (mounted == Status::kOk) {
            Collector seen;
            const Status walked = outbox.for_each(hal::ByteSpan(payload), seen);
            CHECK(walked == Status::kOk || walked == Status::kFlashError);
            if (walked == Status::kOk) UNSIGNED_LONGS_EQUAL(entries, seen.count);
        } else {
            CHECK_STATUS(Status::kFlashError, mounted);
        }
        UNSIGNED_LONGS_EQUAL(0, faulty.writes);
    }
}
