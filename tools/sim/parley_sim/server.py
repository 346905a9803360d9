"""The API's HTTP(S) server: connections, keep-alive, framing and fault injection.

Built on http.server's request parsing, but every response is serialised here, by
hand, so that the bytes on the wire are exactly what a fault asks for: a chunked body
with a chunk extension and a trailer, a response written three bytes at a time, a
connection closed before or after the request was processed, with or without a TLS
close_notify, or with a TCP reset. Every normal response carries Content-Length and
the connection stays open (HTTP/1.1 keep-alive) unless the client or a fault says
otherwise.

The TLS handshake runs in the connection's own thread (not in accept()), so a slow or
broken client cannot stall other connections.
"""

import email.utils
import http
import logging
import socket
import ssl
import struct
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from socketserver import TCPServer

from . import VERSION, api, token
from .wire import Request, Response, json_response

log = logging.getLogger("parley_sim.api")

MAX_BODY = 24 * 1024 * 1024  # above the 10 MB media limit plus multipart overhead
HANDSHAKE_TIMEOUT = 10.0
SERVER_HEADER = f"parley-sim/{VERSION}"

_DEFAULT_ERRORS = {
    400: "bad_request",
    401: "authentication_not_valid",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    412: "precondition_failed",
    429: "too_many_requests",
    500: "internal_server_error",
    502: "bad_gateway",
    503: "service_unavailable",
    504: "gateway_timeout",
}


class _BadRequest(Exception):
    def __init__(self, status, text):
        super().__init__(text)
        self.status = status


def make_tls_context(cert, key, min_version="1.2", max_version="1.3"):
    """Server context from the system OpenSSL: TLS 1.2/1.3 by default, session tickets
    on (OpenSSL's default), so a client's session resumption can be observed."""
    versions = {"1.2": ssl.TLSVersion.TLSv1_2, "1.3": ssl.TLSVersion.TLSv1_3}
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.minimum_version = versions[min_version]
    ctx.maximum_version = versions[max_version]
    ctx.load_cert_chain(cert, key)
    return ctx


def _chunked(body, count):
    """Transfer-Encoding: chunked framing of body in `count` chunks: the first chunk
    size carries an extension (";sim=1"), sizes alternate lower- and upper-case hex,
    and the last chunk is followed by a trailer field - all legal, all things a
    minimal client parser tends to trip over."""
    pieces = []
    if body:
        count = max(1, min(count, len(body)))
        step, extra = divmod(len(body), count)
        pos = 0
        for i in range(count):
            size = step + (1 if i < extra else 0)
            pieces.append(body[pos : pos + size])
            pos += size
    out = []
    for i, piece in enumerate(pieces):
        size = f"{len(piece):x}" if i % 2 == 0 else f"{len(piece):X}"
        ext = ";sim=1" if i == 0 else ""
        out.append(f"{size}{ext}\r\n".encode("ascii") + piece + b"\r\n")
    out.append(b"0\r\nX-Sim-Trailer: end\r\n\r\n")
    return b"".join(out)


def fault_response(fault, request, is_token):
    """The answer a `status` or `retry_after` fault substitutes for the real one."""
    params = fault.params
    status = params["status"]
    headers = []
    if fault.kind == "retry_after":
        if params["date"]:
            # An HTTP date has whole seconds: round up so the wait is never shorter.
            when = int(time.time()) + params["seconds"] + 1
            headers.append(("Retry-After", email.utils.formatdate(when, usegmt=True)))
        else:
            headers.append(("Retry-After", str(params["seconds"])))
        error = "too_many_requests" if status == 429 else _DEFAULT_ERRORS.get(status, "injected_fault")
    else:
        if "body" in params:
            return Response(status, params["body"].encode("utf-8"),
                            params.get("content_type", "text/plain; charset=utf-8"))
        error = params.get("error") or _DEFAULT_ERRORS.get(status, "injected_fault")
    if is_token:
        return json_response(status, {"ErrorCode": error, "Error": "injected by parley-sim"}, headers)
    return api.envelope(request, status, error=error, headers=headers)


class ApiHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = SERVER_HEADER
    sys_version = ""

    def setup(self):
        self.timeout = self.server.idle_timeout
        super().setup()
        self.close_mode = "graceful"  # how finish_request closes: graceful|abort|reset
        self.request_count = 0

    def log_message(self, fmt, *args):
        log.debug("%s %s", self.client_address[0], fmt % args)

    def _serve(self):
        self.request_count += 1
        sim = self.server.sim
        try:
            body = self._read_body()
        except _BadRequest as exc:
            self.close_connection = True
            self._write(Response(exc.status, str(exc).encode(), "text/plain; charset=utf-8"))
            return
        request = Request(self.command, self.path, self.headers, body, self.request_count)
        is_token = request.path.rstrip("/") == token.TOKEN_PATH
        match = None
        if is_token:
            template, dialect = token.TOKEN_TEMPLATE, "token"
        else:
            match = api.route(self.command, request.path.rstrip("/") or "/")
            template = match.template if match else f"{self.command} <unknown>"
            dialect = match.dialect if match else None
        faults = sim.faults.take(self.command, request.target)
        entry = sim.stats.request(request, template, dialect, faults)
        kinds = {f.kind: f for f in faults}

        for fault in faults:
            if fault.kind == "delay":
                time.sleep(fault.params["seconds"])
        if "close_before" in kinds:
            log.info("fault close_before: %s %s", self.command, request.target)
            self._drop(kinds["close_before"])
            return
        if "store_after" in kinds:
            fault = kinds["store_after"]
            log.info("fault store_after: %s %s dropped, processed in %.3g s", self.command,
                     request.target, fault.params["seconds"])
            sim.later(fault.params["seconds"], self._process_late, sim, request, match, is_token)
            self._drop(fault)
            return

        response = None
        for fault in faults:
            if fault.kind in ("status", "retry_after"):
                response = fault_response(fault, request, is_token)
                break
        if response is None:
            try:
                response = sim.dispatch(request, match, is_token)
            except Exception:  # a simulator bug: answer 500 rather than hang up
                log.exception("error handling %s %s", self.command, request.target)
                response = api.envelope(request, 500, error="internal_server_error")
            if "store_then_close" in kinds:
                log.info("fault store_then_close: %s %s -> %d (not sent)", self.command,
                         request.target, response.status)
                self._drop(kinds["store_then_close"])
                return

        limit = sim.faults.close_after_requests()
        if limit is not None and self.request_count >= limit:
            self.close_connection = True
            sim.stats.fired(entry, "connection_close_after")
        chunks = kinds["chunked"].params["chunks"] if "chunked" in kinds else None
        trickle = kinds["trickle"].params if "trickle" in kinds else None
        sim.stats.answered(entry, response.status)
        log.info("%s %s -> %d", self.command, request.target, response.status)
        self._write(response, chunks, trickle)

    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = do_HEAD = do_OPTIONS = _serve

    @staticmethod
    def _process_late(sim, request, match, is_token):
        """A store_after request, processed long after its connection was dropped."""
        try:
            response = sim.dispatch(request, match, is_token)
        except Exception:
            log.exception("error handling late %s %s", request.method, request.target)
            return
        log.info("fault store_after: %s %s processed late -> %d (not sent)", request.method,
                 request.target, response.status)

    def _drop(self, fault):
        self.close_connection = True
        self.close_mode = "reset" if fault.params.get("reset") else "abort"

    def _read_body(self):
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            return self._read_chunked_body()
        length = self.headers.get("Content-Length")
        if length is None:
            return b""
        if not length.strip().isdigit():
            raise _BadRequest(400, "bad Content-Length")
        size = int(length)
        if size > MAX_BODY:
            raise _BadRequest(413, "body too large")
        body = self.rfile.read(size)
        if len(body) != size:
            raise ConnectionError("connection closed inside the request body")
        return body

    def _read_chunked_body(self):
        parts, total = [], 0
        while True:
            line = self.rfile.readline(1024)
            if not line.endswith(b"\n"):
                raise _BadRequest(400, "bad chunk size line")
            try:
                size = int(line.split(b";", 1)[0].strip(), 16)
            except ValueError:
                raise _BadRequest(400, "bad chunk size") from None
            if size == 0:
                while self.rfile.readline(8192).strip():  # trailer fields
                    pass
                return b"".join(parts)
            total += size
            if total > MAX_BODY:
                raise _BadRequest(413, "body too large")
            parts.append(self.rfile.read(size))
            self.rfile.readline(8)  # the CRLF after the chunk data

    def _write(self, response, chunks=None, trickle=None):
        try:
            reason = http.HTTPStatus(response.status).phrase
        except ValueError:
            reason = "Status"
        headers = [("Date", email.utils.formatdate(usegmt=True)), ("Server", SERVER_HEADER)]
        if response.content_type:
            headers.append(("Content-Type", response.content_type))
        headers.extend(response.headers)
        body = response.body
        if chunks is not None:
            headers += [("Transfer-Encoding", "chunked"), ("Trailer", "X-Sim-Trailer")]
            payload = _chunked(body, chunks)
        else:
            headers.append(("Content-Length", str(len(body))))
            payload = body
        if self.close_connection:
            headers.append(("Connection", "close"))
        elif self.request_version == "HTTP/1.0":
            headers.append(("Connection", "keep-alive"))
        head = f"HTTP/1.1 {response.status} {reason}\r\n"
        head += "".join(f"{name}: {value}\r\n" for name, value in headers) + "\r\n"
        data = head.encode("latin-1") + (b"" if self.command == "HEAD" else payload)
        if trickle:
            step, interval = trickle["bytes"], trickle["interval"]
            for pos in range(0, len(data), step):
                self.wfile.write(data[pos : pos + step])
                if interval:
                    time.sleep(interval)
        else:
            self.wfile.write(data)


