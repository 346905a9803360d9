// The seam between the API client and whoever owns the access token (the firmware's
// TokenKeeper on a device, a fake in tests): the KPN dialect asks for a token before
// each call and reports whether the gateway took it. net/ fetches no tokens itself.
#pragma once

#include <string_view>

#include "hal/result.h"
#include "hal/time.h"

namespace net::parley {

class AccessTokenProvider {
  public:
    // A token valid for the next call (renewed first when due). The view must stay
    // valid until the next call to this provider. Errors are passed on as the API call's
    // result: kBadCredentials, kRetryLater, transport kinds.
    virtual hal::Result<std::string_view> access_token(hal::Millis deadline) = 0;
    // The API refused the token (401, authentication_*): renew before the next call.
    virtual void token_refused() = 0;
    // The API answered without refusing the token.
    virtual void token_accepted() = 0;

  protected:
    ~AccessTokenProvider() = default;
};

}  // namespace net::parley
