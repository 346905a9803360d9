// Reconciliation: whether a message found in the conversation is the service's copy of
// an outbox entry whose send had an unknown outcome (firmware/outbox/reconciliation.h).
#include "firmware/outbox/reconciliation.h"

#include <CppUTest/TestHarness.h>

#include "firmware/outbox/outbox_config.h"

using firmware::outbox::ConversationMessage;
using firmware::outbox::Entry;
using firmware::outbox::EntryState;
using firmware::outbox::kMatchSkewSeconds;
using firmware::outbox::kTypeSilentSystemMessage;
using firmware::outbox::kTypeUserMessage;
using firmware::outbox::kUnknownTime;
using firmware::outbox::matches;

namespace {

constexpr int64_t kAcceptedAt = 1700000000;

Entry written_entry() {
    Entry e;
    e.sequence = 12;
    e.type_id = kTypeUserMessage;
    e.state = EntryState::kWritten;
    e.accepted_at = kAcceptedAt;
    e.sent_after_id = 10742;
    e.text = "The card reader is broken";
    return e;
}

// The candidate's text as the messenger sees it: in pieces, compared as they come.
bool same_text(std::string_view streamed, std::string_view entry_text) {
    const net::text::StringTextReader expected(entry_text);
    firmware::outbox::TextComparison comparison(expected);
    for (size_t at = 0; at < streamed.size(); at += 3)
        comparison.feed(streamed.substr(at, 3));
    return comparison.equal();
}

ConversationMessage stored_copy() {
    ConversationMessage c;
    c.id = 10743;
    c.type_id = kTypeUserMessage;
    c.time = kAcceptedAt + 4;
    c.same_text = same_text("The card reader is broken", written_entry().text);
    return c;
}

}  // namespace

TEST_GROUP(Reconciliation){};

TEST(Reconciliation, TheServicesCopyMatches) {
    CHECK_TRUE(matches(written_entry(), stored_copy()));
}

TEST(Reconciliation, AMessageStoredBeforeTheSendIsNeverTheEntry) {
    // The same text sent earlier (an earlier entry, confirmed as 10742) is not this one.
    ConversationMessage earlier = stored_copy();
    earlier.id = 10742;
    CHECK_FALSE(matches(written_entry(), earlier));
    earlier.id = 17;
    CHECK_FALSE(matches(written_entry(), earlier));
}

TEST(Reconciliation, TypeTextAndMediaMustBeTheSame) {
    ConversationMessage other = stored_copy();
    other.type_id = kTypeSilentSystemMessage;
    CHECK_FALSE(matches(written_entry(), other));
    other = stored_copy();
    other.same_text = same_text("The card reader is broken ", written_entry().text);  // 1 more
    CHECK_FALSE(matches(written_entry(), other));
    other.same_text = same_text("The card reader is broke", written_entry().text);  // 1 less
    CHECK_FALSE(matches(written_entry(), other));
    other = stored_copy();
    other.media_id = "2024/01/15/x.jpg";
    CHECK_FALSE(matches(written_entry(), other));

    Entry media = written_entry();
    media.text = "";
    media.media_id = "2024/01/15/x.jpg";
    other = stored_copy();
    other.same_text = same_text("", media.text);
    other.media_id = "2024/01/15/x.jpg";
    CHECK_TRUE(matches(media, other));
}

TEST(Reconciliation, AMessageStoredLongBeforeTheAcceptIsNotTheEntry) {
    ConversationMessage old = stored_copy();
    old.time = kAcceptedAt - kMatchSkewSeconds - 1;
    CHECK_FALSE(matches(written_entry(), old));
    old.time = kAcceptedAt - kMatchSkewSeconds;  // within the clock skew
    CHECK_TRUE(matches(written_entry(), old));
}

TEST(Reconciliation, AnUnknownTimeOnEitherSideIsNoBound) {
    ConversationMessage old = stored_copy();
    old.time = kAcceptedAt - 100000;
    Entry unknown = written_entry();
    unknown.accepted_at = kUnknownTime;
    CHECK_TRUE(matches(unknown, old));
    old.time = 0;  // "time" absent from the message
    CHECK_TRUE(matches(written_entry(), old));
}

TEST(Reconciliation, WithoutAnIdBoundAnyNewerIdQualifies) {
    Entry no_bound = written_entry();
    no_bound.sent_after_id = 0;
    ConversationMessage first = stored_copy();
    first.id = 1;
    CHECK_TRUE(matches(no_bound, first));
}

namespace {

// An expected text read at most `max_read` bytes at a time (as from flash).
class ChunkedText final : public net::text::TextReader {
  public:
    ChunkedText(std::string_view text, size_t max_read) : text_(text), max_read_(max_read) {}
    size_t size() const override { return text_.size(); }
    hal::Result<size_t> read(size_t offset, hal::CharSpan out) const override {
        if (fail) return hal::Status::kFlashError;
        size_t n = text_.size() - offset;
        if (n > out.size()) n = out.size();
        if (n > max_read_) n = max_read_;
        for (size_t i = 0; i < n; ++i)
            out[i] = text_[offset + i];
        return n;
    }
    bool fail = false;

  private:
    std::string_view text_;
    size_t max_read_;
};

bool compare_in_pieces(std::string_view streamed, const net::text::TextReader& expected,
                       size_t piece) {
    firmware::outbox::TextComparison comparison(expected);
    for (size_t at = 0; at < streamed.size(); at += piece)
        comparison.feed(streamed.substr(at, piece));
    return comparison.equal();
}

}  // namespace

TEST(Reconciliation, AStreamedTextIsComparedWithATextReadInChunksByteForByte) {
    std::string text;
    for (int i = 0; i < 300; ++i)
        text += static_cast<char>('a' + i % 26);
    for (const size_t max_read : {1U, 7U, 32U, 500U}) {
        const ChunkedText expected(text, max_read);
        for (const size_t piece : {1U, 5U, 33U, 300U}) {
            CHECK_TRUE(compare_in_pieces(text, expected, piece));
            for (const size_t at : {0U, 31U, 32U, 33U, 299U}) {
                std::string other = text;
                other[at] = 'Z';
                CHECK_FALSE(compare_in_pieces(other, expected, piece));
            }
            CHECK_FALSE(compare_in_pieces(text.substr(0, 299), expected, piece));
            CHECK_FALSE(compare_in_pieces(text + "!", expected, piece));
        }
    }
}

TEST(Reconciliation, AFailedReadOfTheExpectedTextIsNeverEqualAndIsReported) {
    ChunkedText expected("The card reader is broken", 8);
    expected.fail = true;
    firmware::outbox::TextComparison comparison(expected);
    comparison.feed("The card reader is broken");
    CHECK_FALSE(comparison.equal());
    CHECK_EQUAL(hal::Status::kFlashError, comparison.status());
    comparison.restart();
    CHECK_EQUAL(hal::Status::kFlashError, comparison.status());  // the search decided nothing
}
