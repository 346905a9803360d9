#include "boards/host/app_commands.h"

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>

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
    std::ifstream file;
    std::istream* in = &std::cin;
    if (args.size() == 3 && args[1] == "--from") {
        file.open(args[2]);
        if (!file) return report_failure(program, "cannot read " + args[2]);
        in = &file;
    } else if (args.size() != 1) {
        return report_failure(
            program, "usage: provision [--from FILE] (the secret is never taken from argv)");
    }
    CredentialsInput credentials;
    std::string error;
    if (!read_credentials(*in, device.options().dialect == "parley", &credentials, &error)) {
        return report_failure(program, error);
    }
    const hal::Status status = device.provision(credentials.client_id, credentials.client_secret);
    if (status != hal::Status::kOk) {
        return report_failure(program, "could not store the credentials (" + explain(status) + ")");
    }
    std::printf("provisioned device %s\n", device.device_id().c_str());
    return 0;
}

int run_status(HostDevice& device) {
    std::printf("device: %s\n", device.device_id().c_str());
    firmware::settings::Credentials credentials;
    std::printf("provisioned: %s\n",
                device.settings().read_credentials(credentials) == hal::Status::kOk ? "yes" : "no");
    firmware::settings::Token token;
    std::printf("token kept: %s\n",
                device.settings().read_token(token) == hal::Status::kOk ? "yes" : "no");
    return 0;
}

}  // namespace host
