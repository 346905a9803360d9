// Outbox: the flash-backed queue of messages to send (firmware/outbox/SPEC.md). Behaviour
// on a sound flash: order, states, sequence numbers, limits, a full outbox, entries that
// span sectors, reclamation round the ring, program units, and no heap. Faults:
// outbox_fault_test.cpp; power cuts: outbox_power_loss_test.cpp.
#include "firmware/outbox/outbox.h"

#include <CppUTest/TestHarness.h>

#include <cstring>

#include "tests/outbox/outbox_helpers.h"
#include "tests/settings/check_status.h"
#include "tests/support/alloc_guard.h"
#include "tests/support/fake_flash.h"
#include "tests/support/flash_fixture.h"

using firmware::outbox::Entry;
using firmware::outbox::EntryState;
using firmware::outbox::kMaxDescriptionBytes;
using firmware::outbox::kMaxMediaIdBytes;
using firmware::outbox::kMaxPayloadBytes;
using firmware::outbox::kMaxTextBytes;
using firmware::outbox::kTypeSilentSystemMessage;
using firmware::outbox::kUnknownTime;
using firmware::outbox::Outbox;
using firmware::outbox::OutgoingMessage;
using hal::Status;
using outbox_test::Collector;
using outbox_test::message;
using outbox_test::Text;
using test::FakeFlash;

namespace {

// 8 sectors of 1 KiB: the smallest ring of that sector size that holds a largest entry.
constexpr hal::FlashGeometry kGeometry = test::kOutboxGeometry;

uint32_t accept_ok(Outbox& outbox, const OutgoingMessage& m) {
    const hal::Result<uint32_t> seq = outbox.accept(m);
    CHECK_EQUAL(Status::kOk, seq.status());
    return seq.value();
}

}  // namespace

TEST_GROUP(Outbox) {
    FakeFlash flash{kGeometry};
    uint8_t payload[kMaxPayloadBytes] = {};

    hal::ByteSpan buffer() {
        return hal::ByteSpan(payload);
    }
    Entry oldest(Outbox & outbox) {
        const hal::Result<Entry> got = outbox.oldest_unconfirmed(buffer());
        CHECK_EQUAL(Status::kOk, got.status());
        return got.value();
    }
    void reboot_into(Outbox & outbox) {
        CHECK_STATUS(Status::kOk, outbox.mount());
    }
};

TEST(Outbox, ABlankDeviceMountsEmptyWithoutWriting) {
    Outbox outbox(flash);
    CHECK_STATUS(Status::kOk, outbox.mount());
    CHECK_TRUE(outbox.mounted());
    UNSIGNED_LONGS_EQUAL(0, outbox.unconfirmed_count());
    CHECK_STATUS(Status::kNotFound, outbox.oldest_unconfirmed(buffer()).status());
    UNSIGNED_LONGS_EQUAL(1, outbox.next_sequence());
    UNSIGNED_LONGS_EQUAL(0, flash.operations());
}

TEST(Outbox, CallsBeforeMountAreRefused) {
    Outbox outbox(flash);
    const Text text(1, 10);
    Collector all;
    CHECK_STATUS(Status::kFailedPrecondition, outbox.accept(message(text)).status());
    CHECK_STATUS(Status::kFailedPrecondition, outbox.oldest_unconfirmed(buffer()).status());
    CHECK_STATUS(Status::kFailedPrecondition, outbox.find(1, buffer()).status());
    CHECK_STATUS(Status::kFailedPrecondition, outbox.mark_written(1, 0));
    CHECK_STATUS(Status::kFailedPrecondition, outbox.mark_confirmed(1, 5));
    CHECK_STATUS(Status::kFailedPrecondition, outbox.for_each(buffer(), all));
}

TEST(Outbox, AnAcceptedMessageSurvivesAReboot) {
    const Text text(7, 300);
    {
        Outbox outbox(flash);
        reboot_into(outbox);
        OutgoingMessage m = message(text, 1712345678);
        m.type_id = kTypeSilentSystemMessage;
        UNSIGNED_LONGS_EQUAL(1, accept_ok(outbox, m));
    }
    Outbox rebooted(flash);
    reboot_into(rebooted);
    const Entry e = oldest(rebooted);
    UNSIGNED_LONGS_EQUAL(1, e.sequence);
    UNSIGNED_LONGS_EQUAL(kTypeSilentSystemMessage, e.type_id);
    CHECK(e.state == EntryState::kPending);
    CHECK(e.text == text.view());
    CHECK_TRUE(e.media_id.empty());
    CHECK_EQUAL(int64_t{1712345678}, e.accepted_at);
    UNSIGNED_LONGS_EQUAL(1, rebooted.unconfirmed_count());
    UNSIGNED_LONGS_EQUAL(2, rebooted.next_sequence());
}

