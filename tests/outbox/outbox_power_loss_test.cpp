// The outbox power-loss sweep (docs/design.md §9): a script of accepts, mark_written and
// mark_confirmed calls, long enough to go round the ring of sectors and reclaim (erase)
// the sectors it started in, is replayed from a blank flash once for every flash
// operation it makes, with power cut after that operation, and once more for every byte
// at which a program can tear (cleanly and with a half-programmed byte) and for torn
// erases (half, barely started, garbage). After each cut the device reboots and:
//  - every message accepted before the cut is there exactly once, in order, with the
//    sequence number accept() returned, unless it was confirmed (then at most once);
//  - the message being accepted at the cut is there once or not at all, never torn;
//  - no state went back: each entry is in its state from before the interrupted call,
//    or the state that call was making;
//  - nothing else is there, sequence numbers are unique and increasing, the count of
//    unconfirmed entries and the oldest unconfirmed entry agree with the entries;
//  - a further accept, mark_written and mark_confirmed work and survive a reboot.
#include <CppUTest/TestHarness.h>

#include <cstdio>

#include "firmware/outbox/outbox.h"
#include "tests/outbox/outbox_helpers.h"
#include "tests/support/fake_flash.h"
#include "tests/support/flash_fixture.h"
#include "tests/support/power_loss.h"

using firmware::outbox::Entry;
using firmware::outbox::EntryState;
using firmware::outbox::kMaxPayloadBytes;
using firmware::outbox::Outbox;
using hal::Status;
using outbox_test::Collector;
using outbox_test::Seen;
using outbox_test::Text;
using test::FakeFlash;

namespace {

// Text sizes of the scripted messages: small ones, ones that fill most of a 1 KiB sector
// and ones that span two or three sectors. About 11 KiB in all: more than the 8 KiB ring.
constexpr uint16_t kSizes[] = {200, 700, 60,  1500, 300,  900, 100,  1200,
                               500, 40,  800, 600,  1000, 150, 2300, 300};
constexpr size_t kMessages = sizeof kSizes / sizeof kSizes[0];
constexpr size_t kFollowUp = kMessages;  // the message accepted after each reboot
constexpr uint16_t kFollowUpSize = 120;

enum class Kind : uint8_t { kAccept, kWritten, kConfirmed };

struct Step {
    Kind kind;
    uint8_t message;
};

// accept m, then mark_written and mark_confirmed m - 2: two or three entries stay
// unconfirmed at all times, so sectors are reclaimed while others hold live entries.
// The last message stays written.
constexpr size_t kSteps = kMessages + 2 * (kMessages - 1) + 1;

struct Script {
    Step steps[kSteps];
    constexpr Script() : steps() {
        size_t n = 0;
        for (size_t m = 0; m < kMessages; ++m) {
            steps[n++] = Step{Kind::kAccept, static_cast<uint8_t>(m)};
            if (m < 2) continue;
            steps[n++] = Step{Kind::kWritten, static_cast<uint8_t>(m - 2)};
            steps[n++] = Step{Kind::kConfirmed, static_cast<uint8_t>(m - 2)};
        }
        steps[n++] = Step{Kind::kWritten, kMessages - 2};
        steps[n++] = Step{Kind::kConfirmed, kMessages - 2};
        steps[n++] = Step{Kind::kWritten, kMessages - 1};
    }
};
constexpr Script kScript;

uint64_t sent_after_of(size_t m) {
    return 5000 + m;
}
uint64_t server_id_of(size_t m) {
    return 9000 + m;
}

// The texts, made once (each is a kMaxTextBytes buffer).
const Text& text_of(size_t m) {
    static const Text texts[kMessages + 1] = {
        Text(0, kSizes[0]),     Text(1, kSizes[1]),   Text(2, kSizes[2]),   Text(3, kSizes[3]),
        Text(4, kSizes[4]),     Text(5, kSizes[5]),   Text(6, kSizes[6]),   Text(7, kSizes[7]),
        Text(8, kSizes[8]),     Text(9, kSizes[9]),   Text(10, kSizes[10]), Text(11, kSizes[11]),
        Text(12, kSizes[12]),   Text(13, kSizes[13]), Text(14, kSizes[14]), Text(15, kSizes[15]),
        Text(99, kFollowUpSize)};
    return texts[m];
}

// The message an entry carries, by its text; kMessages + 1 when none.
size_t message_of(const Seen& seen) {
    static uint32_t crcs[kMessages + 1] = {};
    static bool ready = false;
    for (size_t m = 0; !ready && m <= kMessages; ++m)
        crcs[m] = outbox_test::text_crc(text_of(m).view());
    ready = true;
    for (size_t m = 0; m <= kMessages; ++m) {
        if (seen.text_size == text_of(m).view().size() && seen.text_crc == crcs[m]) return m;
    }
    return kMessages + 1;
}

struct Model {
    bool accepted[kMessages + 1] = {};
    EntryState state[kMessages + 1] = {};
    bool id_lost[kMessages + 1] = {};  // confirmed by the interrupted call, id not kept

