// Helpers for the outbox suites: recognisable message texts, and a visitor that keeps
// what each entry said (sequence, state, ids, a CRC of the text) for later checks.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "firmware/outbox/outbox.h"
#include "firmware/outbox/outbox_config.h"
#include "hal/crc32.h"

namespace outbox_test {

using firmware::outbox::Entry;
using firmware::outbox::EntryState;
using firmware::outbox::kMaxPayloadBytes;
using firmware::outbox::kMaxTextBytes;
using firmware::outbox::OutgoingMessage;

// A text of `size` printable bytes derived from `tag`, in caller storage.
class Text {
  public:
    Text(uint32_t tag, size_t size) : size_(size) {
        for (size_t i = 0; i < size; ++i)
            bytes_[i] = static_cast<char>('a' + (tag * 7 + i * 13 + i / 26) % 26);
    }
    std::string_view view() const { return std::string_view(bytes_, size_); }

  private:
    char bytes_[kMaxTextBytes + 1];
    size_t size_;
};

inline OutgoingMessage message(const Text& text, int64_t accepted_at = 1700000000) {
    OutgoingMessage m;
    m.text = text.view();
    m.accepted_at = accepted_at;
    return m;
}

inline uint32_t text_crc(std::string_view text) {
    return hal::crc32(hal::as_bytes(text));
}

struct Seen {
    uint32_t sequence;
    EntryState state;
    uint8_t type_id;
    int64_t accepted_at;
    uint64_t sent_after_id;
    uint64_t server_id;
    size_t text_size;
    uint32_t text_crc;
};

// Records up to kCapacity entries in visiting order; `overflow` when there were more.
class Collector final : public firmware::outbox::EntryVisitor {
  public:
    static constexpr size_t kCapacity = 64;

    bool visit(const Entry& e) override {
        if (count == kCapacity) {
            overflow = true;
            return false;
        }
        seen[count++] = Seen{e.sequence,      e.state,     e.type_id,     e.accepted_at,
                             e.sent_after_id, e.server_id, e.text.size(), text_crc(e.text)};
        return true;
    }

    // The entry with `sequence`, or nullptr; `copies` counts how many there are.
    const Seen* find(uint32_t sequence, size_t* copies = nullptr) const {
        const Seen* found = nullptr;
        size_t n = 0;
        for (size_t i = 0; i < count; ++i) {
            if (seen[i].sequence != sequence) continue;
            found = &seen[i];
            ++n;
        }
        if (copies != nullptr) *copies = n;
        return found;
    }

    Seen seen[kCapacity] = {};
    size_t count = 0;
    bool overflow = false;
};

}  // namespace outbox_test
