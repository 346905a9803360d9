"""Shared test support: certificates, an in-process simulator, HTTPS helpers.

Every test talks to the simulator over real TLS on 127.0.0.1 with the test CA, the way
the C++ client will. One simulator serves a whole test class (starting one per test
would dominate the run time); setUp resets its state, faults, statistics and settings
through the same path the control API's POST /reset uses.
"""

import atexit
import http.client
import json
import os
import shutil
import socket
import ssl
import subprocess
import tempfile
import threading
import unittest
import urllib.parse

from parley_sim.simulator import Options, Simulator
from parley_sim.state import Settings

SIM_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REPO = os.path.dirname(os.path.dirname(SIM_DIR))
MAKE_CERTS = os.path.join(REPO, "tools", "certs", "make-test-certs")
KPN = "/communication/parley/secure-messenger"
PARLEY = "/clientApi/v1.9"
CLIENT_ID = "test-client"
CLIENT_SECRET = "s3cr+t/with=specials&more"
ACCOUNT_SECRET = "acct-secret-1234"
DEVICE = "device-0001-aaaa-bbbb"
OTHER_DEVICE = "device-0002-cccc-dddd"

_cert_lock = threading.Lock()
_cert_dir = None


def cert_dir():
    """The test certificates, made once per test process with tools/certs."""
    global _cert_dir
    with _cert_lock:
        if _cert_dir is None:
            path = tempfile.mkdtemp(prefix="parley-sim-certs-")
            atexit.register(shutil.rmtree, path, True)
            subprocess.run([MAKE_CERTS, path], check=True, stdout=subprocess.DEVNULL)
            _cert_dir = path
        return _cert_dir


def client_context():
    ctx = ssl.create_default_context(cafile=os.path.join(cert_dir(), "ca.pem"))
    return ctx


def start_simulator(**overrides):
    certs = cert_dir()
    settings = overrides.pop("settings", Settings())
    options = Options(
        cert=os.path.join(certs, "server-ec.pem"),
        key=os.path.join(certs, "server-ec.key"),
        clients={CLIENT_ID: CLIENT_SECRET, "demo-client": "demo-secret"},
        account_secret=ACCOUNT_SECRET,
        settings=settings,
        **{"idle_timeout": 10.0, **overrides},
    )
    return Simulator(options).start()


class Reply:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers
        self.raw = body
        try:
            self.json = json.loads(body.decode("utf-8")) if body else None
        except ValueError:
            self.json = None

    @property
    def error(self):
        """The envelope's error string (first notification), or None."""
        if not isinstance(self.json, dict) or self.json.get("status") != "ERROR":
            return None
        return self.json["notifications"][0]["message"]

    @property
    def data(self):
        return self.json.get("data") if isinstance(self.json, dict) else None

    def __repr__(self):
        return f"Reply({self.status}, {self.raw[:300]!r})"