    void apply(const Step& step) {
        if (step.kind == Kind::kAccept) accepted[step.message] = true;
        if (step.kind == Kind::kWritten) state[step.message] = EntryState::kWritten;
        if (step.kind == Kind::kConfirmed) state[step.message] = EntryState::kConfirmed;
    }
};

Model model_before(size_t steps) {
    Model model;
    for (size_t i = 0; i < steps; ++i)
        model.apply(kScript.steps[i]);
    return model;
}

// What a run got through: the steps that returned kOk and the sequence numbers.
struct Run {
    size_t done = 0;
    uint32_t sequence[kMessages + 1] = {};
};

Status apply(Outbox& outbox, const Step& step, Run& run) {
    const size_t m = step.message;
    if (step.kind == Kind::kWritten) return outbox.mark_written(run.sequence[m], sent_after_of(m));
    if (step.kind == Kind::kConfirmed) {
        return outbox.mark_confirmed(run.sequence[m], server_id_of(m));
    }
    firmware::outbox::OutgoingMessage message = outbox_test::message(text_of(m), 1700000000 + m);
    const hal::Result<uint32_t> seq = outbox.accept(message);
    run.sequence[m] = seq.value();
    return seq.status();
}

Run run_script(FakeFlash& flash) {
    Run run;
    Outbox outbox(flash);
    if (outbox.mount() != Status::kOk) return run;
    for (; run.done < kSteps; ++run.done) {
        if (apply(outbox, kScript.steps[run.done], run) != Status::kOk) break;
    }
    return run;
}

// The script from a blank flash until a step fails; after the cut, the reboot's checks.
class ScriptScenario final : public test::PowerLossScenario {
  public:
    void run(FakeFlash& flash) override { run_ = run_script(flash); }
    bool completed() const override { return run_.done == kSteps; }
    void check(FakeFlash& flash, uint32_t number) override { check_reboot(flash, number, run_); }

  private:
    void check_reboot(FakeFlash& flash, uint32_t number, Run run) {
        where_ = StringFromFormat("cut at operation %u, after %u steps",
                                  static_cast<unsigned>(number), static_cast<unsigned>(run.done));
        Model model = model_before(run.done);
        Outbox outbox(flash);
        const Status mounted = outbox.mount();
        CHECK_EQUAL_TEXT(Status::kOk, mounted, where_.asCharString());
        check_entries(outbox, model, run);
        settle(model, run);
        follow_up(outbox, model, run);
        Outbox again(flash);
        const Status remounted = again.mount();
        CHECK_EQUAL_TEXT(Status::kOk, remounted, where_.asCharString());
        check_entries(again, model, run);
    }

    // The outbox takes, marks and keeps one more message.
    void follow_up(Outbox& outbox, Model& model, Run& run) {
        const hal::Result<uint32_t> seq = outbox.accept(outbox_test::message(text_of(kFollowUp)));
        CHECK_EQUAL_TEXT(Status::kOk, seq.status(), where_.asCharString());
        CHECK_TEXT(seq.value() > newest_sequence_, where_.asCharString());
        run.sequence[kFollowUp] = seq.value();
        const Status written = outbox.mark_written(seq.value(), sent_after_of(kFollowUp));
        CHECK_EQUAL_TEXT(Status::kOk, written, where_.asCharString());
        const Status confirmed = outbox.mark_confirmed(seq.value(), server_id_of(kFollowUp));
        CHECK_EQUAL_TEXT(Status::kOk, confirmed, where_.asCharString());
        model.accepted[kFollowUp] = true;
        model.state[kFollowUp] = EntryState::kConfirmed;
    }

    // What the interrupted call turned out to have done becomes part of the model, so
    // that from here on every entry must keep exactly its state.
    void settle(Model& model, Run& run) {
        for (size_t m = 0; m <= kMessages; ++m)
            model.id_lost[m] = model.id_lost[m] || id_lost_[m];
        if (run.done == kSteps) return;
        const size_t m = kScript.steps[run.done].message;
        model.accepted[m] = in_flight_.present;
        model.state[m] = in_flight_.state;
        run.sequence[m] = in_flight_.sequence;
        run.done = kSteps;
    }

    void check_entries(Outbox& outbox, const Model& model, const Run& run) {
        Collector all;
        const Status walked = outbox.for_each(hal::ByteSpan(payload_), all);
        CHECK_EQUAL_TEXT(Status::kOk, walked, where_.asCharString());
        CHECK_FALSE_TEXT(all.overflow, where_.asCharString());
        bool present[kMessages + 1] = {};
        size_t unconfirmed = 0;
        size_t previous = 0;
        newest_sequence_ = 0;
        in_flight_ = InFlight{};
        for (bool& lost : id_lost_)
            lost = false;
        for (size_t i = 0; i < all.count; ++i) {
            const Seen& seen = all.seen[i];
            const size_t m = message_of(seen);
            check_text(m < kMessages + 1, "an entry no one accepted", i);
            check_text(!present[m], "an entry twice", i);
            check_text(i == 0 || m > previous, "entries out of order", i);
            check_text(seen.sequence > newest_sequence_, "sequence numbers not increasing", i);
            check_entry(seen, m, model, run);
            present[m] = true;
            previous = m;
            newest_sequence_ = seen.sequence;
            if (seen.state != EntryState::kConfirmed) ++unconfirmed;
        }
        for (size_t m = 0; m <= kMessages; ++m) {
            const bool must = model.accepted[m] && model.state[m] != EntryState::kConfirmed;
            check_text(!must || present[m], "an accepted message lost", m);
        }
        CHECK_EQUAL_TEXT(unconfirmed, outbox.unconfirmed_count(), where_.asCharString());
        check_oldest(outbox, all);
    }