TEST(Outbox, AMediaMessageKeepsItsIdAndDescription) {
    Outbox outbox(flash);
    reboot_into(outbox);
    OutgoingMessage m;
    m.media_id = "2024/01/15/photo.jpg";
    m.media_description = "the broken door";
    m.accepted_at = kUnknownTime;
    const uint32_t seq = accept_ok(outbox, m);
    Outbox rebooted(flash);
    reboot_into(rebooted);
    const hal::Result<Entry> e = rebooted.find(seq, buffer());
    CHECK_EQUAL(Status::kOk, e.status());
    CHECK(e.value().media_id == "2024/01/15/photo.jpg");
    CHECK(e.value().media_description == "the broken door");
    CHECK_TRUE(e.value().text.empty());
    CHECK_EQUAL(kUnknownTime, e.value().accepted_at);
}

TEST(Outbox, MessagesComeOutInTheOrderTheyWereAccepted) {
    Outbox outbox(flash);
    reboot_into(outbox);
    for (uint32_t i = 0; i < 5; ++i)
        UNSIGNED_LONGS_EQUAL(i + 1, accept_ok(outbox, message(Text(i, 20 + i))));
    for (uint32_t i = 0; i < 5; ++i) {
        Outbox rebooted(flash);
        reboot_into(rebooted);
        UNSIGNED_LONGS_EQUAL(5 - i, rebooted.unconfirmed_count());
        const Entry e = oldest(rebooted);
        UNSIGNED_LONGS_EQUAL(i + 1, e.sequence);
        CHECK(e.text == Text(i, 20 + i).view());
        CHECK_STATUS(Status::kOk, rebooted.mark_written(e.sequence, 100 + i));
        CHECK_STATUS(Status::kOk, rebooted.mark_confirmed(e.sequence, 200 + i));
    }
    Outbox rebooted(flash);
    reboot_into(rebooted);
    UNSIGNED_LONGS_EQUAL(0, rebooted.unconfirmed_count());
    CHECK_STATUS(Status::kNotFound, rebooted.oldest_unconfirmed(buffer()).status());
}

TEST(Outbox, StatesMoveForwardAndSurviveReboot) {
    Outbox outbox(flash);
    reboot_into(outbox);
    const uint32_t seq = accept_ok(outbox, message(Text(1, 40)));
    CHECK_STATUS(Status::kOk, outbox.mark_written(seq, 10742));
    {
        Outbox rebooted(flash);
        reboot_into(rebooted);
        const Entry e = oldest(rebooted);
        CHECK(e.state == EntryState::kWritten);
        CHECK_EQUAL(uint64_t{10742}, e.sent_after_id);
        CHECK_EQUAL(uint64_t{0}, e.server_id);
        CHECK_STATUS(Status::kOk, rebooted.mark_confirmed(seq, 10743));
    }
    Outbox rebooted(flash);
    reboot_into(rebooted);
    UNSIGNED_LONGS_EQUAL(0, rebooted.unconfirmed_count());
    const hal::Result<Entry> e = rebooted.find(seq, buffer());
    CHECK_EQUAL(Status::kOk, e.status());
    CHECK(e.value().state == EntryState::kConfirmed);
    CHECK_EQUAL(uint64_t{10742}, e.value().sent_after_id);
    CHECK_EQUAL(uint64_t{10743}, e.value().server_id);
}

