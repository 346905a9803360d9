// AppOptions: how the host apps (parley-ticket, parley-kiosk) are configured. Each
// setting comes from, in order of precedence: a command-line flag, an environment
// variable, a config file (`key = value` lines, `#` comments), a default. Secrets are
// never accepted on the command line (other users can read argv): credentials arrive
// through `provision` from stdin or a file. Host-only code: runs once at start-up, so it
// may use std::string.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace boards::host {

struct AppOptions {
    std::string server = "https://localhost:8443/communication/parley/secure-messenger";
    std::string token_url;          // default: the server's origin + the KPN token path
    std::string dialect = "kpn";    // "kpn" (gateway, OAuth) or "parley" (direct)
    std::string encoding = "json";  // "json" bodies, or "query" (KPN's published form)
    std::string ca_file;            // PEM bundle of trusted roots (required)
    std::string flash_file = "parley-flash.bin";
    std::string identity_file = "parley-identity.bin";
    std::string device_name;  // shown to agents (userAdditionalInformation.name)
    std::string api_version;  // KPN api-version header, empty = latest
    // The messenger's timing (seconds) and first-start history; empty = the defaults.
    std::string timeout_s;          // one network operation (default 30)
    std::string send_grace_s;       // wait before looking for an unanswered send (default 120)
    std::string history;            // messages shown on a first start (default 20, at most 50)
    std::string retry_base_ms;      // the first retry waits up to this many ms (default 1000)
    std::string receipts = "on";    // "on": read receipts and the unseen count where supported
    std::string idle_after_s;       // kiosk: idle screen after this many seconds (default 300)
    int verbose = 0;                // 0 warnings, 1 info, 2 debug
    std::vector<std::string> args;  // what is left: the command and its arguments

    // Attachments received are saved in download_dir; larger than download_limit_mib
    // (whole MiB, default 10, at most 16; empty = the default) they are not.
    std::string download_dir = "parley-downloads";
    std::string download_limit_mib;
};

struct ParseResult {
    bool ok = false;
    bool help = false;
    std::string error;  // for the user, when !ok
};

// Fills `options` from argv, the environment (through `getenv`, injectable for tests)
// and the config file named by --config or PARLEY_CONFIG.
using EnvLookup = const char* (*)(const char* name);
ParseResult parse_app_options(int argc, const char* const* argv, EnvLookup env,
                              AppOptions* options);

// The longest config file read: a dozen `key = value` lines are a few hundred bytes, so
// 64 KiB leaves room for any comments while a wrong path (a log, an image) is refused.
constexpr size_t kMaxConfigFileBytes = 64 * 1024;

// Applies config-file text (`key = value` lines, `#` comments) to `options`; `name`
// (the file's path) prefixes each message as "name:line: ...". Reads no file and keeps
// no state: the --config fuzz target calls it on arbitrary bytes. Refused: unknown keys
// (every key naming a secret among them), a NUL byte, text over kMaxConfigFileBytes.
ParseResult parse_config_text(std::string_view text, const std::string& name, AppOptions* options);

// Refuses a URL the client cannot use: the client speaks TLS only, so `http://` (and any
// other scheme) is refused with the reason; `what` names the option ("--server").
bool check_https_url(const std::string& url, const char* what, std::string* error);

// --download-limit as bytes: whole MiB from 1 to kMaxDownloadLimitMiB (the HTTP client's
// limit for a streamed body), 10 when empty; false with the reason in `error`.
constexpr unsigned long kDefaultDownloadLimitMiB = 10;
constexpr unsigned long kMaxDownloadLimitMiB = 16;
bool download_limit_bytes(const std::string& text, uint64_t* out, std::string* error);

// The text `--help` prints for the common options.
const char* common_options_help();

}  // namespace boards::host