class ApiServer(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 64

    def __init__(self, host, port, sim, ssl_context=None, idle_timeout=30.0):
        self.address_family = socket.AF_INET6 if ":" in host else socket.AF_INET
        self.sim = sim
        self.ssl_context = ssl_context
        self.idle_timeout = idle_timeout
        self._active = set()
        self._active_lock = threading.Lock()
        # Live connections by accept order (for settle()): a connection counts from its
        # accept until its thread has finished with it, request processing included.
        self._live = {}  # accepted socket -> its accept number
        self._accepted = 0
        self._live_changed = threading.Condition()
        super().__init__((host, port), ApiHandler)

    def server_bind(self):
        # HTTPServer.server_bind does a reverse DNS lookup of the host; not needed.
        TCPServer.server_bind(self)
        self.server_name, self.server_port = self.server_address[:2]

    def finish_request(self, request, client_address):
        self.sim.stats.connection()
        sock, mode = request, "abort"
        with self._active_lock:
            self._active.add(sock)
        try:
            # No Nagle: small writes (TLS tickets, trickled bytes) go out at once
            # instead of waiting for the peer's delayed ACK.
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            if self.ssl_context is not None:
                sock.settimeout(HANDSHAKE_TIMEOUT)
                try:
                    sock = self.ssl_context.wrap_socket(sock, server_side=True)
                except (ssl.SSLError, OSError) as exc:
                    self.sim.stats.tls_failure()
                    log.info("TLS handshake with %s failed: %s", client_address[0], exc)
                    return
                with self._active_lock:
                    self._active.add(sock)
                self.sim.stats.tls(sock.version(), sock.session_reused)
            handler = ApiHandler(sock, client_address, self)
            mode = handler.close_mode
        except (ConnectionError, TimeoutError, ssl.SSLError, OSError) as exc:
            log.debug("connection from %s ended: %s", client_address[0], exc)
        finally:
            with self._active_lock:
                self._active.discard(request)
                self._active.discard(sock)
            _close(sock, mode)

    def process_request(self, request, client_address):
        # Runs on the accepting thread, before the connection's own thread starts.
        with self._live_changed:
            self._accepted += 1
            self._live[request] = self._accepted
        super().process_request(request, client_address)

    def shutdown_request(self, request):
        # finish_request closed the connection already (its socket object may have
        # been replaced by the TLS one); closing the original again is harmless.
        try:
            request.close()
        except OSError:
            pass
        with self._live_changed:
            if self._live.pop(request, None) is not None:
                self._live_changed.notify_all()

    def settle(self, keep_newest, timeout):
        """Waits until every API connection has ended — every request it carried
        processed, a message it brought stored — except, with keep_newest, the one
        accepted last (the one a client that uses one connection at a time still holds).
        Returns the number of connections still live when the timeout passed (0: settled).
        """
        deadline = time.monotonic() + timeout

        def waiting():
            newest = self._accepted if keep_newest else None
            return sum(1 for n in self._live.values() if n != newest)

        with self._live_changed:
            while waiting() > 0:
                left = deadline - time.monotonic()
                if left <= 0:
                    break
                self._live_changed.wait(left)
            return waiting()

    def handle_error(self, request, client_address):
        log.exception("error serving %s", client_address)

    def close_connections(self):
        """End every open connection (used when the simulator stops)."""
        with self._active_lock:
            active = list(self._active)
        for sock in active:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


def _close(sock, mode):
    """Close a connection: graceful (TLS close_notify, then FIN), abort (FIN without
    close_notify, as when a proxy or a crashed server drops it) or reset (TCP RST)."""
    try:
        if mode == "reset":
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        elif mode == "graceful" and isinstance(sock, ssl.SSLSocket):
            try:
                sock.settimeout(0.5)
                sock.unwrap()
            except (ssl.SSLError, OSError, ValueError):
                pass
        elif mode != "reset":
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except (OSError, ValueError):
                pass
    finally:
        try:
            sock.close()
        except OSError:
            pass
