#include "tests/fault_sweep/fault_socket.h"

#include <string_view>

namespace sweep {

hal::Result<int64_t> SweepClock::wall_seconds() {
    constexpr hal::Millis kMsPerSecond = 1000;
    const hal::Result<int64_t> wall = real_.wall_seconds();
    if (!wall.ok()) return wall;
    return wall.value() + static_cast<int64_t>(offset_ms_ / kMsPerSecond);
}

const char* to_string(Layer layer) {
    return layer == Layer::kTcp ? "tcp" : "http";
}

const char* to_string(FaultKind kind) {
    switch (kind) {
        case FaultKind::kNone:
            return "none";
        case FaultKind::kError:
            return "error";
        case FaultKind::kTimeout:
            return "timeout";
        case FaultKind::kShortIo:
            return "short-io";
        case FaultKind::kPeerClose:
            return "peer-close";
        case FaultKind::kReset:
            return "reset";
        case FaultKind::kStall:
            return "stall";
    }
    return "?";
}

FaultKind FaultSocket::take(bool is_recv) {
    const uint32_t call = plan_.calls[static_cast<int>(layer_)]++;
    if (plan_.kind == FaultKind::kNone || plan_.fired || plan_.layer != layer_) {
        return FaultKind::kNone;
    }
    const bool hit = plan_.recv_after_message_post != 0
                         ? is_recv && plan_.message_posts == plan_.recv_after_message_post
                         : plan_.index == call;
    if (!hit) return FaultKind::kNone;
    plan_.fired = true;
    return plan_.kind;
}

hal::Status FaultSocket::fail(FaultKind kind, hal::Millis deadline) {
    switch (kind) {
        case FaultKind::kError:
            return hal::Status::kNetworkError;
        case FaultKind::kTimeout:
            return hal::Status::kTimeout;
        case FaultKind::kPeerClose:
            inner_.close();
            return hal::Status::kClosed;
        case FaultKind::kReset:
            inner_.close();
            return hal::Status::kNetworkError;
        case FaultKind::kStall: {
            const hal::Millis now = clock_.now_ms();
            if (!hal::deadline_passed(now, deadline)) clock_.advance(deadline - now + 1);
            return hal::Status::kTimeout;
        }
        case FaultKind::kNone:
        case FaultKind::kShortIo:
            break;
    }
    return hal::Status::kOk;
}

void FaultSocket::note_return(hal::Millis deadline) {
    const hal::Millis now = clock_.now_ms();
    if (!hal::deadline_passed(now, deadline)) return;
    const hal::Millis over = now - deadline;
    if (over > plan_.worst_overrun_ms) plan_.worst_overrun_ms = over;
}

hal::Status FaultSocket::connect(std::string_view host, uint16_t port, hal::Millis deadline) {
    plan_.connection_ended = true;  // whatever this replaces is gone
    const hal::Status injected = fail(take(), deadline);
    if (injected != hal::Status::kOk) return injected;
    const hal::Status status = inner_.connect(host, port, deadline);
    note_return(deadline);
    return status;
}

hal::Result<size_t> FaultSocket::send(hal::ConstByteSpan data, hal::Millis deadline) {
    const std::string_view text(reinterpret_cast<const char*>(data.data()), data.size());
    const std::string_view line = text.substr(0, text.find('\r'));
    if (line.rfind("POST ", 0) == 0 && line.find("/messages HTTP/") != std::string_view::npos) {
        ++plan_.message_posts;
    }
    const FaultKind kind = take();
    const hal::Status injected = fail(kind, deadline);
    if (injected == hal::Status::kTimeout && kind == FaultKind::kStall) {
        return size_t{0};  // nothing moved, and the deadline has passed: the caller gives up
    }
    if (injected != hal::Status::kOk) return injected;
    const bool shorten = kind == FaultKind::kShortIo && data.size() > 1;
    const hal::Result<size_t> n = inner_.send(shorten ? data.first(1) : data, deadline);
    note_return(deadline);
    return n;
}

hal::Result<size_t> FaultSocket::recv(hal::ByteSpan out, hal::Millis deadline) {
    const FaultKind kind = take(true);
    const hal::Status injected = fail(kind, deadline);
    if (injected == hal::Status::kTimeout && kind == FaultKind::kStall) return size_t{0};
    if (injected != hal::Status::kOk) return injected;
    const bool shorten = kind == FaultKind::kShortIo && out.size() > 1;
    const hal::Result<size_t> n = inner_.recv(shorten ? out.first(1) : out, deadline);
    note_return(deadline);
    return n;
}

}  // namespace sweep
