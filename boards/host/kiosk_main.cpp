// parley-kiosk: an interactive chat with the service desk on this terminal (the kiosk
// app on the host). See `parley-kiosk --help`.
#include <poll.h>
#include <signal.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <memory>
#include <string>

#include "boards/host/app_commands.h"
#include "boards/host/app_options.h"
#include "boards/host/download_folder.h"
#include "boards/host/file_media.h"
#include "boards/host/guarded_main.h"
#include "boards/host/host_device.h"
#include "firmware/apps/kiosk/kiosk.h"
#include "hal/log.h"

namespace {

constexpr const char* kUsage =
    "usage: parley-kiosk [options] [chat]\n"
    "       parley-kiosk [options] provision [--from FILE]\n"
    "       parley-kiosk [options] provision --user [--from FILE]\n"
    "       parley-kiosk [options] provision --anonymous\n"
    "       parley-kiosk [options] status\n"
    "       parley-kiosk [options] format --yes\n"
    "\n"
    "chat       (the default) an interactive chat with the service desk: the conversation\n"
    "           with agent names and times, an input line, the agent typing indicator,\n"
    "           quick replies to pick and files to attach. Messages wait in the device's\n"
    "           outbox while the network is away and go out when it is back.\n"
    "           Keys: Enter sends the line, Backspace deletes, Ctrl-U clears the line,\n"
    "           Ctrl-D on an empty line or /quit leaves, Ctrl-C leaves at once.\n"
    "           Commands: /1../9 send a quick reply of the last agent message,\n"
    "           /attach PATH sends a file (.jpg .png .gif .pdf), /help, //text sends\n"
    "           a message starting with '/'. Without a terminal (a pipe) each input\n"
    "           line is one message or command.\n"
    "           Attachments the service desk sends are saved in --download-dir\n"
    "           (\"[image: photo.jpg, 34 KB, saved to parley-downloads/photo.jpg]\").\n"
    "provision  stores the client id and secret (KPN) or the account secret (Parley\n"
    "           direct), read from stdin or --from FILE: two lines, or key=value lines.\n"
    "           --user: stores (or replaces) the registered user's string instead, for a\n"
    "           service desk that wants one (KPN authString, Parley direct\n"
    "           Authorization): one line, or auth_string=..., from stdin or --from FILE.\n"
    "           --anonymous: removes it. Either way the device subscribes again.\n"
    "status     prints the device id, whether credentials, a registered user and a\n"
    "           token are kept, the outbox and any damage found on the flash; writes\n"
    "           nothing.\n"
    "format     erases the flash file (settings and outbox): the way out when it holds\n"
    "           no readable log. Needs --yes; provision again after it.\n"
    "\n"
    "Exit codes: 0 done, 1 failed (or input ended with messages still queued), 2 usage\n"
    "error, 130 chat interrupted (SIGINT or SIGTERM).\n\n";

volatile sig_atomic_t g_interrupted = 0;
termios g_saved_termios{};
volatile sig_atomic_t g_termios_saved = 0;

int fail(const std::string& message) {
    return boards::host::report_failure("parley-kiosk", message);
}

void on_signal(int /*signal*/) {
    if (g_interrupted != 0) _exit(130);  // a second Ctrl-C: leave even mid-operation
    g_interrupted = 1;
    if (g_termios_saved != 0) (void)tcsetattr(STDIN_FILENO, TCSANOW, &g_saved_termios);
}

// stdin/stdout as the kiosk's terminal. On a TTY: non-canonical, no echo (the app
// echoes), restored on exit and on SIGINT/SIGTERM. On a pipe: bytes as they come.
class StdioTerminal final : public firmware::apps::kiosk::KioskTerminal {
  public:
    StdioTerminal() : tty_(isatty(STDIN_FILENO) != 0) {}
    ~StdioTerminal() { restore(); }
    StdioTerminal(const StdioTerminal&) = delete;
    StdioTerminal& operator=(const StdioTerminal&) = delete;

    bool interactive() const { return tty_; }

    void enter_raw() {
        if (!tty_ || tcgetattr(STDIN_FILENO, &g_saved_termios) != 0) return;
        g_termios_saved = 1;
        termios raw = g_saved_termios;
        raw.c_lflag &= ~static_cast<tcflag_t>(ICANON | ECHO);
        raw.c_iflag &= ~static_cast<tcflag_t>(ICRNL | IXON);
        raw.c_cc[VMIN] = 0;
        raw.c_cc[VTIME] = 0;
        (void)tcsetattr(STDIN_FILENO, TCSANOW, &raw);
    }
    void restore() {
        if (g_termios_saved == 0) return;
        (void)tcsetattr(STDIN_FILENO, TCSANOW, &g_saved_termios);
        g_termios_saved = 0;
    }

