#!/usr/bin/env python3
"""The board self-test's peer: a tiny HTTPS server (Python's ssl, i.e. the system's
OpenSSL, an independent stack from the board's mbedTLS) for tests/boards/run-selftest.sh.

GET /selftest answers 200 with a short text body and a Date header; GET /bulk/N answers
200 with N x 16 KB of body, written 16 KB at a time so that each piece leaves as one full
TLS record (the benchmark, tests/boards/run-bench.sh). For the instruction counts
(tests/boards/run-icount.sh), a message exchange shaped like the Parley API's: POST
.../messages with a JSON body answers 200 {"messageId":"10001"}, GET .../messages/after:N
answers 200 with a page of one agent reply (about 300 bytes of JSON). Anything else 404.
Small answers (all but /bulk) leave as one write, i.e. one TLS record, so that the board
sees the same records on every run.
It prints "listening PORT" once the socket is bound (PORT 0: a free one, the one it got),
then serves until killed.

Usage: https_server.py ADDRESS PORT CERT KEY [1.2|1.3]
  CERT may hold the leaf followed by intermediates (the chain the server sends).
  1.2 or 1.3 makes it speak only that TLS version (default: either, 1.3 preferred).
"""
import http.server
import json
import ssl
import sys

BODY = b"parley board selftest ok\n"
RECORD = 16384  # TLS's largest record payload
MAX_RECORDS = 4096
MAX_POST_BODY = 4096
SENT = b'{"messageId":"10001"}'
# One agent reply, as the simulator lists it (tools/sim: GET messages/after:N), fixed.
REPLY_PAGE = json.dumps({
    "data": [{
        "id": 10002, "time": 1765000000, "message": "Ticket T-1001 opened for your report.",
        "typeId": 2, "title": None, "media": None, "image": None, "buttons": [],
        "quickReplies": [], "carousel": [], "status": 2,
        "agent": {"name": "Service Bot", "avatar": None},
    }],
    "paging": {"before": "/messages/before:10002", "after": "/messages/after:10002"},
}, separators=(",", ":")).encode()


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self):  # noqa: N802 (the standard library's name)
        if self.path.startswith("/bulk/") and self.path[6:].isdigit():
            self.send_bulk(int(self.path[6:]))
        elif self.path == "/selftest":
            self.send_whole("text/plain", BODY)
        elif "/messages/after:" in self.path:
            self.send_whole("application/json", REPLY_PAGE)
        else:
            self.send_error(404)

    def do_POST(self):  # noqa: N802
        length = self.headers.get("Content-Length", "")
        if not self.path.endswith("/messages") or not length.isdigit() or \
                int(length) > MAX_POST_BODY:
            self.send_error(404)
            return
        try:
            json.loads(self.rfile.read(int(length)))
        except ValueError:
            self.send_error(400)
            return
        self.send_whole("application/json", SENT)

    def send_whole(self, content_type, body):
        """A 200 answer, head and body in one write (one TLS record)."""
        head = (f"HTTP/1.1 200 OK\r\nDate: {self.date_time_string()}\r\n"
                f"Content-Type: {content_type}\r\nContent-Length: {len(body)}\r\n\r\n")
        self.wfile.write(head.encode("ascii") + body)
        self.log_request(200)

    def send_bulk(self, records):
        if not 0 < records <= MAX_RECORDS:
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Type", "application/octet-stream")
        self.send_header("Content-Length", str(records * RECORD))
        self.end_headers()
        self.wfile.flush()
        piece = bytes(i & 0xFF for i in range(RECORD))
        for _ in range(records):
            self.wfile.write(piece)  # one ssl write of 16 KB: one full record

    def log_message(self, fmt, *args):
        sys.stderr.write("https_server: " + (fmt % args) + "\n")


def main():
    address, port, cert, key = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
    version = sys.argv[5] if len(sys.argv) > 5 else None
    server = http.server.HTTPServer((address, port), Handler)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    # Python sets OP_CIPHER_SERVER_PREFERENCE, with which OpenSSL also picks the TLS 1.2
    # signature algorithm by its own order (RSA-PSS first). mbedTLS 3.6 cannot verify PSS
    # in a TLS 1.2 ServerKeyExchange (net/tls/tls_client.cpp, kSignatureAlgorithms), so
    # honour the client's order, as openssl s_server does by default.
    context.options &= ~ssl.OP_CIPHER_SERVER_PREFERENCE
    if version is not None:
        only = {"1.2": ssl.TLSVersion.TLSv1_2, "1.3": ssl.TLSVersion.TLSv1_3}[version]
        context.minimum_version = only
        context.maximum_version = only
    server.socket = context.wrap_socket(server.socket, server_side=True)
    print(f"listening {server.server_address[1]}", flush=True)  # the port (0: a free one)
    server.serve_forever()


if __name__ == "__main__":
    main()
