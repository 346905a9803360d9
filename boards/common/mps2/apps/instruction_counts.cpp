#include "boards/common/mps2/apps/instruction_counts.h"

#include <cstddef>
#include <string_view>

#include "boards/common/mps2/apps/app_board.h"
#include "boards/common/mps2/apps/app_support.h"
#include "boards/common/mps2/semihost_log.h"
#include "hal/result.h"
#include "hal/status.h"
#include "hal/time.h"
#include "net/http/http_client.h"
#include "net/http/request.h"
#include "net/http/response_head.h"

namespace boards::mps2_an386 {
namespace {

constexpr hal::Millis kStepTimeoutMs = 20000;
constexpr uint16_t kHttpOk = 200;
constexpr unsigned kExchanges = 3;
constexpr uint32_t kCalibrationLoops[] = {1'000'000, 2'000'000};
constexpr uint32_t kInstructionsPerLoop = 2;  // subs, bne (RISC-V: addi, bnez; spin below)
constexpr hal::Millis kCalibrationSleepMs = 10;
constexpr hal::Millis kBulkMsPerRecord = 1000;

// The exchange, sized like the device's own (net/parley, KPN dialect): the API's paths, a
// 28-character bearer token (the simulator's length) and the device id as headers, and
// {"message":TEXT,"typeId":1} with a 42-byte text, as ParleyClient::send_text writes it.
// tests/boards/https_server.py answers both.
constexpr std::string_view kSendPath = "/communication/parley/secure-messenger/messages";
constexpr std::string_view kPollPath =
    "/communication/parley/secure-messenger/messages/after:10000";
constexpr std::string_view kToken = "pqaob5j1Xw3kZt8LmR2vN6cYhD4s";
constexpr std::string_view kDeviceId = "3f6c2a9e-8b1d-4e57-a0c4-7d925e1b6f08";
constexpr std::string_view kMessageBody =
    R"({"message":"Printer jammed again, paper tray 2 desk 14","typeId":1})";
constexpr std::string_view kJson = "application/json";

using ULL = unsigned long long;  // console_print's %llu

int fail(const char* step, hal::Status status) {
    return report_failure("selftest", step, status);
}

// `loops` iterations of exactly two instructions. Not inlined, so the loop is the same code
// wherever it is measured from.
[[gnu::noinline]] void spin(uint32_t loops) {
#if defined(__riscv)
    __asm__ volatile(
        "1:\n\t"
        "addi %0, %0, -1\n\t"
        "bnez %0, 1b\n"
        : "+r"(loops));
#else
    __asm__ volatile(
        "1:\n\t"
        "subs %0, %0, #1\n\t"
        "bne 1b\n"
        : "+r"(loops)
        :
        : "cc");
#endif
}

// The known loop at two sizes (their difference must be 2 per iteration, the rest is the
// measurement's own cost and the SysTick handler), then 10 ms asleep, which must count
// only the few instructions the wake-ups execute.
void calibrate(hal::Clock& clock) {
    for (const uint32_t loops : kCalibrationLoops) {
        const uint64_t started = busy_ns();
        spin(loops);
        const uint64_t count = busy_ns() - started;
        console_print("selftest: instructions calibration loop=%lu expected=%lu count=%llu\n",
                      static_cast<unsigned long>(loops),
                      static_cast<unsigned long>(loops) * kInstructionsPerLoop,
                      static_cast<ULL>(count));
    }
    const uint64_t started_ns = AppClock::now_ns();
    const uint64_t started = busy_ns();
    const hal::Millis until = clock.now_ms() + kCalibrationSleepMs;
    while (!hal::deadline_passed(clock.now_ms(), until))
        AppClock::sleep_until_interrupt();
    const uint64_t count = busy_ns() - started;
    console_print("selftest: instructions calibration sleep-ms=%lu elapsed=%llu count=%llu\n",
                  static_cast<unsigned long>(kCalibrationSleepMs),
                  static_cast<ULL>(AppClock::now_ns() - started_ns), static_cast<ULL>(count));
}

// hal::Socket over the TLS client that measures connect(): TCP connect and TLS handshake.
class ConnectMeter final : public hal::Socket {
  public:
    explicit ConnectMeter(hal::Socket& inner) : inner_(inner) {}

    hal::Status connect(std::string_view host, uint16_t port, hal::Millis deadline) override {
        const uint64_t started = busy_ns();
        const hal::Status status = inner_.connect(host, port, deadline);
        connect_ns_ = busy_ns() - started;
        return status;
    }
    hal::Result<size_t> send(hal::ConstByteSpan data, hal::Millis deadline) override {
        return inner_.send(data, deadline);
    }
    hal::Result<size_t> recv(hal::ByteSpan out, hal::Millis deadline) override {
        return inner_.recv(out, deadline);
    }
    void close() override { inner_.close(); }
    bool is_connected() const override { return inner_.is_connected(); }

    // Busy nanoseconds of the last connect().
    uint64_t connect_ns() const { return connect_ns_; }

