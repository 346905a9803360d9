#include "boards/host/app_options.h"

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "boards/host/bounded_file.h"
#include "net/url/url.h"

namespace boards::host {
namespace {

struct Setting {
    const char* flag;  // --flag VALUE
    const char* env;   // PARLEY_...
    const char* key;   // config file key
    std::string AppOptions::*field;
};

const Setting kSettings[] = {
    {"--server", "PARLEY_SERVER", "server", &AppOptions::server},
    {"--token-url", "PARLEY_TOKEN_URL", "token_url", &AppOptions::token_url},
    {"--dialect", "PARLEY_DIALECT", "dialect", &AppOptions::dialect},
    {"--encoding", "PARLEY_ENCODING", "encoding", &AppOptions::encoding},
    {"--ca", "PARLEY_CA", "ca", &AppOptions::ca_file},
    {"--flash", "PARLEY_FLASH", "flash", &AppOptions::flash_file},
    {"--identity", "PARLEY_IDENTITY", "identity", &AppOptions::identity_file},
    {"--device-name", "PARLEY_DEVICE_NAME", "device_name", &AppOptions::device_name},
    {"--api-version", "PARLEY_API_VERSION", "api_version", &AppOptions::api_version},
    {"--timeout", "PARLEY_TIMEOUT", "timeout", &AppOptions::timeout_s},
    {"--send-grace", "PARLEY_SEND_GRACE", "send_grace", &AppOptions::send_grace_s},
    {"--history", "PARLEY_HISTORY", "history", &AppOptions::history},
    {"--retry-base-ms", "PARLEY_RETRY_BASE_MS", "retry_base_ms", &AppOptions::retry_base_ms},
    {"--receipts", "PARLEY_RECEIPTS", "receipts", &AppOptions::receipts},
    {"--idle-after", "PARLEY_IDLE_AFTER", "idle_after", &AppOptions::idle_after_s},
    {"--download-dir", "PARLEY_DOWNLOAD_DIR", "download_dir", &AppOptions::download_dir},
    {"--download-limit", "PARLEY_DOWNLOAD_LIMIT", "download_limit",
     &AppOptions::download_limit_mib},
};

// Words that must never be given on the command line or in a config file. "auth" covers
// the registered user's string (--auth-string, authorization, auth_string).
const char* const kSecretWords[] = {"secret", "password", "token", "auth"};

const Setting* find_by_flag(const std::string& flag) {
    for (const Setting& s : kSettings) {
        if (flag == s.flag) return &s;
    }
    return nullptr;
}

const Setting* find_by_key(const std::string& key) {
    for (const Setting& s : kSettings) {
        if (key == s.key) return &s;
    }
    return nullptr;
}

// Where a refused secret goes instead: the user's string has its own provisioning.
std::string secret_pointer(const std::string& name) {
    return name.find("auth") != std::string::npos
               ? "the registered user's string is read by `provision --user` from stdin or a "
                 "file"
               : "secrets are read by `provision` from stdin or a file";
}

bool names_a_secret(const std::string& name) {
    for (const char* word : kSecretWords) {
        if (name.find(word) != std::string::npos && name != "token_url" && name != "--token-url") {
            return true;
        }
    }
    return false;
}

// What an unknown config key that names a secret is told: where the secret goes.
std::string config_secret_note(const std::string& key) {
    if (!names_a_secret(key)) return "";
    return key.find("auth") != std::string::npos
               ? " (the registered user's string goes through `provision --user`)"
               : " (secrets go through `provision`)";
}

std::string trim(const std::string& s) {
    const size_t b = s.find_first_not_of(" \t\r");
    if (b == std::string::npos) return "";
    const size_t e = s.find_last_not_of(" \t\r");
    return s.substr(b, e - b + 1);
}

bool apply_config_line(const std::string& raw, size_t line_no, const std::string& name,
                       AppOptions* options, ParseResult* result) {
    const std::string line = trim(raw);
    if (line.empty() || line[0] == '#') return true;
    const size_t eq = line.find('=');
    const std::string key = trim(line.substr(0, eq));
    const Setting* s = eq == std::string::npos ? nullptr : find_by_key(key);
    if (s == nullptr) {
        result->error = name + ":" + std::to_string(line_no) + ": unknown setting '" + key + "'" +
                        config_secret_note(key);
        return false;
    }
    options->*(s->field) = trim(line.substr(eq + 1));
    return true;
}

bool read_config_file(const std::string& path, AppOptions* options, ParseResult* result) {
    std::string text;
    std::string error;
    if (!read_bounded_file(path, kMaxConfigFileBytes, &text, &error)) {
        result->error = "cannot use the config file: " + error;
        return false;
    }
    *result = parse_config_text(text, path, options);
    return result->ok;
}

void apply_environment(EnvLookup env, AppOptions* options) {
    for (const Setting& s : kSettings) {
        const char* value = env(s.env);
        if (value != nullptr && value[0] != '\0') options->*(s.field) = value;
    }
    const char* verbose = env("PARLEY_VERBOSE");
    if (verbose != nullptr) options->verbose = std::atoi(verbose);
}

// The config file applies first so that environment and flags override it.
std::string config_path(int argc, const char* const* argv, EnvLookup env) {
    for (int i = 1; i + 1 < argc; ++i) {
        if (std::strcmp(argv[i], "--config") == 0) return argv[i + 1];
    }
    const char* from_env = env("PARLEY_CONFIG");
    return from_env != nullptr ? from_env : "";
}

bool apply_flag(int argc, const char* const* argv, int* i, AppOptions* options,
                ParseResult* result) {
    const std::string flag = argv[*i];
    if (flag == "--config") {
        ++*i;
        return true;
    }
    if (flag == "-v" || flag == "--verbose") {
        ++options->verbose;
        return true;
    }
    const Setting* s = find_by_flag(flag);
    if (s == nullptr) {
        result->error =
            "unknown option " + flag +
            (names_a_secret(flag) ? " (" + secret_pointer(flag) + ", never from the command line)"
                                  : "");
        return false;
    }
    if (*i + 1 >= argc) {
        result->error = "option " + flag + " needs a value";
        return false;
    }
    options->*(s->field) = argv[++*i];
    return true;
}

bool is_common_flag(const std::string& arg) {
    return arg == "--config" || arg == "-v" || arg == "--verbose" || find_by_flag(arg) != nullptr;
}

bool check_values(const AppOptions& options, ParseResult* result) {
    if (!check_https_url(options.server, "--server", &result->error)) return false;
    if (!options.token_url.empty() &&
        !check_https_url(options.token_url, "--token-url", &result->error)) {
        return false;
    }
    if (options.dialect != "kpn" && options.dialect != "parley") {
        result->error = "--dialect must be 'kpn' or 'parley', not '" + options.dialect + "'";
        return false;
    }
    if (options.encoding != "json" && options.encoding != "query") {
        result->error = "--encoding must be 'json' or 'query', not '" + options.encoding + "'";
        return false;
    }
    return true;
}

}  // namespace

ParseResult parse_config_text(std::string_view text, const std::string& name, AppOptions* options) {
    ParseResult result;
    if (text.size() > kMaxConfigFileBytes) {
        result.error = name + ": " + describe_size(text.size()) + ", over the limit of " +
                       describe_size(kMaxConfigFileBytes);
        return result;
    }
    if (text.find('\0') != std::string_view::npos) {
        result.error = name + ": holds a NUL byte (not a text file)";
        return result;
    }
    size_t line_no = 1;
    for (size_t start = 0; start <= text.size(); ++line_no) {
        const size_t end = std::min(text.find('\n', start), text.size());
        const std::string line(text.substr(start, end - start));
        if (!apply_config_line(line, line_no, name, options, &result)) return result;
        start = end + 1;
    }
    result.ok = true;
    return result;
}

bool check_https_url(const std::string& url, const char* what, std::string* error) {
    const hal::Result<net::url::Url> parsed = net::url::parse_url(url);
    if (parsed.ok() && parsed.value().secure) return true;
    const std::string_view scheme =
        parsed.ok() ? parsed.value().scheme : std::string_view(url).substr(0, url.find("://"));
    if (parsed.ok() || parsed.status() == hal::Status::kUnsupported) {
        *error = std::string(what) + " '" + url +
                 "': the client speaks TLS only: use https:// (not " + std::string(scheme) + "://)";
    } else {
        *error = std::string(what) + " '" + url + "' is not a valid https:// URL (" +
                 hal::to_string(parsed.status()) + ")";
    }
    return false;
}

ParseResult parse_app_options(int argc, const char* const* argv, EnvLookup env,
                              AppOptions* options) {
    ParseResult result;
    // A flag naming a secret is refused wherever it stands, after the command too (where
    // it would otherwise pass to the command): the secret is in argv, readable by others.
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg.rfind("--", 0) == 0 && names_a_secret(arg)) {
            result.error = "option " + arg + " names a secret: " + secret_pointer(arg) +
                           ", never from the command line";
            return result;
        }
    }
    const std::string config = config_path(argc, argv, env);
    if (!config.empty() && !read_config_file(config, options, &result)) return result;
    apply_environment(env, options);
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "-h" || arg == "--help") {
            result.help = true;
        } else if (is_common_flag(arg) || (arg.rfind("-", 0) == 0 && options->args.empty())) {
            if (!apply_flag(argc, argv, &i, options, &result)) return result;
        } else {
            options->args.push_back(arg);  // the command, its arguments and its own flags
        }
    }
    result.ok = check_values(*options, &result);
    return result;
}