TEST(Outbox, StateChangesOnlyProgramAndRepeatingThemChangesNothing) {
    Outbox outbox(flash);
    reboot_into(outbox);
    const uint32_t seq = accept_ok(outbox, message(Text(1, 40)));
    const uint32_t before = flash.operations();
    CHECK_STATUS(Status::kOk, outbox.mark_written(seq, 5));
    UNSIGNED_LONGS_EQUAL(before + 2, flash.operations());  // the bound, then the state
    CHECK_STATUS(Status::kOk, outbox.mark_written(seq, 6));
    CHECK_STATUS(Status::kOk, outbox.mark_confirmed(seq, 9));
    UNSIGNED_LONGS_EQUAL(before + 4, flash.operations());  // the state, then the id
    CHECK_STATUS(Status::kOk, outbox.mark_confirmed(seq, 9));
    UNSIGNED_LONGS_EQUAL(before + 4, flash.operations());
    for (uint32_t s = 0; s < kGeometry.sector_count; ++s)
        UNSIGNED_LONGS_EQUAL(0, flash.erase_count(s));
}

TEST(Outbox, AConfirmedEntryCannotBeMarkedWrittenAgain) {
    Outbox outbox(flash);
    reboot_into(outbox);
    const uint32_t seq = accept_ok(outbox, message(Text(1, 40)));
    CHECK_STATUS(Status::kOk, outbox.mark_confirmed(seq, 0));  // straight from pending
    CHECK_STATUS(Status::kFailedPrecondition, outbox.mark_written(seq, 1));
    const hal::Result<Entry> e = outbox.find(seq, buffer());
    CHECK(e.value().state == EntryState::kConfirmed);
    CHECK_EQUAL(uint64_t{0}, e.value().server_id);
    // An id learnt later still lands in the erased id record.
    CHECK_STATUS(Status::kOk, outbox.mark_confirmed(seq, 77));
    CHECK_EQUAL(uint64_t{77}, outbox.find(seq, buffer()).value().server_id);
}

TEST(Outbox, UnknownSequenceNumbersAreNotFound) {
    Outbox outbox(flash);
    reboot_into(outbox);
    const uint32_t seq = accept_ok(outbox, message(Text(1, 40)));
    CHECK_STATUS(Status::kNotFound, outbox.mark_written(seq + 1, 0));
    CHECK_STATUS(Status::kNotFound, outbox.mark_confirmed(0, 1));
    CHECK_STATUS(Status::kNotFound, outbox.find(seq + 5, buffer()).status());
}

TEST(Outbox, ConfirmingOutOfOrderKeepsTheOldestUnconfirmedFirst) {
    Outbox outbox(flash);
    reboot_into(outbox);
    for (uint32_t i = 0; i < 4; ++i)
        accept_ok(outbox, message(Text(i, 30)));
    CHECK_STATUS(Status::kOk, outbox.mark_confirmed(2, 20));
    CHECK_STATUS(Status::kOk, outbox.mark_confirmed(3, 30));
    UNSIGNED_LONGS_EQUAL(1, oldest(outbox).sequence);
    CHECK_STATUS(Status::kOk, outbox.mark_confirmed(1, 10));
    UNSIGNED_LONGS_EQUAL(4, oldest(outbox).sequence);
    UNSIGNED_LONGS_EQUAL(1, outbox.unconfirmed_count());
    Outbox rebooted(flash);
    reboot_into(rebooted);
    UNSIGNED_LONGS_EQUAL(4, oldest(rebooted).sequence);
    UNSIGNED_LONGS_EQUAL(1, rebooted.unconfirmed_count());
}

TEST(Outbox, ForEachVisitsEveryEntryOldestFirstAndCanStop) {
    Outbox outbox(flash);
    reboot_into(outbox);
    for (uint32_t i = 0; i < 6; ++i)
        accept_ok(outbox, message(Text(i, 50)));
    CHECK_STATUS(Status::kOk, outbox.mark_confirmed(1, 11));
    Collector all;
    CHECK_STATUS(Status::kOk, outbox.for_each(buffer(), all));
    UNSIGNED_LONGS_EQUAL(6, all.count);
    for (uint32_t i = 0; i < 6; ++i) {
        UNSIGNED_LONGS_EQUAL(i + 1, all.seen[i].sequence);
        UNSIGNED_LONGS_EQUAL(outbox_test::text_crc(Text(i, 50).view()), all.seen[i].text_crc);
    }
    CHECK(all.seen[0].state == EntryState::kConfirmed);
    CHECK(all.seen[1].state == EntryState::kPending);

    struct StopAfterTwo final : firmware::outbox::EntryVisitor {
        size_t visits = 0;
        bool visit(const Entry&) override { return ++visits < 2; }
    } stop;
    CHECK_STATUS(Status::kOk, outbox.for_each(buffer(), stop));
    UNSIGNED_LONGS_EQUAL(2, stop.visits);
}

