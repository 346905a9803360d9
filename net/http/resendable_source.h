// A request body source that can start over, so a caller can send the same request once
// more (the Parley client does after the service refused its token: the refusal proves
// nothing was acted on).
#pragma once

#include "hal/status.h"
#include "net/http/body_stream.h"

namespace net::http {

class ResendableSource : public BodySource {
  public:
    // Back to the first byte; an error makes the resend impossible.
    virtual hal::Status rewind() = 0;

  protected:
    ~ResendableSource() = default;
};

}  // namespace net::http
