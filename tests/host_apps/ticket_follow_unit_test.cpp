// parley-ticket's `history` and `wait` pieces on their own: the history's argument, the
// collector (authors, dedupe, oldest first, dropped text), its paging against the fake
// service desk (how many pages, where it stops), the heading's date and time, and the
// exit-code rule of `wait`. The commands as a whole: ticket_follow_test.py.
#include <stdlib.h>
#include <time.h>

#include <string>
#include <vector>

#include "boards/host/console_format.h"
#include "boards/host/conversation_history.h"
#include "boards/host/reply_wait.h"
#include "tests/support/fake_clock.h"
#include "tests/support/fake_service.h"

#include <CppUTest/TestHarness.h>

namespace {

using boards::host::HistoryCollector;

std::vector<std::string> history_args(const char* n) {
    std::vector<std::string> args{"history"};
    if (n != nullptr) args.emplace_back(n);
    return args;
}

// A message as the decoder hands it over: its text in two pieces, then the message.
void deliver(HistoryCollector& collector, uint64_t id, net::parley::MessageType type,
             const std::string& text, const char* agent = nullptr) {
    net::parley::Message m;
    m.id = id;
    m.type = type;
    m.time = 1'800'000'000;  // 2027-01-15 08:00 UTC
    if (agent != nullptr) {
        m.agent.present = true;
        m.agent.name.assign(agent);
    }
    collector.on_text(text.substr(0, text.size() / 2));
    collector.on_text(text.substr(text.size() / 2));
    collector.on_message(m);
}

size_t count_of(const std::string& text, const std::string& part) {
    size_t n = 0;
    for (size_t at = text.find(part); at != std::string::npos; at = text.find(part, at + 1))
        ++n;
    return n;
}

}  // namespace

TEST_GROUP(HistoryArgs) {
    size_t count = 0;
    std::string error;
};

TEST(HistoryArgs, DefaultsToTenAndTakesOneToAThousand) {
    CHECK_TRUE(boards::host::parse_history_args(history_args(nullptr), &count, &error));
    CHECK_EQUAL(10u, count);
    CHECK_TRUE(boards::host::parse_history_args(history_args("1"), &count, &error));
    CHECK_EQUAL(1u, count);
    CHECK_TRUE(boards::host::parse_history_args(history_args("1000"), &count, &error));
    CHECK_EQUAL(1000u, count);
}

TEST(HistoryArgs, RefusesAnythingButADecimalNumberInRangeAndSaysWhat) {
    for (const char* bad : {"abc", "0", "-1", "1001", "+5", " 5", "5 ", "0x10", "", "3.0",
                            "18446744073709551617", "99999999999999999999999"}) {
        count = 7;
        CHECK_FALSE_TEXT(boards::host::parse_history_args(history_args(bad), &count, &error), bad);
        CHECK_EQUAL(7u, count);
        STRCMP_EQUAL(
            ("history N must be a whole number from 1 to 1000 (got '" + std::string(bad) + "')")
                .c_str(),
            error.c_str());
    }
}

TEST(HistoryArgs, RefusesASecondNumber) {
    CHECK_FALSE(boards::host::parse_history_args({"history", "3", "4"}, &count, &error));
    STRCMP_EQUAL("history takes one number at most (got '4' after it)", error.c_str());
}

TEST_GROUP(HistoryCollector) {
    void setup() override {
        setenv("TZ", "UTC", 1);
        tzset();
    }
    HistoryCollector collector;
};

TEST(HistoryCollector, NamesTheDeviceYouAndTheOthersAsRepliesDo) {
    deliver(collector, 3, net::parley::MessageType::kAgent, "On my way", "Alice");
    deliver(collector, 1, net::parley::MessageType::kUser, "Fault report E42");
    deliver(collector, 2, net::parley::MessageType::kUserSilent, "silent");
    deliver(collector, 4, net::parley::MessageType::kSystem, "Chat closed");
    deliver(collector, 5, net::parley::MessageType::kAgent, "unnamed");
    STRCMP_EQUAL(
        "You (2027-01-15 08:00): Fault report E42\n"
        "You (2027-01-15 08:00): silent\n"
        "Alice (2027-01-15 08:00): On my way\n"
        "System (2027-01-15 08:00): Chat closed\n"
        "Service desk (2027-01-15 08:00): unnamed\n",
        collector.newest(10).c_str());
}

