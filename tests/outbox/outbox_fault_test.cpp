// Outbox on a flash that fails: refused, weak (one bit short, seen only by the read-back)
// and dead programs and erases, a program that lands but reports an error, failing
// reads, decayed entries and arbitrary images. Each failure is reported, the queue stays
// as it was (nothing lost, nothing half there) and the next call works.
#include "firmware/outbox/outbox.h"

#include <CppUTest/TestHarness.h>

#include <cstring>
#include <vector>

#include "firmware/outbox/entry_format.h"
#include "firmware/outbox/sector_format.h"
#include "tests/outbox/outbox_helpers.h"
#include "tests/settings/check_status.h"
#include "tests/support/fake_flash.h"
#include "tests/support/flash_fixture.h"

using firmware::outbox::Entry;
using firmware::outbox::EntryState;
using firmware::outbox::kMaxPayloadBytes;
using firmware::outbox::Outbox;
using firmware::outbox::OutgoingMessage;
using firmware::outbox::format::EntryLayout;
using hal::Status;
using outbox_test::Collector;
using outbox_test::message;
using outbox_test::Text;
using test::FakeFlash;

namespace {

constexpr hal::FlashGeometry kGeometry = test::kOutboxGeometry;

// A flash that reports an error for one program although the bytes land (a controller
// that times out late), or fails every read.
class LyingFlash final : public hal::Flash {
  public:
    explicit LyingFlash(FakeFlash& inner) : inner_(inner) {}
    uint32_t lie_at = 0;  // the FakeFlash operation number to report as failed
    bool fail_reads = false;

    hal::FlashGeometry geometry() const override { return inner_.geometry(); }
    hal::Status erase(uint32_t sector) override { return inner_.erase(sector); }
    hal::Status program(uint32_t address, hal::ConstByteSpan data) override {
        const Status status = inner_.program(address, data);
        return inner_.operations() == lie_at ? Status::kFlashError : status;
    }
    hal::Status read(uint32_t address, hal::ByteSpan out) override {
        return fail_reads ? Status::kFlashError : inner_.read(address, out);
    }

  private:
    FakeFlash& inner_;
};

// Deterministic bytes for arbitrary images.
uint32_t next_random(uint32_t& state) {
    state ^= state << 13;
    state ^= state >> 17;
    state ^= state << 5;
    return state;
}

}  // namespace

TEST_GROUP(OutboxFaults) {
    FakeFlash flash{kGeometry};
    uint8_t payload[kMaxPayloadBytes] = {};

    hal::ByteSpan buffer() {
        return hal::ByteSpan(payload);
    }
    uint32_t accept_ok(Outbox & outbox, const OutgoingMessage& m) {
        const hal::Result<uint32_t> seq = outbox.accept(m);
        CHECK_EQUAL(Status::kOk, seq.status());
        return seq.value();
    }
    // The sequence numbers on flash, oldest first, after a reboot.
    size_t entries_after_reboot(uint32_t * sequences, size_t capacity) {
        flash.restore_power();
        Outbox outbox(flash);
        CHECK_STATUS(Status::kOk, outbox.mount());
        Collector all;
        CHECK_STATUS(Status::kOk, outbox.for_each(buffer(), all));
        for (size_t i = 0; i < all.count && i < capacity; ++i)
            sequences[i] = all.seen[i].sequence;
        return all.count;
    }
    // Fails the next flash operation with `status` (or weakens it) during `accept`.
    Status accept_with_next_operation(Outbox & outbox, const Text& text, bool weak) {
        const uint32_t next = flash.operations() + 1;
        if (weak) {
            flash.weaken_program(next);
        } else {
            flash.fail_operation(next);
        }
        const Status status = outbox.accept(message(text)).status();
        flash.restore_power();
        return status;
    }
};

TEST(OutboxFaults, ARefusedBodyProgramIsReportedAndLeavesNoTrace) {
    Outbox outbox(flash);
    CHECK_STATUS(Status::kOk, outbox.mount());
    accept_ok(outbox, message(Text(1, 40)));
    accept_ok(outbox, message(Text(2, 40)));
    CHECK_STATUS(Status::kFlashError, accept_with_next_operation(outbox, Text(3, 40), false));
    UNSIGNED_LONGS_EQUAL(2, outbox.unconfirmed_count());
    UNSIGNED_LONGS_EQUAL(4, accept_ok(outbox, message(Text(4, 40))));  // 3 was burned
    uint32_t seqs[8] = {};
    UNSIGNED_LONGS_EQUAL(3, entries_after_reboot(seqs, 8));
    UNSIGNED_LONGS_EQUAL(1, seqs[0]);
    UNSIGNED_LONGS_EQUAL(2, seqs[1]);
    UNSIGNED_LONGS_EQUAL(4, seqs[2]);
}

