#include "boards/common/mps2/wall_time.h"

#include "boards/common/mps2/semihosting.h"
#include "hal/status.h"

namespace boards::mps2_an386 {
namespace {

constexpr int64_t kMillisPerSecond = 1000;

}  // namespace

hal::Result<int64_t> WallTime::seconds(hal::Millis now) const {
    if (known_) return at_set_ + static_cast<int64_t>(now - monotonic_at_set_) / kMillisPerSecond;
    if (source_ == WallSource::kHostTime)
        return static_cast<int64_t>(semihost::host_time_seconds());
    return hal::Status::kUnavailable;
}

void WallTime::set(int64_t seconds, hal::Millis now) {
    at_set_ = seconds;
    monotonic_at_set_ = now;
    known_ = true;
}

}  // namespace boards::mps2_an386
