#include "firmware/outbox/reconciliation.h"

#include "firmware/outbox/outbox_config.h"

namespace firmware::outbox {
namespace {

bool time_allows(int64_t accepted_at, int64_t stored_at) {
    if (accepted_at < 0 || stored_at <= 0) return true;  // one side unknown: no bound
    return stored_at >= accepted_at - kMatchSkewSeconds;
}

}  // namespace

bool matches(const Entry& entry, const ConversationMessage& candidate) {
    if (candidate.id <= entry.sent_after_id || candidate.type_id != entry.type_id) return false;
    if (!candidate.same_text || candidate.media_id != entry.media_id) return false;
    return time_allows(entry.accepted_at, candidate.time);
}

void TextComparison::feed(std::string_view piece) {
    if (differs_ || status_ != hal::Status::kOk) return;
    if (piece.size() > expected_.size() - at_) {
        differs_ = true;
        return;
    }
    char chunk[kCompareChunk];
    while (!piece.empty()) {
        const size_t want = piece.size() < sizeof chunk ? piece.size() : sizeof chunk;
        const hal::Result<size_t> got = expected_.read(at_, hal::CharSpan(chunk, want));
        if (!got.ok() || got.value() == 0) {
            status_ = got.ok() ? hal::Status::kCorrupt : got.status();
            return;
        }
        const size_t n = got.value();
        if (std::string_view(chunk, n) != piece.substr(0, n)) {
            differs_ = true;
            return;
        }
        at_ += n;
        piece.remove_prefix(n);
    }
}

}  // namespace firmware::outbox