TEST(OutboxFaults, AWeakProgramIsCaughtByTheReadBackAndTheEntryStaysInvisible) {
    Outbox outbox(flash);
    CHECK_STATUS(Status::kOk, outbox.mount());
    accept_ok(outbox, message(Text(1, 40)));
    CHECK_STATUS(Status::kFlashError, accept_with_next_operation(outbox, Text(2, 40), true));
    UNSIGNED_LONGS_EQUAL(1, outbox.unconfirmed_count());
    const uint32_t next = accept_ok(outbox, message(Text(3, 40)));
    uint32_t seqs[8] = {};
    UNSIGNED_LONGS_EQUAL(2, entries_after_reboot(seqs, 8));
    UNSIGNED_LONGS_EQUAL(1, seqs[0]);
    UNSIGNED_LONGS_EQUAL(next, seqs[1]);
}

TEST(OutboxFaults, ACommitOneBitShortCountsAsCommitted) {
    // The body was read back whole before the CRC: a CRC one bit short of programmed is
    // the entry's own, corrected like any flipped bit, and accept() says kOk.
    Outbox outbox(flash);
    CHECK_STATUS(Status::kOk, outbox.mount());
    accept_ok(outbox, message(Text(1, 40)));
    const uint32_t before = flash.operations();
    flash.weaken_program(before + 2);  // body, then the CRC slot
    CHECK_STATUS(Status::kOk, outbox.accept(message(Text(2, 40))).status());
    flash.restore_power();
    CHECK(flash.operation(before + 2).size == 4);  // it was the commit
    UNSIGNED_LONGS_EQUAL(2, outbox.unconfirmed_count());
    uint32_t seqs[8] = {};
    UNSIGNED_LONGS_EQUAL(2, entries_after_reboot(seqs, 8));
}

TEST(OutboxFaults, ACommitTwoBitsShortLeavesTheEntryUncommitted) {
    Outbox outbox(flash);
    CHECK_STATUS(Status::kOk, outbox.mount());
    accept_ok(outbox, message(Text(1, 40)));
    const uint32_t seq = accept_ok(outbox, message(Text(2, 40)));
    // Entry 2's CRC slot with two of its 0 bits back at 1: a commit cut short.
    const uint32_t second =
        firmware::outbox::format::sector_header_size(1) + EntryLayout(1).extent(40);
    const uint32_t crc_at = second + EntryLayout(1).crc_offset(40);
    uint8_t& byte = flash.image()[crc_at];
    const uint8_t zeros = static_cast<uint8_t>(~byte);
    CHECK(__builtin_popcount(zeros) >= 2);
    const uint8_t low = static_cast<uint8_t>(zeros & -zeros);
    const uint8_t rest = static_cast<uint8_t>(zeros & ~low);
    byte = static_cast<uint8_t>(byte | low | (rest & -rest));
    Outbox rebooted(flash);
    CHECK_STATUS(Status::kOk, rebooted.mount());
    CHECK_STATUS(Status::kNotFound, rebooted.find(seq, buffer()).status());
    CHECK_FALSE(rebooted.damage().messages_lost());
}

TEST(OutboxFaults, ACommitThatLandedDespiteAnErrorCountsAsAccepted) {
    LyingFlash lying(flash);
    Outbox outbox(lying);
    CHECK_STATUS(Status::kOk, outbox.mount());
    accept_ok(outbox, message(Text(1, 40)));
    lying.lie_at = flash.operations() + 2;  // the commit lands, the device says it failed
    const hal::Result<uint32_t> seq = outbox.accept(message(Text(2, 40)));
    CHECK_EQUAL(Status::kOk, seq.status());  // it is on flash: saying otherwise duplicates
    UNSIGNED_LONGS_EQUAL(2, seq.value());
    UNSIGNED_LONGS_EQUAL(2, outbox.unconfirmed_count());
}