TEST(Outbox, ABufferSmallerThanThePayloadLeavesTheTextOnFlash) {
    Outbox outbox(flash);
    reboot_into(outbox);
    accept_ok(outbox, message(Text(1, 100)));
    const hal::Result<Entry> streamed = outbox.oldest_unconfirmed(hal::ByteSpan(payload, 99));
    CHECK_STATUS(Status::kOk, streamed.status());
    CHECK_TRUE(streamed.value().stored_text.on_flash());
    CHECK_TRUE(streamed.value().text.empty());
    const hal::Result<Entry> whole = outbox.oldest_unconfirmed(hal::ByteSpan(payload, 100));
    CHECK_STATUS(Status::kOk, whole.status());
    CHECK_FALSE(whole.value().stored_text.on_flash());
    CHECK(whole.value().text == Text(1, 100).view());
    // Media id and description always come into the buffer (outbox_stream_test.cpp).
}

TEST(Outbox, TextUpToTheLimitIsAcceptedAndBeyondItIsTooLarge) {
    Outbox outbox(flash);
    reboot_into(outbox);
    const Text largest(3, kMaxTextBytes);
    const Text too_long(3, kMaxTextBytes + 1);
    const uint32_t before = flash.operations();
    CHECK_STATUS(Status::kTooLarge, outbox.accept(message(too_long)).status());
    UNSIGNED_LONGS_EQUAL(before, flash.operations());
    const uint32_t seq = accept_ok(outbox, message(largest));
    Outbox rebooted(flash);
    reboot_into(rebooted);
    const hal::Result<Entry> e = rebooted.find(seq, buffer());
    CHECK_EQUAL(Status::kOk, e.status());
    CHECK(e.value().text == largest.view());
}

TEST(Outbox, MediaFieldsOverTheirLimitsAreTooLarge) {
    Outbox outbox(flash);
    reboot_into(outbox);
    char big[kMaxDescriptionBytes + 1];
    std::memset(big, 'm', sizeof big);
    OutgoingMessage m;
    m.media_id = std::string_view(big, kMaxMediaIdBytes + 1);
    CHECK_STATUS(Status::kTooLarge, outbox.accept(m).status());
    m.media_id = std::string_view(big, kMaxMediaIdBytes);
    m.media_description = std::string_view(big, kMaxDescriptionBytes + 1);
    CHECK_STATUS(Status::kTooLarge, outbox.accept(m).status());
    m.media_description = std::string_view(big, kMaxDescriptionBytes);
    CHECK_STATUS(Status::kOk, outbox.accept(m).status());
}

TEST(Outbox, MalformedMessagesAreRefused) {
    Outbox outbox(flash);
    reboot_into(outbox);
    OutgoingMessage m = message(Text(1, 10));
    m.type_id = 2;  // agent messages are not the device's to send
    CHECK_STATUS(Status::kInvalidArgument, outbox.accept(m).status());
    CHECK_STATUS(Status::kInvalidArgument, outbox.accept(OutgoingMessage{}).status());
    OutgoingMessage description_only;
    description_only.media_description = "no file";
    CHECK_STATUS(Status::kInvalidArgument, outbox.accept(description_only).status());
    UNSIGNED_LONGS_EQUAL(0, flash.operations());
    UNSIGNED_LONGS_EQUAL(1, outbox.next_sequence());
}

TEST(Outbox, EntriesLargerThanASectorSpanSectors) {
    Outbox outbox(flash);
    reboot_into(outbox);
    const Text small(1, 900);
    const Text large(2, 2500);  // starts near the end of sector 0, runs through sector 1
    accept_ok(outbox, message(small));
    accept_ok(outbox, message(large));
    accept_ok(outbox, message(small));
    Outbox rebooted(flash);
    reboot_into(rebooted);
    Collector all;
    CHECK_STATUS(Status::kOk, rebooted.for_each(buffer(), all));
    UNSIGNED_LONGS_EQUAL(3, all.count);
    UNSIGNED_LONGS_EQUAL(outbox_test::text_crc(large.view()), all.seen[1].text_crc);
    UNSIGNED_LONGS_EQUAL(outbox_test::text_crc(small.view()), all.seen[2].text_crc);
}

