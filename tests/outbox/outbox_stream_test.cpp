// Reading an entry with its text left on flash (Entry::stored_text, read through EntryText): the
// way the device sends, with a buffer for the media id and description only. The text reads in
// pieces of any size, across sector boundaries, with a flipped bit the CRC check corrected applied
// as it streams; a decayed entry is reported as before; a failing read is an error, never a wrong
// text.
#include <CppUTest/TestHarness.h>

#include <cstring>
#include <string>
#include <vector>

#include "firmware/outbox/entry_format.h"
#include "firmware/outbox/entry_text.h"
#include "firmware/outbox/outbox.h"
#include "firmware/outbox/sector_format.h"
#include "tests/outbox/outbox_helpers.h"
#include "tests/settings/check_status.h"
#include "tests/support/fake_flash.h"
#include "tests/support/flash_fixture.h"
#include "tests/support/read_fault_flash.h"

using firmware::outbox::Entry;
using firmware::outbox::kMaxEntryFieldsBytes;
using firmware::outbox::Outbox;
using firmware::outbox::OutgoingMessage;
using hal::Status;
using outbox_test::message;
using outbox_test::Text;
using test::FakeFlash;

namespace {

constexpr hal::FlashGeometry kGeometry = test::kOutboxGeometry;  // 8 x 1 KiB, unit 1
constexpr std::string_view kMediaId = "2024/01/15/photo.jpg";
constexpr std::string_view kDescription = "the jammed printer";

// The text through the reader, `chunk` bytes per read; the first error as the status.
hal::Result<std::string> read_all(const Entry& entry, size_t chunk) {
    const firmware::outbox::EntryText stored(entry);
    std::string text;
    std::vector<char> buffer(chunk);
    for (size_t at = 0; at < stored.size();) {
        const hal::Result<size_t> got =
            stored.read(at, hal::CharSpan(buffer.data(), buffer.size()));
        if (!got.ok()) return got.status();
        if (got.value() == 0) return Status::kCorrupt;
        text.append(buffer.data(), got.value());
        at += got.value();
    }
    return text;
}

OutgoingMessage media_message(const Text& text) {
    OutgoingMessage m = message(text);
    m.media_id = kMediaId;
    m.media_description = kDescription;
    return m;
}

// The flash address of byte `i` of the stream that starts at sector 0's entry area.
uint32_t stream_address(uint32_t i) {
    const uint32_t header = firmware::outbox::format::sector_header_size(1);
    const uint32_t room = kGeometry.sector_size - header;
    return (i / room) * kGeometry.sector_size + header + i % room;
}

}  // namespace

TEST_GROUP(OutboxStream) {
    FakeFlash flash{kGeometry};
    uint8_t fields[kMaxEntryFieldsBytes] = {};

    hal::ByteSpan small() {
        return hal::ByteSpan(fields);
    }
    uint32_t accept_ok(Outbox & outbox, const OutgoingMessage& m) {
        const hal::Result<uint32_t> seq = outbox.accept(m);
        CHECK_EQUAL(Status::kOk, seq.status());
        return seq.value();
    }
};

TEST(OutboxStream, TheTextStaysOnFlashAndReadsInAnyPiecesAcrossSectors) {
    const Text text(1, 1500);  // from sector 0 through sector 1 into sector 2
    {
        Outbox outbox(flash);
        CHECK_STATUS(Status::kOk, outbox.mount());
        accept_ok(outbox, media_message(text));
    }
    Outbox outbox(flash);
    CHECK_STATUS(Status::kOk, outbox.mount());
    const hal::Result<Entry> oldest = outbox.oldest_unconfirmed(small());
    CHECK_STATUS(Status::kOk, oldest.status());
    const Entry& e = oldest.value();
    CHECK_TRUE(e.stored_text.on_flash());
    CHECK_TRUE(e.text.empty());
    CHECK(e.media_id == kMediaId);
    CHECK(e.media_description == kDescription);
    const firmware::outbox::EntryText stored(e);
    UNSIGNED_LONGS_EQUAL(1500, stored.size());
    for (const size_t chunk : {1U, 7U, 64U, 1000U, 4096U}) {
        const hal::Result<std::string> read = read_all(e, chunk);
        CHECK_STATUS(Status::kOk, read.status());
        CHECK(read.value() == text.view());
    }
    // Reads at any offset, and none past the end.
    char piece[5];
    CHECK_EQUAL(5U, stored.read(1000, hal::CharSpan(piece)).value());
    CHECK(std::string_view(piece, 5) == text.view().substr(1000, 5));
    CHECK_EQUAL(2U, stored.read(1498, hal::CharSpan(piece)).value());
    CHECK_EQUAL(0U, stored.read(1500, hal::CharSpan(piece)).value());
}

TEST(OutboxStream, AWholePayloadBufferStillHoldsTheTextAndItsReaderReadsIt) {
    const Text text(2, 200);
    Outbox outbox(flash);
    CHECK_STATUS(Status::kOk, outbox.mount());
    accept_ok(outbox, media_message(text));
    std::vector<uint8_t> whole(firmware::outbox::kMaxPayloadBytes);
    const hal::Result<Entry> e =
        outbox.oldest_unconfirmed(hal::ByteSpan(whole.data(), whole.size()));
    CHECK_STATUS(Status::kOk, e.status());
    CHECK_FALSE(e.value().stored_text.on_flash());
    CHECK(e.value().text == text.view());
    CHECK(read_all(e.value(), 3).value() == text.view());
}

