// The messenger as the host apps compose it (boards/host HostDevice: a flash file, an
// identity file, mbedTLS, the OAuth token keeper, the outbox) against
// tools/sim/parley-sim over TLS on 127.0.0.1 (issue 5, item 5). Each test runs its own
// simulator and its own device files in a temporary directory, and steps the messenger
// with the real clock until a condition holds or a time limit passes. "Restart" means
// destroying the HostDevice and opening a new one on the same files.
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "boards/host/app_options.h"
#include "boards/host/host_device.h"
#include "firmware/messenger/messenger.h"
#include "hal/clock.h"
#include "tests/support/sim_process.h"

#include <CppUTest/TestHarness.h>

namespace {

using test::as_message;
using test::count_of;

constexpr const char* kBasePath = "/communication/parley/secure-messenger";
constexpr hal::Millis kStepCapMs = 50;  // the loop looks at its condition this often

// What the messenger reports.
class Recorder final : public firmware::messenger::MessengerListener {
  public:
    void on_message(const net::parley::Message& m) override {
        ++replies;
        last_id = m.id;
    }
    void on_unread_count(const firmware::messenger::UnreadCount& unread) override {
        unread_counts.push_back(unread.count);
    }
    void on_sent(uint32_t sequence, uint64_t server_id) override {
        sent.push_back({sequence, server_id});
    }
    void on_rejected(uint32_t, hal::Status, std::string_view) override { ++rejected; }
    void on_link(firmware::messenger::LinkState state, hal::Status) override {
        links.push_back(state);
    }

    bool saw(firmware::messenger::LinkState state) const {
        for (firmware::messenger::LinkState s : links)
            if (s == state) return true;
        return false;
    }

    struct Sent {
        uint32_t sequence;
        uint64_t server_id;
    };
    std::vector<Sent> sent;
    std::vector<firmware::messenger::LinkState> links;
    int replies = 0;
    int rejected = 0;
    uint64_t last_id = 0;
    std::vector<uint32_t> unread_counts;
};

// One API request as GET /requests lists it.
struct Logged {
    double time = 0;
    std::string method;
    std::string target;
    long status = -1;  // -1: not answered
};

std::string text_after(const std::string& json, const std::string& key) {
    const std::string marker = "\"" + key + "\": \"";
    const size_t at = json.find(marker);
    if (at == std::string::npos) return "";
    const size_t start = at + marker.size();
    return json.substr(start, json.find('"', start) - start);
}

// The API requests the simulator saw, oldest first.
std::vector<Logged> requests(const test::SimProcess& sim) {
    const std::string body = sim.get("/requests?limit=1000").body;
    std::vector<Logged> out;
    size_t at = body.find("\"seq\":");
    while (at != std::string::npos) {
        const size_t next = body.find("\"seq\":", at + 1);
        const std::string entry = body.substr(at, next == std::string::npos ? next : next - at);
        Logged logged;
        const size_t time_at = entry.find("\"time\":");
        if (time_at != std::string::npos)
            logged.time = std::strtod(entry.c_str() + time_at + 7, nullptr);
        logged.method = text_after(entry, "method");
        logged.target = text_after(entry, "target");
        logged.status = test::json_number_after(entry, "status");
        if (entry.find("\"status\": null") != std::string::npos) logged.status = -1;
        out.push_back(logged);
        at = next;
    }
    return out;
}

bool is_post_message(const Logged& r) {
    const std::string path = r.target.substr(0, r.target.find('?'));
    return r.method == "POST" && path == std::string(kBasePath) + "/messages";
}

std::vector<Logged> posted_messages(const test::SimProcess& sim) {
    std::vector<Logged> out;
    for (const Logged& r : requests(sim))
        if (is_post_message(r)) out.push_back(r);
    return out;
}

// The PUT messages/status/N requests the simulator saw, as "N:HTTP status".
std::vector<std::string> status_updates(const test::SimProcess& sim) {
    const std::string prefix = std::string(kBasePath) + "/messages/status/";
    std::vector<std::string> out;
    for (const Logged& r : requests(sim)) {
        if (r.method == "PUT" && r.target.rfind(prefix, 0) == 0) {
            out.push_back(r.target.substr(prefix.size()) + ":" + std::to_string(r.status));
        }
    }
    return out;
}

std::string read_text(const std::string& path) {
    std::ifstream in(path);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

struct CommandResult {
    int exit_code = -1;
    std::string out;
};

// Runs a shell command; its stdout is returned, its stderr goes to `err_file`.
CommandResult run_command(const std::string& command, const std::string& err_file) {
    CommandResult result;
    FILE* pipe = ::popen((command + " 2>" + err_file).c_str(), "r");
    if (pipe == nullptr) return result;
    char buf[512];
    size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, pipe)) > 0)
        result.out.append(buf, n);
    const int status = ::pclose(pipe);
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return result;
}

}  // namespace