TEST(HistoryCollector, KeepsEachIdOnceAndGivesTheNewestOldestFirst) {
    for (uint64_t id = 20; id >= 11; --id)  // newest first, as pages come
        deliver(collector, id, net::parley::MessageType::kAgent, "m" + std::to_string(id), "A");
    deliver(collector, 15, net::parley::MessageType::kAgent, "again", "A");  // overlapping page
    CHECK_EQUAL(10u, collector.size());
    CHECK_EQUAL(11u, collector.lowest_id());
    STRCMP_EQUAL(
        "A (2027-01-15 08:00): m18\nA (2027-01-15 08:00): m19\nA (2027-01-15 08:00): m20\n",
        collector.newest(3).c_str());
    CHECK_EQUAL(0u, count_of(collector.newest(10), "again"));
}

TEST(HistoryCollector, ASkippedElementVoidsItsTextAndIsCounted) {
    collector.on_text("broken half");
    collector.on_skipped(7, hal::Status::kCorrupt);
    deliver(collector, 8, net::parley::MessageType::kAgent, "whole", "A");
    CHECK_EQUAL(1u, collector.skipped());
    STRCMP_EQUAL("A (2027-01-15 08:00): whole\n", collector.newest(5).c_str());
}

TEST(HistoryCollector, AMessageWithoutTimeShowsDashes) {
    net::parley::Message m;
    m.id = 1;
    m.type = net::parley::MessageType::kAgent;
    collector.on_text("hi");
    collector.on_message(m);
    STRCMP_EQUAL("Service desk (---------- --:--): hi\n", collector.newest(1).c_str());
}

TEST_GROUP(ReadHistory) {
    messenger_test::FakeService service;
    test::FakeClock clock;
    HistoryCollector collector;

    void setup() override {
        setenv("TZ", "UTC", 1);
        tzset();
    }
    void fill(int messages) {
        for (int i = 1; i <= messages; ++i)
            service.store(i % 3 == 0 ? 1 : 2, "m" + std::to_string(i));
    }
    hal::Status read(size_t count) {
        return boards::host::read_history(service, clock, 30000, count, collector);
    }
};

TEST(ReadHistory, OnePageWhenTheNewestHoldsEnough) {
    fill(120);
    CHECK_EQUAL(hal::Status::kOk, read(10));
    CHECK_EQUAL(1, service.polls);
    CHECK_EQUAL(0, service.probes);
    const std::string out = collector.newest(10);
    CHECK_EQUAL(10u, count_of(out, "\n"));
    CHECK_TRUE(out.rfind("You (2027-01-15 08:00): m111\n", 0) == 0);  // the oldest first
    CHECK_TRUE(out.find("You (2027-01-15 08:00): m120\n") == out.size() - 29);
}

TEST(ReadHistory, PagesBelowTheNewestPageUntilItHasEnough) {
    fill(120);
    CHECK_EQUAL(hal::Status::kOk, read(75));
    CHECK_EQUAL(1, service.polls);
    CHECK_EQUAL(1, service.probes);
    const std::string out = collector.newest(75);
    CHECK_EQUAL(75u, count_of(out, "\n"));
    CHECK_TRUE(out.find(": m46\n") < out.find(": m47\n"));
    CHECK_EQUAL(std::string::npos, out.find(": m45\n"));
}

TEST(ReadHistory, StopsAtTheOldestMessageWithoutAskingFurther) {
    fill(120);
    CHECK_EQUAL(hal::Status::kOk, read(1000));
    CHECK_EQUAL(2, service.probes);  // 50 + 50 + 20: the short page is the last
    CHECK_EQUAL(120u, collector.size());
}

TEST(ReadHistory, AnEmptyConversationIsOneRequest) {
    CHECK_EQUAL(hal::Status::kOk, read(10));
    CHECK_EQUAL(1, service.polls);
    CHECK_EQUAL(0u, collector.size());
}