TEST(Outbox, AFullOutboxRefusesWithNoSpaceAndLosesNothing) {
    Outbox outbox(flash);
    reboot_into(outbox);
    uint32_t accepted = 0;
    for (uint32_t attempt = 0; attempt < 64; ++attempt) {  // bounded: kNoSpace must come
        const hal::Result<uint32_t> seq = outbox.accept(message(Text(accepted, 400)));
        if (!seq.ok()) {
            CHECK_EQUAL(Status::kNoSpace, seq.status());
            break;
        }
        ++accepted;
    }
    CHECK(accepted >= 15 && accepted < 64);  // 8 KiB hold 15 to 20 entries of 400 bytes
    const uint32_t ops = flash.operations();
    CHECK_STATUS(Status::kNoSpace, outbox.accept(message(Text(99, 400))).status());
    UNSIGNED_LONGS_EQUAL(ops, flash.operations());  // refused before touching the flash

    Outbox rebooted(flash);
    reboot_into(rebooted);
    UNSIGNED_LONGS_EQUAL(accepted, rebooted.unconfirmed_count());
    Collector all;
    CHECK_STATUS(Status::kOk, rebooted.for_each(buffer(), all));
    UNSIGNED_LONGS_EQUAL(accepted, all.count);
    for (uint32_t i = 0; i < accepted; ++i)
        UNSIGNED_LONGS_EQUAL(outbox_test::text_crc(Text(i, 400).view()), all.seen[i].text_crc);

    // Confirming the oldest sector's entries makes room again.
    for (uint32_t seq = 1; seq <= 4; ++seq)
        CHECK_STATUS(Status::kOk, rebooted.mark_confirmed(seq, seq));
    CHECK_STATUS(Status::kOk, rebooted.accept(message(Text(99, 400))).status());
}

TEST(Outbox, ALargestEntryAlwaysFitsOnceEverythingIsConfirmed) {
    Outbox outbox(flash);
    reboot_into(outbox);
    const Text largest(5, kMaxTextBytes);
    for (uint32_t round = 0; round < 6; ++round) {
        const uint32_t seq = accept_ok(outbox, message(largest));
        CHECK_STATUS(Status::kOk, outbox.mark_confirmed(seq, seq));
    }
}

TEST(Outbox, ConfirmedSpaceIsReclaimedRoundTheRingAndErasesSpreadEvenly) {
    Outbox outbox(flash);
    reboot_into(outbox);
    for (uint32_t i = 0; i < 400; ++i) {
        const uint32_t seq = accept_ok(outbox, message(Text(i, 100 + (i * 37) % 300)));
        UNSIGNED_LONGS_EQUAL(i + 1, seq);
        if (i >= 3) CHECK_STATUS(Status::kOk, outbox.mark_confirmed(seq - 3, i));
        if (i % 50 == 0) reboot_into(outbox);
    }
    uint32_t least = UINT32_MAX;
    uint32_t most = 0;
    for (uint32_t s = 0; s < kGeometry.sector_count; ++s) {
        const uint32_t n = flash.erase_count(s);
        least = n < least ? n : least;
        most = n > most ? n : most;
    }
    CHECK(least >= 10);
    CHECK(most - least <= 1);
    Outbox rebooted(flash);
    reboot_into(rebooted);
    UNSIGNED_LONGS_EQUAL(3, rebooted.unconfirmed_count());
    UNSIGNED_LONGS_EQUAL(398, oldest(rebooted).sequence);
}

TEST(Outbox, SequenceNumbersAreNeverReusedEvenAfterEverythingIsReclaimed) {
    Outbox outbox(flash);
    reboot_into(outbox);
    uint32_t last = 0;
    for (uint32_t i = 0; i < 60; ++i) {
        last = accept_ok(outbox, message(Text(i, 700)));
        CHECK_STATUS(Status::kOk, outbox.mark_confirmed(last, last));
    }
    Outbox rebooted(flash);
    reboot_into(rebooted);
    UNSIGNED_LONGS_EQUAL(0, rebooted.unconfirmed_count());
    CHECK(rebooted.next_sequence() > last);
    CHECK(accept_ok(rebooted, message(Text(1, 10))) > last);
}

