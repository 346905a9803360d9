// FixedText<N>: up to N bytes of text stored inline, for settings read back from flash
// into caller-owned objects. Text that does not fit is refused (kTooLarge), never cut.
// Some of it is secret, so it can be wiped in a way the compiler cannot optimise away.
#pragma once

#include <cstddef>
#include <cstring>
#include <string_view>

#include "hal/secure_wipe.h"
#include "hal/status.h"

namespace firmware::settings {

template <size_t Capacity>
class FixedText {
  public:
    static constexpr size_t kCapacity = Capacity;

    FixedText() = default;
    ~FixedText() { wipe(); }
    FixedText(const FixedText&) = default;
    FixedText& operator=(const FixedText&) = default;

    hal::Status assign(std::string_view text) {
        if (text.size() > Capacity) return hal::Status::kTooLarge;
        wipe();
        if (!text.empty()) std::memcpy(bytes_, text.data(), text.size());
        size_ = text.size();
        return hal::Status::kOk;
    }

    std::string_view view() const { return std::string_view(bytes_, size_); }
    size_t size() const { return size_; }
    bool empty() const { return size_ == 0; }

    void wipe() {
        hal::secure_wipe(bytes_, sizeof bytes_);
        size_ = 0;
    }

  private:
    char bytes_[Capacity] = {};
    size_t size_ = 0;
};

}  // namespace firmware::settings
