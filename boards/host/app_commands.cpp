#include "boards/host/app_commands.h"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "boards/host/bounded_file.h"
#include "boards/host/credentials_input.h"
#include "net/text/utf8.h"

namespace boards::host {

const char* environment(const char* name) {
    return std::getenv(name);
}

int report_failure(const char* program, const std::string& message) {
    std::fprintf(stderr, "%s: %s\n", program, message.c_str());
    return kExitFailed;
}

namespace {

// What `provision` was asked to do (its arguments after the command).
struct ProvisionRequest {
    enum class What : uint8_t { kCredentials, kUser, kAnonymous } what = What::kCredentials;
    std::string from;  // --from FILE; empty: stdin
};

constexpr const char* kProvisionUsage =
    "usage: provision [--from FILE] | provision --user [--from FILE] | provision --anonymous "
    "(secrets are never taken from argv)";

bool parse_provision_args(const std::vector<std::string>& args, ProvisionRequest* request) {
    bool user = false;
    bool anonymous = false;
    for (size_t i = 1; i < args.size(); ++i) {
        if (args[i] == "--user" && !user) {
            user = true;
        } else if (args[i] == "--anonymous" && !anonymous) {
            anonymous = true;
        } else if (args[i] == "--from" && i + 1 < args.size() && request->from.empty()) {
            request->from = args[++i];
        } else {
            return false;
        }
    }
    if (user && anonymous) return false;
    if (anonymous && !request->from.empty()) return false;  // nothing is read
    if (user) request->what = ProvisionRequest::What::kUser;
    if (anonymous) request->what = ProvisionRequest::What::kAnonymous;
    return true;
}

bool read_provision_input(const ProvisionRequest& request, std::string* text, std::string* error) {
    return request.from.empty()
               ? read_bounded_stream(STDIN_FILENO, "stdin", kMaxCredentialsInputBytes, text, error)
               : read_bounded_file(request.from, kMaxCredentialsInputBytes, text, error);
}

int provision_credentials(const char* program, HostDevice& device, std::string& text) {
    CredentialsInput credentials;
    std::string error;
    const bool parsed =
        parse_credentials(text, device.options().dialect == "parley", &credentials, &error);
    explicit_bzero(text.data(), text.size());
    if (!parsed) return report_failure(program, error);
    const hal::Status status = device.provision(credentials.client_id, credentials.client_secret);
    explicit_bzero(credentials.client_secret.data(), credentials.client_secret.size());
    if (status != hal::Status::kOk) {
        return report_failure(program, "could not store the credentials (" + explain(status) + ")");
    }
    std::printf("provisioned device %s\n", device.device_id().c_str());
    return 0;
}

// `auth` empty: back to anonymous.
int provision_user(const char* program, HostDevice& device, std::string& auth) {
    const bool anonymous = auth.empty();
    const hal::Status status = device.provision_user(auth);
    explicit_bzero(auth.data(), auth.size());
    if (status != hal::Status::kOk) {
        return report_failure(program,
                              "could not store the registered user (" + explain(status) + ")");
    }
    std::printf(anonymous ? "device %s is anonymous: no registered user is kept\n"
                          : "registered user stored for device %s (it subscribes again as "
                            "this user at the next start)\n",
                device.device_id().c_str());
    return 0;
}

}  // namespace

int run_provision(const char* program, HostDevice& device, const std::vector<std::string>& args) {
    ProvisionRequest request;
    if (!parse_provision_args(args, &request)) return report_failure(program, kProvisionUsage);
    std::string none;
    if (request.what == ProvisionRequest::What::kAnonymous) {
        return provision_user(program, device, none);
    }
    std::string text;
    std::string error;
    if (!read_provision_input(request, &text, &error)) {
        const char* what = request.what == ProvisionRequest::What::kUser
                               ? "cannot read the registered user: "
                               : "cannot read the credentials: ";
        return report_failure(program, what + error);
    }
    if (request.what == ProvisionRequest::What::kCredentials) {
        return provision_credentials(program, device, text);
    }
    std::string auth;
    const bool parsed = parse_user_auth(text, &auth, &error);
    explicit_bzero(text.data(), text.size());
    if (!parsed) return report_failure(program, error);
    return provision_user(program, device, auth);
}

namespace {

// The start of a text for a one-line listing, cut on a character boundary.
// Line breaks become spaces so that each entry stays on one line of the listing.
std::string preview(std::string_view text) {
    constexpr size_t kPreviewBytes = 48;
    std::string shown =
        text.size() <= kPreviewBytes
            ? std::string(text)
            : std::string(text.substr(0, net::text::utf8_prefix_length(text, kPreviewBytes))) +
                  "...";
    for (char& c : shown) {
        if (c == '\n' || c == '\r' || c == '\t') c = ' ';
    }
    return shown;
}

// Lists the entries not yet confirmed and those set aside.
class OutboxLister final : public firmware::outbox::EntryVisitor {
  public:
    bool visit(const firmware::outbox::Entry& e) override {
        using firmware::outbox::EntryState;
        if (e.state == EntryState::kConfirmed) return true;
        const bool is_failed = e.state == EntryState::kFailed;
        (is_failed ? failed : waiting) += 1;
        const std::string what =
            e.media_id.empty() ? "\"" + preview(e.text) + "\"" : "file " + std::string(e.media_id);
        const std::string state =
            is_failed
                ? std::string("set aside, refused (") + hal::to_string(e.failure) + ")"
                : (e.state == EntryState::kWritten ? "waiting (sent, answer not seen)" : "waiting");
        lines += "  #" + std::to_string(e.sequence) + " " + state + ": " + what + "\n";
        return true;
    }
    size_t waiting = 0;
    size_t failed = 0;
    std::string lines;
};

// Whether a registered user's string is kept; never the string.
const char* describe_user(firmware::settings::Settings& settings) {
    firmware::settings::UserAuth user;
    const hal::Status status = settings.read_user_auth(user);
    user.wipe();
    if (status == hal::Status::kOk) return "yes";
    if (status == hal::Status::kNotFound) return "none (anonymous)";
    return "unreadable (run `provision --user` again)";
}

}  // namespace

int run_status(const char* program, const AppOptions& options) {
    for (const std::string* file : {&options.flash_file, &options.identity_file}) {
        if (::access(file->c_str(), F_OK) != 0) {
            std::printf(
                "device: none yet (%s does not exist: provision or a first run makes "
                "it)\n",
                file->c_str());
            return 0;
        }
    }
    HostDevice device;
    std::string error;
    if (device.open_storage(options, &error, HostDevice::Access::kReadOnly) != hal::Status::kOk) {
        return report_failure(program, error);
    }
    std::printf("device: %s\n", device.device_id().empty() ? "none yet (made on first use)"
                                                           : device.device_id().c_str());
    firmware::settings::Credentials credentials;
    std::printf("provisioned: %s\n",
                device.settings().read_credentials(credentials) == hal::Status::kOk ? "yes" : "no");
    std::printf("registered user: %s\n", describe_user(device.settings()));
    firmware::settings::Token token;
    std::printf("token kept: %s\n",
                device.settings().read_token(token) == hal::Status::kOk ? "yes" : "no");
    if (device.open_outbox(&error) != hal::Status::kOk) {
        std::printf("outbox: unreadable\n");
        return report_failure(program, error);
    }
    OutboxLister lister;
    std::vector<uint8_t> payload(firmware::outbox::kMaxPayloadBytes);
    const hal::Status walked =
        device.outbox().for_each(hal::ByteSpan(payload.data(), payload.size()), lister);
    std::printf("outbox: %zu waiting, %zu failed\n", lister.waiting, lister.failed);
    std::fputs(lister.lines.c_str(), stdout);
    const std::string damage = describe_damage(device.storage_damage());
    std::printf("flash: %s\n%s", damage.empty() ? "no damage found" : "damage found",
                damage.c_str());
    if (walked != hal::Status::kOk) {
        std::printf("outbox: not all of it could be read (%s)\n", explain(walked).c_str());
        return 1;
    }
    return 0;
}

int run_format(const char* program, const AppOptions& options) {
    const bool confirmed = options.args.size() == 2 && options.args[1] == "--yes";
    if (!confirmed) {
        std::fprintf(stderr,
                     "%s: format erases %s: the device id, the credentials and every queued "
                     "message are lost (the identity file %s stays). Run `format --yes` to do "
                     "it.\n",
                     program, options.flash_file.c_str(), options.identity_file.c_str());
        return kExitUsage;
    }
    HostDevice device;
    std::string error;
    if (device.format_flash(options, &error) != hal::Status::kOk) {
        return report_failure(program, error);
    }
    std::printf("erased %s; provision the device again before use\n", options.flash_file.c_str());
    return 0;
}

namespace {

void add_line(std::string& lines, unsigned count, const char* one, const char* many) {
    if (count == 0) return;
    lines += "  " + std::to_string(count) + " " + (count == 1 ? one : many) + "\n";
}

}  // namespace

void report_settings_damage(const char* program, const HostDevice& device) {
    firmware::messenger::StorageDamage settings_only;
    settings_only.settings = device.storage_damage().settings;
    if (!settings_only.any()) return;
    std::fprintf(stderr, "%s: flash damage found in the settings and repaired:\n%s", program,
                 describe_damage(settings_only).c_str());
}

std::string describe_damage(const firmware::messenger::StorageDamage& damage) {
    std::string lines;
    const firmware::settings::StoreDamage& s = damage.settings.store;
    add_line(lines, s.corrected_bits, "flipped bit in the settings corrected",
             "flipped bits in the settings corrected");
    if (damage.settings.device_id_from_copy) lines += "  device id read from its second copy\n";
    if (damage.settings.credentials_from_copy) {
        lines += "  credentials read from their second copy\n";
    }
    add_line(lines, s.lost_ranges,
             "damaged settings record skipped: a value may be older than last written",
             "damaged settings records skipped: values may be older than last written");
    add_line(lines, s.headers_lost, "settings sector header lost: an older copy is used",
             "settings sector headers lost: an older copy is used");
    if (s.torn_tail) lines += "  an unfinished settings write (power cut?) ignored\n";
    const firmware::outbox::OutboxDamage& o = damage.outbox;
    add_line(lines, o.corrected_bits, "flipped bit in the outbox corrected",
             "flipped bits in the outbox corrected");
    add_line(lines, o.unsent_lost, "queued message lost to flash damage: it will not be sent",
             "queued messages lost to flash damage: they will not be sent");
    const unsigned settled =
        o.damaged_entries > o.unsent_lost ? o.damaged_entries - o.unsent_lost : 0;
    add_line(lines, settled, "sent message no longer readable (nothing lost)",
             "sent messages no longer readable (nothing lost)");
    add_line(lines, o.lost_ranges, "damaged outbox range skipped: messages there may be lost",
             "damaged outbox ranges skipped: messages there may be lost");
    add_line(lines, o.headers_lost, "outbox sector header lost: messages there may be lost",
             "outbox sector headers lost: messages there may be lost");
    return lines;
}

}  // namespace boards::host