    hal::Result<size_t> read(hal::ByteSpan out) override {
        if (eof_) return hal::Status::kClosed;
        pollfd p{STDIN_FILENO, POLLIN, 0};
        if (::poll(&p, 1, 0) <= 0) return size_t{0};
        const ssize_t n = ::read(STDIN_FILENO, out.data(), out.size());
        if (n > 0) return static_cast<size_t>(n);
        if (n < 0 && (errno == EINTR || errno == EAGAIN)) return size_t{0};
        eof_ = true;
        return hal::Status::kClosed;
    }
    void write(std::string_view text) override {
        if (text.empty()) return;
        std::fwrite(text.data(), 1, text.size(), stdout);
        std::fflush(stdout);
    }
    void wait_for_input(hal::Millis deadline) override {
        const hal::Millis wait = hal::remaining(clock_ms(), deadline);
        const int timeout_ms = static_cast<int>(wait > 60000 ? 60000 : wait);
        // At the end of input stdin stays readable: polling it would return at once and
        // spin. Only the deadline is left to wait for.
        pollfd p{STDIN_FILENO, POLLIN, 0};
        (void)::poll(&p, eof_ ? 0 : 1, timeout_ms);
    }
    bool interrupted() override { return g_interrupted != 0; }
    std::string_view explain(hal::Status status) override {
        words_ = boards::host::explain(status);
        return words_;
    }

    void set_clock(hal::Clock& clock) { clock_ = &clock; }

  private:
    hal::Millis clock_ms() { return clock_ != nullptr ? clock_->now_ms() : 0; }

    bool tty_;
    bool eof_ = false;
    hal::Clock* clock_ = nullptr;
    std::string words_;
};

// Files from this machine, uploaded with ParleyClient::upload_media.
class FileAttachments final : public firmware::apps::kiosk::KioskAttachments,
                              public net::parley::UploadProgress {
  public:
    explicit FileAttachments(net::parley::ParleyClient& api) : api_(api) {}
    hal::Result<std::string_view> upload(std::string_view path,
                                         firmware::apps::kiosk::KioskProgress& progress,
                                         hal::Millis deadline) override {
        error_.clear();
        media_ = std::make_unique<boards::host::FileMedia>();
        if (!media_->open(std::string(path), &error_)) return hal::Status::kInvalidArgument;
        progress_ = &progress;
        net::parley::MediaUpload upload;
        upload.source = media_.get();
        upload.size = media_->size();
        upload.filename = media_->filename();
        upload.mime_type = media_->mime_type();
        upload.progress = this;
        const hal::Result<std::string_view> id = api_.upload_media(upload, deadline);
        progress_ = nullptr;
        if (!id.ok()) error_ = "the upload failed: " + boards::host::explain(id.status());
        return id;
    }
    std::string_view description() const override {
        return media_ ? std::string_view(media_->filename()) : std::string_view();
    }
    std::string_view error() const override { return error_; }
    void on_progress(uint64_t sent, uint64_t total) override {
        if (progress_ != nullptr) progress_->on_progress(sent, total);
    }

  private:
    net::parley::ParleyClient& api_;
    std::unique_ptr<boards::host::FileMedia> media_;
    firmware::apps::kiosk::KioskProgress* progress_ = nullptr;
    std::string error_;
};

// Attachments received, saved in the --download-dir folder (DownloadFolder).
class FolderDownloads final : public firmware::apps::kiosk::KioskDownloads {
  public:
    explicit FolderDownloads(std::string dir) : folder_(std::move(dir)) {}
    hal::Status open(std::string_view name, std::string_view /*content_type*/) override {
        error_.clear();
        return folder_.open(name, &error_) ? hal::Status::kOk : hal::Status::kFlashError;
    }
    hal::Status write(hal::ConstByteSpan piece) override {
        return folder_.write(piece.data(), piece.size(), &error_) ? hal::Status::kOk
                                                                  : hal::Status::kFlashError;
    }
    hal::Status commit() override {
        return folder_.commit(&error_) ? hal::Status::kOk : hal::Status::kFlashError;
    }
    void discard() override { folder_.discard(); }
    std::string_view saved_as() const override { return folder_.saved_as(); }
    std::string_view error() const override { return error_; }

  private:
    boards::host::DownloadFolder folder_;
    std::string error_;
};

// While chatting on a terminal, warnings would scroll through the conversation: the
// kiosk shows the link state itself, so only errors reach stderr (all levels asked for
// with -v still do).
class ChatLog final : public hal::Log {
  public:
    ChatLog(hal::Log* next, int verbose)
        : next_(next),
          max_(verbose >= 2   ? hal::LogLevel::kDebug
               : verbose == 1 ? hal::LogLevel::kInfo
                              : hal::LogLevel::kError) {}
    void write(hal::LogLevel level, std::string_view module, std::string_view message) override {
        if (next_ == nullptr || static_cast<int>(level) > static_cast<int>(max_)) return;
        std::fputs("\r\x1b[K", stdout);
        std::fflush(stdout);
        next_->write(level, module, message);
    }