TEST(OutboxFaults, AFailureInTheMiddleOfASpanningEntryWastesItsSpaceOnly) {
    Outbox outbox(flash);
    CHECK_STATUS(Status::kOk, outbox.mount());
    accept_ok(outbox, message(Text(1, 700)));
    const uint32_t before = flash.operations();
    flash.fail_operation(before + 8);  // after opening the next sector, inside the body
    CHECK_STATUS(Status::kFlashError, outbox.accept(message(Text(2, 1500))).status());
    flash.restore_power();
    accept_ok(outbox, message(Text(3, 1500)));
    accept_ok(outbox, message(Text(4, 30)));
    uint32_t seqs[8] = {};
    UNSIGNED_LONGS_EQUAL(3, entries_after_reboot(seqs, 8));
    UNSIGNED_LONGS_EQUAL(1, seqs[0]);
    UNSIGNED_LONGS_EQUAL(3, seqs[1]);
    UNSIGNED_LONGS_EQUAL(4, seqs[2]);
}

namespace {

// Fills the ring with 400-byte entries, all confirmed but the last: the next accepts
// reclaim sectors. Returns the last sequence number.
uint32_t fill_ring(Outbox& outbox) {
    uint32_t last = 0;
    for (uint32_t i = 0; i < 18; ++i) {
        last = outbox.accept(message(Text(i, 400))).value();
        if (i < 17) (void)outbox.mark_confirmed(last, 100 + i);
    }
    return last;
}

// How many further 400-byte accepts come before the first that must erase a sector.
uint32_t accepts_before_an_erase() {
    FakeFlash scratch(kGeometry);
    Outbox outbox(scratch);
    (void)outbox.mount();
    (void)fill_ring(outbox);
    for (uint32_t i = 0;; ++i) {
        const uint32_t next = scratch.operations() + 1;
        const uint32_t seq = outbox.accept(message(Text(50 + i, 400))).value();
        if (scratch.operation(next).kind == FakeFlash::Kind::kErase) return i;
        (void)outbox.mark_confirmed(seq, 1);
    }
}

}  // namespace

TEST(OutboxFaults, AFailedEraseWhileReclaimingKeepsEverythingAndTheRetryWorks) {
    const uint32_t before_erase = accepts_before_an_erase();
    Outbox outbox(flash);
    CHECK_STATUS(Status::kOk, outbox.mount());
    const uint32_t last = fill_ring(outbox);
    for (uint32_t i = 0; i < before_erase; ++i) {
        const uint32_t seq = accept_ok(outbox, message(Text(50 + i, 400)));
        CHECK_STATUS(Status::kOk, outbox.mark_confirmed(seq, 1));
    }
    const uint32_t next = flash.operations() + 1;
    flash.fail_operation(next);
    CHECK_STATUS(Status::kFlashError, outbox.accept(message(Text(98, 400))).status());
    flash.restore_power();
    CHECK(flash.operation(next).kind == FakeFlash::Kind::kErase);
    UNSIGNED_LONGS_EQUAL(1, outbox.unconfirmed_count());
    const uint32_t retried = accept_ok(outbox, message(Text(99, 400)));
    Outbox rebooted(flash);
    CHECK_STATUS(Status::kOk, rebooted.mount());
    UNSIGNED_LONGS_EQUAL(2, rebooted.unconfirmed_count());
    UNSIGNED_LONGS_EQUAL(last, rebooted.oldest_unconfirmed(buffer()).value().sequence);
    CHECK_EQUAL(Status::kOk, rebooted.find(retried, buffer()).status());
}

TEST(OutboxFaults, AFailedSectorHeaderIsRetriedInTheSameSlot) {
    Outbox outbox(flash);
    CHECK_STATUS(Status::kOk, outbox.mount());
    accept_ok(outbox, message(Text(1, 900)));  // sector 0 nearly full
    const uint32_t next = flash.operations() + 1;
    flash.weaken_program(next);
    CHECK_STATUS(Status::kFlashError, outbox.accept(message(Text(2, 900))).status());
    flash.restore_power();
    CHECK(flash.operation(next).address == kGeometry.sector_size);  // sector 1's header
    accept_ok(outbox, message(Text(3, 900)));
    // One bit short: the header is read corrected, the slot is not erased again.
    UNSIGNED_LONGS_EQUAL(0, flash.erase_count(1));
    uint32_t seqs[8] = {};
    UNSIGNED_LONGS_EQUAL(2, entries_after_reboot(seqs, 8));
    UNSIGNED_LONGS_EQUAL(3, seqs[1]);
}