TEST_GROUP(MessengerIt) {
    std::string dir;
    std::unique_ptr<test::SimProcess> sim;
    std::unique_ptr<boards::host::HostDevice> device;
    Recorder listener;

    void setup() override {
        char pattern[] = "/tmp/parley-messenger-it-XXXXXX";
        const char* made = ::mkdtemp(pattern);
        CHECK(made != nullptr);
        dir = made;
    }
    void teardown() override {
        device.reset();
        sim.reset();
        std::error_code ignored;
        std::filesystem::remove_all(dir, ignored);
    }

    void start_sim(bool bot) {
        test::SimOptions options;
        options.cert_dir = PARLEY_TEST_CERT_DIR;
        if (bot) options.extra_args = {"--bot", "--bot-delay", "0.2"};
        sim = std::make_unique<test::SimProcess>(options);
        CHECK_TEXT(sim->started(), sim->startup_output().c_str());
    }

    std::string server() const {
        return "https://localhost:" + std::to_string(sim->api_port()) + kBasePath;
    }

    boards::host::AppOptions options() const {
        boards::host::AppOptions o;
        o.server = server();
        o.ca_file = std::string(PARLEY_TEST_CERT_DIR) + "/ca.pem";
        o.flash_file = dir + "/flash.bin";
        o.identity_file = dir + "/identity.bin";
        o.device_name = "messenger it";
        o.send_grace_s = "2";  // the simulator answers at once: a short grace keeps tests quick
        return o;
    }

    // A device on this test's files; `provision` stores the demo client's credentials.
    void open_device(bool provision) {
        device.reset();
        device = std::make_unique<boards::host::HostDevice>();
        std::string error;
        hal::Status status = device->open_storage(options(), &error);
        CHECK_EQUAL_TEXT(hal::Status::kOk, status, error.c_str());
        if (provision) {
            status = device->provision("demo-client", "demo-secret");
            CHECK_EQUAL(hal::Status::kOk, status);
        }
        status = device->open_network(listener, &error, true);
        CHECK_EQUAL_TEXT(hal::Status::kOk, status, error.c_str());
    }

    firmware::messenger::Messenger& messenger() {
        return device->messenger();
    }

    // Steps the messenger with the real clock until `done` or `limit_ms` passed; `each`
    // runs after every step (to inject a fault at the right moment).
    bool run_until(const std::function<bool()>& done, hal::Millis limit_ms,
                   const std::function<void()>& each = {}) {
        hal::Clock& clock = device->clock();
        const hal::Millis end = clock.now_ms() + limit_ms;
        while (!done()) {
            const hal::Millis now = clock.now_ms();
            if (hal::deadline_passed(now, end)) return false;
            const hal::Millis next = messenger().step(now);
            if (each) each();
            if (done()) return true;
            hal::Millis wait = hal::remaining(clock.now_ms(), next);
            if (wait > kStepCapMs) wait = kStepCapMs;
            if (wait > 0) ::usleep(static_cast<useconds_t>(wait * 1000));
        }
        return true;
    }

    bool settled() const {
        return device->messenger().unconfirmed() == 0;
    }

    std::string conversation() const {
        const test::ControlReply reply = sim->get("/conversations/" + device->device_id());
        return reply.status == 200 ? reply.body : "";
    }

    uint32_t accept(const std::string& text) {
        const hal::Result<uint32_t> accepted = messenger().send_text(text);
        CHECK_EQUAL(hal::Status::kOk, accepted.status());
        return accepted.value();
    }

    void inject(const std::string& fault) {
        const test::ControlReply reply = sim->post("/faults", fault);
        CHECK_EQUAL_TEXT(200, reply.status, reply.body.c_str());
    }
};

