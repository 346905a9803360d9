#include "tests/port_lwip/peer_process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cstring>

namespace lwip_test {
namespace {

constexpr int kStartTimeoutMs = 10000;
constexpr size_t kSeenMax = 4096;

long long monotonic_ms() {
    timespec now{};
    clock_gettime(CLOCK_MONOTONIC, &now);
    return static_cast<long long>(now.tv_sec) * 1000 + now.tv_nsec / 1000000;
}

// Reads the child's output until `ready` shows up, the child ends, or time runs out.
bool wait_for(int fd, const char* ready) {
    char seen[kSeenMax + 1] = {};
    size_t used = 0;
    const long long start = monotonic_ms();
    for (;;) {
        const long long left = kStartTimeoutMs - (monotonic_ms() - start);
        if (left <= 0) return false;
        pollfd entry{fd, POLLIN, 0};
        if (::poll(&entry, 1, static_cast<int>(left)) <= 0) return false;
        if (used == kSeenMax) used = 0;  // the marker is near the end of a short output
        const ssize_t n = ::read(fd, seen + used, kSeenMax - used);
        if (n <= 0) return false;
        used += static_cast<size_t>(n);
        seen[used] = '\0';
        if (std::strstr(seen, ready) != nullptr) return true;
    }
}

[[noreturn]] void exec_child(const char* const* argv, const char* dir, int in, int out) {
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);  // never outlive the test process
    ::dup2(in, STDIN_FILENO);
    ::dup2(out, STDOUT_FILENO);
    ::dup2(out, STDERR_FILENO);
    if (dir != nullptr && ::chdir(dir) != 0) ::_exit(126);
    ::execvp(argv[0], const_cast<char* const*>(argv));
    ::_exit(127);
}

}  // namespace

bool PeerProcess::start(const char* const* argv, const char* ready, const char* dir) {
    stop();
    int in[2];
    int out[2];
    if (::pipe2(in, O_CLOEXEC) != 0) return false;
    if (::pipe2(out, O_CLOEXEC) != 0) {
        ::close(in[0]);
        ::close(in[1]);
        return false;
    }
    pid_ = ::fork();
    if (pid_ == 0) exec_child(argv, dir, in[0], out[1]);
    ::close(in[0]);
    ::close(out[1]);
    input_fd_ = in[1];
    output_fd_ = out[0];
    if (pid_ < 0 || !wait_for(output_fd_, ready)) {
        stop();
        return false;
    }
    return true;
}

void PeerProcess::stop() {
    if (pid_ > 0) {
        ::kill(pid_, SIGTERM);
        int status = 0;
        ::waitpid(pid_, &status, 0);
    }
    pid_ = -1;
    if (input_fd_ >= 0) ::close(input_fd_);
    if (output_fd_ >= 0) ::close(output_fd_);
    input_fd_ = -1;
    output_fd_ = -1;
}

}  // namespace lwip_test