TEST(ReadHistory, ADeviceTheServiceDoesNotKnowHasNoConversation) {
    messenger_test::Failure unknown;
    unknown.status = hal::Status::kFailedPrecondition;
    unknown.http_status = 400;
    unknown.error = "device_not_registered";
    service.poll_failures.push_back(unknown);
    CHECK_EQUAL(hal::Status::kOk, read(10));
    CHECK_EQUAL(0u, collector.size());
}

TEST(ReadHistory, AFailedPageIsReportedNotRetried) {
    fill(120);
    messenger_test::Failure busy;
    busy.status = hal::Status::kRetryLater;
    busy.http_status = 503;
    service.poll_failures.push_back(messenger_test::Failure{});
    service.poll_failures.push_back(busy);
    CHECK_EQUAL(hal::Status::kRetryLater, read(75));
    CHECK_EQUAL(1, service.probes);
}

TEST(ReadHistory, AsksNothingButPages) {
    fill(60);
    CHECK_EQUAL(hal::Status::kOk, read(60));
    CHECK_EQUAL(0, service.fetches);
    CHECK_EQUAL(0u, service.marks.size());
    CHECK_EQUAL(0, service.subscribes);
    CHECK_EQUAL(0, service.sends);
}

TEST_GROUP(WaitArgs) {
    long wait_s = 0;
    std::string error;
};

TEST(WaitArgs, DefaultsToTwoMinutesAndTakesOneSecondToADay) {
    CHECK_TRUE(boards::host::parse_wait_args({"wait"}, &wait_s, &error));
    CHECK_EQUAL(120, wait_s);
    CHECK_TRUE(boards::host::parse_wait_args({"wait", "--wait", "1"}, &wait_s, &error));
    CHECK_EQUAL(1, wait_s);
    CHECK_TRUE(boards::host::parse_wait_args({"wait", "--wait", "86400"}, &wait_s, &error));
    CHECK_EQUAL(86400, wait_s);
}

TEST(WaitArgs, RefusesBadSecondsAndUnknownOptions) {
    for (const char* bad :
         {"0", "-5", "+5", " 5", "86401", "x", "", "1e3", "99999999999999999999"}) {
        CHECK_FALSE_TEXT(boards::host::parse_wait_args({"wait", "--wait", bad}, &wait_s, &error),
                         bad);
        STRCMP_EQUAL(("--wait must be a whole number of seconds from 1 to 86400 (got '" +
                      std::string(bad) + "')")
                         .c_str(),
                     error.c_str());
    }
    CHECK_FALSE(boards::host::parse_wait_args({"wait", "--wait"}, &wait_s, &error));
    STRCMP_EQUAL("option --wait needs a value", error.c_str());
    CHECK_FALSE(boards::host::parse_wait_args({"wait", "--count", "2"}, &wait_s, &error));
    STRCMP_EQUAL("unknown option for wait: --count", error.c_str());
}

TEST_GROUP(WaitOutcome){};

TEST(WaitOutcome, AReplyWinsThenAFailureThenAQueuedMessage) {
    using boards::host::decide;
    using boards::host::WaitOutcome;
    boards::host::WaitTally t;
    CHECK(decide(t) == WaitOutcome::kNoReply);
    t.unconfirmed = 1;
    CHECK(decide(t) == WaitOutcome::kQueued);
    t.rejected = 1;
    CHECK(decide(t) == WaitOutcome::kFailed);
    t.rejected = 0;
    t.stopped = true;
    CHECK(decide(t) == WaitOutcome::kFailed);
    t.replies = 1;
    CHECK(decide(t) == WaitOutcome::kReplied);
}

TEST(WaitOutcome, ExitCodesAreTheTicketAppsOwn) {
    using boards::host::exit_code;
    using boards::host::WaitOutcome;
    CHECK_EQUAL(0, exit_code(WaitOutcome::kReplied));
    CHECK_EQUAL(10, exit_code(WaitOutcome::kNoReply));
    CHECK_EQUAL(11, exit_code(WaitOutcome::kQueued));
    CHECK_EQUAL(1, exit_code(WaitOutcome::kFailed));
}
