// Receipts: the read receipts the messenger owes the service (docs/protocol.md §6.8):
// each delivered message is marked delivered (status 3), or read (4) once the app says
// it showed it. Two batches of up to net::parley::kMaxStatusIds ids each, in storage the
// composition root lends (kReceiptStorageIds ids, 800 bytes: a board that sends no
// receipts lends none and pays nothing), sent after a poll as one PUT
// messages/status/4 and one PUT messages/status/3 at most.
// An id shown before its delivered mark went out travels as read only. Ids beyond a
// full batch are dropped and counted (they stay "received" on the service). Nothing is
// kept in flash: a power cut loses at most the marks of one poll (docs/design.md).
#pragma once

#include <cstddef>
#include <cstdint>

#include "hal/span.h"
#include "net/parley/message.h"
#include "net/parley/parley_config.h"

namespace firmware::messenger {

// The ids a composition root lends for receipts: one full status update per status.
constexpr size_t kReceiptStorageIds = 2 * net::parley::kMaxStatusIds;

// One batch of ids for one status: unique, in the order noted, in lent storage.
class ReceiptBatch {
  public:
    ReceiptBatch() = default;
    explicit ReceiptBatch(hal::Span<uint64_t> storage) : ids_(storage) {}

    // False when the batch is full (the id is not kept); true when kept or already there.
    bool add(uint64_t id);
    // True when the id was there (it is gone now).
    bool remove(uint64_t id);
    bool contains(uint64_t id) const;
    void clear() { count_ = 0; }
    size_t size() const { return count_; }
    hal::Span<const uint64_t> ids() const { return hal::Span<const uint64_t>(ids_.data(), count_); }

  private:
    hal::Span<uint64_t> ids_;
    size_t count_ = 0;
};

class Receipts {
  public:
    // Off (enabled() false) until given storage of at least two ids.
    Receipts() : enabled_(false) {}
    // Half of `storage` for each status, at most kMaxStatusIds ids each.
    explicit Receipts(hal::Span<uint64_t> storage);

    // A message reached the listener: delivered (3) unless shown before the mark goes out.
    void on_delivered(uint64_t id);
    // The app showed the message to its user: read (4).
    void on_shown(uint64_t id);

    // The batch to send next of those still owed this round (read first), or nullptr.
    // A round is one poll: start_round() owes each non-empty batch once.
    void start_round();
    ReceiptBatch* next_owed();
    bool owed() const {
        return (read_owed_ && read_.size() > 0) || (delivered_owed_ && delivered_.size() > 0);
    }
    net::parley::DeliveryStatus status_of(const ReceiptBatch& batch) const;
    // The batch went out: emptied, no longer owed this round.
    void sent(ReceiptBatch& batch);
    // The batch failed for now: kept for the next round.
    void postpone(ReceiptBatch& batch);
    // The service refused receipts: everything dropped, nothing kept from now on.
    void disable();
    bool enabled() const { return enabled_; }
    // Ids dropped because their batch was full.
    uint32_t dropped() const { return dropped_; }

  private:
    void keep(ReceiptBatch& batch, uint64_t id);

    ReceiptBatch read_;
    ReceiptBatch delivered_;
    bool read_owed_ = false;
    bool delivered_owed_ = false;
    bool enabled_ = true;  // storage given, and the service has not refused receipts
    uint32_t dropped_ = 0;
};

}  // namespace firmware::messenger
