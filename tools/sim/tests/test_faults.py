"""Fault injection through the control API: every kind, matching, counting, combining."""

import email.utils
import http.client
import json
import socket
import ssl
import time
import unittest

from .simtest import DEVICE, KPN, PARLEY, SimTestCase, client_context, start_simulator

DROPPED = (ConnectionError, ssl.SSLError, http.client.HTTPException, TimeoutError)


def read_until_close(sock):
    """(bytes, reads, how): how is "close_notify" (clean TLS close), "eof" (TCP FIN
    without close_notify) or "reset"."""
    data, reads = b"", []
    while True:
        try:
            chunk = sock.recv(65536)
        except ssl.SSLEOFError:
            return data, reads, "eof"
        except ConnectionResetError:
            return data, reads, "reset"
        if not chunk:
            return data, reads, "close_notify"
        reads.append(len(chunk))
        data += chunk


class FaultTest(SimTestCase):
    def setUp(self):
        super().setUp()
        self.register(dialect="parley")
        self.sim.stats.reset()  # count from here: setUp's own connection is not the test's

    def stored(self):
        return [m["message"] for m in self.control("GET", f"/conversations/{DEVICE}")["messages"]]

    def post(self, text, conn=None, extra_headers=None):
        headers = self.parley_headers()
        headers.update(extra_headers or {})
        return self.request("POST", f"{PARLEY}/messages", {"message": text, "typeId": 1}, headers, conn=conn)

    def test_status_once(self):
        self.fault(kind="status", path="/messages", method="POST", status=503)
        reply = self.post("first")
        self.assertEqual((reply.status, reply.error), (503, "service_unavailable"))
        self.assertEqual(self.stored(), [], "not processed")
        self.assertEqual(self.post("second").status, 200, "count 1 is spent")
        self.assertEqual(self.stored(), ["second"])
        self.assertEqual(self.control("GET", "/faults")["faults"], [])

    def test_status_count_error_and_method_filter(self):
        self.fault(kind="status", path="/messages", method="GET", status=500, error="boom", count=2)
        self.assertEqual(self.post("not matched").status, 200)
        for _ in range(2):
            reply = self.api("GET", "messages", dialect="parley")
            self.assertEqual((reply.status, reply.error), (500, "boom"))
        self.assertEqual(self.api("GET", "messages", dialect="parley").status, 200)

    def test_error_with_http_200(self):
        self.fault(kind="status", path="/messages", status=200, error="could_not_save_message")
        reply = self.post("x")
        self.assertEqual((reply.status, reply.json["status"], reply.error), (200, "ERROR", "could_not_save_message"))

    def test_raw_body(self):
        self.fault(kind="status", path="/messages", status=502, body="<html>Bad Gateway</html>",
                   content_type="text/html")
        reply = self.post("x")
        self.assertEqual((reply.status, reply.raw), (502, b"<html>Bad Gateway</html>"))
        self.assertEqual(reply.headers["Content-Type"], "text/html")

    def test_token_endpoint_fault(self):
        self.fault(kind="status", path="/oauth/", status=503)
        reply = self.token_request()
        self.assertEqual(reply.status, 503)
        self.assertEqual(reply.json["ErrorCode"], "service_unavailable")
        self.assertEqual(self.token_request().status, 200)

    def test_unlimited_until_cleared(self):
        fault = self.fault(kind="status", path="/config", status=500, count=-1)
        for _ in range(3):
            self.assertEqual(self.api("GET", "config", dialect="parley").status, 500)
        self.assertEqual(self.control("DELETE", f"/faults/{fault['id']}"), {"deleted": fault["id"]})
        self.assertEqual(self.api("GET", "config", dialect="parley").status, 200)
        self.control("DELETE", f"/faults/{fault['id']}", expect=404)

    def test_retry_after_seconds(self):
        self.fault(kind="retry_after", path="/messages", seconds=2)
        reply = self.post("x")
        self.assertEqual((reply.status, reply.error), (429, "too_many_requests"))
        self.assertEqual(reply.headers["Retry-After"], "2")

    def test_retry_after_date(self):
        self.fault(kind="retry_after", path="/messages", seconds=3, date=True)
        reply = self.post("x")
        self.assertEqual(reply.status, 429)
        when = email.utils.parsedate_to_datetime(reply.headers["Retry-After"]).timestamp()
        self.assertGreaterEqual(when - time.time(), 2.9)
        self.assertLessEqual(when - time.time(), 4.1)
        self.assertTrue(reply.headers["Retry-After"].endswith("GMT"))

    def test_delay(self):
        self.fault(kind="delay", path="/messages", seconds=0.3)
        start = time.monotonic()
        self.assertEqual(self.post("slow").status, 200)
        self.assertGreaterEqual(time.monotonic() - start, 0.3)

    def test_delay_then_status_combine(self):
        self.fault(kind="delay", path="/messages", seconds=0.2)
        self.fault(kind="status", path="/messages", status=504)
        start = time.monotonic()
        self.assertEqual(self.post("x").status, 504)
        self.assertGreaterEqual(time.monotonic() - start, 0.2)
        self.assertEqual(self.control("GET", "/stats")["faults_fired"], {"delay": 1, "status": 1})

    def test_close_before_does_not_process(self):
        self.fault(kind="close_before", path="/messages", method="POST")
        with self.assertRaises(DROPPED):
            self.post("lost")
        self.assertEqual(self.stored(), [])
        self.assertEqual(self.post("again").status, 200)
        self.assertEqual(self.stored(), ["again"])

    def test_close_before_raw_eof_and_reset(self):
        body = json.dumps({"message": "x"}).encode()
        self.fault(kind="close_before", path="/messages")
        sock = self.raw_connect()
        sock.sendall(self.raw_request("POST", f"{PARLEY}/messages", self.parley_headers(), body))
        data, _, how = read_until_close(sock)
        self.assertEqual((data, how), (b"", "eof"), "FIN without close_notify")
        self.fault(kind="close_before", path="/messages", reset=True)
        sock = self.raw_connect()
        sock.sendall(self.raw_request("POST", f"{PARLEY}/messages", self.parley_headers(), body))
        data, _, how = read_until_close(sock)
        # Python's ssl module reports a reset under TLS as an EOF violation;
        # PlainModeTest shows the RST itself.
        self.assertEqual(data, b"")
        self.assertIn(how, ("eof", "reset"))

    def test_store_then_close(self):
        self.fault(kind="store_then_close", path="/messages", method="POST")
        with self.assertRaises(DROPPED):
            self.post("stored but unanswered")
        self.assertEqual(self.stored(), ["stored but unanswered"])
        log = self.control("GET", "/requests")["requests"]
        self.assertEqual(log[-1]["faults"], ["store_then_close"])
        self.assertIsNone(log[-1]["status"])

    def test_delay_stores_after_the_client_gave_up(self):
        """A delay longer than the client's deadline: the client hangs up first, the
        message is stored afterwards (what a resend without reconciling duplicates)."""
        self.fault(kind="delay", path="/messages", method="POST", seconds=0.6)
        conn = self.connect(timeout=0.2)
        with self.assertRaises(DROPPED):
            self.post("stored after the deadline", conn=conn)
        conn.close()
        self.assertEqual(self.stored(), [], "not stored while the server waits")
        deadline = time.monotonic() + 5
        while not self.stored() and time.monotonic() < deadline:
            time.sleep(0.05)
        self.assertEqual(self.stored(), ["stored after the deadline"])

    def test_settle_waits_until_a_dropped_request_is_processed(self):
        """POST /settle returns once the connection the client gave up on has ended on
        the server's side, its message stored (what tests/fault_sweep waits for before
        its clock jumps)."""
        for conn in self._conns:  # setUp's, kept alive
            conn.close()
        self.assertEqual(self.control("POST", "/settle", {}), {"settled": True, "live": 0})
        self.fault(kind="delay", path="/messages", method="POST", seconds=1.0)
        conn = self.connect(timeout=0.3)
        with self.assertRaises(DROPPED):
            self.post("stored after the drop", conn=conn)
        conn.close()
        self.assertEqual(self.stored(), [], "not stored while the server waits")
        self.assertEqual(self.control("POST", "/settle", {}), {"settled": True, "live": 0})
        self.assertEqual(self.stored(), ["stored after the drop"])

    def test_settle_keeps_the_newest_connection_and_times_out(self):
        for conn in self._conns:
            conn.close()
        held = self.connect()
        self.assertEqual(self.post("kept alive", conn=held).status, 200)
        self.assertEqual(self.control("POST", "/settle", {"keep_newest": True}),
                         {"settled": True, "live": 0})
        self.assertEqual(self.control("POST", "/settle", {"timeout": 0.2}),
                         {"settled": False, "live": 1})
        self.control("POST", "/settle", {"timeout": "soon"}, expect=400)
        self.control("POST", "/settle", {"timeout": 61}, expect=400)
        self.control("POST", "/settle", {"keep_newest": 1}, expect=400)

    def test_store_after_drops_at_once_and_stores_later(self):
        self.fault(kind="store_after", path="/messages", method="POST", seconds=0.5)
        start = time.monotonic()
        with self.assertRaises(DROPPED):
            self.post("stored late")
        self.assertLess(time.monotonic() - start, 0.45, "dropped at once, not held")
        self.assertEqual(self.stored(), [], "not stored yet")
        deadline = time.monotonic() + 5
        while not self.stored() and time.monotonic() < deadline:
            time.sleep(0.05)
        self.assertGreaterEqual(time.monotonic() - start, 0.5)
        self.assertEqual(self.stored(), ["stored late"])
        log = self.control("GET", "/requests")["requests"]
        self.assertEqual((log[-1]["faults"], log[-1]["status"]), (["store_after"], None))
        self.assertEqual(self.control("GET", "/stats")["faults_fired"], {"store_after": 1})
        self.assertEqual(self.post("next").status, 200, "count 1 is spent")

    def test_store_after_cancelled_by_reset(self):
        self.fault(kind="store_after", path="/messages", method="POST", seconds=0.3)
        with self.assertRaises(DROPPED):
            self.post("forgotten")
        self.sim.reset()
        self.register(dialect="parley")
        time.sleep(0.5)
        self.assertEqual(self.stored(), [])

    def test_probability_is_seeded_and_spends_count_only_when_firing(self):
        def pattern(seed):
            self.control("DELETE", "/faults")
            fault = self.fault(kind="status", path="/config", status=503, count=-1,
                               probability=0.3, seed=seed)
            self.assertEqual((fault["probability"], fault["seed"]), (0.3, seed))
            return [self.api("GET", "config", dialect="parley").status for _ in range(40)]

        first = pattern(7)
        self.assertEqual(pattern(7), first, "same seed, same decisions")
        self.assertNotEqual(pattern(8), first)
        self.assertTrue(4 <= first.count(503) <= 24, first)
        self.assertEqual(set(first), {200, 503})
        self.control("DELETE", "/faults")
        fault = self.fault(kind="status", path="/config", status=500, count=2, probability=0.5,
                           seed=1)
        statuses = [self.api("GET", "config", dialect="parley").status for _ in range(30)]
        self.assertEqual(statuses.count(500), 2, "count limits the firings, not the draws")
        self.assertEqual(self.control("GET", "/faults")["faults"], [])
        del fault

    def test_probability_validation(self):
        for spec in ({"kind": "status", "status": 500, "probability": 1.5},
                     {"kind": "status", "status": 500, "probability": -0.1},
                     {"kind": "status", "status": 500, "probability": 0.5, "seed": 1.5},
                     {"kind": "connection_close_after", "requests": 2, "probability": 0.5},
                     {"kind": "store_after"}):
            self.assertIn("error", self.control("POST", "/faults", spec, expect=400))

    def test_connection_close_after_counted(self):
        self.fault(kind="connection_close_after", requests=2)
        conn = self.connect()
        for i in range(4):
            self.post(f"m{i}", conn=conn)
        self.assertEqual(self.control("GET", "/stats")["faults_fired"],
                         {"connection_close_after": 2})
        log = self.control("GET", "/requests")["requests"]
        self.assertEqual([e["faults"] for e in log],
                         [[], ["connection_close_after"], [], ["connection_close_after"]])

    def test_chunked(self):
        self.send("hello")
        self.fault(kind="chunked", path="/messages", chunks=4)
        sock = self.raw_connect()
        headers = {**self.parley_headers(), "Connection": "close"}
        sock.sendall(self.raw_request("GET", f"{PARLEY}/messages", headers))
        data, _, how = read_until_close(sock)
        self.assertEqual(how, "close_notify")
        head, _, body = data.partition(b"\r\n\r\n")
        self.assertIn(b"\r\nTransfer-Encoding: chunked", head)
        self.assertNotIn(b"Content-Length", head)
        first_line = body.split(b"\r\n", 1)[0]
        self.assertIn(b";sim=1", first_line)
        self.assertTrue(body.endswith(b"0\r\nX-Sim-Trailer: end\r\n\r\n"))
        # Decode by hand: four chunks that join to the JSON envelope.
        pos, chunks, joined = 0, 0, b""
        while True:
            line_end = body.index(b"\r\n", pos)
            size = int(body[pos:line_end].split(b";")[0], 16)
            if size == 0:
                break
            joined += body[line_end + 2:line_end + 2 + size]
            pos = line_end + 2 + size + 2
            chunks += 1
        self.assertEqual(chunks, 4)
        self.assertEqual(json.loads(joined)["data"][0]["message"], "hello")
        # And a real HTTP client reads it normally.
        self.fault(kind="chunked", path="/messages")
        reply = self.api("GET", "messages", dialect="parley")
        self.assertEqual(reply.data[0]["message"], "hello")

    def test_trickle(self):
        self.fault(kind="trickle", path="/config", bytes=3, interval=0.001)
        sock = self.raw_connect()
        headers = {**self.parley_headers(), "Connection": "close"}
        sock.sendall(self.raw_request("GET", f"{PARLEY}/config", headers))
        data, reads, how = read_until_close(sock)
        self.assertEqual(how, "close_notify")
        self.assertLessEqual(max(reads), 3, "one TLS record per write of 3 bytes")
        self.assertGreater(len(reads), 50)
        head, _, body = data.partition(b"\r\n\r\n")
        self.assertEqual(json.loads(body)["status"], "SUCCESS")
        self.fault(kind="trickle", path="/config", bytes=64, interval=0)
        self.assertEqual(self.api("GET", "config", dialect="parley").status, 200)

    def test_chunked_and_trickle_combine(self):
        self.fault(kind="chunked", path="/config")
        self.fault(kind="trickle", path="/config", bytes=7, interval=0)
        reply = self.api("GET", "config", dialect="parley")
        self.assertEqual((reply.status, reply.headers["Transfer-Encoding"]), (200, "chunked"))
        self.assertEqual(reply.json["status"], "SUCCESS")

    def test_keep_alive_by_default(self):
        conn = self.connect()
        for i in range(5):
            reply = self.post(f"m{i}", conn=conn)
            self.assertEqual(reply.status, 200)
            self.assertIsNone(reply.headers["Connection"])
            self.assertIsNotNone(reply.headers["Content-Length"])
        stats = self.control("GET", "/stats")
        self.assertEqual(stats["connections"], 1)
        log = self.control("GET", "/requests")["requests"]
        self.assertEqual([e["connection_request"] for e in log], [1, 2, 3, 4, 5])

    def test_connection_close_after(self):
        self.fault(kind="connection_close_after", requests=2)
        conn = self.connect()
        replies = [self.post(f"m{i}", conn=conn) for i in range(5)]
        self.assertEqual([r.status for r in replies], [200] * 5)
        self.assertEqual([r.headers["Connection"] for r in replies], [None, "close", None, "close", None])
        self.assertEqual(self.control("GET", "/stats")["connections"], 3)
        # The close is graceful: a TLS close_notify, then FIN.
        sock = self.raw_connect()
        request = self.raw_request("GET", f"{PARLEY}/config", self.parley_headers())
        sock.sendall(request + request)
        data, _, how = read_until_close(sock)
        self.assertEqual(how, "close_notify")
        self.assertEqual(data.count(b"HTTP/1.1 200 OK"), 2)
        self.control("DELETE", "/faults")
        self.assertIsNone(self.post("after clear", conn=conn).headers["Connection"])

    def test_client_connection_close_honoured(self):
        reply = self.post("x", extra_headers={"Connection": "close"})
        self.assertEqual(reply.headers["Connection"], "close")

    def test_fault_validation(self):
        for spec in ({"kind": "nope"}, {"kind": "status"}, {"kind": "status", "status": 700},
                     {"kind": "delay"}, {"kind": "delay", "seconds": -1},
                     {"kind": "status", "status": 500, "count": 0},
                     {"kind": "connection_close_after"}, {"kind": "trickle", "bytes": 0}):
            result = self.control("POST", "/faults", spec, expect=400)
            self.assertIn("error", result)

    def test_fault_list(self):
        self.fault(kind="delay", path="/x", seconds=0.1, count=3)
        self.fault(kind="connection_close_after", requests=4)
        faults = self.control("GET", "/faults")["faults"]
        self.assertEqual([(f["kind"], f["count"]) for f in faults], [("delay", 3), ("connection_close_after", 1)])
        self.control("DELETE", "/faults")
        self.assertEqual(self.control("GET", "/faults")["faults"], [])

    def test_faults_only_hit_matching_paths(self):
        self.fault(kind="status", path="/media", status=500)
        self.assertEqual(self.post("x").status, 200)
        self.assertEqual(len(self.control("GET", "/faults")["faults"]), 1)

    def test_tls_session_resumption_counted(self):
        ctx = client_context()
        first = ctx.wrap_socket(socket.create_connection(("127.0.0.1", self.sim.api_port)),
                                server_hostname="127.0.0.1")
        first.sendall(self.raw_request("GET", f"{PARLEY}/config", self.parley_headers()))
        first.recv(65536)  # TLS 1.3 tickets arrive after the handshake
        session = first.session
        first.close()
        second = ctx.wrap_socket(socket.create_connection(("127.0.0.1", self.sim.api_port)),
                                 server_hostname="127.0.0.1", session=session)
        self.assertTrue(second.session_reused)
        second.sendall(self.raw_request("GET", f"{PARLEY}/config", self.parley_headers()))
        second.recv(65536)  # answered: the server has counted the handshake by now
        second.close()
        tls = self.control("GET", "/stats")["tls"]
        self.assertEqual(tls["resumed"], 1)
        self.assertEqual(tls["handshakes"], 2)

    def test_tls_failure_counted(self):
        sock = socket.create_connection(("127.0.0.1", self.sim.api_port))
        sock.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")  # plain HTTP to the TLS port
        sock.settimeout(5)
        try:
            sock.recv(100)
        except OSError:
            pass
        sock.close()
        deadline = time.monotonic() + 2
        while self.control("GET", "/stats")["tls"]["failures"] == 0 and time.monotonic() < deadline:
            time.sleep(0.02)
        self.assertEqual(self.control("GET", "/stats")["tls"]["failures"], 1)