// parley-ticket as a user runs it: provision, then a ticket that the bot answers; a
// second run reuses the token kept in flash.
TEST(MessengerIt, TicketEndToEnd) {
    start_sim(true);
    const std::string flags = std::string(PARLEY_TICKET_BINARY) + " --server " + server() +
                              " --ca " + PARLEY_TEST_CERT_DIR + "/ca.pem --flash " + dir +
                              "/flash.bin --identity " + dir + "/identity.bin";
    const std::string err = dir + "/ticket.err";
    const CommandResult provisioned =
        run_command("printf 'demo-client\\ndemo-secret\\n' | " + flags + " provision", err);
    CHECK_EQUAL_TEXT(0, provisioned.exit_code, (provisioned.out + read_text(err)).c_str());
    CHECK(provisioned.out.find("provisioned device") != std::string::npos);

    const CommandResult first = run_command(flags + " send --fault E42 --wait 20", err);
    const std::string first_text = first.out + read_text(err);
    CHECK_EQUAL_TEXT(0, first.exit_code, first_text.c_str());
    CHECK_TEXT(first.out.find("reply from") != std::string::npos, first_text.c_str());
    CHECK_TEXT(first.out.find("Ticket T-") != std::string::npos, first_text.c_str());
    CHECK_TEXT(first.out.find("token requests this run: 1") != std::string::npos,
               first_text.c_str());
    CHECK_EQUAL(1, sim->stat("token_requests"));

    const CommandResult second = run_command(flags + " send --fault E43 --wait 20", err);
    const std::string second_text = second.out + read_text(err);
    CHECK_EQUAL_TEXT(0, second.exit_code, second_text.c_str());
    CHECK_TEXT(second.out.find("reply from") != std::string::npos, second_text.c_str());
    CHECK_TEXT(second.out.find("token requests this run: 0") != std::string::npos,
               second_text.c_str());
    CHECK_EQUAL(1, sim->stat("token_requests"));
    // Both tickets reached the conversation, once each.
    CHECK_EQUAL(2u, posted_messages(*sim).size());
}

// Accepted into the flash outbox, then the device restarts before anything was sent:
// the new boot sends it, once.
TEST(MessengerIt, RestartBetweenAcceptAndSendDeliversOnce) {
    start_sim(false);
    open_device(true);
    const std::string text = "accepted before a restart";
    accept(text);
    CHECK_EQUAL(1u, messenger().unconfirmed());
    const std::string device_id = device->device_id();
    device.reset();
    CHECK_EQUAL(0u, posted_messages(*sim).size());

    open_device(false);
    STRCMP_EQUAL(device_id.c_str(), device->device_id().c_str());
    CHECK_EQUAL(1u, messenger().unconfirmed());
    CHECK(run_until([&] { return settled(); }, 15000));
    CHECK_EQUAL(1u, listener.sent.size());
    CHECK_EQUAL(1u, count_of(conversation(), as_message(text)));
    CHECK_EQUAL(1u, posted_messages(*sim).size());
}

// The service stores the message and the connection drops before the answer: the
// messenger reconciles (finds it in the conversation) instead of sending it again.
TEST(MessengerIt, StoredThenDroppedIsNotDuplicated) {
    start_sim(false);
    open_device(true);
    inject(R"({"kind": "store_then_close", "path": "/messages", "method": "POST"})");
    const std::string text = "stored then the connection dropped";
    const uint32_t sequence = accept(text);
    CHECK(run_until([&] { return settled(); }, 15000));
    CHECK(listener.saw(firmware::messenger::LinkState::kRetrying));
    // Let a further poll or two go by: nothing is sent again.
    run_until([] { return false; }, 1500);
    const std::string conv = conversation();
    CHECK_EQUAL(1u, count_of(conv, as_message(text)));
    CHECK_EQUAL(1u, posted_messages(*sim).size());
    CHECK_EQUAL(1u, listener.sent.size());
    CHECK_EQUAL(sequence, listener.sent[0].sequence);
    CHECK(listener.sent[0].server_id != 0);
    CHECK(conv.find("\"id\": " + std::to_string(listener.sent[0].server_id)) != std::string::npos);
}