  private:
    hal::Log* next_;
    hal::LogLevel max_;
};

int32_t local_utc_offset_s() {
    const time_t now = time(nullptr);
    tm local{};
    localtime_r(&now, &local);
    return static_cast<int32_t>(local.tm_gmtoff);
}

// --idle-after S: seconds without a key before the screen counts as idle (0: never).
constexpr long kDefaultIdleAfterS = 300;
constexpr long kMaxIdleAfterS = 86400;
bool idle_after_ms(const std::string& text, hal::Millis* out, std::string* error) {
    long seconds = kDefaultIdleAfterS;
    if (!text.empty()) {
        char* end = nullptr;
        seconds = std::strtol(text.c_str(), &end, 10);
        if (end == text.c_str() || *end != '\0' || seconds < 0 || seconds > kMaxIdleAfterS) {
            *error = "--idle-after must be a whole number from 0 to " +
                     std::to_string(kMaxIdleAfterS) + " (got '" + text + "')";
            return false;
        }
    }
    constexpr long kMsPerSecond = 1000;
    *out = static_cast<hal::Millis>(seconds * kMsPerSecond);
    return true;
}

int chat(boards::host::HostDevice& device, const std::vector<std::string>& args) {
    if (args.size() > 1) {
        std::fprintf(stderr, "parley-kiosk: chat takes no arguments\n");
        return boards::host::kExitUsage;
    }
    firmware::settings::Credentials credentials;
    if (device.settings().read_credentials(credentials) != hal::Status::kOk) {
        return fail("this device has no credentials yet: run `parley-kiosk provision` first");
    }
    firmware::apps::kiosk::KioskConfig config;
    std::string idle_error;
    if (!idle_after_ms(device.options().idle_after_s, &config.idle_after_ms, &idle_error)) {
        std::fprintf(stderr, "parley-kiosk: %s\n", idle_error.c_str());
        return boards::host::kExitUsage;
    }
    std::string limit_error;
    if (!boards::host::download_limit_bytes(device.options().download_limit_mib,
                                            &config.download_limit_bytes, &limit_error)) {
        std::fprintf(stderr, "parley-kiosk: %s\n", limit_error.c_str());
        return boards::host::kExitUsage;
    }
    StdioTerminal terminal;
    config.interactive = terminal.interactive();
    config.utc_offset_s = local_utc_offset_s();
    // The app is constructed before the network (it is the messenger's listener); the
    // attachments need the API client, which open_network creates.
    std::unique_ptr<FileAttachments> attachments;
    struct Holder final : firmware::apps::kiosk::KioskAttachments {
        FileAttachments* target = nullptr;
        hal::Result<std::string_view> upload(std::string_view path,
                                             firmware::apps::kiosk::KioskProgress& progress,
                                             hal::Millis deadline) override {
            return target->upload(path, progress, deadline);
        }
        std::string_view description() const override { return target->description(); }
        std::string_view error() const override { return target->error(); }
    } holder;
    firmware::apps::kiosk::KioskApp app(terminal, &holder, device.clock(), config);
    FolderDownloads downloads(device.options().download_dir);
    app.set_downloads(&downloads);
    std::string error;
    if (device.open_network(app, &error, true) != hal::Status::kOk) return fail(error);
    attachments = std::make_unique<FileAttachments>(device.api());
    holder.target = attachments.get();
    terminal.set_clock(device.clock());

    struct sigaction action {};
    action.sa_handler = &on_signal;
    sigemptyset(&action.sa_mask);
    (void)sigaction(SIGINT, &action, nullptr);
    (void)sigaction(SIGTERM, &action, nullptr);
    (void)signal(SIGPIPE, SIG_IGN);

    std::printf("device %s (%s dialect, %s)\n", device.device_id().c_str(),
                device.options().dialect.c_str(), device.options().server.c_str());
    hal::Log* const stderr_log = hal::log_sink();
    ChatLog chat_log(stderr_log, device.options().verbose);
    if (terminal.interactive()) hal::set_log(&chat_log);
    terminal.enter_raw();
    const int code = app.run(device.messenger());
    terminal.restore();
    hal::set_log(stderr_log);
    if (g_interrupted != 0) {
        std::printf("\n");
        return 130;
    }
    if (code != 0)
        std::fprintf(stderr,
                     "parley-kiosk: input ended with messages still queued; "
                     "they go out the next time the kiosk runs\n");
    return code;
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
        std::fprintf(stderr, "parley-kiosk: %s\n(see parley-kiosk --help)\n", parsed.error.c_str());
        return boards::host::kExitUsage;
    }
    const std::string command = options.args.empty() ? "chat" : options.args[0];
    if (command == "format") return boards::host::run_format("parley-kiosk", options);
    if (command == "status") return boards::host::run_status("parley-kiosk", options);
    boards::host::HostDevice device;
    std::string error;
    if (device.open_storage(options, &error) != hal::Status::kOk) return fail(error);
    boards::host::report_settings_damage("parley-kiosk", device);
    std::vector<std::string> args = options.args;
    if (args.empty()) args.push_back("chat");
    if (command == "provision") return boards::host::run_provision("parley-kiosk", device, args);
    if (command == "chat") return chat(device, args);
    std::fprintf(stderr, "parley-kiosk: unknown command '%s'\n%s", command.c_str(), kUsage);
    return boards::host::kExitUsage;
}

}  // namespace

// No exception may end the process with an abort: every known cause is reported as a
// failure where it happens, and anything left is an internal error, exit 1.
int main(int argc, char** argv) {
    return boards::host::guarded_main("parley-kiosk", run, argc, argv);
}