TEST(OutboxFaults, AFailedMarkWrittenLeavesTheEntryPendingAndCanBeRetried) {
    Outbox outbox(flash);
    CHECK_STATUS(Status::kOk, outbox.mount());
    const uint32_t seq = accept_ok(outbox, message(Text(1, 40)));
    flash.fail_operation(flash.operations() + 2);  // the bound lands, the state does not
    CHECK_STATUS(Status::kFlashError, outbox.mark_written(seq, 41));
    flash.restore_power();
    CHECK(outbox.oldest_unconfirmed(buffer()).value().state == EntryState::kPending);
    CHECK_STATUS(Status::kOk, outbox.mark_written(seq, 42));
    const Entry e = outbox.oldest_unconfirmed(buffer()).value();
    CHECK(e.state == EntryState::kWritten);
    CHECK_EQUAL(uint64_t{41}, e.sent_after_id);  // the first bound: still a valid one
}

TEST(OutboxFaults, ATornSentAfterRecordStillLetsTheEntryBeWritten) {
    Outbox outbox(flash);
    CHECK_STATUS(Status::kOk, outbox.mount());
    const uint32_t seq = accept_ok(outbox, message(Text(1, 40)));
    flash.weaken_program(flash.operations() + 1);
    CHECK_STATUS(Status::kFlashError, outbox.mark_written(seq, 41));
    flash.restore_power();
    CHECK_STATUS(Status::kOk, outbox.mark_written(seq, 42));
    const Entry e = outbox.oldest_unconfirmed(buffer()).value();
    CHECK(e.state == EntryState::kWritten);
    CHECK_EQUAL(uint64_t{0}, e.sent_after_id);  // unknown: reconciliation has no id bound
}

TEST(OutboxFaults, AFailedConfirmIsReportedAndCanBeRetried) {
    Outbox outbox(flash);
    CHECK_STATUS(Status::kOk, outbox.mount());
    const uint32_t seq = accept_ok(outbox, message(Text(1, 40)));
    accept_ok(outbox, message(Text(2, 40)));
    flash.fail_operation(flash.operations() + 1);
    CHECK_STATUS(Status::kFlashError, outbox.mark_confirmed(seq, 7));
    flash.restore_power();
    UNSIGNED_LONGS_EQUAL(2, outbox.unconfirmed_count());
    UNSIGNED_LONGS_EQUAL(seq, outbox.oldest_unconfirmed(buffer()).value().sequence);
    CHECK_STATUS(Status::kOk, outbox.mark_confirmed(seq, 7));
    UNSIGNED_LONGS_EQUAL(1, outbox.unconfirmed_count());
    UNSIGNED_LONGS_EQUAL(seq + 1, outbox.oldest_unconfirmed(buffer()).value().sequence);
}

TEST(OutboxFaults, AWeakConfirmMarkerStillConfirms) {
    Outbox outbox(flash);
    CHECK_STATUS(Status::kOk, outbox.mount());
    const uint32_t seq = accept_ok(outbox, message(Text(1, 40)));
    flash.weaken_program(flash.operations() + 1);
    CHECK_STATUS(Status::kFlashError, outbox.mark_confirmed(seq, 7));
    flash.restore_power();
    // Some bits of the marker landed: the entry is confirmed, never offered again.
    UNSIGNED_LONGS_EQUAL(0, outbox.unconfirmed_count());
    CHECK_STATUS(Status::kNotFound, outbox.oldest_unconfirmed(buffer()).status());
    CHECK_STATUS(Status::kOk, outbox.mark_confirmed(seq, 7));
}

TEST(OutboxFaults, AFailedServerIdProgramStillConfirmsWithTheIdUnknown) {
    Outbox outbox(flash);
    CHECK_STATUS(Status::kOk, outbox.mount());
    const uint32_t seq = accept_ok(outbox, message(Text(1, 40)));
    flash.weaken_program(flash.operations() + 2);  // the state lands, the id is torn
    CHECK_STATUS(Status::kOk, outbox.mark_confirmed(seq, 10743));
    flash.restore_power();
    const Entry e = outbox.find(seq, buffer()).value();
    CHECK(e.state == EntryState::kConfirmed);
    CHECK_EQUAL(uint64_t{0}, e.server_id);
    CHECK_STATUS(Status::kOk, outbox.mark_confirmed(seq, 10743));  // cannot be redone
    CHECK_EQUAL(uint64_t{0}, outbox.find(seq, buffer()).value().server_id);
}