const char* common_options_help() {
    return "Common options (flag, environment variable, config-file key):\n"
           "  --server URL        PARLEY_SERVER       server       API base URL\n"
           "  --dialect kpn|parley PARLEY_DIALECT     dialect      KPN gateway (OAuth) or "
           "Parley direct\n"
           "  --token-url URL     PARLEY_TOKEN_URL    token_url    KPN token endpoint "
           "(default: server origin\n"
           "                                                       + "
           "/oauth/client_credential/accesstoken)\n"
           "  --encoding json|query PARLEY_ENCODING   encoding     request bodies (default "
           "json)\n"
           "  --ca FILE           PARLEY_CA           ca           trusted root "
           "certificates (PEM)\n"
           "  --flash FILE        PARLEY_FLASH        flash        the device's flash image "
           "(token, outbox)\n"
           "  --identity FILE     PARLEY_IDENTITY     identity     device identity file "
           "(created once)\n"
           "  --device-name NAME  PARLEY_DEVICE_NAME  device_name  name shown to agents\n"
           "  --api-version V     PARLEY_API_VERSION  api_version  KPN api-version header\n"
           "  --timeout S         PARLEY_TIMEOUT      timeout      seconds for one network "
           "operation (30)\n"
           "  --send-grace S      PARLEY_SEND_GRACE   send_grace   seconds an unanswered send "
           "waits before\n"
           "                                                       it is looked for (120)\n"
           "  --history N         PARLEY_HISTORY      history      messages shown on a first "
           "start (20, max 50)\n"
           "  --retry-base-ms MS  PARLEY_RETRY_BASE_MS retry_base_ms first retry waits up to "
           "MS (1000)\n"
           "  --receipts on|off   PARLEY_RECEIPTS     receipts     read receipts and the "
           "service's unread\n"
           "                                                       count, where the API "
           "version has them (on)\n"
           "  --idle-after S      PARLEY_IDLE_AFTER   idle_after   kiosk: seconds without a "
           "key before the\n"
           "                                                       screen counts as idle "
           "(300; 0 never)\n"
           "  --download-dir DIR  PARLEY_DOWNLOAD_DIR download_dir attachments received are "
           "saved here\n"
           "                                                       (parley-downloads, created "
           "if missing)\n"
           "  --download-limit MIB PARLEY_DOWNLOAD_LIMIT download_limit larger attachments are "
           "not saved\n"
           "                                                       (10, 1 to 16)\n"
           "  --config FILE       PARLEY_CONFIG                    read settings from FILE "
           "(key = value)\n"
           "  -v, --verbose       PARLEY_VERBOSE                   more log output "
           "(repeatable)\n"
           "  -h, --help                                           print this help and exit\n"
           "Secrets (client id and secret, account secret) are stored with `provision`, "
           "which reads\nthem from stdin or --from FILE, never from the command line; the "
           "registered user's\nstring likewise with `provision --user`.\n";
}

bool download_limit_bytes(const std::string& text, uint64_t* out, std::string* error) {
    unsigned long mib = kDefaultDownloadLimitMiB;
    if (!text.empty()) {
        char* end = nullptr;
        errno = 0;
        mib = std::strtoul(text.c_str(), &end, 10);
        const bool whole = end != text.c_str() && *end == '\0' && errno == 0 &&
                           text.find('-') == std::string::npos;
        if (!whole || mib < 1 || mib > kMaxDownloadLimitMiB) {
            *error = "--download-limit must be a whole number of MiB from 1 to " +
                     std::to_string(kMaxDownloadLimitMiB) + " (got '" + text + "')";
            return false;
        }
    }
    constexpr uint64_t kMiB = 1024 * 1024;
    *out = mib * kMiB;
    return true;
}

}  // namespace boards::host
