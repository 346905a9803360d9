#include "firmware/messenger/receipts.h"

namespace firmware::messenger {

bool ReceiptBatch::add(uint64_t id) {
    if (contains(id)) return true;
    if (count_ == ids_.size()) return false;
    ids_[count_++] = id;
    return true;
}

bool ReceiptBatch::remove(uint64_t id) {
    for (size_t i = 0; i < count_; ++i) {
        if (ids_[i] != id) continue;
        for (size_t j = i + 1; j < count_; ++j)
            ids_[j - 1] = ids_[j];
        --count_;
        return true;
    }
    return false;
}

bool ReceiptBatch::contains(uint64_t id) const {
    for (size_t i = 0; i < count_; ++i) {
        if (ids_[i] == id) return true;
    }
    return false;
}

namespace {

hal::Span<uint64_t> half(hal::Span<uint64_t> storage, size_t which) {
    size_t each = storage.size() / 2;
    if (each > net::parley::kMaxStatusIds) each = net::parley::kMaxStatusIds;
    return storage.subspan(which * each, each);
}

}  // namespace

Receipts::Receipts(hal::Span<uint64_t> storage)
    : read_(half(storage, 0)), delivered_(half(storage, 1)), enabled_(storage.size() >= 2) {}

void Receipts::on_delivered(uint64_t id) {
    if (enabled_ && !read_.contains(id)) keep(delivered_, id);
}

void Receipts::on_shown(uint64_t id) {
    if (!enabled_) return;
    (void)delivered_.remove(id);  // read implies delivered: one mark is enough
    keep(read_, id);
}

void Receipts::keep(ReceiptBatch& batch, uint64_t id) {
    if (!batch.add(id)) ++dropped_;
}

void Receipts::start_round() {
    read_owed_ = read_.size() > 0;
    delivered_owed_ = delivered_.size() > 0;
}

ReceiptBatch* Receipts::next_owed() {
    if (read_owed_ && read_.size() > 0) return &read_;
    if (delivered_owed_ && delivered_.size() > 0) return &delivered_;
    return nullptr;
}

net::parley::DeliveryStatus Receipts::status_of(const ReceiptBatch& batch) const {
    return &batch == &read_ ? net::parley::DeliveryStatus::kRead
                            : net::parley::DeliveryStatus::kDelivered;
}

void Receipts::sent(ReceiptBatch& batch) {
    batch.clear();
    postpone(batch);
}

void Receipts::postpone(ReceiptBatch& batch) {
    if (&batch == &read_) {
        read_owed_ = false;
    } else {
        delivered_owed_ = false;
    }
}

void Receipts::disable() {
    enabled_ = false;
    read_.clear();
    delivered_.clear();
    read_owed_ = false;
    delivered_owed_ = false;
}

}  // namespace firmware::messenger
