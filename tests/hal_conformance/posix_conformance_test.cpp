// The HAL conformance suite against the POSIX port (port/posix): TcpSocket on loopback
// peers, SystemClock, GetrandomEntropy, FileFlash on a file, StderrLog on a pipe,
// FileDeviceIdentity on a file. Each TEST runs one interface's checks and pins down how
// many ran and which were skipped (a hook this port cannot offer).
#include <CppUTest/TestHarness.h>
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <ctime>
#include <string>

#include "hal/conformance/clock_checks.h"
#include "hal/conformance/device_identity_checks.h"
#include "hal/conformance/entropy_checks.h"
#include "hal/conformance/flash_checks.h"
#include "hal/conformance/log_checks.h"
#include "hal/conformance/socket_checks.h"
#include "port/posix/clock.h"
#include "port/posix/entropy.h"
#include "port/posix/file_device_identity.h"
#include "port/posix/file_flash.h"
#include "port/posix/stderr_log.h"
#include "port/posix/tcp_socket.h"
#include "tests/hal_conformance/cpputest_reporter.h"
#include "tests/hal_conformance/loopback_peers.h"
#include "tests/port_posix/port_posix_fixtures.h"

namespace hc = hal::conformance;
using conformance_test::CppUTestReporter;
using conformance_test::LoopbackPeers;

namespace {

void sleep_ms(hal::Millis ms) {
    timespec left{static_cast<time_t>(ms / 1000), static_cast<long>(ms % 1000) * 1000000L};
    while (::nanosleep(&left, &left) != 0 && errno == EINTR) {
    }
}

class ClockFixture final : public hc::ClockFixture {
  public:
    hal::Clock& clock() override { return clock_; }
    void let_time_pass(hal::Millis ms) override { sleep_ms(ms); }
    bool start_near(hal::Millis value) override {
        clock_ = port::posix::SystemClock(port::posix::SystemClock::offset_to_reach(value));
        return true;
    }

  private:
    port::posix::SystemClock clock_;
};

class EntropyFixture final : public hc::EntropyFixture {
  public:
    hal::Entropy& entropy() override { return entropy_; }

  private:
    port::posix::GetrandomEntropy entropy_;
};

class FlashFixture final : public hc::FlashFixture {
  public:
    explicit FlashFixture(const std::string& path, hal::FlashGeometry geometry)
        : flash_(path, geometry) {}
    hal::Status open() { return flash_.open(); }

    hal::Flash& flash() override { return flash_; }
    uint32_t first_scratch_sector() const override { return 0; }
    uint32_t scratch_sector_count() const override { return flash_.geometry().sector_count; }
    // FileFlash syncs every erase and program: a closed and reopened file is a reboot.
    bool reboot() override {
        flash_.close();
        return flash_.open() == hal::Status::kOk;
    }

  private:
    port::posix::FileFlash flash_;
};

// A pipe whose read end never blocks: StderrLog writes into it, the fixture reads it back.
struct Pipe {
    Pipe() {
        if (::pipe2(fds, O_CLOEXEC | O_NONBLOCK) != 0) fds[0] = fds[1] = -1;
    }
    ~Pipe() {
        for (const int fd : fds) {
            if (fd >= 0) ::close(fd);
        }
    }
    Pipe(const Pipe&) = delete;
    Pipe& operator=(const Pipe&) = delete;

    int fds[2] = {-1, -1};
};

class LogFixture final : public hc::LogFixture {
  public:
    bool ready() const { return pipe_.fds[0] >= 0; }
    hal::Log& log() override { return log_; }
    bool take_output(hal::CharSpan out, size_t& size) override {
        size = 0;
        for (;;) {
            char buffer[512];
            const ssize_t n = ::read(pipe_.fds[0], buffer, sizeof buffer);
            if (n <= 0) return true;
            for (ssize_t i = 0; i < n && size < out.size(); ++i)
                out[size++] = buffer[i];
        }
    }

  private:
    Pipe pipe_;  // before log_, which writes to it
    port::posix::SystemClock clock_;
    port::posix::StderrLog log_{clock_, hal::LogLevel::kDebug, pipe_.fds[1]};
};

class IdentityFixture final : public hc::DeviceIdentityFixture {
  public:
    explicit IdentityFixture(std::string path) : path_(std::move(path)) {}
    hal::Status load() { return identity_.load(path_, entropy_); }

    hal::DeviceIdentity& identity() override { return identity_; }
    bool reload() override { return load() == hal::Status::kOk; }

  private:
    std::string path_;
    port::posix::GetrandomEntropy entropy_;
    port::posix::FileDeviceIdentity identity_;
};

class SocketFixture final : public hc::SocketFixture {
  public:
    explicit SocketFixture(const LoopbackPeers& peers) : peers_(peers) {}
    hal::Socket& socket() override { return socket_; }
    hal::Clock& clock() override { return clock_; }
    hc::SocketPeer peer() override { return peers_.peer(); }

  private:
    const LoopbackPeers& peers_;
    port::posix::SystemClock clock_;
    port::posix::TcpSocket socket_{clock_};
};

}  // namespace

TEST_GROUP(PosixConformance) {
    port_posix_test::TempDir dir;
    CppUTestReporter reporter;
};

