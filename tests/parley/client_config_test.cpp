// has_status_endpoints: which configured API versions have Parley v1.9's status and
// unseen-count endpoints (docs/protocol.md §6.8).
#include "net/parley/client_config.h"

#include <CppUTest/TestHarness.h>

namespace {

net::parley::ClientConfig parley_direct(const char* base_path) {
    net::parley::ClientConfig c;
    c.dialect = net::parley::Dialect::kParleyDirect;
    c.base_path = base_path;
    return c;
}

net::parley::ClientConfig kpn(const char* api_version) {
    net::parley::ClientConfig c;
    c.base_path = "/communication/parley/secure-messenger";
    c.api_version = api_version;
    return c;
}

}  // namespace

TEST_GROUP(StatusEndpoints){};

TEST(StatusEndpoints, ParleyDirectHasThemFromV19InTheBasePath) {
    CHECK_TRUE(net::parley::has_status_endpoints(parley_direct("/clientApi/v1.9")));
    CHECK_TRUE(net::parley::has_status_endpoints(parley_direct("/clientApi/v1.10")));
    CHECK_TRUE(net::parley::has_status_endpoints(parley_direct("/clientApi/v2.0")));
    CHECK_FALSE(net::parley::has_status_endpoints(parley_direct("/clientApi/v1.8")));
    CHECK_FALSE(net::parley::has_status_endpoints(parley_direct("/clientApi/v1.6")));
    CHECK_FALSE(net::parley::has_status_endpoints(parley_direct("/clientApi/v0.99")));
}

TEST(StatusEndpoints, AnUnreadableVersionCountsAsHavingThem) {
    CHECK_TRUE(net::parley::has_status_endpoints(parley_direct("")));
    CHECK_TRUE(net::parley::has_status_endpoints(parley_direct("/api")));
    CHECK_TRUE(net::parley::has_status_endpoints(parley_direct("/clientApi/v1.")));
    CHECK_TRUE(net::parley::has_status_endpoints(kpn("2024-01")));
}

TEST(StatusEndpoints, KpnHasThemAtTheLatestOrFromApiVersion19) {
    CHECK_TRUE(net::parley::has_status_endpoints(kpn("")));
    CHECK_TRUE(net::parley::has_status_endpoints(kpn("1.9")));
    CHECK_TRUE(net::parley::has_status_endpoints(kpn("v1.12")));
    CHECK_FALSE(net::parley::has_status_endpoints(kpn("1.8")));
    CHECK_FALSE(net::parley::has_status_endpoints(kpn("V1.2")));
}
