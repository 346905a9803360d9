#include "boards/host/app_commands.h"

#include "net/parley/utf8.h"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "boards/host/bounded_file.h"
#include "boards/host/credentials_input.h"

namespace host {

const char* environment(const char* name) {
    return std::getenv(name);
}

int report_failure(const char* program, const std::string& message) {
    std::fprintf(stderr, "%s: %s\n", program, message.c_str());
    return kExitFailed;
}

int run_provision(const char* program, HostDevice& device, const std::vector<std::string>& args) {
    std::string text;
    std::string error;
    bool read = false;
    if (args.size() == 3 && args[1] == "--from") {
        read = read_bounded_file(args[2], kMaxCredentialsInputBytes, &text, &error);
    } else if (args.size() == 1) {
        read = read_bounded_stream(STDIN_FILENO, "stdin", kMaxCredentialsInputBytes, &text, &error);
    } else {
        return report_failure(
            program, "usage: provision [--from FILE] (the secret is never taken from argv)");
    }
    if (!read) return report_failure(program, "cannot read the credentials: " + error);
    CredentialsInput credentials;
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

namespace {

// The start of a text for a one-line listing, cut on a character boundary.
// Line breaks become spaces so that each entry stays on one line of the listing.
std::string preview(std::string_view text) {
    constexpr size_t kPreviewBytes = 48;
    std::string shown =
        text.size() <= kPreviewBytes
            ? std::string(text)
            : std::string(text.substr(0, net::parley::utf8_prefix_length(text, kPreviewBytes))) +
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

}  // namespace

int run_status(HostDevice& device) {
    std::printf("device: %s\n", device.device_id().c_str());
    firmware::settings::Credentials credentials;
    std::printf("provisioned: %s\n",
                device.settings().read_credentials(credentials) == hal::Status::kOk ? "yes" : "no");
    firmware::settings::Token token;
    std::printf("token kept: %s\n",
                device.settings().read_token(token) == hal::Status::kOk ? "yes" : "no");
    std::string error;
    if (device.open_outbox(&error) != hal::Status::kOk) {
        std::printf("outbox: unreadable (%s)\n", error.c_str());
        return 1;
    }
    OutboxLister lister;
    std::vector<uint8_t> payload(firmware::outbox::kMaxPayloadBytes);
    const hal::Status walked =
        device.outbox().for_each(hal::ByteSpan(payload.data(), payload.size()), lister);
    std::printf("outbox: %zu waiting, %zu failed\n", lister.waiting, lister.failed);
    std::fputs(lister.lines.c_str(), stdout);
    if (walked != hal::Status::kOk) {
        std::printf("outbox: not all of it could be read (%s)\n", explain(walked).c_str());
        return 1;
    }
    return 0;
}

}  // namespace host
