// Socket conformance (hal/socket.h), against peers the porter runs somewhere the socket
// can reach (tests/port_lwip/peers.py is one: run it on a PC on the board's network):
// connect errors (refused: kNetworkError; a name that does not resolve: kNameResolution;
// already connected: kFailedPrecondition); partial I/O (send and recv move 1..size bytes,
// a 1-byte buffer works, a 16 KiB echo arrives intact and in order); deadlines (recv and
// send return 0, not an error, at their deadline and at once when it has passed, yet
// still move bytes that are ready); the peer's orderly close as kClosed after its bytes;
// a reset as kNetworkError; is_connected; close idempotent; reconnecting without close
// after kClosed; calls before connect are errors; empty buffers are kInvalidArgument.
#pragma once

#include <cstddef>
#include <cstdint>

#include "hal/clock.h"
#include "hal/conformance/conformance.h"
#include "hal/socket.h"
#include "hal/time.h"

namespace hal::conformance {

// Where the peers listen. tests/port_lwip/peers.py serves echo 7001, silent 7002, bye
// 7003, reset 7004 (nothing on 7999), and names under .parley.test through its DNS.
struct SocketPeer {
    const char* host;          // as connect() takes it: a name or a literal address
    uint16_t echo_port;        // echoes every byte until the client closes
    uint16_t silent_port;      // accepts, never reads or writes (a small receive buffer)
    uint16_t bye_port;         // sends "bye" and closes (FIN)
    uint16_t reset_port;       // resets (RST) once it has read a byte; 0: no such peer
    uint16_t closed_port;      // nothing listens: the connect is refused
    const char* unresolvable;  // a name that does not resolve; nullptr: skip that check
};

class SocketFixture {
  public:
    // The socket under test; the checks connect it and close it again.
    virtual hal::Socket& socket() = 0;
    // The clock the socket's deadlines are on.
    virtual hal::Clock& clock() = 0;
    virtual SocketPeer peer() = 0;
    // How late a call may return after its deadline (scheduling, the stack's pumping).
    virtual hal::Millis slack_ms() const { return 2000; }

  protected:
    ~SocketFixture() = default;
};

Summary run_socket_checks(SocketFixture& fixture, Reporter& reporter, const char* only = nullptr);
size_t socket_check_count();

}  // namespace hal::conformance