TEST(OutboxFaults, ADeadPartRefusesNewMessagesButKeepsTheQueueReadable) {
    Outbox outbox(flash);
    CHECK_STATUS(Status::kOk, outbox.mount());
    const uint32_t seq = accept_ok(outbox, message(Text(1, 40)));
    flash.fail_from(flash.operations() + 1);
    CHECK_STATUS(Status::kFlashError, outbox.accept(message(Text(2, 40))).status());
    CHECK_STATUS(Status::kFlashError, outbox.mark_written(seq, 0));
    CHECK_STATUS(Status::kFlashError, outbox.mark_confirmed(seq, 1));
    const hal::Result<Entry> oldest = outbox.oldest_unconfirmed(buffer());
    CHECK_EQUAL(Status::kOk, oldest.status());
    CHECK(oldest.value().text == Text(1, 40).view());
    CHECK(oldest.value().state == EntryState::kPending);
}

TEST(OutboxFaults, AFailingReadIsReportedByMount) {
    LyingFlash lying(flash);
    {
        Outbox outbox(lying);
        CHECK_STATUS(Status::kOk, outbox.mount());
        accept_ok(outbox, message(Text(1, 40)));
    }
    lying.fail_reads = true;
    Outbox outbox(lying);
    CHECK_STATUS(Status::kFlashError, outbox.mount());
    CHECK_FALSE(outbox.mounted());
    CHECK_STATUS(Status::kFailedPrecondition, outbox.accept(message(Text(2, 40))).status());
}

TEST(OutboxFaults, AnEntryThatDecaysAfterMountIsReportedCountedAndSkippedAlone) {
    {
        Outbox outbox(flash);
        CHECK_STATUS(Status::kOk, outbox.mount());
        accept_ok(outbox, message(Text(1, 300)));
        accept_ok(outbox, message(Text(2, 900)));  // runs into sector 1, ends there
        accept_ok(outbox, message(Text(3, 40)));
    }
    Outbox outbox(flash);
    CHECK_STATUS(Status::kOk, outbox.mount());
    CHECK_FALSE(outbox.damage().any());
    flash.image()[100] ^= 0x01;  // two bits of entry 1's text flip: beyond correction
    flash.image()[140] ^= 0x20;
    CHECK_STATUS(Status::kCorrupt, outbox.oldest_unconfirmed(buffer()).status());
    UNSIGNED_LONGS_EQUAL(1, outbox.damage().unsent_lost);
    CHECK_TRUE(outbox.damage().messages_lost());
    UNSIGNED_LONGS_EQUAL(2, outbox.oldest_unconfirmed(buffer()).value().sequence);
    Outbox rebooted(flash);
    CHECK_STATUS(Status::kOk, rebooted.mount());
    // Entry 1 is gone, alone: its sizes still read, so the walk goes on right behind it.
    UNSIGNED_LONGS_EQUAL(1, rebooted.damage().damaged_entries);
    UNSIGNED_LONGS_EQUAL(1, rebooted.damage().unsent_lost);
    UNSIGNED_LONGS_EQUAL(2, rebooted.unconfirmed_count());
    UNSIGNED_LONGS_EQUAL(2, rebooted.oldest_unconfirmed(buffer()).value().sequence);
    UNSIGNED_LONGS_EQUAL(4, accept_ok(rebooted, message(Text(4, 40))));
}

TEST(OutboxFaults, OneFlippedBitInAnEntryIsCorrectedWhereverItIs) {
    {
        Outbox outbox(flash);
        CHECK_STATUS(Status::kOk, outbox.mount());
        accept_ok(outbox, message(Text(1, 300)));
        accept_ok(outbox, message(Text(2, 40)));
    }
    const std::vector<uint8_t> clean(flash.image().begin(), flash.image().end());
    const uint32_t header = firmware::outbox::format::sector_header_size(1);
    const uint32_t entry_end = header + EntryLayout(1).crc_offset(300) + 4;  // body and CRC
    for (uint32_t at = 0; at < entry_end; ++at) {
        for (int bit = 0; bit < 8; ++bit) {
            std::memcpy(flash.image().data(), clean.data(), clean.size());
            flash.image()[at] ^= static_cast<uint8_t>(1u << bit);
            Outbox outbox(flash);
            CHECK_STATUS(Status::kOk, outbox.mount());
            UNSIGNED_LONGS_EQUAL(1, outbox.damage().corrected_bits);
            const hal::Result<Entry> oldest = outbox.oldest_unconfirmed(buffer());
            CHECK_STATUS(Status::kOk, oldest.status());
            CHECK_TRUE(oldest.value().text == Text(1, 300).view());
            UNSIGNED_LONGS_EQUAL(2, outbox.unconfirmed_count());
        }
    }
}

