"""The parley-sim and agent command lines as processes; persistence; certificates."""

import http.client
import json
import os
import queue
import shutil
import signal
import subprocess
import tempfile
import threading
import time
import unittest
import urllib.parse

from parley_sim.simulator import Options, Simulator
from parley_sim.state import Settings

from .simtest import MAKE_CERTS, PARLEY, SIM_DIR, cert_dir, client_context

PARLEY_SIM = os.path.join(SIM_DIR, "parley-sim")
AGENT = os.path.join(SIM_DIR, "agent")
DEVICE = "cli-device-0123456789"


def wait_for_file(path, proc, timeout=10):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if os.path.exists(path):
            with open(path, encoding="utf-8") as f:
                return json.load(f)
        if proc.poll() is not None:
            raise AssertionError(f"parley-sim exited early: {proc.stderr.read()}")
        time.sleep(0.02)
    raise AssertionError("no ports file")


def start_process(tmp):
    """A parley-sim process with its ports file in `tmp`: (proc, ports_file, ports,
    the line it printed when listening)."""
    ports_file = os.path.join(tmp, "ports.json")
    certs = cert_dir()
    proc = subprocess.Popen(
        [PARLEY_SIM, "--cert", os.path.join(certs, "server-ec.pem"),
         "--key", os.path.join(certs, "server-ec.key"), "--ports-file", ports_file,
         "--client", "cli:secret", "--account-secret", "acct", "--token-lifetime", "120",
         "--bot", "--bot-delay", "0.1", "--bot-name", "Helper",
         "--log-file", os.path.join(tmp, "sim.log")],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    ports = wait_for_file(ports_file, proc)
    return proc, ports_file, ports, proc.stdout.readline().strip()


def stop_process(proc):
    if proc.poll() is None:
        proc.kill()
        proc.wait()
    proc.stdout.close()
    proc.stderr.close()


class LineReader:
    """The lines a child process prints, read by a thread, so a test can wait for the
    line it expects (with a deadline) instead of sleeping."""

    def __init__(self, stream):
        self.lines = []
        self._queue = queue.Queue()
        self._thread = threading.Thread(target=self._read, args=(stream,), daemon=True)
        self._thread.start()

    def _read(self, stream):
        for line in stream:
            self._queue.put(line)
        self._queue.put(None)

    def wait_for(self, text, timeout=10):
        """True once a line containing `text` was printed; False at the end of output
        or after `timeout` seconds."""
        deadline = time.monotonic() + timeout
        if any(text in line for line in self.lines):
            return True
        while True:
            try:
                line = self._queue.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                return False
            if line is None:
                self._queue.put(None)
                return False
            self.lines.append(line)
            if text in line:
                return True

    def rest(self, timeout=10):
        """Everything printed, once the output has ended."""
        self.wait_for("\0never\0", timeout)
        self._thread.join(timeout)
        return "".join(self.lines)


class ProcessTest(unittest.TestCase):
    """One parley-sim process for the class, driven through the agent CLI. The tests do
    not depend on each other or on their order (tools/sim/tests/run_in_order.py)."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="parley-sim-cli-")
        cls.proc, cls.ports_file, cls.ports, cls.listening = start_process(cls.tmp)

    @classmethod
    def tearDownClass(cls):
        stop_process(cls.proc)
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def agent(self, *args, stdin=None, timeout=20):
        result = subprocess.run([AGENT, "--ports-file", self.ports_file, *args], input=stdin,
                                capture_output=True, text=True, timeout=timeout)
        self.assertEqual(result.returncode, 0, result.stderr)
        return result.stdout

    def api(self, method, endpoint, body=None):
        conn = http.client.HTTPSConnection("127.0.0.1", self.ports["api_port"], context=client_context(),
                                           timeout=10)
        try:
            headers = {"x-iris-identification": f"acct:{DEVICE}", "Content-Type": "application/json"}
            conn.request(method, f"{PARLEY}/{endpoint}", json.dumps(body) if body else None, headers)
            resp = conn.getresponse()
            return resp.status, json.loads(resp.read())
        finally:
            conn.close()

    def test_started(self):
        self.assertEqual(set(self.ports), {"api_port", "control_port", "pid", "host", "scheme"})
        self.assertEqual(self.ports["pid"], self.proc.pid)
        self.assertEqual(self.listening,
                         f"parley-sim listening api=https://127.0.0.1:{self.ports['api_port']} "
                         f"control=http://127.0.0.1:{self.ports['control_port']}")

    def test_token_with_configured_client(self):
        conn = http.client.HTTPSConnection("127.0.0.1", self.ports["api_port"], context=client_context())
        conn.request("POST", "/oauth/client_credential/accesstoken?grant_type=client_credentials",
                     urllib.parse.urlencode({"client_id": "cli", "client_secret": "secret"}),
                     {"Content-Type": "application/x-www-form-urlencoded"})
        resp = conn.getresponse()
        body = json.loads(resp.read())
        conn.close()
        self.assertEqual((resp.status, body["expires_in"]), (200, "120"))

    def test_agent_session(self):
        self.assertEqual(self.api("POST", "devices", {"type": 4, "version": "1.0.0",
                                                      "userAdditionalInformation": {"name": "Desk"}})[0], 200)
        self.api("POST", "messages", {"message": "My kiosk shows a fault", "typeId": 1})
        listing = self.agent("list")
        self.assertIn(DEVICE, listing)
        self.assertIn("Desk", listing)
        deadline = time.monotonic() + 5
        while "Ticket T-" not in self.agent("show", DEVICE) and time.monotonic() < deadline:
            time.sleep(0.05)
        shown = self.agent("show", DEVICE[:8])  # a unique prefix is enough
        self.assertIn("user: My kiosk shows a fault", shown)
        self.assertIn("Helper: Ticket T-1001 opened for your report.", shown)

        out = self.agent("reply", DEVICE, "--as", "Alice", "We", "are", "on", "it",
                         "--quick-reply", "Thanks", "--quick-reply", "Still broken")
        self.assertIn("Alice: We are on it", out)
        status, body = self.api("GET", "messages")
        newest = body["data"][0]
        self.assertEqual((newest["message"], newest["quickReplies"]), ("We are on it", ["Thanks", "Still broken"]))

        out = self.agent("reply", DEVICE, "--as", "Alice", "Restart?", "--button", "Restart now=restart",
                         "--button", "Later", "--link", "Manual=https://kpn.example/m",
                         "--call", "Desk=+31 88 000")
        self.assertIn("[phoneNumber: Desk = +31 88 000]", out)
        newest = self.api("GET", "messages")[1]["data"][0]
        self.assertEqual(newest["buttons"], [
            {"title": "Restart now", "payload": "restart", "type": "reply"},
            {"title": "Later", "payload": "Later", "type": "reply"},
            {"title": "Manual", "payload": "https://kpn.example/m", "type": "webUrl"},
            {"title": "Desk", "payload": "+31 88 000", "type": "phoneNumber"}])

        self.agent("typing", DEVICE, "--as", "Alice")
        self.assertEqual(self.api("GET", "messages")[1]["agent"]["name"], "Alice")
        self.agent("typing", DEVICE, "--as", "Alice", "--stop")
        self.assertNotIn("agent", self.api("GET", "messages")[1])

        # Each wait is for the line the other process prints, not for a fixed time.
        watcher = subprocess.Popen([AGENT, "--ports-file", self.ports_file, "watch", "--interval", "0.1",
                                    "--duration", "20"], stdout=subprocess.PIPE, text=True)
        try:
            lines = LineReader(watcher.stdout)
            self.assertTrue(lines.wait_for("watching "), "watch started (after its newest id)")
            self.api("POST", "messages", {"message": "watched message", "typeId": 1})
            self.assertTrue(lines.wait_for("watched message"))
        finally:
            watcher.terminate()
            watcher.wait(timeout=10)
            watcher.stdout.close()
        self.assertNotIn("My kiosk shows a fault", lines.rest(), "watch starts at the newest message")

        chat = subprocess.Popen([AGENT, "--ports-file", self.ports_file, "chat", DEVICE, "--as", "Bea",
                                 "--interval", "0.1"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        try:
            lines = LineReader(chat.stdout)
            self.assertTrue(lines.wait_for("chatting with "), "chat started (after its newest id)")
            chat.stdin.write("first line from Bea\n/typing\n")
            chat.stdin.flush()
            self.assertTrue(self.wait_for_stored("first line from Bea"))
            self.api("POST", "messages", {"message": "user during chat", "typeId": 1})
            self.assertTrue(lines.wait_for("user: user during chat"))
            chat.stdin.write("second line\n/quit\n")
            chat.stdin.close()
            self.assertEqual(chat.wait(timeout=10), 0)
            lines.rest()
        finally:
            if chat.poll() is None:
                chat.kill()
                chat.wait()
            chat.stdout.close()
        texts = [m["message"] for m in self.api("GET", "messages")[1]["data"]]
        self.assertIn("first line from Bea", texts)
        self.assertIn("second line", texts)

        self.assertIn('"kind": "status"', self.agent("fault", "status", "status=503", "--path", "/config"))
        self.assertEqual(self.api("GET", "config")[0], 503)
        self.assertIn('"token_requests"', self.agent("stats"))

    def test_agent_reply_with_media_and_legacy_image(self):
        self.api("POST", "devices", {"type": 4, "version": "1.0.0"})
        self.api("POST", "messages", {"message": "send me the manual", "typeId": 1})
        photo = b"\xff\xd8\xff\xe0 jpeg bytes"
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "photo.jpg")
            with open(path, "wb") as f:
                f.write(photo)
            out = self.agent("reply", DEVICE, "--as", "Alice", "Here", "--media", path)
            self.assertIn("Alice: Here [file ", out)
            out = self.agent("reply", DEVICE, "--as", "Alice", "The", "scan", "--image", path)
            self.assertIn("[image media/", out)
            result = subprocess.run([AGENT, "--ports-file", self.ports_file, "reply", DEVICE,
                                     "x", "--as", "Alice", "--media", os.path.join(tmp, "notes.txt")],
                                    capture_output=True, text=True, timeout=10)
            self.assertEqual(result.returncode, 1)
            self.assertIn("only .jpg .png .gif .pdf", result.stderr)
        newest, media_message = self.api("GET", "messages")[1]["data"][:2]
        self.assertRegex(newest["image"], r"^media/\d{4}/\d{2}/\d{2}/[0-9a-f]+\.jpg$")
        media = media_message["media"]
        self.assertEqual((media_message["message"], media["mimeType"]), ("Here", "image/jpeg"))

    def test_agent_errors(self):
        result = subprocess.run([AGENT, "--ports-file", self.ports_file, "show", "no-such-device"],
                                capture_output=True, text=True, timeout=10)
        self.assertEqual(result.returncode, 1)
        self.assertIn("no conversation", result.stderr)
        result = subprocess.run([AGENT, "--ports-file", self.ports_file, "reply", DEVICE, "--as", "A",
                                 "x", "--link", "no target"], capture_output=True, text=True, timeout=10)
        self.assertEqual(result.returncode, 1)
        self.assertIn("needs TITLE=TARGET", result.stderr)
        result = subprocess.run([AGENT, "list"], capture_output=True, text=True, timeout=10,
                                env={k: v for k, v in os.environ.items() if not k.startswith("PARLEY_SIM")})
        self.assertEqual(result.returncode, 1)

    def wait_for_stored(self, text, timeout=10):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if text in [m["message"] for m in self.api("GET", "messages")[1]["data"]]:
                return True
            time.sleep(0.02)
        return False


class SigtermTest(unittest.TestCase):
    """SIGTERM ends parley-sim cleanly; a process of its own, so that no other test
    depends on running before it."""

    def test_sigterm_exits_cleanly(self):
        tmp = tempfile.mkdtemp(prefix="parley-sim-term-")
        self.addCleanup(shutil.rmtree, tmp, True)
        proc, ports_file, ports, _ = start_process(tmp)
        self.addCleanup(stop_process, proc)
        conn = http.client.HTTPSConnection("127.0.0.1", ports["api_port"], context=client_context(),
                                           timeout=10)
        headers = {"x-iris-identification": f"acct:{DEVICE}", "Content-Type": "application/json"}
        for endpoint, body in (("devices", {"type": 4, "version": "1.0.0"}),
                               ("messages", {"message": "before SIGTERM", "typeId": 1})):
            conn.request("POST", f"{PARLEY}/{endpoint}", json.dumps(body), headers)
            resp = conn.getresponse()
            resp.read()
            self.assertEqual(resp.status, 200, endpoint)
        conn.close()
        proc.send_signal(signal.SIGTERM)
        self.assertEqual(proc.wait(timeout=10), 0)
        self.assertFalse(os.path.exists(ports_file), "ports file removed on exit")
        with open(os.path.join(tmp, "sim.log"), encoding="utf-8") as f:
            log = f.read()
        self.assertIn("POST /clientApi/v1.9/messages -> 200", log)
        self.assertNotIn("secret", log.replace("client_credential", ""))


class CommandLineTest(unittest.TestCase):
    def test_https_needs_cert(self):
        result = subprocess.run([PARLEY_SIM], capture_output=True, text=True, timeout=10)
        self.assertEqual(result.returncode, 2)
        self.assertIn("--cert", result.stderr)

    def test_sigint_and_plain(self):
        tmp = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, tmp, True)
        ports_file = os.path.join(tmp, "p.json")
        proc = subprocess.Popen([PARLEY_SIM, "--plain", "--ports-file", ports_file],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            ports = wait_for_file(ports_file, proc)
            self.assertEqual(ports["scheme"], "http")
            self.assertIn("api=http://127.0.0.1:", proc.stdout.readline())
            conn = http.client.HTTPConnection("127.0.0.1", ports["api_port"], timeout=5)
            conn.request("POST", "/oauth/client_credential/accesstoken?grant_type=client_credentials",
                         "client_id=demo-client&client_secret=demo-secret",
                         {"Content-Type": "application/x-www-form-urlencoded"})
            self.assertEqual(conn.getresponse().status, 200, "default client")
            conn.close()
            proc.send_signal(signal.SIGINT)
            self.assertEqual(proc.wait(timeout=10), 0)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
            proc.stdout.close()
            proc.stderr.close()


class PersistenceTest(unittest.TestCase):
    def test_state_survives_restart(self):
        tmp = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, tmp, True)
        state_file = os.path.join(tmp, "state.json")
        certs = cert_dir()

        def start():
            return Simulator(Options(cert=os.path.join(certs, "server-ec.pem"),
                                     key=os.path.join(certs, "server-ec.key"),
                                     settings=Settings(), state_file=state_file)).start()

        sim = start()
        token, _ = sim.state.issue_token("demo-client")
        sim.state.register_device(DEVICE, {"type": 4, "version": "1.2.3"})
        first = sim.state.add_message(DEVICE, type_id=1, text="persisted")
        media = sim.state.store_media(DEVICE, b"\x89PNG", "image/png", "a.png")
        sim.stop()

        sim = start()
        self.addCleanup(sim.stop)
        self.assertEqual(sim.state.token_status(token), "ok")
        self.assertTrue(sim.state.is_registered(DEVICE))
        self.assertEqual(sim.state.media_record(media["id"])["data"], b"\x89PNG")
        second = sim.state.add_message(DEVICE, type_id=1, text="after restart")
        self.assertGreater(second["id"], first["id"])
        messages, _, _ = sim.state.page(DEVICE)
        self.assertEqual([m["message"] for m in messages], ["after restart", "persisted"])


class ExtraSanCertTest(unittest.TestCase):
    def test_extra_san_leaf(self):
        tmp = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, tmp, True)
        env = dict(os.environ, EXTRA_SAN="IP:10.200.0.1,DNS:sim.test")
        subprocess.run([MAKE_CERTS, tmp], check=True, env=env, stdout=subprocess.DEVNULL)
        text = subprocess.run(["openssl", "x509", "-in", os.path.join(tmp, "server-extra.pem"), "-noout",
                               "-ext", "subjectAltName"], check=True, capture_output=True, text=True).stdout
        for name in ("DNS:localhost", "IP Address:127.0.0.1", "IP Address:10.200.0.1", "DNS:sim.test"):
            self.assertIn(name, text)
        subprocess.run(["openssl", "verify", "-CAfile", os.path.join(tmp, "ca.pem"),
                        os.path.join(tmp, "server-extra.pem")], check=True, stdout=subprocess.DEVNULL)
        # Without EXTRA_SAN nothing extra is made.
        self.assertFalse(os.path.exists(os.path.join(cert_dir(), "server-extra.pem")))


if __name__ == "__main__":
    unittest.main()