TEST(Outbox, NoHeapOnAnyPath) {
    test::AllocGuard guard;
    Outbox outbox(flash);
    reboot_into(outbox);
    for (uint32_t i = 0; i < 40; ++i) {
        const uint32_t seq = accept_ok(outbox, message(Text(i, 500)));
        CHECK_STATUS(Status::kOk, outbox.mark_written(seq, i));
        CHECK_STATUS(Status::kOk, outbox.oldest_unconfirmed(buffer()).status());
        CHECK_STATUS(Status::kOk, outbox.mark_confirmed(seq, i + 1));
    }
    Collector all;
    CHECK_STATUS(Status::kOk, outbox.for_each(buffer(), all));
    CHECK(flash.erase_count(0) > 0);  // went round the ring
    UNSIGNED_LONGS_EQUAL(0, guard.allocations());
}

TEST_GROUP(OutboxGeometry){};

TEST(OutboxGeometry, EveryProgramUnitUpToSixteenWorks) {
    for (uint32_t unit = 1; unit <= 16; unit *= 2) {
        FakeFlash flash(hal::FlashGeometry{1024, 8, unit});
        uint8_t payload[kMaxPayloadBytes];
        {
            Outbox outbox(flash);
            CHECK_STATUS(Status::kOk, outbox.mount());
            for (uint32_t i = 0; i < 30; ++i) {
                const uint32_t seq = accept_ok(outbox, message(Text(i, 333)));
                CHECK_STATUS(Status::kOk, outbox.mark_written(seq, i));
                if (i + 1 < 30) CHECK_STATUS(Status::kOk, outbox.mark_confirmed(seq, i + 1000));
            }
        }
        Outbox rebooted(flash);
        CHECK_STATUS(Status::kOk, rebooted.mount());
        const hal::Result<Entry> e = rebooted.oldest_unconfirmed(hal::ByteSpan(payload));
        CHECK_EQUAL(Status::kOk, e.status());
        UNSIGNED_LONGS_EQUAL(30, e.value().sequence);
        CHECK(e.value().state == EntryState::kWritten);
        CHECK(e.value().text == Text(29, 333).view());
        CHECK(flash.erase_count(0) > 0);
    }
}

TEST(OutboxGeometry, GeometriesTheFormatCannotServeAreRefused) {
    const hal::FlashGeometry refused[] = {
        {1024, 8, 32},  // unit beyond kMaxProgramUnit
        {1024, 8, 3},   // not a power of two
        {8192, 1, 1},   // one sector: nothing to reclaim into
        {4096, 2, 1},   // one sector besides the newest cannot hold a largest entry
        {512, 8, 1},    // neither can seven small ones
    };
    for (const hal::FlashGeometry& g : refused) {
        FakeFlash flash(g);
        Outbox outbox(flash);
        CHECK_STATUS(Status::kUnsupported, outbox.mount());
        CHECK_FALSE(outbox.mounted());
    }
    FakeFlash enough(hal::FlashGeometry{4096, 3, 1});
    Outbox outbox(enough);
    CHECK_STATUS(Status::kOk, outbox.mount());
}

TEST(OutboxGeometry, ALogWrittenWithAnotherProgramUnitIsLeftAlone) {
    FakeFlash unit1(hal::FlashGeometry{1024, 8, 1});
    {
        Outbox outbox(unit1);
        CHECK_STATUS(Status::kOk, outbox.mount());
        accept_ok(outbox, message(Text(1, 10)));
    }
    FakeFlash unit8(hal::FlashGeometry{1024, 8, 8});
    std::memcpy(unit8.image().data(), unit1.image().data(), unit1.image().size());
    Outbox outbox(unit8);
    CHECK_STATUS(Status::kUnsupported, outbox.mount());
    CHECK_STATUS(Status::kFailedPrecondition, outbox.accept(message(Text(2, 10))).status());
    UNSIGNED_LONGS_EQUAL(0, unit8.operations());
}

// ---- failed entries (set aside: refused on their own merits) ----