TEST(OutboxStream, ABufferTooSmallForMediaIdAndDescriptionIsReported) {
    Outbox outbox(flash);
    CHECK_STATUS(Status::kOk, outbox.mount());
    accept_ok(outbox, media_message(Text(3, 100)));
    const size_t fields_size = kMediaId.size() + kDescription.size();
    CHECK_STATUS(Status::kBufferTooSmall,
                 outbox.oldest_unconfirmed(hal::ByteSpan(fields, fields_size - 1)).status());
    const hal::Result<Entry> e = outbox.oldest_unconfirmed(hal::ByteSpan(fields, fields_size));
    CHECK_STATUS(Status::kOk, e.status());
    CHECK(read_all(e.value(), 9).value() == Text(3, 100).view());
}

TEST(OutboxStream, AFlippedBitInTheTextIsCorrectedAsItStreamsInEverySector) {
    const Text text(4, 1500);
    {
        Outbox outbox(flash);
        CHECK_STATUS(Status::kOk, outbox.mount());
        accept_ok(outbox, media_message(text));
    }
    const std::vector<uint8_t> clean(flash.image().begin(), flash.image().end());
    const uint32_t text_at = firmware::outbox::format::kEntryHeaderSize +
                             static_cast<uint32_t>(kMediaId.size() + kDescription.size());
    int checked = 0;
    for (uint32_t i = 0; i < text.view().size(); i += (i < 8 || i > 1490) ? 1 : 37) {
        for (int bit = 0; bit < 8; bit += 3) {
            std::memcpy(flash.image().data(), clean.data(), clean.size());
            flash.image()[stream_address(text_at + i)] ^= static_cast<uint8_t>(1u << bit);
            Outbox outbox(flash);
            CHECK_STATUS(Status::kOk, outbox.mount());
            UNSIGNED_LONGS_EQUAL(1, outbox.damage().corrected_bits);
            const hal::Result<Entry> e = outbox.oldest_unconfirmed(small());
            CHECK_STATUS(Status::kOk, e.status());
            CHECK_TRUE(e.value().stored_text.on_flash());
            for (const size_t chunk : {1U, 13U, 512U}) {
                const hal::Result<std::string> read = read_all(e.value(), chunk);
                CHECK_STATUS(Status::kOk, read.status());
                CHECK(read.value() == text.view());
            }
            ++checked;
        }
    }
    CHECK_TRUE(checked > 100);
}

TEST(OutboxStream, AFlippedBitInTheMediaIdIsCorrectedInTheSmallBuffer) {
    {
        Outbox outbox(flash);
        CHECK_STATUS(Status::kOk, outbox.mount());
        accept_ok(outbox, media_message(Text(5, 700)));
    }
    flash.image()[stream_address(firmware::outbox::format::kEntryHeaderSize + 3)] ^= 0x10;
    Outbox outbox(flash);
    CHECK_STATUS(Status::kOk, outbox.mount());
    const hal::Result<Entry> e = outbox.oldest_unconfirmed(small());
    CHECK_STATUS(Status::kOk, e.status());
    CHECK(e.value().media_id == kMediaId);
    CHECK(read_all(e.value(), 64).value() == Text(5, 700).view());
}

TEST(OutboxStream, AnEntryWhoseTextDecayedIsReportedCountedAndSkipped) {
    {
        Outbox outbox(flash);
        CHECK_STATUS(Status::kOk, outbox.mount());
        accept_ok(outbox, message(Text(6, 1200)));  // into sector 1
        accept_ok(outbox, message(Text(7, 40)));
    }
    Outbox outbox(flash);
    CHECK_STATUS(Status::kOk, outbox.mount());
    const uint32_t text_at = firmware::outbox::format::kEntryHeaderSize;
    flash.image()[stream_address(text_at + 10)] ^= 0x01;  // two bits: beyond correction
    flash.image()[stream_address(text_at + 1100)] ^= 0x40;
    CHECK_STATUS(Status::kCorrupt, outbox.oldest_unconfirmed(small()).status());
    UNSIGNED_LONGS_EQUAL(1, outbox.damage().unsent_lost);
    const hal::Result<Entry> next = outbox.oldest_unconfirmed(small());
    CHECK_STATUS(Status::kOk, next.status());
    UNSIGNED_LONGS_EQUAL(2, next.value().sequence);
    CHECK(read_all(next.value(), 16).value() == Text(7, 40).view());
}

TEST(OutboxStream, AFailingReadIsAnErrorNeverAWrongText) {
    const Text text(8, 1500);
    {
        Outbox outbox(flash);
        CHECK_STATUS(Status::kOk, outbox.mount());
        accept_ok(outbox, media_message(text));
    }
    bool completed = false;
    int failed_text_reads = 0;
    for (uint32_t n = 1; !completed; ++n) {
        test::ReadFaultFlash faulty(flash, n);
        Outbox outbox(faulty);
        if (outbox.mount() != Status::kOk) continue;
        const hal::Result<Entry> e = outbox.oldest_unconfirmed(small());
        if (!e.ok()) {
            CHECK_STATUS(Status::kFlashError, e.status());
            continue;
        }
        const hal::Result<std::string> read = read_all(e.value(), 100);
        if (read.ok()) {
            CHECK(read.value() == text.view());
            completed = faulty.reads < n;  // the fault was never reached
        } else {
            CHECK_STATUS(Status::kFlashError, read.status());
            ++failed_text_reads;
        }
        UNSIGNED_LONGS_EQUAL(0, faulty.writes);
    }
    CHECK_TRUE(failed_text_reads > 10);
}
