// A request body source that can start over, so the client can send a request once
// more after the service refused its token (the refusal proves nothing was acted on).
#pragma once

#include "hal/status.h"
#include "net/http/body_stream.h"

namespace net::parley {

class ResendableSource : public http::BodySource {
  public:
    // Back to the first byte; an error makes the resend impossible.
    virtual hal::Status rewind() = 0;

  protected:
    ~ResendableSource() = default;
};

}  // namespace net::parley
