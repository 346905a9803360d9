#include "boards/host/conversation_history.h"

#include <cerrno>
#include <cstdlib>

#include "boards/host/console_format.h"
#include "net/parley/api_error.h"
#include "net/parley/message_page.h"
#include "net/parley/parley_config.h"

namespace boards::host {

bool parse_history_args(const std::vector<std::string>& args, size_t* count, std::string* error) {
    if (args.size() > 2) {
        *error = "history takes one number at most (got '" + args[2] + "' after it)";
        return false;
    }
    if (args.size() < 2) {
        *count = kDefaultHistoryCount;
        return true;
    }
    const std::string& text = args[1];
    // Digits only: strtoull would take a sign, spaces and "0x".
    const bool digits = !text.empty() && text.find_first_not_of("0123456789") == std::string::npos;
    errno = 0;
    const unsigned long long value = digits ? std::strtoull(text.c_str(), nullptr, 10) : 0;
    if (!digits || errno == ERANGE || value < 1 || value > kMaxHistoryCount) {
        *error = "history N must be a whole number from 1 to " + std::to_string(kMaxHistoryCount) +
                 " (got '" + text + "')";
        return false;
    }
    *count = static_cast<size_t>(value);
    return true;
}

std::string history_author(const net::parley::Message& message) {
    if (message.type == net::parley::MessageType::kUser ||
        message.type == net::parley::MessageType::kUserSilent) {
        return "You";
    }
    return sender(message);
}

void HistoryCollector::on_message(const net::parley::Message& message) {
    if (lines_.count(message.id) == 0) {
        lines_[message.id] = format_message_as(
            message, text_, history_author(message) + " (" + date_time(message.time) + ")");
    }
    text_.clear();
}

void HistoryCollector::on_skipped(uint64_t /*id*/, hal::Status /*reason*/) {
    ++skipped_;
    text_.clear();
}

std::string HistoryCollector::newest(size_t count) const {
    std::string out;
    size_t skip = lines_.size() > count ? lines_.size() - count : 0;
    for (const auto& [id, lines] : lines_) {
        if (skip > 0) {
            --skip;
            continue;
        }
        out += lines;
    }
    return out;
}

namespace {

bool is_full(const net::parley::PageResult& page) {
    return page.delivered + page.skipped >= net::parley::kMessagesPerPage;
}

}  // namespace

hal::Status read_history(firmware::messenger::ServiceApi& api, hal::Clock& clock,
                         hal::Millis timeout_ms, size_t count, HistoryCollector& collector) {
    net::parley::PageResult page;
    hal::Status status = api.newest_messages(collector, &page, clock.now_ms() + timeout_ms);
    if (status == hal::Status::kFailedPrecondition &&
        net::parley::is_device_not_registered(api.last_error().error_string())) {
        return hal::Status::kOk;  // never subscribed: no conversation
    }
    // Each page that goes on must reach below the last: the loop ends.
    while (status == hal::Status::kOk && collector.size() < count && is_full(page)) {
        const uint64_t lowest = collector.lowest_id();
        status = api.messages_before(lowest, collector, &page, clock.now_ms() + timeout_ms);
        if (collector.lowest_id() >= lowest) break;
    }
    return status;
}

}  // namespace boards::host