TEST(Outbox, AFailedEntryKeepsItsReasonIsNeverOfferedAgainAndSurvivesAReboot) {
    Outbox outbox(flash);
    reboot_into(outbox);
    const uint32_t bad = accept_ok(outbox, message(Text(1, 40)));
    const uint32_t good = accept_ok(outbox, message(Text(2, 40)));
    CHECK_STATUS(Status::kOk, outbox.mark_written(bad, 7));
    CHECK_STATUS(Status::kOk, outbox.mark_failed(bad, Status::kBadRequest));
    UNSIGNED_LONGS_EQUAL(1, outbox.unconfirmed_count());
    CHECK_EQUAL(good, oldest(outbox).sequence);
    Outbox rebooted(flash);
    reboot_into(rebooted);
    UNSIGNED_LONGS_EQUAL(1, rebooted.unconfirmed_count());
    CHECK_EQUAL(good, oldest(rebooted).sequence);
    const hal::Result<Entry> e = rebooted.find(bad, buffer());
    CHECK_EQUAL(Status::kOk, e.status());
    CHECK(e.value().state == EntryState::kFailed);
    CHECK_EQUAL(Status::kBadRequest, e.value().failure);
    CHECK_EQUAL(uint64_t{0}, e.value().server_id);
    // Done with: no state change takes it back.
    CHECK_STATUS(Status::kFailedPrecondition, rebooted.mark_written(bad, 8));
    CHECK_STATUS(Status::kFailedPrecondition, rebooted.mark_confirmed(bad, 9));
    CHECK_STATUS(Status::kOk, rebooted.mark_failed(bad, Status::kBadRequest));
    CHECK_STATUS(Status::kNotFound, rebooted.mark_failed(good + 1, Status::kBadRequest));
}

TEST(Outbox, AConfirmedEntryCannotFailAndPendingOnesCanFailStraightAway) {
    Outbox outbox(flash);
    reboot_into(outbox);
    const uint32_t sent = accept_ok(outbox, message(Text(1, 40)));
    const uint32_t refused = accept_ok(outbox, message(Text(2, 40)));
    CHECK_STATUS(Status::kOk, outbox.mark_confirmed(sent, 10));
    CHECK_STATUS(Status::kFailedPrecondition, outbox.mark_failed(sent, Status::kBadRequest));
    CHECK_STATUS(Status::kOk, outbox.mark_failed(refused, Status::kInvalidArgument));
    UNSIGNED_LONGS_EQUAL(0, outbox.unconfirmed_count());
    CHECK(outbox.find(refused, buffer()).value().state == EntryState::kFailed);
    CHECK_EQUAL(Status::kInvalidArgument, outbox.find(refused, buffer()).value().failure);
}

// Power cut after every flash operation of mark_failed, tearing each program at every
// byte: the entry is either still offered (and can fail again) or failed — never lost
// without a trace, never back to pending once failed, and its neighbour unaffected.
TEST(Outbox, APowerCutDuringMarkFailedLeavesItOfferedOrFailed) {
    uint32_t cut_points = 0;
    for (uint32_t landed = 0; landed <= 16; ++landed) {
        for (uint32_t op = 1; op <= 2; ++op) {
            flash.reset();
            Outbox outbox(flash);
            reboot_into(outbox);
            const uint32_t bad = accept_ok(outbox, message(Text(1, 40)));
            const uint32_t next = accept_ok(outbox, message(Text(2, 40)));
            const uint32_t base = flash.operations();
            FakeFlash::Tear tear;
            tear.landed_bytes = landed;
            flash.cut_power_during(base + op, tear);
            (void)outbox.mark_failed(bad, Status::kBadRequest);
            flash.restore_power();
            ++cut_points;
            Outbox rebooted(flash);
            reboot_into(rebooted);
            const hal::Result<Entry> e = rebooted.find(bad, buffer());
            CHECK_EQUAL(Status::kOk, e.status());
            const EntryState state = e.value().state;
            CHECK(state == EntryState::kPending || state == EntryState::kFailed ||
                  state == EntryState::kConfirmed);  // a torn record: confirmed, never resent
            if (state == EntryState::kPending) {
                CHECK_EQUAL(bad, oldest(rebooted).sequence);
                CHECK_STATUS(Status::kOk, rebooted.mark_failed(bad, Status::kBadRequest));
            }
            CHECK_EQUAL(next, oldest(rebooted).sequence);
            CHECK(rebooted.find(next, buffer()).value().state == EntryState::kPending);
        }
    }
    CHECK(cut_points > 30);
}
