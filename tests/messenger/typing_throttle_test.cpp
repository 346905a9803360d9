#include "firmware/messenger/typing_throttle.h"

#include <CppUTest/TestHarness.h>

using Event = firmware::messenger::TypingThrottle::Event;

TEST_GROUP(TypingThrottle) {
    firmware::messenger::TypingThrottle throttle;
};

TEST(TypingThrottle, QuietUntilAKeyIsPressed) {
    CHECK(throttle.due(5000) == Event::kNone);
}

TEST(TypingThrottle, StartsOnTheFirstKeyAndNotAgainWithinTwentySeconds) {
    throttle.key_pressed(1000);
    CHECK(throttle.due(1000) == Event::kStart);
    throttle.sent(Event::kStart, 1000);
    throttle.key_pressed(5000);
    CHECK(throttle.due(5000) == Event::kNone);
    throttle.key_pressed(20999);
    CHECK(throttle.due(20999) == Event::kNone);
    throttle.key_pressed(21000);
    CHECK(throttle.due(21000) == Event::kStart);
}

TEST(TypingThrottle, StopsAfterFifteenQuietSecondsOrASend) {
    throttle.key_pressed(0);
    throttle.sent(Event::kStart, 0);
    CHECK(throttle.due(14999) == Event::kNone);
    CHECK(throttle.due(15000) == Event::kStop);
    throttle.sent(Event::kStop, 15000);
    CHECK(throttle.due(16000) == Event::kNone);
    throttle.key_pressed(17000);
    throttle.sent(Event::kStart, 17000);
    throttle.message_sent();
    CHECK(throttle.due(17001) == Event::kStop);
}

TEST(TypingThrottle, NextDueNamesTheStopTime) {
    throttle.key_pressed(100);
    throttle.sent(Event::kStart, 100);
    CHECK_EQUAL(15100U, throttle.next_due(200));
}