  private:
    hal::Socket& inner_;
    uint64_t connect_ns_ = 0;
};

// One request, its body into `body`; its busy nanoseconds into *count. Anything but an
// answer with status 200 is an error.
hal::Status timed_request(net::http::HttpClient& http, hal::Clock& clock,
                          const net::http::Request& request, hal::ByteSpan body, uint64_t* count) {
    net::http::ResponseHead head;
    const hal::Millis deadline = clock.now_ms() + kStepTimeoutMs;
    const uint64_t started = busy_ns();
    const hal::Result<size_t> got = http.request_into(request, body, &head, deadline);
    *count = busy_ns() - started;
    if (!got.ok()) return got.status();
    return head.status == kHttpOk ? hal::Status::kOk : hal::Status::kServiceError;
}

// A GET of the self-test's URL on a new connection: the handshake (`meter`) and the
// request after it, printed as `request`.
int connection(const CountingSetup& setup, net::http::HttpClient& http, const ConnectMeter& meter,
               const net::url::Url& origin, const char* request_label) {
    net::http::Request request;
    request.path = origin.base_path;
    uint64_t total = 0;
    const hal::Status status = timed_request(http, setup.clock, request, setup.body, &total);
    if (status != hal::Status::kOk) return fail("icount GET", status);
    const std::string_view protocol = setup.tls.protocol();
    const std::string_view suite = setup.tls.ciphersuite();
    console_print("selftest: instructions handshake=%s protocol=%.*s suite=%.*s count=%llu\n",
                  setup.tls.session_resumed() ? "resumed" : "full",
                  static_cast<int>(protocol.size()), protocol.data(),
                  static_cast<int>(suite.size()), suite.data(),
                  static_cast<ULL>(meter.connect_ns()));
    console_print("selftest: instructions request=%s count=%llu\n", request_label,
                  static_cast<ULL>(total - meter.connect_ns()));
    return 0;
}

// The device's steady state on a kept connection: send a message, poll for the answer.
int exchange(const CountingSetup& setup, net::http::HttpClient& http, unsigned number) {
    const net::http::Header headers[] = {
        {"Authorization", "Bearer ", {kToken}},
        {"uniqueAppDeviceId", kDeviceId},
    };
    net::http::Request send;
    send.method = net::http::Method::kPost;
    send.path = kSendPath;
    send.headers = headers;
    send.content_type = kJson;
    send.body = hal::as_bytes(kMessageBody);
    net::http::Request poll;
    poll.path = kPollPath;
    poll.headers = headers;
    uint64_t sent = 0;
    uint64_t polled = 0;
    hal::Status status = timed_request(http, setup.clock, send, setup.body, &sent);
    if (status != hal::Status::kOk) return fail("icount POST", status);
    status = timed_request(http, setup.clock, poll, setup.body, &polled);
    if (status != hal::Status::kOk) return fail("icount poll GET", status);
    console_print("selftest: instructions exchange=%u send=%llu poll=%llu count=%llu\n", number,
                  static_cast<ULL>(sent), static_cast<ULL>(polled),
                  static_cast<ULL>(sent + polled));
    return 0;
}

// GET /bulk/N on the kept connection: the head, then each record of the body.
int bulk(const CountingSetup& setup, net::http::HttpClient& http) {
    net::http::Request request;
    request.path = setup.bulk_path;
    const hal::Millis deadline =
        setup.clock.now_ms() + kStepTimeoutMs + setup.bulk_records * kBulkMsPerRecord;
    uint64_t started = busy_ns();
    const hal::Result<net::http::ResponseHead> head = http.begin(request, deadline);
    const uint64_t head_count = busy_ns() - started;
    if (!head.ok()) return fail("icount bulk GET", head.status());
    if (head.value().status != kHttpOk) return fail("icount bulk GET", hal::Status::kServiceError);
    uint64_t body_count = 0;
    unsigned long received = 0;
    size_t in_record = 0;
    unsigned record = 0;
    started = busy_ns();
    for (;;) {
        const hal::Result<size_t> n = http.read_body(setup.body, deadline);
        if (!n.ok()) return fail("icount bulk body", n.status());
        if (n.value() == 0) break;
        received += static_cast<unsigned long>(n.value());
        in_record += n.value();
        if (in_record < kBulkRecordSize) continue;
        // A record's end (the reads stop there: 16 KB is a multiple of 512 B). The line
        // is printed outside the counts.
        const uint64_t count = busy_ns() - started;
        body_count += count;
        in_record -= kBulkRecordSize;
        console_print("selftest: instructions bulk record=%u count=%llu\n", ++record,
                      static_cast<ULL>(count));
        started = busy_ns();
    }
    body_count += busy_ns() - started;  // the read that saw the end
    console_print("selftest: instructions bulk records=%lu bytes=%lu head=%llu count=%llu\n",
                  setup.bulk_records, received, static_cast<ULL>(head_count),
                  static_cast<ULL>(body_count));
    if (received != setup.bulk_records * kBulkRecordSize)
        return fail("icount bulk body", hal::Status::kCorrupt);
    return 0;
}

}  // namespace

uint64_t busy_ns() {
    return AppClock::now_ns() - AppClock::idle_ns();
}

int count_instructions(const CountingSetup& setup, const net::url::Url& origin) {
    calibrate(setup.clock);
    ConnectMeter meter(setup.tls);
    net::http::HttpClient http(meter, setup.clock, origin, setup.http_buffer);
    int code = connection(setup, http, meter, origin, "first");
    if (code != 0) return code;
    for (unsigned number = 1; number <= kExchanges && code == 0; ++number)
        code = exchange(setup, http, number);
    if (code != 0) return code;
    // Every exchange on the kept connection, or the counts hold handshakes.
    if (http.connections_opened() != 1) return fail("icount keep-alive", hal::Status::kClosed);
    http.close();
    code = connection(setup, http, meter, origin, "first-resumed");
    if (code != 0) return code;
    if (!setup.tls.session_resumed()) return fail("icount resumption", hal::Status::kUnavailable);
    if (setup.bulk_records > 0) {
        code = bulk(setup, http);
        if (code != 0) return code;
        // On the resumed connection, or the counts hold a handshake.
        if (http.connections_opened() != 2)
            return fail("icount bulk keep-alive", hal::Status::kClosed);
    }
    http.close();
    return 0;
}

}  // namespace boards::mps2_an386
