// KeeperTokenProvider: lets the API client (net/parley) get its bearer token from the
// firmware's TokenKeeper and report refusals back, without net/ knowing the firmware.
#pragma once

#include "firmware/token/token_keeper.h"
#include "net/parley/access_token_provider.h"

namespace firmware::token {

class KeeperTokenProvider final : public net::parley::AccessTokenProvider {
  public:
    explicit KeeperTokenProvider(TokenKeeper& keeper) : keeper_(keeper) {}
    hal::Result<std::string_view> access_token(hal::Millis deadline) override {
        return keeper_.token(deadline);
    }
    void token_refused() override { keeper_.refused(); }
    void token_accepted() override { keeper_.accepted(); }

  private:
    TokenKeeper& keeper_;
};

}  // namespace firmware::token
