// parley-ticket: opens a service-desk ticket from this machine (the ticket app on the
// host). See `parley-ticket --help`.
#include <time.h>

#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>

#include "boards/host/app_commands.h"
#include "boards/host/app_options.h"
#include "boards/host/bounded_file.h"
#include "boards/host/console_format.h"
#include "boards/host/conversation_history.h"
#include "boards/host/file_media.h"
#include "boards/host/guarded_main.h"
#include "boards/host/host_device.h"
#include "boards/host/reply_attachments.h"
#include "boards/host/reply_wait.h"
#include "firmware/apps/ticket/ticket.h"
#include "firmware/messenger/parley_service_api.h"
#include "hal/format.h"
#include "net/text/utf8.h"

namespace {

constexpr const char* kUsage =
    "usage: parley-ticket [options] send --fault CODE [--text TEXT] [--attach FILE]\n"
    "                                    [--wait SECONDS] [--firmware VERSION]\n"
    "       parley-ticket [options] wait [--wait SECONDS]\n"
    "       parley-ticket [options] history [N]\n"
    "       parley-ticket [options] provision [--from FILE]\n"
    "       parley-ticket [options] provision --user [--from FILE]\n"
    "       parley-ticket [options] provision --anonymous\n"
    "       parley-ticket [options] status\n"
    "       parley-ticket [options] format --yes\n"
    "\n"
    "send       opens a ticket: a fault report with this device's facts (device id,\n"
    "           firmware version, fault code, uptime) and an optional attachment\n"
    "           (.jpg .png .gif .pdf); waits up to --wait seconds (default 120) for\n"
    "           the first reply and prints it; its attachment, if any, is saved in\n"
    "           --download-dir.\n"
    "wait       sends what the outbox still holds and waits up to --wait seconds\n"
    "           (default 120, at most 86400) for the next message from the service\n"
    "           desk; prints it and any others that came with it. Each message is\n"
    "           printed once: one that send or an earlier wait printed is not repeated.\n"
    "history    prints the last N messages of the conversation (default 10, at most\n"
    "           1000), oldest first, this device's own among them. Only reads: marks\n"
    "           nothing read, sends nothing queued, and wait still prints what it showed.\n"
    "provision  stores the client id and secret (KPN) or the account secret (Parley\n"
    "           direct), read from stdin or --from FILE: two lines, or key=value lines.\n"
    "           --user: stores (or replaces) the registered user's string instead, for a\n"
    "           service desk that wants one (KPN authString, Parley direct\n"
    "           Authorization): one line, or auth_string=..., from stdin or --from FILE.\n"
    "           --anonymous: removes it. Either way the device subscribes again.\n"
    "status     prints the device id, whether a registered user and a token are kept,\n"
    "           the outbox and any damage found on the flash; writes nothing.\n"
    "format     erases the flash file (settings and outbox): the way out when it holds\n"
    "           no readable log. Needs --yes; provision again after it.\n"
    "\n"
    "Exit codes: 0 replied, 10 sent but no reply in time, 11 queued (will be sent later),\n"
    "1 failed, 2 usage error. wait: 0 a reply came (whatever else happened), else 1 when\n"
    "the link stopped or a queued message was refused, 11 when the outbox still holds a\n"
    "message, 10 otherwise. history: 0 read (also when empty), 1 failed.\n\n";

int fail(const std::string& message) {
    return boards::host::report_failure("parley-ticket", message);
}

// Prints what the ticket app reports.
class StdoutConsole final : public firmware::apps::ticket::TicketConsole {
  public:
    void ticket_accepted(uint32_t sequence) override {
        std::printf("ticket: accepted into the outbox (#%u)\n", static_cast<unsigned>(sequence));
        std::fflush(stdout);
    }
    void ticket_sent(uint64_t server_id) override {
        std::printf("ticket: sent (message %llu)\n", static_cast<unsigned long long>(server_id));
        std::fflush(stdout);
    }
    void reply_text(std::string_view piece) override { text_ += piece; }
    void reply(const net::parley::Message& message) override {
        std::printf("reply from %s", boards::host::format_message(message, text_).c_str());
        std::fflush(stdout);
        text_.clear();
        attachments.note(message);  // downloaded once the app has returned
    }
    void reply_dropped() override { text_.clear(); }
    void link(firmware::messenger::LinkState state, hal::Status cause) override {
        if (state == firmware::messenger::LinkState::kRetrying ||
            state == firmware::messenger::LinkState::kStopped) {
            std::fprintf(stderr, "network: %s (%s)\n", firmware::messenger::to_string(state),
                         boards::host::explain(cause).c_str());
        }
    }
    void failed(hal::Status status, std::string_view detail) override {
        std::fprintf(stderr, "ticket: failed: %.*s (%s)\n", static_cast<int>(detail.size()),
                     detail.data(), boards::host::explain(status).c_str());
    }
    void storage_damaged(const firmware::messenger::StorageDamage& damage) override {
        std::fprintf(stderr, "ticket: flash damage found:\n%s",
                     boards::host::describe_damage(damage).c_str());
    }

