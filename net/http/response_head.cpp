#include "net/http/response_head.h"

namespace net::http {

hal::Result<int64_t> ResponseHead::retry_after_seconds(hal::Result<int64_t> now_wall) const {
    switch (retry_after_form) {
        case RetryAfterForm::kNone:
            return hal::Status::kUnavailable;
        case RetryAfterForm::kDelay:
            return retry_after;
        case RetryAfterForm::kDate:
            break;
    }
    if (!has_date && !now_wall.ok()) return hal::Status::kUnavailable;
    const int64_t now = has_date ? date : now_wall.value();
    return retry_after > now ? retry_after - now : 0;
}

}  // namespace net::http
