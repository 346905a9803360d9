// EntryText: an outbox entry's text read in pieces (net::text::TextReader), wherever the
// entry's read left it: on flash, when the entry was read with a buffer for its media id
// and description only (the device's way: no RAM for a 6 000-byte text), or in the
// caller's buffer when the whole payload was read. The entry's CRC was checked over the
// whole payload when it was read; a flipped bit it corrected inside the text is applied
// to every read that covers it. Valid while the entry (which it refers to) lives and the
// outbox keeps it on flash (until its sector is reclaimed: never while unconfirmed).
#pragma once

#include <cstddef>

#include "firmware/outbox/outbox_types.h"
#include "hal/result.h"
#include "hal/span.h"
#include "net/text/text_reader.h"

namespace firmware::outbox {

class EntryText final : public net::text::TextReader {
  public:
    // `entry` must outlive the reader.
    explicit EntryText(const Entry& entry) : entry_(entry) {}

    size_t size() const override;
    hal::Result<size_t> read(size_t offset, hal::CharSpan out) const override;

  private:
    const Entry& entry_;
};

}  // namespace firmware::outbox
