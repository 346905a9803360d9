#include "firmware/messenger/page_ids.h"

namespace firmware::messenger {

void PageIds::begin(uint64_t floor, size_t keep, bool keep_newest) {
    count_ = 0;
    keep_ = keep < kCapacity ? keep : kCapacity;
    floor_ = floor;
    highest_ = 0;
    dropped_lowest_ = 0;
    keep_newest_ = keep_newest;
    truncated_ = false;
}

void PageIds::note(uint64_t id, bool for_listener) {
    if (id <= floor_) return;
    if (id > highest_) highest_ = id;
    if (for_listener) insert(id);
}

uint64_t PageIds::highest() const {
    // Keeping the lowest, every listener id below the lowest one dropped is kept.
    if (dropped_lowest_ != 0) return dropped_lowest_ - 1;
    return highest_;
}

// Sorted insertion, duplicates ignored (a page that repeats a message).
void PageIds::insert(uint64_t id) {
    size_t at = count_;
    while (at > 0 && ids_[at - 1] > id)
        --at;
    if (at > 0 && ids_[at - 1] == id) return;
    if (keep_ == 0) return;
    if (count_ == keep_) {
        truncated_ = true;
        if (keep_newest_) {
            if (at == 0) return;  // older than everything kept
            for (size_t i = 1; i < at; ++i)
                ids_[i - 1] = ids_[i];
            ids_[at - 1] = id;
            return;
        }
        const uint64_t dropped = at == count_ ? id : ids_[count_ - 1];
        if (dropped_lowest_ == 0 || dropped < dropped_lowest_) dropped_lowest_ = dropped;
        if (at == count_) return;
        --count_;
    }
    for (size_t i = count_; i > at; --i)
        ids_[i] = ids_[i - 1];
    ids_[at] = id;
    ++count_;
}

}  // namespace firmware::messenger
