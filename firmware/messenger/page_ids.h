// PageIds: what a page of messages says about the new ones — the ids above a floor that
// the listener is to see, kept sorted ascending so they are delivered oldest first, and
// the highest id above the floor (the device's own messages included). One page at a
// time: RAM is kCapacity ids, whatever the burst (docs on incoming order: messenger.h).
#pragma once

#include <cstddef>
#include <cstdint>

#include "net/parley/parley_config.h"  // kMessagesPerPage

namespace firmware::messenger {

class PageIds {
  public:
    // docs/protocol.md §8: a page holds at most 50 messages.
    static constexpr size_t kCapacity = net::parley::kMessagesPerPage;

    // Starts a page: ids at or below `floor` are old. When more than `keep` new ids
    // arrive, `keep_newest` keeps the highest (history), otherwise the lowest (catch-up:
    // the others are fetched later); either way truncated() says so.
    void begin(uint64_t floor, size_t keep = kCapacity, bool keep_newest = false);
    // A message of the page; `for_listener`: not the device's own.
    void note(uint64_t id, bool for_listener);

    uint64_t floor() const { return floor_; }
    size_t size() const { return count_; }
    uint64_t at(size_t i) const { return ids_[i]; }
    // Any id above the floor, own messages included.
    bool any_new() const { return highest_ != 0; }
    // How far the device may move its last id seen once the kept ids are delivered: the
    // highest id above the floor (0 when none), or, when newer ids were dropped to keep
    // the lowest, just below the lowest dropped one, so nothing dropped is passed.
    uint64_t highest() const;
    bool truncated() const { return truncated_; }

  private:
    void insert(uint64_t id);

    uint64_t ids_[kCapacity] = {};
    size_t count_ = 0;
    size_t keep_ = kCapacity;
    uint64_t floor_ = 0;
    uint64_t highest_ = 0;
    uint64_t dropped_lowest_ = 0;  // keep lowest: the lowest id dropped (0: none)
    bool keep_newest_ = false;
    bool truncated_ = false;
};

}  // namespace firmware::messenger
