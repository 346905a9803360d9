#!/usr/bin/env python3
"""Plain TCP, HTTP and DNS peers for the lwIP tests (Python 3 standard library only).

Runs inside the test's network namespace and binds to the kernel's side of its TAP
device (--address, 10.200.0.1), so the only traffic is between lwIP and this namespace.
Prints READY once every service listens; stops on SIGTERM or when stdin closes.

  7001 echo     echoes every byte until the client closes
  7002 silent   accepts, never reads or writes (small receive buffer: the window fills)
  7003 bye      sends b"bye" and closes (FIN)
  7004 reset    resets the connection (RST) once it has received a byte
  7080 http     HTTP/1.1 keep-alive: GET /hello -> "hello over lwIP\\n"
  53/udp dns    NAME.parley.test -> A <address>; nxdomain.* -> NXDOMAIN;
                silent* -> no answer; anything else -> NXDOMAIN
"""

import argparse
import http.server
import signal
import socket
import socketserver
import struct
import sys
import threading

ECHO, SILENT, BYE, RESET, HTTP, DNS = 7001, 7002, 7003, 7004, 7080, 53
SILENT_RCVBUF = 4096
DNS_ZONE = ".parley.test"


class Server(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True


class Echo(socketserver.BaseRequestHandler):
    def handle(self):
        while True:
            data = self.request.recv(65536)
            if not data:
                return
            self.request.sendall(data)


class Bye(socketserver.BaseRequestHandler):
    def handle(self):
        self.request.sendall(b"bye")


class Reset(socketserver.BaseRequestHandler):
    def handle(self):
        # Waits for a byte, so the reset cannot overtake the client's connect; closes here,
        # before socketserver's shutdown(SHUT_WR) could send a FIN first.
        self.request.recv(1)
        self.request.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.request.close()


class Hello(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self):
        body = b"hello over lwIP\n"
        self.send_response(200 if self.path == "/hello" else 404)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def silent_listener(address):
    """Accepts and holds connections; never reads, so the peer's window closes."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, SILENT_RCVBUF)
    listener.bind((address, SILENT))
    listener.listen(16)
    held = []

    def run():
        while True:
            conn, _ = listener.accept()
            held.append(conn)

    threading.Thread(target=run, daemon=True).start()


def dns_answer(query, address):
    """The response to one query, or None to stay silent."""
    if len(query) < 12:
        return None
    pos, labels = 12, []
    while pos < len(query) and query[pos] != 0:
        length = query[pos]
        labels.append(query[pos + 1:pos + 1 + length].decode("ascii", "replace"))
        pos += 1 + length
    question_end = pos + 5  # the root label, QTYPE, QCLASS
    if question_end > len(query):
        return None
    name = ".".join(labels).lower()
    (qtype,) = struct.unpack("!H", query[pos + 1:pos + 3])
    if name.startswith("silent"):
        return None
    question = query[12:question_end]
    known = name.endswith(DNS_ZONE) and not name.startswith("nxdomain") and qtype == 1
    if not known:  # NXDOMAIN
        return query[:2] + struct.pack("!HHHHH", 0x8183, 1, 0, 0, 0) + question
    answer = struct.pack("!HHHIH", 0xC00C, 1, 1, 60, 4) + socket.inet_aton(address)
    return query[:2] + struct.pack("!HHHHH", 0x8180, 1, 1, 0, 0) + question + answer


def dns_server(address):
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind((address, DNS))

    def run():
        while True:
            query, client = sock.recvfrom(512)
            reply = dns_answer(query, address)
            if reply is not None:
                sock.sendto(reply, client)

    threading.Thread(target=run, daemon=True).start()


def serve(server):
    threading.Thread(target=server.serve_forever, daemon=True).start()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--address", required=True)
    args = parser.parse_args()
    for port, handler in ((ECHO, Echo), (BYE, Bye), (RESET, Reset)):
        serve(Server((args.address, port), handler))
    serve(http.server.ThreadingHTTPServer((args.address, HTTP), Hello))
    silent_listener(args.address)
    dns_server(args.address)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    print("READY", flush=True)
    sys.stdin.read()  # until the test process goes away


if __name__ == "__main__":
    main()