    // One entry against the model: the interrupted step may or may not have happened.
    void check_entry(const Seen& seen, size_t m, const Model& model, const Run& run) {
        const bool in_flight = run.done < kSteps && kScript.steps[run.done].message == m;
        Model after = model;
        if (in_flight) after.apply(kScript.steps[run.done]);
        if (in_flight) in_flight_ = InFlight{true, seen.state, seen.sequence, seen.server_id};
        check_text(after.accepted[m], "an entry not accepted yet", m);
        if (model.accepted[m]) check_text(seen.sequence == run.sequence[m], "a new sequence", m);
        const bool state_ok = seen.state == model.state[m] || seen.state == after.state[m];
        check_text(state_ok, "a state that went back or jumped", m);
        if (seen.state != EntryState::kPending) {
            check_text(seen.sent_after_id == sent_after_of(m), "a lost sent-after id", m);
        }
        if (seen.state == EntryState::kConfirmed) {
            // mark_confirmed keeps the id as an annotation: a cut during its program loses
            // it, even when the call itself returned (the id is its last program).
            const bool just_confirmed = run.done > 0 && run.done <= kSteps &&
                                        kScript.steps[run.done - 1].kind == Kind::kConfirmed &&
                                        kScript.steps[run.done - 1].message == m;
            const bool may_lack_id =
                model.id_lost[m] || just_confirmed || model.state[m] != EntryState::kConfirmed;
            const bool id_ok =
                seen.server_id == server_id_of(m) || (seen.server_id == 0 && may_lack_id);
            check_text(id_ok, "a wrong server id", m);
            if (seen.server_id == 0) id_lost_[m] = true;
        }
    }

    void check_oldest(Outbox& outbox, const Collector& all) {
        const hal::Result<Entry> oldest = outbox.oldest_unconfirmed(hal::ByteSpan(payload_));
        for (size_t i = 0; i < all.count; ++i) {
            if (all.seen[i].state == EntryState::kConfirmed) continue;
            CHECK_EQUAL_TEXT(Status::kOk, oldest.status(), where_.asCharString());
            CHECK_EQUAL_TEXT(all.seen[i].sequence, oldest.value().sequence, where_.asCharString());
            return;
        }
        CHECK_EQUAL_TEXT(Status::kNotFound, oldest.status(), where_.asCharString());
    }

    void check_text(bool ok, const char* what, size_t index) {
        if (ok) return;
        const SimpleString text = StringFromFormat(
            "%s (%u): %s", what, static_cast<unsigned>(index), where_.asCharString());
        FAIL(text.asCharString());
    }

    Run run_;
    uint8_t payload_[kMaxPayloadBytes] = {};
    SimpleString where_;
    uint32_t newest_sequence_ = 0;
    // The entry of the message the interrupted call was about, as found after the reboot.
    struct InFlight {
        bool present = false;
        EntryState state = EntryState::kPending;
        uint32_t sequence = 0;
        uint64_t server_id = 0;
    } in_flight_;
    bool id_lost_[kMessages + 1] = {};
};

}  // namespace

TEST_GROUP(OutboxPowerLoss){};

// Programs torn at every byte, and also with the byte after the landed ones half
// programmed at every byte (unit 1) or at unit boundaries (unit 16).
TEST(OutboxPowerLoss, EveryCutKeepsEachAcceptedMessageExactlyOnce) {
    static FakeFlash flash(test::kOutboxGeometry);
    static ScriptScenario scenario;
    const test::PowerLossCounts counts = test::sweep_power_loss(flash, scenario);
    CHECK(counts.erases >= 2);  // the ring came round and reclaimed sectors
    std::printf("\n[figure] outbox-sweep-operations %u\n[figure] outbox-sweep-cut-points %u\n",
                static_cast<unsigned>(counts.operations), static_cast<unsigned>(counts.cut_points));
}

TEST(OutboxPowerLoss, EveryCutIsSurvivedWithASixteenByteProgramUnit) {
    constexpr hal::FlashGeometry kGeometry{1024, 8, 16};
    static FakeFlash flash(kGeometry);
    static ScriptScenario scenario;
    const test::PowerLossCounts counts =
        test::sweep_power_loss(flash, scenario, test::PowerLossPlan{kGeometry.program_unit});
    CHECK(counts.erases >= 2);
    std::printf("\n[figure] outbox-sweep-cut-points-unit16 %u\n",
                static_cast<unsigned>(counts.cut_points));
}
