// Fuzzes the host apps' --config parser (boards::host::parse_config_text) on arbitrary bytes,
// and the same bytes as a command line (one argument per line, through
// boards::host::parse_app_options; "--config" is left out so that no file is read).
// Oracle: no crash or hang; either every setting is applied with a value no longer than
// the input, or the parse fails with a message of bounded length; a config line whose
// key names a secret (secret, password, token other than token_url) and a "--" flag
// naming one, anywhere on the command line, are always refused.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "boards/host/app_options.h"

namespace {

std::string_view trim(std::string_view s) {
    const size_t b = s.find_first_not_of(" \t\r");
    if (b == std::string_view::npos) return {};
    return s.substr(b, s.find_last_not_of(" \t\r") - b + 1);
}

bool names_a_secret(std::string_view key) {
    const auto has = [key](const char* word) { return key.find(word) != std::string_view::npos; };
    return has("secret") || has("password") || (has("token") && key != "token_url");
}

// Independently of the parser: does any setting line name a secret?
bool has_secret_line(std::string_view text) {
    for (size_t start = 0; start <= text.size();) {
        size_t end = text.find('\n', start);
        if (end == std::string_view::npos) end = text.size();
        const std::string_view line = trim(text.substr(start, end - start));
        start = end + 1;
        if (line.empty() || line[0] == '#') continue;
        const size_t eq = line.find('=');
        if (names_a_secret(trim(line.substr(0, eq)))) return true;
    }
    return false;
}

const char* no_environment(const char*) {
    return nullptr;
}

void check_command_line(std::string_view text) {
    std::vector<std::string> args{"parley-ticket"};
    bool secret_flag = false;
    for (size_t start = 0; start <= text.size();) {
        size_t end = text.find('\n', start);
        if (end == std::string_view::npos) end = text.size();
        // argv holds C strings: an argument ends at its first NUL byte.
        std::string arg(text.substr(start, end - start));
        arg.resize(std::min(arg.size(), arg.find('\0')));
        start = end + 1;
        if (arg == "--config") continue;  // it would read a file
        if (arg.rfind("--", 0) == 0 && names_a_secret(arg) && arg != "--token-url") {
            secret_flag = true;
        }
        args.push_back(arg);
    }
    std::vector<const char*> argv;
    for (const std::string& arg : args)
        argv.push_back(arg.c_str());
    boards::host::AppOptions options;
    const boards::host::ParseResult result = boards::host::parse_app_options(
        static_cast<int>(argv.size()), argv.data(), &no_environment, &options);
    if (result.ok && secret_flag) std::abort();
    if (!result.ok && !result.help && result.error.empty()) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    check_command_line(text);
    boards::host::AppOptions options;
    const boards::host::ParseResult result =
        boards::host::parse_config_text(text, "fuzz.conf", &options);
    if (result.ok) {
        if (!result.error.empty() || has_secret_line(text)) std::abort();
        if (size > boards::host::kMaxConfigFileBytes || text.find('\0') != std::string_view::npos) {
            std::abort();
        }
        const boards::host::AppOptions defaults;
        for (const std::string* field :
             {&options.server, &options.token_url, &options.dialect, &options.encoding,
              &options.ca_file, &options.flash_file, &options.identity_file, &options.device_name,
              &options.api_version, &options.timeout_s, &options.send_grace_s, &options.history,
              &options.retry_base_ms}) {
            if (field->size() > size && field->size() > defaults.server.size()) std::abort();
            if (field->find('\n') != std::string::npos) std::abort();
        }
        if (!options.args.empty() || options.verbose != 0) std::abort();
    } else {
        // The message names the file, the line and at most the key: never more than
        // the input and a sentence.
        if (result.error.empty() || result.error.size() > size + 200) std::abort();
    }
    return 0;
}
