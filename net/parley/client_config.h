// ClientConfig: which dialect the client speaks, where, and as whom (docs/protocol.md
// §1, §3). Views into caller memory that must outlive the client. Secrets (the account
// secret, the auth string) only ever go into request headers, never into the log.
// A test points the client at the simulator with the same fields: base_path
// "/communication/parley/secure-messenger" (KPN) or "/clientApi/v1.9" (Parley direct)
// on an HttpClient whose origin is https://localhost:PORT.
#pragma once

#include <string_view>

#include "hal/status.h"
#include "net/parley/dialect.h"

namespace net::parley {

struct ClientConfig {
    Dialect dialect = Dialect::kKpnGateway;
    RequestEncoding encoding = RequestEncoding::kJsonBody;
    // The base URL's path (net::url::Url::base_path): "" or "/a/b", no trailing slash.
    std::string_view base_path;
    // Unique per device, generated once and kept (check_device_id).
    std::string_view device_id;
    // Parley direct: the account secret of x-iris-identification (required there).
    std::string_view account_secret;
    // Optional registered-user string: KPN "authString", Parley direct "Authorization".
    std::string_view auth_string;
    // Optional, KPN only: the "api-version" header (latest when empty).
    std::string_view api_version;
};

// kInvalidArgument when the configuration cannot make a valid request: a bad device
// id, header values with controls, a base path that is no request-target prefix
// (http::check_path_prefix), a Parley-direct config without an account secret
// (or with a ':' in it), a KPN config without a token provider.
hal::Status check_config(const ClientConfig& config, bool has_token_provider);

// Whether the configured API version has Parley v1.9's PUT messages/status and GET
// messages/unseen/count (docs/protocol.md §6.8). Parley direct: the base path's last
// "/vMAJOR.MINOR" segment is 1.9 or later. KPN: the api-version header is empty (the
// gateway's latest) or names 1.9 or later ("1.9", "v1.10"). A version that cannot be
// read counts as having them: a service that refuses them is tolerated anyway.
bool has_status_endpoints(const ClientConfig& config);

}  // namespace net::parley
