// Fuzzes the outbox's mount of an arbitrary flash image (firmware/outbox/SPEC.md): the
// input is the image (truncated or padded with erased bytes to eight 1 KiB sectors).
// Whatever the bytes, mount succeeds, refuses a foreign format, or reports an unreadable
// image without touching it (then format() empties it); every entry reads; the
// unconfirmed count agrees with the entries; one accept succeeds (or finds the outbox
// full), is marked written and confirmed, survives a remount, and leaves every
// unconfirmed entry that was there before as it was. Never a crash.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "firmware/outbox/outbox.h"
#include "hal/crc32.h"
#include "tests/support/fake_flash.h"
#include "tests/support/flash_fixture.h"

namespace {

using firmware::outbox::Entry;
using firmware::outbox::EntryState;
using firmware::outbox::kMaxPayloadBytes;
using firmware::outbox::Outbox;
using hal::Status;

constexpr hal::FlashGeometry kGeometry = test::kOutboxGeometry;
constexpr size_t kMaxRemembered = 256;

// A failed check names its line, then aborts (libFuzzer keeps the input).
#define require(condition) require_at((condition), __LINE__)
void require_at(bool condition, int line) {
    if (condition) return;
    std::fprintf(stderr, "outbox_mount_fuzz.cpp:%d: check failed\n", line);
    std::abort();
}

// The unconfirmed entries in walk order: sequence, state and a CRC of the payload.
struct Snapshot final : firmware::outbox::EntryVisitor {
    uint32_t sequence[kMaxRemembered] = {};
    EntryState state[kMaxRemembered] = {};
    uint32_t crc[kMaxRemembered] = {};
    size_t unconfirmed = 0;
    size_t entries = 0;

    bool visit(const Entry& e) override {
        ++entries;
        if (firmware::outbox::is_settled(e.state) || unconfirmed == kMaxRemembered) return true;
        sequence[unconfirmed] = e.sequence;
        state[unconfirmed] = e.state;
        crc[unconfirmed] = hal::crc32(hal::as_bytes(e.text), hal::crc32(hal::as_bytes(e.media_id)));
        ++unconfirmed;
        return true;
    }
};

Snapshot read_all(Outbox& outbox, hal::ByteSpan payload) {
    Snapshot snapshot;
    require(outbox.for_each(payload, snapshot) == Status::kOk);
    require(snapshot.unconfirmed == outbox.unconfirmed_count() ||
            snapshot.unconfirmed == kMaxRemembered);
    const Status oldest = outbox.oldest_unconfirmed(payload).status();
    require(oldest == (snapshot.unconfirmed > 0 ? Status::kOk : Status::kNotFound));
    return snapshot;
}

void check_kept(const Snapshot& before, const Snapshot& after) {
    require(after.unconfirmed >= before.unconfirmed);
    for (size_t i = 0; i < before.unconfirmed; ++i) {
        require(after.sequence[i] == before.sequence[i]);
        require(after.state[i] == before.state[i]);
        require(after.crc[i] == before.crc[i]);
    }
}

void accept_one(Outbox& outbox, test::FakeFlash& flash, hal::ByteSpan payload,
                const Snapshot& before) {
    firmware::outbox::OutgoingMessage message;
    message.text = "fuzz: one more message";
    message.accepted_at = 1700000000;
    const hal::Result<uint32_t> seq = outbox.accept(message);
    if (seq.status() == Status::kNoSpace) return;
    require(seq.ok());
    require(outbox.mark_written(seq.value(), 1) == Status::kOk);
    require(outbox.mark_confirmed(seq.value(), 2) == Status::kOk);
    Outbox again(flash);
    require(again.mount() == Status::kOk);
    const hal::Result<Entry> kept = again.find(seq.value(), payload);
    require(kept.ok() && kept.value().state == EntryState::kConfirmed);
    require(kept.value().text == message.text);
    check_kept(before, read_all(again, payload));
    // And one set aside: failed with its reason, not offered, after a remount too.
    message.text = "fuzz: one refused message";
    const hal::Result<uint32_t> refused = again.accept(message);
    if (refused.status() == Status::kNoSpace) return;
    require(refused.ok());
    require(again.mark_failed(refused.value(), Status::kBadRequest) == Status::kOk);
    Outbox third(flash);
    require(third.mount() == Status::kOk);
    const hal::Result<Entry> failed = third.find(refused.value(), payload);
    require(failed.ok() && failed.value().state == EntryState::kFailed);
    require(failed.value().failure == Status::kBadRequest);
    check_kept(before, read_all(third, payload));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    static test::FakeFlash flash(kGeometry);
    static uint8_t payload_buffer[kMaxPayloadBytes];
    const hal::ByteSpan payload(payload_buffer);
    flash.reset();
    const size_t copied = size < kGeometry.total_size() ? size : kGeometry.total_size();
    if (copied > 0) std::memcpy(flash.image().data(), data, copied);

    Outbox outbox(flash);
    const Status mounted = outbox.mount();
    if (mounted == Status::kUnsupported) return 0;  // another format version: left alone
    if (mounted == Status::kCorrupt) {
        // No usable header but bytes: reported, nothing touched, only format() writes.
        require(std::memcmp(flash.image().data(), data, copied) == 0);
        require(!outbox.mounted());
        require(outbox.format() == Status::kOk);
    } else {
        require(mounted == Status::kOk);
    }
    const Snapshot before = read_all(outbox, payload);
    accept_one(outbox, flash, payload, before);
    return 0;
}