// The same, with a restart while the entry is in doubt: the new boot reconciles from
// what the outbox kept in flash.
TEST(MessengerIt, StoredThenDroppedThenRestartIsNotDuplicated) {
    start_sim(false);
    open_device(true);
    inject(R"({"kind": "store_then_close", "path": "/messages", "method": "POST"})");
    const std::string text = "stored, dropped, then a restart";
    accept(text);
    CHECK(
        run_until([&] { return listener.saw(firmware::messenger::LinkState::kRetrying); }, 15000));
    CHECK_EQUAL(1u, messenger().unconfirmed());
    CHECK_EQUAL(1u, posted_messages(*sim).size());

    open_device(false);
    CHECK_EQUAL(1u, messenger().unconfirmed());
    CHECK(run_until([&] { return settled(); }, 15000));
    CHECK_EQUAL(1u, count_of(conversation(), as_message(text)));
    CHECK_EQUAL(1u, posted_messages(*sim).size());
    CHECK_EQUAL(1u, listener.sent.size());
    CHECK(listener.sent[0].server_id != 0);
}

// The token is revoked mid-session: the send meets a 401, the device renews once and the
// send succeeds.
TEST(MessengerIt, RevokedTokenRenewsOnceAndSendSucceeds) {
    start_sim(false);
    open_device(true);
    accept("before the revocation");
    CHECK(run_until([&] { return listener.sent.size() == 1; }, 15000));
    const long tokens_before = sim->stat("token_requests");
    CHECK_EQUAL(1, tokens_before);

    const test::ControlReply revoked = sim->post("/tokens/revoke", "{}");
    CHECK_EQUAL_TEXT(200, revoked.status, revoked.body.c_str());
    const std::string text = "after the revocation";
    accept(text);
    CHECK(run_until([&] { return listener.sent.size() == 2; }, 15000));
    CHECK_EQUAL(tokens_before + 1, sim->stat("token_requests"));
    CHECK_FALSE(listener.saw(firmware::messenger::LinkState::kStopped));
    CHECK_EQUAL(2u, static_cast<unsigned>(device->tokens()->requests_made()));

    const std::vector<Logged> posts = posted_messages(*sim);
    CHECK_EQUAL(3u, posts.size());
    CHECK_EQUAL(200, posts[0].status);
    CHECK_EQUAL(401, posts[1].status);
    CHECK_EQUAL(200, posts[2].status);
    CHECK_EQUAL(1u, count_of(conversation(), as_message(text)));
}

// 429 with Retry-After: 2, then three 503s: both messages arrive, in order, once each,
// and nothing was sent before the Retry-After ran out.
TEST(MessengerIt, RetryAfterAndServerErrorsDeliverInOrder) {
    start_sim(false);
    open_device(true);
    inject(R"({"kind": "retry_after", "seconds": 2, "path": "/messages", "method": "POST"})");
    const std::string first = "first of two";
    const std::string second = "second of two";
    const uint32_t seq1 = accept(first);
    const uint32_t seq2 = accept(second);

    hal::Clock& clock = device->clock();
    bool injected = false;
    hal::Millis refused_at = 0;
    uint32_t operations_at_refusal = 0;
    hal::Millis next_operation_at = 0;
    const auto each = [&] {
        if (!injected && listener.saw(firmware::messenger::LinkState::kRetrying)) {
            refused_at = clock.now_ms();
            operations_at_refusal = messenger().operations();
            inject(R"({"kind": "status", "status": 503, "path": "/messages", "method": "POST",
                       "count": 3})");
            injected = true;
        } else if (injected && next_operation_at == 0 &&
                   messenger().operations() > operations_at_refusal) {
            next_operation_at = clock.now_ms();
        }
    };
    CHECK(run_until([&] { return listener.sent.size() == 2; }, 40000, each));
    CHECK(injected);

    const std::vector<Logged> posts = posted_messages(*sim);
    CHECK_EQUAL(6u, posts.size());
    const long expected[] = {429, 503, 503, 503, 200, 200};
    for (size_t i = 0; i < 6 && i < posts.size(); ++i)
        CHECK_EQUAL(expected[i], posts[i].status);
    // Not before the Retry-After: by the simulator's clock and by the device's.
    CHECK_TEXT(posts.size() >= 2 && posts[1].time - posts[0].time >= 2.0, "resent too early");
    CHECK(next_operation_at != 0);
    CHECK(next_operation_at - refused_at >= 2000);

    CHECK_EQUAL(2u, listener.sent.size());
    CHECK_EQUAL(seq1, listener.sent[0].sequence);
    CHECK_EQUAL(seq2, listener.sent[1].sequence);
    CHECK(listener.sent[0].server_id < listener.sent[1].server_id);
    const std::string conv = conversation();
    CHECK_EQUAL(1u, count_of(conv, as_message(first)));
    CHECK_EQUAL(1u, count_of(conv, as_message(second)));
    CHECK(conv.find(as_message(first)) < conv.find(as_message(second)));
}