class IdleTimeoutTest(unittest.TestCase):
    def test_idle_connection_closed(self):
        sim = start_simulator(idle_timeout=0.3)
        self.addCleanup(sim.stop)
        sock = client_context().wrap_socket(socket.create_connection(("127.0.0.1", sim.api_port)),
                                            server_hostname="127.0.0.1", suppress_ragged_eofs=False)
        self.addCleanup(sock.close)
        sock.settimeout(5)
        start = time.monotonic()
        data, _, how = read_until_close(sock)
        self.assertEqual((data, how), (b"", "close_notify"))
        self.assertLess(time.monotonic() - start, 3)


class PlainModeTest(unittest.TestCase):
    """--plain (debugging) serves the same API without TLS; also shows the TCP-level
    difference between the abort and reset closes."""

    def setUp(self):
        self.sim = start_simulator(plain=True)
        self.addCleanup(self.sim.stop)

    def exchange(self, request):
        sock = socket.create_connection(("127.0.0.1", self.sim.api_port), timeout=5)
        self.addCleanup(sock.close)
        sock.sendall(request)
        data = b""
        while True:
            chunk = sock.recv(65536)
            if not chunk:
                return data
            data += chunk

    def test_plain_token(self):
        conn = http.client.HTTPConnection("127.0.0.1", self.sim.api_port, timeout=5)
        self.addCleanup(conn.close)
        conn.request("POST", "/oauth/client_credential/accesstoken?grant_type=client_credentials",
                     "client_id=demo-client&client_secret=demo-secret",
                     {"Content-Type": "application/x-www-form-urlencoded"})
        self.assertEqual(conn.getresponse().status, 200)
        self.assertEqual(self.sim.api_url, f"http://127.0.0.1:{self.sim.api_port}")

    def test_abort_is_fin_and_reset_is_rst(self):
        request = b"GET /clientApi/v1.9/config HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n"
        self.sim.faults.add({"kind": "close_before", "path": "/config"})
        self.assertEqual(self.exchange(request), b"")
        self.sim.faults.add({"kind": "close_before", "path": "/config", "reset": True})
        with self.assertRaises(ConnectionResetError):
            self.exchange(request)


class KpnFaultPathTest(SimTestCase):
    def test_path_substring_covers_base(self):
        self.register()
        self.fault(kind="status", path=f"{KPN}/messages", status=503)
        self.assertEqual(self.api("GET", "messages", dialect="parley").status, 200)
        self.assertEqual(self.api("GET", "messages").status, 503)


if __name__ == "__main__":
    unittest.main()