TEST(PosixConformance, SystemClock) {
    ClockFixture fixture;
    reporter.verify(hc::run_clock_checks(fixture, reporter), hc::clock_check_count(), "");
}

TEST(PosixConformance, GetrandomEntropy) {
    EntropyFixture fixture;
    reporter.verify(hc::run_entropy_checks(fixture, reporter), hc::entropy_check_count(),
                    "fill-reports-a-source-not-ready");
}

TEST(PosixConformance, FileFlashUnit1) {
    FlashFixture fixture(dir.file("flash-unit1.bin"), {4096, 4, 1});
    CHECK_EQUAL(hal::Status::kOk, fixture.open());
    reporter.verify(hc::run_flash_checks(fixture, reporter), hc::flash_check_count(),
                    "program-alignment-is-enforced torn-program-lands-between-old-and-new "
                    "torn-erase-stays-in-its-sector");
}

TEST(PosixConformance, FileFlashUnit8) {
    FlashFixture fixture(dir.file("flash-unit8.bin"), {1024, 6, 8});
    CHECK_EQUAL(hal::Status::kOk, fixture.open());
    reporter.verify(hc::run_flash_checks(fixture, reporter), hc::flash_check_count(),
                    "torn-program-lands-between-old-and-new torn-erase-stays-in-its-sector");
}

TEST(PosixConformance, StderrLog) {
    LogFixture fixture;
    CHECK_TRUE(fixture.ready());
    reporter.verify(hc::run_log_checks(fixture, reporter), hc::log_check_count(), "");
}

TEST(PosixConformance, FileDeviceIdentity) {
    IdentityFixture fixture(dir.file("identity.bin"));
    CHECK_EQUAL(hal::Status::kOk, fixture.load());
    reporter.verify(hc::run_device_identity_checks(fixture, reporter),
                    hc::device_identity_check_count(), "");
}

TEST(PosixConformance, TcpSocket) {
    LoopbackPeers peers;
    CHECK_TRUE(peers.start());
    SocketFixture fixture(peers);
    reporter.verify(hc::run_socket_checks(fixture, reporter), hc::socket_check_count(), "");
}

namespace {

// TcpSocket with one contract point broken, to show the socket checks can fail.
class BrokenSocket final : public hal::Socket {
  public:
    enum class Fault { kTimeoutInsteadOfZero, kClosedAsZero };
    BrokenSocket(hal::Socket& inner, Fault fault) : inner_(inner), fault_(fault) {}

    hal::Status connect(std::string_view host, uint16_t port, hal::Millis deadline) override {
        return inner_.connect(host, port, deadline);
    }
    hal::Result<size_t> send(hal::ConstByteSpan data, hal::Millis deadline) override {
        return inner_.send(data, deadline);
    }
    hal::Result<size_t> recv(hal::ByteSpan out, hal::Millis deadline) override {
        const hal::Result<size_t> got = inner_.recv(out, deadline);
        if (fault_ == Fault::kTimeoutInsteadOfZero && got.ok() && got.value() == 0) {
            return hal::Status::kTimeout;
        }
        if (fault_ == Fault::kClosedAsZero && got.status() == hal::Status::kClosed)
            return size_t{0};
        return got;
    }
    void close() override { inner_.close(); }
    bool is_connected() const override { return inner_.is_connected(); }

  private:
    hal::Socket& inner_;
    Fault fault_;
};

class BrokenSocketFixture final : public hc::SocketFixture {
  public:
    BrokenSocketFixture(const LoopbackPeers& peers, BrokenSocket::Fault fault)
        : peers_(peers), broken_(socket_, fault) {}
    hal::Socket& socket() override { return broken_; }
    hal::Clock& clock() override { return clock_; }
    hc::SocketPeer peer() override { return peers_.peer(); }
    hal::Millis slack_ms() const override { return 500; }

  private:
    const LoopbackPeers& peers_;
    port::posix::SystemClock clock_;
    port::posix::TcpSocket socket_{clock_};
    BrokenSocket broken_;
};

class FailureCounter final : public hc::Reporter {
  public:
    void report(const hc::CheckReport& r) override {
        std::printf("\n  %s %s: %s", hc::to_string(r.outcome), r.check, r.message);
    }
};

}  // namespace

TEST(PosixConformance, SocketChecksCatchBrokenSockets) {
    LoopbackPeers peers;
    CHECK_TRUE(peers.start());
    FailureCounter reporter_of_failures;
    {
        BrokenSocketFixture fixture(peers, BrokenSocket::Fault::kTimeoutInsteadOfZero);
        const hc::Summary summary =
            hc::run_socket_checks(fixture, reporter_of_failures, "recv-returns-0-at-its-deadline");
        UNSIGNED_LONGS_EQUAL(1, summary.failed);
    }
    {
        BrokenSocketFixture fixture(peers, BrokenSocket::Fault::kClosedAsZero);
        const hc::Summary summary = hc::run_socket_checks(fixture, reporter_of_failures,
                                                          "peer-close-is-kClosed-after-its-bytes");
        UNSIGNED_LONGS_EQUAL(1, summary.failed);
    }
}