    boards::host::ReplyAttachments attachments;

  private:
    std::string text_;  // the reply arriving (the host app holds it whole)
};

class SleepIdle final : public firmware::apps::ticket::TicketIdle {
  public:
    explicit SleepIdle(hal::Clock& clock) : clock_(clock) {}
    void idle_until(hal::Millis deadline) override {
        const hal::Millis wait = hal::remaining(clock_.now_ms(), deadline);
        const timespec ts{static_cast<time_t>(wait / 1000),
                          static_cast<long>(wait % 1000) * 1000000L};
        nanosleep(&ts, nullptr);
    }

  private:
    hal::Clock& clock_;
};

class FileAttachment final : public firmware::apps::ticket::TicketAttachment,
                             public net::parley::UploadProgress {
  public:
    FileAttachment(boards::host::FileMedia& file, net::parley::ParleyClient& api)
        : file_(file), api_(api) {}
    hal::Result<std::string_view> upload(hal::Millis deadline) override {
        net::parley::MediaUpload upload;
        upload.source = &file_;
        upload.size = file_.size();
        upload.filename = file_.filename();
        upload.mime_type = file_.mime_type();
        upload.progress = this;
        const hal::Result<std::string_view> id = api_.upload_media(upload, deadline);
        std::printf("\n");
        return id;
    }
    std::string_view description() const override { return file_.filename(); }
    void on_progress(uint64_t sent, uint64_t total) override {
        char percent[8];
        hal::format_percent(hal::CharSpan(percent), sent, total);
        std::printf("\rattachment: %s (%llu of %llu bytes)", percent,
                    static_cast<unsigned long long>(sent), static_cast<unsigned long long>(total));
        std::fflush(stdout);
    }

  private:
    boards::host::FileMedia& file_;
    net::parley::ParleyClient& api_;
};

struct SendArgs {
    std::string fault;
    std::string text;
    std::string attach;
    std::string firmware = "1.0.0";
    long wait_s = 120;
};

// Refused, never cut: text the service would refuse must not reach the outbox.
bool check_text_option(const char* name, const std::string& value, size_t max_bytes,
                       std::string* error) {
    if (!net::text::count_code_points(value).ok()) {
        *error = std::string(name) + " is not valid UTF-8 text (check the shell's encoding)";
        return false;
    }
    if (value.size() > max_bytes) {
        *error = std::string(name) + " is " + std::to_string(value.size()) +
                 " bytes; the limit is " + std::to_string(max_bytes);
        return false;
    }
    return true;
}

bool parse_send(const std::vector<std::string>& args, SendArgs* out, std::string* error) {
    for (size_t i = 1; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (i + 1 >= args.size()) {
            *error = "option " + a + " needs a value (or is unknown)";
            return false;
        }
        const std::string& v = args[++i];
        if (a == "--fault") {
            out->fault = v;
        } else if (a == "--text") {
            out->text = v;
        } else if (a == "--attach") {
            out->attach = v;
        } else if (a == "--firmware") {
            out->firmware = v;
        } else if (a == "--wait") {
            out->wait_s = std::strtol(v.c_str(), nullptr, 10);
        } else {
            *error = "unknown option for send: " + a;
            return false;
        }
    }
    if (out->fault.empty()) {
        *error = "send needs --fault CODE";
        return false;
    }
    return check_text_option("--fault", out->fault, firmware::apps::ticket::kMaxFaultCodeBytes,
                             error) &&
           check_text_option("--text", out->text,
                             firmware::apps::ticket::kMaxTicketDescriptionBytes, error);
}

// /proc/uptime is "12345.67 23456.78\n"; 256 bytes is far more than it ever holds.
constexpr size_t kMaxUptimeFileBytes = 256;

// The machine's uptime in seconds; 0 when /proc/uptime cannot be read.
uint32_t host_uptime_s() {
    std::string text;
    std::string error;
    if (!boards::host::read_bounded_file("/proc/uptime", kMaxUptimeFileBytes, &text, &error))
        return 0;
    const double seconds = std::strtod(text.c_str(), nullptr);
    return seconds > 0 && seconds < 4e9 ? static_cast<uint32_t>(seconds) : 0;
}

void print_token_state(boards::host::HostDevice& device) {
    firmware::token::TokenKeeper* keeper = device.tokens();
    if (keeper == nullptr) return;
    std::printf("token: %s\n", keeper->renewal_due(device.clock().now_ms())
                                   ? "none valid in flash, one will be requested"
                                   : "kept in flash, no request needed");
}

// How long one attachment of a reply may take to download.
constexpr hal::Millis kDownloadTimeoutMs = 120000;

int send(boards::host::HostDevice& device, const std::vector<std::string>& args) {
    SendArgs send_args;
    std::string error;
    uint64_t download_limit = 0;
    if (!parse_send(args, &send_args, &error) ||
        !boards::host::download_limit_bytes(device.options().download_limit_mib, &download_limit,
                                            &error)) {
        std::fprintf(stderr, "parley-ticket: %s\n", error.c_str());
        return boards::host::kExitUsage;
    }
    StdoutConsole console;
    SleepIdle idle(device.clock());
    firmware::apps::ticket::TicketApp app(console, idle, device.clock());
    if (device.open_network(app, &error) != hal::Status::kOk) return fail(error);
    boards::host::FileMedia media;
    if (!send_args.attach.empty() && !media.open(send_args.attach, &error)) return fail(error);
    FileAttachment attachment(media, device.api());
    std::printf("device: %s (%s dialect, %s)\n", device.device_id().c_str(),
                device.options().dialect.c_str(), device.options().server.c_str());
    print_token_state(device);
    const firmware::apps::ticket::DeviceFacts facts{
        device.device_id(), send_args.firmware, send_args.fault, host_uptime_s(), send_args.text};
    firmware::apps::ticket::TicketConfig config;
    config.reply_timeout_ms = static_cast<hal::Millis>(send_args.wait_s * 1000);
    const firmware::apps::ticket::TicketOutcome outcome = app.run(
        device.messenger(), facts, send_args.attach.empty() ? nullptr : &attachment, config);
    // The replies' attachments, now that the connection is free again.
    (void)console.attachments.save_all(device.messenger(), device.clock(),
                                       device.options().download_dir, download_limit,
                                       kDownloadTimeoutMs);
    const unsigned requests = device.tokens() ? device.tokens()->requests_made() : 0;
    std::printf("result: %s (token requests this run: %u, API operations: %u)\n",
                firmware::apps::ticket::to_string(outcome), requests,
                static_cast<unsigned>(device.messenger().operations()));
    return firmware::apps::ticket::exit_code(outcome);
}

int wait(boards::host::HostDevice& device, const std::vector<std::string>& args) {
    long wait_s = 0;
    std::string error;
    if (!boards::host::parse_wait_args(args, &wait_s, &error)) {
        std::fprintf(stderr, "parley-ticket: %s\n", error.c_str());
        return boards::host::kExitUsage;
    }
    uint64_t download_limit = 0;
    if (!boards::host::download_limit_bytes(device.options().download_limit_mib, &download_limit,
                                            &error)) {
        std::fprintf(stderr, "parley-ticket: %s\n", error.c_str());
        return boards::host::kExitUsage;
    }
    SleepIdle idle(device.clock());
    boards::host::ReplyAttachments attachments;
    boards::host::ReplyWaiter waiter(device.clock(), idle, &attachments);
    if (device.open_network(waiter, &error) != hal::Status::kOk) return fail(error);
    std::printf("device: %s (%s dialect, %s)\n", device.device_id().c_str(),
                device.options().dialect.c_str(), device.options().server.c_str());
    const size_t queued = device.messenger().unconfirmed();
    if (queued > 0) std::printf("outbox: %zu waiting, sent first\n", queued);
    std::fflush(stdout);
    const boards::host::WaitTally tally =
        waiter.run(device.messenger(), static_cast<hal::Millis>(wait_s * 1000));
    // The replies' attachments, now that the connection is free again (as `send` does).
    (void)attachments.save_all(device.messenger(), device.clock(), device.options().download_dir,
                               download_limit, kDownloadTimeoutMs);
    const boards::host::WaitOutcome outcome = boards::host::decide(tally);
    std::printf("result: %s (replies: %u, outbox: %zu waiting, API operations: %u)\n",
                boards::host::to_string(outcome), static_cast<unsigned>(tally.replies),
                tally.unconfirmed, static_cast<unsigned>(device.messenger().operations()));
    return boards::host::exit_code(outcome);
}

// Receives nothing: history never steps the messenger.
class NoListener final : public firmware::messenger::MessengerListener {
  public:
    void on_message(const net::parley::Message& /*message*/) override {}
};

int history(boards::host::HostDevice& device, const std::vector<std::string>& args) {
    size_t count = 0;
    std::string error;
    if (!boards::host::parse_history_args(args, &count, &error)) {
        std::fprintf(stderr, "parley-ticket: %s\n", error.c_str());
        return boards::host::kExitUsage;
    }
    NoListener listener;
    if (device.open_network(listener, &error) != hal::Status::kOk) return fail(error);
    // GET requests only: the registration is for subscribing, which history never does.
    const net::parley::DeviceRegistration no_registration{};
    firmware::messenger::ParleyServiceApi service(device.api(), no_registration);
    boards::host::HistoryCollector collector;
    const hal::Status status = boards::host::read_history(
        service, device.clock(), device.operation_timeout_ms(), count, collector);
    if (status != hal::Status::kOk) {
        return fail("cannot read the conversation (" + boards::host::explain(status) + ")");
    }
    if (collector.size() == 0) std::printf("history: no messages yet\n");
    std::printf("%s", collector.newest(count).c_str());
    if (collector.skipped() > 0) {
        std::fprintf(stderr, "history: %u messages could not be read and are not shown\n",
                     static_cast<unsigned>(collector.skipped()));
    }
    const size_t queued = device.outbox().unconfirmed_count();
    if (queued > 0) {
        std::printf("outbox: %zu waiting, not sent yet (wait sends them)\n", queued);
    }
    return 0;
}

int run(int argc, char** argv) {
    boards::host::AppOptions options;
    const boards::host::ParseResult parsed =
        boards::host::parse_app_options(argc, argv, &boards::host::environment, &options);
    if (parsed.help) {
        std::printf("%s%s", kUsage, boards::host::common_options_help());
        return 0;
    }
    if (!parsed.ok) {
        std::fprintf(stderr, "parley-ticket: %s\n(see parley-ticket --help)\n",
                     parsed.error.c_str());
        return boards::host::kExitUsage;
    }
    if (options.args.empty()) {
        std::fprintf(stderr, "%s", kUsage);
        return boards::host::kExitUsage;
    }
    const std::string& command = options.args[0];
    if (command == "format") return boards::host::run_format("parley-ticket", options);
    if (command == "status") return boards::host::run_status("parley-ticket", options);
    boards::host::HostDevice device;
    std::string error;
    if (device.open_storage(options, &error) != hal::Status::kOk) return fail(error);
    boards::host::report_settings_damage("parley-ticket", device);
    if (command == "provision")
        return boards::host::run_provision("parley-ticket", device, options.args);
    if (command == "send") return send(device, options.args);
    if (command == "wait") return wait(device, options.args);
    if (command == "history") return history(device, options.args);
    std::fprintf(stderr, "parley-ticket: unknown command '%s'\n%s", command.c_str(), kUsage);
    return boards::host::kExitUsage;
}

}  // namespace

// No exception may end the process with an abort: every known cause is reported as a
// failure where it happens, and anything left is an internal error, exit 1.
int main(int argc, char** argv) {
    return boards::host::guarded_main("parley-ticket", run, argc, argv);
}