TEST(OutboxFaults, ArbitraryImagesAreReportedUntouchedAndTakeMessagesOnceFormatted) {
    uint32_t state = 0x2545F491u;
    for (uint32_t image = 0; image < 40; ++image) {
        flash.reset();
        for (uint8_t& byte : flash.image())
            byte = static_cast<uint8_t>(next_random(state));
        const std::vector<uint8_t> before(flash.image().begin(), flash.image().end());
        Outbox outbox(flash);
        CHECK_STATUS(Status::kCorrupt, outbox.mount());
        CHECK_STATUS(Status::kFailedPrecondition, outbox.accept(message(Text(image, 20))).status());
        CHECK_TRUE(before == std::vector<uint8_t>(flash.image().begin(), flash.image().end()));
        CHECK_STATUS(Status::kOk, outbox.format());
        const uint32_t seq = accept_ok(outbox, message(Text(image, 200)));
        Outbox rebooted(flash);
        CHECK_STATUS(Status::kOk, rebooted.mount());
        CHECK_EQUAL(Status::kOk, rebooted.find(seq, buffer()).status());
    }
}

TEST(OutboxFaults, DamagedLogsNeverCrashAndKeepWhatIsIntact) {
    uint32_t state = 0x9E3779B9u;
    for (uint32_t round = 0; round < 40; ++round) {
        flash.reset();
        {
            Outbox outbox(flash);
            CHECK_STATUS(Status::kOk, outbox.mount());
            for (uint32_t i = 0; i < 12; ++i) {
                const uint32_t seq = accept_ok(outbox, message(Text(i, 100 + i * 50)));
                if (i % 3 == 0) CHECK_STATUS(Status::kOk, outbox.mark_confirmed(seq, i + 1));
            }
        }
        for (uint32_t flips = 0; flips < 1 + round % 8; ++flips) {
            const uint32_t at = next_random(state) % kGeometry.total_size();
            flash.image()[at] = static_cast<uint8_t>(next_random(state));
        }
        Outbox outbox(flash);
        CHECK_STATUS(Status::kOk, outbox.mount());
        Collector all;
        CHECK_STATUS(Status::kOk, outbox.for_each(buffer(), all));
        for (size_t i = 1; i < all.count; ++i)
            CHECK(all.seen[i].sequence > all.seen[i - 1].sequence);
        const hal::Result<uint32_t> seq = outbox.accept(message(Text(77, 60)));
        CHECK(seq.ok() || seq.status() == Status::kNoSpace);
        if (seq.ok()) CHECK(seq.value() > 12);
    }
}

TEST(OutboxFaults, BytesThatOnlyFitOnceTheNextSectorOpensNeverHideANewEntry) {
    // Found by fuzz_outbox_mount. Entry 1 (450 bytes of text) ends at 528; a copy of its
    // body and CRC right behind it ends at 1006, inside sector 0, but the copy's trailer
    // would run 8 bytes into sector 1, which is not open: at mount it is not an entry.
    // Opening sector 1 for the next entry must not make it one.
    {
        Outbox outbox(flash);
        CHECK_STATUS(Status::kOk, outbox.mount());
        accept_ok(outbox, message(Text(1, 450)));
    }
    uint8_t* image = flash.image().data();
    std::memcpy(image + 528, image + 24, 24 + 450 + 4);
    Outbox outbox(flash);
    CHECK_STATUS(Status::kOk, outbox.mount());
    UNSIGNED_LONGS_EQUAL(1, outbox.unconfirmed_count());
    const uint32_t seq = accept_ok(outbox, message(Text(2, 30)));
    CHECK_STATUS(Status::kOk, outbox.mark_written(seq, 1));
    CHECK_STATUS(Status::kOk, outbox.mark_confirmed(seq, 2));
    Outbox rebooted(flash);
    CHECK_STATUS(Status::kOk, rebooted.mount());
    CHECK_EQUAL(Status::kOk, rebooted.find(seq, buffer()).status());
    Collector all;
    CHECK_STATUS(Status::kOk, rebooted.for_each(buffer(), all));
    UNSIGNED_LONGS_EQUAL(2, all.count);
    UNSIGNED_LONGS_EQUAL(1, rebooted.unconfirmed_count());
}