// Read receipts against the simulator (docs/protocol.md §6.8): a reply the app showed is
// marked read (4), one it did not delivered (3), one PUT per status after a poll; the
// service's unseen count after a restart; a service without the endpoints is asked once.
TEST(MessengerIt, ReadReceiptsAndTheUnreadCount) {
    start_sim(false);
    open_device(true);
    CHECK(messenger().receipts_active());
    const std::string id = device->device_id();
    const std::string reply_path = "/conversations/" + id + "/reply";
    CHECK(run_until([&] { return messenger().subscribed(); }, 15000));
    CHECK_EQUAL(200, sim->post(reply_path, R"({"agent": "Alice", "message": "shown"})").status);
    CHECK(run_until([&] { return listener.replies == 1; }, 15000));
    messenger().message_shown(listener.last_id);
    CHECK_EQUAL(200, sim->post(reply_path, R"({"agent": "Alice", "message": "unseen"})").status);
    CHECK(run_until([&] { return status_updates(*sim).size() >= 2; }, 15000));
    run_until([] { return false; }, 3000);  // more polls: nothing more owed
    const std::vector<std::string> updates = status_updates(*sim);
    CHECK_EQUAL(2u, updates.size());
    STRCMP_EQUAL("4:200", updates[0].c_str());
    STRCMP_EQUAL("3:200", updates[1].c_str());
    const std::string conv = conversation();
    const size_t list = conv.find("\"unseen\": [");
    CHECK_TEXT(list != std::string::npos, conv.c_str());
    std::string unseen;
    for (size_t i = conv.find('[', list) + 1; i < conv.size() && conv[i] != ']'; ++i)
        if (conv[i] != ' ' && conv[i] != '\n') unseen += conv[i];
    STRCMP_EQUAL(std::to_string(listener.last_id).c_str(), unseen.c_str());

    listener.unread_counts.clear();
    open_device(false);  // a restart: the service counts the one not shown
    CHECK(run_until([&] { return !listener.unread_counts.empty(); }, 15000));
    CHECK_EQUAL(1u, listener.unread_counts[0]);

    CHECK_EQUAL(200, sim->post("/settings", R"({"status_endpoints": false})").status);
    CHECK_EQUAL(200, sim->post(reply_path, R"({"agent": "Alice", "message": "refused"})").status);
    CHECK(run_until([&] { return status_updates(*sim).size() == 3; }, 15000));
    CHECK_EQUAL(200, sim->post(reply_path, R"({"agent": "Alice", "message": "later"})").status);
    CHECK(run_until([&] { return listener.replies == 4; }, 15000));
    run_until([] { return false; }, 3000);
    CHECK_FALSE(messenger().receipts_active());
    CHECK_EQUAL(3u, status_updates(*sim).size());
    STRCMP_EQUAL("3:404", status_updates(*sim)[2].c_str());
    CHECK(messenger().link() == firmware::messenger::LinkState::kOnline);
}
