#include "tests/support/sim_process.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <cstring>

namespace test {
namespace {

constexpr int kStartTimeoutMs = 15000;
constexpr int kControlTimeoutMs = 10000;

std::string sim_path() {
    return std::string(PARLEY_SOURCE_DIR) + "/tools/sim/parley-sim";
}

// "api=https://127.0.0.1:40123 control=http://127.0.0.1:40124" → the two ports.
bool parse_listening_line(const std::string& text, uint16_t* api, uint16_t* control) {
    const size_t line = text.find("parley-sim listening");
    if (line == std::string::npos || text.find('\n', line) == std::string::npos) return false;
    const size_t api_at = text.find("api=", line);
    const size_t control_at = text.find("control=", line);
    if (api_at == std::string::npos || control_at == std::string::npos) return false;
    const size_t api_colon = text.rfind(':', control_at);
    const size_t control_colon = text.find(':', text.find("//", control_at));
    *api = static_cast<uint16_t>(std::atoi(text.c_str() + api_colon + 1));
    *control = static_cast<uint16_t>(std::atoi(text.c_str() + control_colon + 1));
    return *api != 0 && *control != 0;
}

int elapsed_ms(std::chrono::steady_clock::time_point start) {
    return static_cast<int>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                std::chrono::steady_clock::now() - start)
                                .count());
}

// A TCP connection to `host` (an IPv4 or IPv6 literal) on `port`; -1 on failure.
int connect_to(const std::string& host, uint16_t port) {
    sockaddr_in v4{};
    sockaddr_in6 v6{};
    const sockaddr* addr = nullptr;
    socklen_t length = 0;
    if (::inet_pton(AF_INET, host.c_str(), &v4.sin_addr) == 1) {
        v4.sin_family = AF_INET;
        v4.sin_port = htons(port);
        addr = reinterpret_cast<const sockaddr*>(&v4);
        length = sizeof v4;
    } else if (::inet_pton(AF_INET6, host.c_str(), &v6.sin6_addr) == 1) {
        v6.sin6_family = AF_INET6;
        v6.sin6_port = htons(port);
        addr = reinterpret_cast<const sockaddr*>(&v6);
        length = sizeof v6;
    } else {
        return -1;
    }
    const int fd = ::socket(addr->sa_family, SOCK_STREAM, 0);
    if (fd >= 0 && ::connect(fd, addr, length) == 0) return fd;
    if (fd >= 0) ::close(fd);
    return -1;
}

std::string read_all(int fd) {
    std::string data;
    const auto start = std::chrono::steady_clock::now();
    while (elapsed_ms(start) < kControlTimeoutMs) {
        pollfd p{fd, POLLIN, 0};
        if (::poll(&p, 1, kControlTimeoutMs - elapsed_ms(start)) <= 0) break;
        char buf[4096];
        const ssize_t n = ::read(fd, buf, sizeof buf);
        if (n <= 0) break;
        data.append(buf, static_cast<size_t>(n));
    }
    return data;
}

}  // namespace

long json_number_after(const std::string& json, const std::string& key) {
    const size_t at = json.find("\"" + key + "\"");
    if (at == std::string::npos) return -1;
    const size_t colon = json.find(':', at);
    return colon == std::string::npos ? -1 : std::strtol(json.c_str() + colon + 1, nullptr, 10);
}

SimProcess::SimProcess(const SimOptions& options) : host_(options.host) {
    int fds[2];
    if (::pipe(fds) != 0) return;
    const std::string leaf = options.cert_dir + "/" + options.cert_name;
    std::vector<std::string> args = {"python3", sim_path(),    "--cert", leaf + ".pem",
                                     "--key",   leaf + ".key", "--host", options.host};
    args.insert(args.end(), options.extra_args.begin(), options.extra_args.end());
    std::vector<char*> argv;
    for (std::string& a : args)
        argv.push_back(a.data());
    argv.push_back(nullptr);
    pid_ = ::fork();
    if (pid_ == 0) {
        ::dup2(fds[1], STDOUT_FILENO);
        ::dup2(fds[1], STDERR_FILENO);
        ::close(fds[0]);
        ::close(fds[1]);
        ::execvp("python3", argv.data());
        ::_exit(127);
    }
    ::close(fds[1]);
    out_fd_ = fds[0];
    const auto start = std::chrono::steady_clock::now();
    while (pid_ > 0 && elapsed_ms(start) < kStartTimeoutMs) {
        pollfd p{out_fd_, POLLIN, 0};
        if (::poll(&p, 1, kStartTimeoutMs - elapsed_ms(start)) <= 0) break;
        char buf[512];
        const ssize_t n = ::read(out_fd_, buf, sizeof buf);
        if (n <= 0) break;
        output_.append(buf, static_cast<size_t>(n));
        if (parse_listening_line(output_, &api_port_, &control_port_)) break;
    }
}

SimProcess::~SimProcess() {
    if (pid_ > 0) {
        ::kill(pid_, SIGTERM);
        int status = 0;
        ::waitpid(pid_, &status, 0);
    }
    if (out_fd_ >= 0) ::close(out_fd_);
}

ControlReply SimProcess::control(const char* method, const std::string& path,
                                 const std::string& json_body) const {
    ControlReply reply;
    const int fd = connect_to(host_, control_port_);
    if (fd < 0) return reply;
    const std::string request = std::string(method) + " " + path +
                                " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                                "Content-Type: application/json\r\nContent-Length: " +
                                std::to_string(json_body.size()) + "\r\n\r\n" + json_body;
    if (::send(fd, request.data(), request.size(), MSG_NOSIGNAL) ==
        static_cast<ssize_t>(request.size())) {
        const std::string raw = read_all(fd);
        const size_t head_end = raw.find("\r\n\r\n");
        if (raw.rfind("HTTP/1.", 0) == 0 && head_end != std::string::npos) {
            reply.status = std::atoi(raw.c_str() + 9);
            reply.body = raw.substr(head_end + 4);
        }
    }
    ::close(fd);
    return reply;
}

long SimProcess::stat(const std::string& key) const {
    return json_number_after(get("/stats").body, key);
}

size_t count_of(const std::string& haystack, const std::string& needle) {
    size_t n = 0;
    for (size_t at = haystack.find(needle); at != std::string::npos;
         at = haystack.find(needle, at + needle.size()))
        ++n;
    return n;
}

std::string as_message(const std::string& text) {
    return "\"message\": \"" + text + "\"";
}

}  // namespace test
