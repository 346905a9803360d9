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
    if (differs_) return;
    differs_ =
        piece.size() > expected_.size() - at_ || expected_.substr(at_, piece.size()) != piece;
    at_ += piece.size();
}

}  // namespace firmware::outbox
