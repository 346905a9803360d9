// SimProcess: runs tools/sim/parley-sim for a test (TLS on 127.0.0.1 unless told
// otherwise, free ports, the test CA's server certificate) and talks to its control API
// over plain HTTP on the same address. Stops the simulator when it goes away. Test code:
// may allocate.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <string>
#include <vector>

namespace test {

struct SimOptions {
    std::string cert_dir;                 // from tools/certs/make-test-certs
    std::vector<std::string> extra_args;  // e.g. {"--bot", "--bot-delay", "0.2"}
    std::string host = "127.0.0.1";       // --host: both ports listen here (IPv4 or IPv6)
    std::string cert_name = "server-ec";  // <cert_dir>/<cert_name>.pem and .key
};

struct ControlReply {
    int status = 0;    // HTTP status, 0 when the control port did not answer
    std::string body;  // JSON text
};

class SimProcess {
  public:
    explicit SimProcess(const SimOptions& options);
    ~SimProcess();
    SimProcess(const SimProcess&) = delete;
    SimProcess& operator=(const SimProcess&) = delete;

    bool started() const { return api_port_ != 0; }
    uint16_t api_port() const { return api_port_; }
    uint16_t control_port() const { return control_port_; }
    // What it printed while starting, for a failing test's message.
    const std::string& startup_output() const { return output_; }

    ControlReply control(const char* method, const std::string& path,
                         const std::string& json_body = "") const;
    ControlReply get(const std::string& path) const { return control("GET", path); }
    ControlReply post(const std::string& path, const std::string& json) const {
        return control("POST", path, json);
    }

    // A number from GET /stats, e.g. stat("token_requests"); -1 when absent.
    long stat(const std::string& key) const;

  private:
    pid_t pid_ = -1;
    int out_fd_ = -1;
    uint16_t api_port_ = 0;
    uint16_t control_port_ = 0;
    std::string host_;
    std::string output_;
};

// The first integer after "key": in a JSON text (enough for flat control replies).
long json_number_after(const std::string& json, const std::string& key);

// How many times `needle` stands in `haystack` (not overlapping).
size_t count_of(const std::string& haystack, const std::string& needle);

// How the conversation shows a user's text (GET /conversations/{device}, indented JSON).
std::string as_message(const std::string& text);

}  // namespace test
