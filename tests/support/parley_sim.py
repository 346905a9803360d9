"""tools/sim/parley-sim for the Python tests of the apps (kiosk_pty, kiosk_receipts,
ticket_follow, registered_user): test certificates made into the test's directory, the
simulator on free loopback ports, its control API. Python 3 stdlib only; network:
127.0.0.1 only."""
import json
import os
import signal
import subprocess
import sys
import time
import urllib.request


class Control:
    """The simulator's control API (tools/sim/README.md)."""

    def __init__(self, port):
        self.base = "http://127.0.0.1:%d" % port

    def get(self, path):
        with urllib.request.urlopen(self.base + path, timeout=10) as r:
            return json.loads(r.read().decode())

    def post(self, path, body):
        req = urllib.request.Request(self.base + path, data=json.dumps(body).encode(),
                                     headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=10) as r:
            return json.loads(r.read().decode())


class Simulator:
    """Starts parley-sim with `args` (its log in TMP/sim.log) and waits for its ports;
    exits the test with the simulator's error when it does not start. `ca` is the CA
    bundle the apps trust, `api_port` the API's port, `control` its control API."""

    def __init__(self, source, tmp, *args):
        certs = os.path.join(tmp, "certs")
        subprocess.run([os.path.join(source, "tools/certs/make-test-certs"), certs],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.ca = os.path.join(certs, "ca.pem")
        ports_file = os.path.join(tmp, "ports.json")
        self.proc = subprocess.Popen(
            [sys.executable, os.path.join(source, "tools/sim/parley-sim"),
             "--cert", os.path.join(certs, "server-ec.pem"),
             "--key", os.path.join(certs, "server-ec.key"), "--host", "127.0.0.1",
             "--port", "0", "--control-port", "0", "--ports-file", ports_file,
             "--log-file", os.path.join(tmp, "sim.log")] + list(args),
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        for _ in range(200):
            if os.path.exists(ports_file) or self.proc.poll() is not None:
                break
            time.sleep(0.05)
        ports = None
        for _ in range(20):  # the file may be seen before its text is written
            try:
                with open(ports_file) as f:
                    ports = json.load(f)
                break
            except (OSError, ValueError):
                time.sleep(0.05)
        if ports is None:
            self.stop()
            sys.stderr.write("FAIL: the simulator did not start: %s\n"
                             % self.proc.stderr.read().decode())
            sys.exit(1)
        self.api_port = ports["api_port"]
        self.control = Control(ports["control_port"])

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