class SimTestCase(unittest.TestCase):
    sim = None
    sim_options = {}

    @classmethod
    def setUpClass(cls):
        cls.sim = start_simulator(**cls.sim_options)

    @classmethod
    def tearDownClass(cls):
        cls.sim.stop()

    def setUp(self):
        self.sim.reset()
        self._conns = []

    def tearDown(self):
        for conn in self._conns:
            conn.close()

    # ---- connections -------------------------------------------------------------------

    def connect(self, timeout=10):
        conn = http.client.HTTPSConnection("127.0.0.1", self.sim.api_port, context=client_context(),
                                           timeout=timeout)
        self._conns.append(conn)
        return conn

    def request(self, method, path, body=None, headers=None, conn=None, content_type=None):
        """One request; a dict body is sent as JSON, bytes/str as they are."""
        conn = conn or self.connect()
        headers = dict(headers or {})
        if isinstance(body, (dict, list)):
            body = json.dumps(body).encode("utf-8")
            headers.setdefault("Content-Type", content_type or "application/json")
        elif isinstance(body, str):
            body = body.encode("utf-8")
            if content_type:
                headers.setdefault("Content-Type", content_type)
        elif content_type:
            headers.setdefault("Content-Type", content_type)
        conn.request(method, path, body=body, headers=headers)
        resp = conn.getresponse()
        return Reply(resp.status, resp.headers, resp.read())

    def token_request(self, client_id=CLIENT_ID, secret=CLIENT_SECRET, query="?grant_type=client_credentials"):
        form = urllib.parse.urlencode({"client_id": client_id, "client_secret": secret})
        return self.request("POST", "/oauth/client_credential/accesstoken" + query, form,
                            content_type="application/x-www-form-urlencoded")

    def token(self):
        reply = self.token_request()
        self.assertEqual(reply.status, 200, reply)
        return reply.json["access_token"]

    def kpn_headers(self, device=DEVICE, token=None):
        return {"Authorization": f"Bearer {token or self.token()}", "uniqueAppDeviceId": device}

    @staticmethod
    def parley_headers(device=DEVICE, secret=ACCOUNT_SECRET):
        return {"x-iris-identification": f"{secret}:{device}"}

    def api(self, method, endpoint, body=None, device=DEVICE, dialect="kpn", headers=None, **kw):
        """A request to an API endpoint (path relative to the base) in a dialect."""
        if dialect == "kpn":
            base, auth = KPN, self.kpn_headers(device, kw.pop("token", None))
        else:
            base, auth = PARLEY, self.parley_headers(device)
        auth.update(headers or {})
        return self.request(method, f"{base}/{endpoint}", body, auth, **kw)

    def register(self, device=DEVICE, dialect="kpn", **fields):
        body = {"type": 4, "version": "1.2.3", **fields}
        reply = self.api("POST", "devices", body, device=device, dialect=dialect)
        self.assertEqual(reply.status, 200, reply)
        return reply

    def send(self, text, device=DEVICE, type_id=1, dialect="parley"):
        reply = self.api("POST", "messages", {"message": text, "typeId": type_id}, device=device,
                         dialect=dialect)
        self.assertEqual(reply.status, 200, reply)
        return int(reply.data["messageId"])

    # ---- control API -------------------------------------------------------------------

    def control(self, method, path, body=None, expect=200):
        conn = http.client.HTTPConnection("127.0.0.1", self.sim.control_port, timeout=10)
        try:
            data = None if body is None else json.dumps(body).encode("utf-8")
            conn.request(method, path, body=data,
                         headers={"Content-Type": "application/json"} if data else {})
            resp = conn.getresponse()
            result = json.loads(resp.read().decode("utf-8"))
        finally:
            conn.close()
        if expect is not None:
            self.assertEqual(resp.status, expect, result)
        return result

    def fault(self, **spec):
        return self.control("POST", "/faults", spec)["fault"]

    def reply_as(self, agent, text, device=DEVICE, **extra):
        return self.control("POST", f"/conversations/{device}/reply",
                            {"agent": agent, "message": text, **extra})["message"]

    # ---- raw sockets (framing tests) ---------------------------------------------------

    def raw_connect(self, timeout=10):
        sock = socket.create_connection(("127.0.0.1", self.sim.api_port), timeout=timeout)
        # suppress_ragged_eofs=False: a close without close_notify raises SSLEOFError
        # instead of looking like a clean end, so tests can tell the two apart.
        tls = client_context().wrap_socket(sock, server_hostname="127.0.0.1",
                                           suppress_ragged_eofs=False)
        self.addCleanup(tls.close)
        return tls

    @staticmethod
    def raw_request(method, path, headers, body=b""):
        lines = [f"{method} {path} HTTP/1.1", "Host: 127.0.0.1"]
        lines += [f"{k}: {v}" for k, v in headers.items()]
        lines.append(f"Content-Length: {len(body)}")
        return ("\r\n".join(lines) + "\r\n\r\n").encode() + body

    @staticmethod
    def read_all(sock):
        """Everything until the server closes; returns (bytes, reads) where reads is
        the list of chunk sizes received."""
        data, reads = b"", []
        while True:
            try:
                chunk = sock.recv(65536)
            except (ssl.SSLError, ConnectionResetError):
                break
            if not chunk:
                break
            reads.append(len(chunk))
            data += chunk
        return data, reads
