#!/usr/bin/env python3
"""One guest connection to one server on the host's loopback, for QEMU's user-mode network
(tests/boards/board-net.sh): `-nic user,restrict=on,guestfwd=tcp:IP:PORT-cmd:relay.py
HOST HOST_PORT`. QEMU (libslirp) starts this once per connection the guest opens to
IP:PORT, with that connection as stdin, stdout and stderr; it copies bytes both ways until
each side has closed, half-closes included (TLS's close_notify, then FIN).

The chardev form, guestfwd=tcp:IP:PORT-tcp:HOST:HOST_PORT, connects once when QEMU starts
and carries every guest connection over that one host connection: a second handshake (the
board's resumed connection) would land in the first one's stream. Hence a process per
connection.

Usage: relay.py HOST PORT
"""
import os
import selectors
import socket
import sys

CHUNK = 65536


def main():
    host, port = sys.argv[1], int(sys.argv[2])
    # stderr is the guest's connection too: nothing may be written to it.
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 2)
    guest = socket.socket(fileno=0)
    upstream = socket.create_connection((host, port))
    peer = {guest: upstream, upstream: guest}
    selector = selectors.DefaultSelector()
    for side in peer:
        selector.register(side, selectors.EVENT_READ)
    open_sides = 2
    while open_sides:
        for key, _ in selector.select():
            side = key.fileobj
            try:
                data = side.recv(CHUNK)
            except OSError:
                data = b""
            if data:
                peer[side].sendall(data)
                continue
            selector.unregister(side)
            open_sides -= 1
            try:
                peer[side].shutdown(socket.SHUT_WR)
            except OSError:
                pass


if __name__ == "__main__":
    main()
