// EntryText: an outbox entry's text where it is kept, read in pieces (net::text::
// TextReader): on flash, when the entry was read with a buffer for its media id and
// description only (the device's way: no RAM for a 6 000-byte text), or in RAM when the
// whole payload was read. The entry's CRC was checked over the whole payload when it was
// read; a flipped bit it corrected inside the text is applied to every read that covers it.
// Valid while the outbox keeps the entry (until its sector is reclaimed: not while it is
// unconfirmed). No heap.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "firmware/outbox/log_layout.h"
#include "hal/flash.h"
#include "hal/result.h"
#include "hal/span.h"
#include "net/text/text_reader.h"

namespace firmware::outbox {

class EntryText final : public net::text::TextReader {
  public:
    static constexpr uint32_t kNoFix = UINT32_MAX;

    EntryText() = default;
    // A text in RAM.
    explicit EntryText(std::string_view text)
        : size_(static_cast<uint32_t>(text.size())), ram_(text) {}
    // `size` bytes of the log from `at`, with the bit `fix_mask` of byte `fix_at` (from
    // `at`; kNoFix: none) flipped back.
    EntryText(hal::Flash& flash, const LogLayout& layout, LogPosition at, uint32_t size,
              uint32_t fix_at, uint8_t fix_mask)
        : flash_(&flash),
          layout_(layout),
          at_(at),
          size_(size),
          fix_at_(fix_at),
          fix_mask_(fix_mask) {}

    size_t size() const override { return size_; }
    hal::Result<size_t> read(size_t offset, hal::CharSpan out) const override;
    // The text is read from flash (not from a buffer).
    bool on_flash() const { return flash_ != nullptr; }

  private:
    hal::Flash* flash_ = nullptr;
    LogLayout layout_;
    LogPosition at_;
    uint32_t size_ = 0;
    uint32_t fix_at_ = kNoFix;
    uint8_t fix_mask_ = 0;
    std::string_view ram_;
};

}  // namespace firmware::outbox
