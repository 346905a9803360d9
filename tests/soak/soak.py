#!/usr/bin/env python3
"""Chaos soak: every message exactly once and in order, both ways, through parley-kiosk.

Usage: soak.py PARLEY_KIOSK SOURCE_DIR [--seed N] [--messages N] [options]  (--help)

On 127.0.0.1 only: starts tools/sim/parley-sim over TLS with its bot, provisions one
device and runs parley-kiosk in non-interactive mode (lines on its stdin, the
conversation on its stdout) with a short operation deadline (--timeout) and send grace
(--send-grace). Then, from a plan drawn from the seed:

- writes the user messages (unique texts, runs of identical texts such as "yes" three
  times, ticket texts, a few non-ASCII ones) as lines, a few at a time, never more than
  a window of them unconfirmed; the bot answers each one;
- writes bursts of agent messages through the control API (Alice and Bob, 30 at once);
- faults about 20% of all API requests with every simulator fault kind (seeded
  probabilistic faults plus a connection_close_after policy), including delays longer
  than the client's deadline and stores that land seconds after the connection dropped;
  revokes and expires the device's token now and then;
- SIGKILLs the kiosk at planned moments (idle, while a send is in flight at the server,
  right after lines were written, in the middle of an agent burst) and starts it again on
  the same flash file.

Then the faults stop and the soak waits (bounded) until the outbox is drained and the
kiosk has caught up, closes its stdin (it must exit 0: nothing left queued) and checks:

- the simulator's conversation holds each user message exactly once, in the order
  written (a line that was written but not yet echoed when the kiosk was killed may be
  absent: the kill may have come before the kiosk read it; if present, exactly once and
  in its place);
- the kiosk's output over all its lives shows every agent/bot message of the
  conversation exactly once, in id order;
- the bot answered every user message, every fault kind fired, the kills happened.

It prints the figures (messages, agent messages, faults per kind, kills, lost /
duplicated / out-of-order both ways) and exits 0 when everything holds, 1 otherwise (the
failure says what was missing), 2 on bad usage. The plan is a function of the seed; the
interleaving with real time is not, so a failing seed shows the same kind of run, not
necessarily the same bytes. Python 3 standard library only.
"""

import argparse
import bisect
import itertools
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

ECHO = re.compile(r"^You \((?:\d\d:\d\d|--:--)\): (.*)$")
SHOWN = re.compile(r"^(\S.*?) \((?:\d\d:\d\d|--:--)\): (.*)$")
BASE_PATH = "/communication/parley/secure-messenger"
USER_TYPES = (1, 4)
AGENTS = ("Alice", "Bob")
BOT_NAME = "Service Bot"
WORDS = ("coin", "slot", "screen", "printer", "paper", "receipt", "card", "reader", "door",
         "light", "button", "ticket", "queue", "payment", "refund", "network", "display",
         "keypad", "camera", "sensor", "jammed", "blank", "slow", "loud", "broken", "again")
REPEATS = ("yes", "ok", "no", "thanks", "yes please", "\u00e9\u00e9n moment")
UNICODE = ("caf\u00e9 \u2615", "na\u00efve r\u00e9sum\u00e9", "\u00fcber gr\u00f6\u00dfe",
           "\u65e5\u672c\u8a9e", "\u0437\u0434\u0440\u0430\u0432\u0441\u0442\u0432\u0443\u0439")
ALL_KINDS = ("status", "retry_after", "delay", "close_before", "store_then_close", "chunked",
             "connection_close_after", "trickle", "store_after")


class SoakFailure(Exception):
    """The run cannot go on (a process died, a wait timed out): says what was missing."""


def log(message):
    sys.stdout.write("[%7.1fs] %s\n" % (time.monotonic() - START, message))
    sys.stdout.flush()


START = time.monotonic()


# ---- the plan ---------------------------------------------------------------------------


class Plan:
    """Everything the seed decides: texts, batches, bursts, kills, faults, revocations."""

    def __init__(self, args):
        rng = random.Random(args.seed)
        self.seed = args.seed
        # User messages, in order; grouped into batches written together.
        self.batches = []
        count = 0
        while count < args.messages:
            roll = rng.random()
            if roll < 0.10:  # a run of identical texts
                text = rng.choice(REPEATS)
                batch = [text] * rng.choice((2, 3, 3, 4))
            elif roll < 0.16:
                batch = ["u%04d ticket: the %s is %s" % (count, rng.choice(WORDS), rng.choice(WORDS))]
            elif roll < 0.20:
                batch = ["u%04d %s" % (count, rng.choice(UNICODE))]
            else:
                size = rng.choice((1, 1, 1, 2, 2, 3, 4))
                batch = ["u%04d %s" % (count + i, " ".join(rng.choice(WORDS) for _ in range(
                    rng.randint(1, 6)))) for i in range(size)]
            batch = batch[: args.messages - count]
            self.batches.append(batch)
            count += len(batch)
        self.messages = count
        # The first batch is the fault-free warm-up; chaos events hang on batch indexes.
        usable = list(range(2, len(self.batches)))
        spread = lambda n: sorted(rng.sample(usable, min(n, len(usable))))  # noqa: E731
        self.bursts = {}
        for b, at in enumerate(spread(args.bursts)):
            self.bursts[at] = [("%s" % AGENTS[i % 2],
                                "a%02d-%02d %s" % (b, i, " ".join(rng.choice(WORDS) for _ in range(
                                    rng.randint(2, 7)))))
                               for i in range(args.burst_size)]
        modes = ["sending", "typing", "burst", "idle"]
        self.kills = {}
        for k, at in enumerate(spread(args.kills)):
            mode = modes[k % len(modes)] if k < len(modes) else rng.choice(modes)
            self.kills[at] = {"mode": mode, "pause": rng.uniform(0.0, 1.5),
                              "shown": rng.randint(1, max(1, args.burst_size - 1)),
                              "restart_after": rng.uniform(0.0, 0.5)}
        self.pauses = [rng.uniform(0.0, 0.1) for _ in self.batches]
        self.revoke_every = [rng.uniform(12.0, 24.0) for _ in range(1000)]
        self.fault_seeds = [rng.randrange(1 << 30) for _ in range(32)]
        self.close_after = rng.randint(20, 28)

    def fault_specs(self, args):
        """The probabilistic faults of the chaos phase (count -1, seeded draws). The
        probabilities add up to about args.fault_rate with the close_after policy."""
        delay = args.long_delay
        r = args.fault_rate / 0.20  # the table is written for 20%
        specs = [
            # Server errors and rate limiting (nothing processed).
            {"kind": "status", "status": 503, "probability": 0.016},
            {"kind": "status", "status": 500, "probability": 0.008},
            {"kind": "status", "status": 502, "body": "<html>Bad Gateway</html>",
             "content_type": "text/html", "probability": 0.006},
            {"kind": "retry_after", "seconds": 1, "probability": 0.006},
            {"kind": "retry_after", "seconds": 1, "date": True, "probability": 0.003},
            # Slowness within and beyond the client's deadline (a POST delayed beyond it
            # is stored after the client gave up).
            {"kind": "delay", "seconds": 0.4, "probability": 0.035},
            {"kind": "delay", "seconds": delay, "probability": 0.003},
            {"kind": "delay", "seconds": delay, "path": "/messages", "method": "POST",
             "probability": 0.004},
            # Dropped before / after processing, and stored later after a drop.
            {"kind": "close_before", "probability": 0.005},
            {"kind": "close_before", "reset": True, "probability": 0.002},
            {"kind": "store_then_close", "probability": 0.003},
            {"kind": "store_then_close", "path": "/messages", "method": "POST",
             "probability": 0.003},
            {"kind": "store_after", "seconds": delay, "path": "/messages", "method": "POST",
             "probability": 0.005},
            {"kind": "store_after", "seconds": 1.0, "probability": 0.002},
            # Legal but unusual framing.
            {"kind": "chunked", "chunks": 4, "probability": 0.070},
            {"kind": "trickle", "bytes": 7, "interval": 0.001, "probability": 0.035},
        ]
        for i, spec in enumerate(specs):
            spec.setdefault("path", "")
            spec["count"] = -1
            spec["probability"] = round(min(1.0, spec["probability"] * r), 4)
            spec["seed"] = self.fault_seeds[i]
        return specs


# ---- the simulator ----------------------------------------------------------------------


class Control:
    def __init__(self, port):
        self.base = "http://127.0.0.1:%d" % port

    def call(self, method, path, body=None, missing_ok=False):
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(self.base + path, data=data, method=method,
                                     headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(req, timeout=15) as r:
                return json.loads(r.read().decode("utf-8"))
        except urllib.error.HTTPError as exc:
            if missing_ok and exc.code == 404:
                return None
            raise SoakFailure("control API %s %s failed: %s" % (method, path, exc)) from None
        except (urllib.error.URLError, OSError, ValueError) as exc:
            raise SoakFailure("control API %s %s failed: %s" % (method, path, exc)) from None

    def get(self, path):
        return self.call("GET", path)

    def post(self, path, body):
        return self.call("POST", path, body)


class Requests:
    """Every API request the simulator logged (GET /requests, polled incrementally)."""

    def __init__(self, control):
        self.control = control
        self.since = 0
        self.total = 0
        self.faulted = 0
        self.missed = 0
        self.in_flight = {}  # seq -> entry not answered yet (when last seen)
        self.recent = []

    def poll(self):
        entries = self.control.get("/requests?since=%d" % self.since)["requests"]
        if entries and entries[0]["seq"] > self.since + 1:
            self.missed += entries[0]["seq"] - self.since - 1
        for e in entries:
            self.total += 1
            if e["faults"]:
                self.faulted += 1
            self.since = e["seq"]
        self.recent = entries
        return entries


class Sim:
    def __init__(self, source, certs, tmp, args):
        self.ports_file = os.path.join(tmp, "ports.json")
        self.log_file = os.path.join(tmp, "sim.log")
        self.err = open(os.path.join(tmp, "sim.stderr"), "wb")
        cmd = [sys.executable, os.path.join(source, "tools/sim/parley-sim"),
               "--cert", os.path.join(certs, "server-ec.pem"),
               "--key", os.path.join(certs, "server-ec.key"),
               "--host", "127.0.0.1", "--port", "0", "--control-port", "0",
               "--ports-file", self.ports_file, "--log-file", self.log_file,
               "--bot", "--bot-delay", str(args.bot_delay)]
        self.proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=self.err)
        deadline = time.monotonic() + 20
        while not os.path.exists(self.ports_file):
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise SoakFailure("the simulator did not start (see %s)" % self.err.name)
            time.sleep(0.05)
        with open(self.ports_file) as f:
            ports = json.load(f)
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
        self.err.close()


# ---- the kiosk --------------------------------------------------------------------------


class Life:
    """One run of parley-kiosk, from start to exit or SIGKILL."""

    def __init__(self, number, argv, env, stderr_path):
        self.number = number
        self.stderr = open(stderr_path, "wb")
        self.stdout_copy = open(stderr_path[: -len(".stderr")] + ".stdout", "wb")
        self.proc = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=self.stderr, env=env, close_fds=True)
        self.raw = b""
        self.lines = []  # complete lines, decoded
        self.lock = threading.Lock()
        self.eof = threading.Event()
        self.written = []  # user texts written to stdin, in order
        self.echoed = 0  # how many of them the kiosk accepted (echoed)
        self.shown = []  # (name, text) of agent messages shown
        self.errors = []  # lines that must never appear
        self.links = []
        self.killed = False
        self.consumed = 0
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self):
        fd = self.proc.stdout.fileno()
        while True:
            try:
                data = os.read(fd, 65536)
            except OSError:
                data = b""
            if not data:
                break
            try:
                self.stdout_copy.write(data)
            except ValueError:  # closed: finish() gave up waiting for the end
                pass
            with self.lock:
                self.raw += data
                *complete, self.raw = self.raw.split(b"\n")
                for line in complete:
                    self.lines.append(line.decode("utf-8", "replace"))
        self.eof.set()

    def process(self):
        """Parse the lines that arrived since the last call."""
        with self.lock:
            fresh = self.lines[self.consumed:]
            self.consumed = len(self.lines)
        for line in fresh:
            echo = ECHO.match(line)
            if echo:
                if self.echoed >= len(self.written):
                    self.errors.append("echo of a line never written: %r" % line)
                elif echo.group(1) != self.written[self.echoed]:
                    self.errors.append("echo %r while %r was expected" % (
                        echo.group(1), self.written[self.echoed]))
                self.echoed += 1
                continue
            shown = SHOWN.match(line)
            if shown:
                self.shown.append((shown.group(1), shown.group(2)))
            elif line.startswith("Not sent") or line.startswith("A message could not"):
                self.errors.append(line)
            elif line.startswith("-- "):
                self.links.append(line)

    def write(self, texts):
        self.written.extend(texts)
        try:
            self.proc.stdin.write("".join(t + "\n" for t in texts).encode("utf-8"))
            self.proc.stdin.flush()
        except (BrokenPipeError, OSError):
            raise SoakFailure("kiosk life %d exited while lines were written (status %s)" % (
                self.number, self.proc.poll())) from None

    def alive(self):
        return self.proc.poll() is None

    def kill(self):
        self.killed = True
        if self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGKILL)
        self.finish()

    def finish(self, timeout=10):
        try:
            self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.eof.wait(timeout=5)
        self.process()
        for stream in (self.proc.stdin, self.proc.stdout, self.stdout_copy):
            try:
                stream.close()
            except OSError:
                pass
        self.stderr.close()

    def torn(self):
        """A partial last line (the kill landed in the middle of printing it)."""
        with self.lock:
            return self.raw.decode("utf-8", "replace")


# ---- the run ----------------------------------------------------------------------------


class Soak:
    def __init__(self, args, tmp):
        self.args = args
        self.tmp = tmp
        self.plan = Plan(args)
        self.lives = []
        self.life = None
        self.sent = []  # [text, certain] in the order written
        self.kill_log = []
        self.revocations = 0
        self.expirations = 0
        self.bursts_done = 0
        self.burst_messages = 0
        self.conversation = []  # every message of the device's conversation, id order
        self.device = None
        self.deadline = START + args.budget

    # ---- helpers -------------------------------------------------------------------------

    def check_budget(self, what):
        if time.monotonic() > self.deadline:
            raise SoakFailure("the run's time budget (%ds) ran out while %s" % (
                self.args.budget, what))

    def start_life(self):
        n = len(self.lives) + 1
        argv = [self.args.kiosk, "--timeout", "%d" % self.args.timeout,
                "--send-grace", "%d" % self.args.send_grace]
        life = Life(n, argv, self.env, os.path.join(self.tmp, "kiosk-%03d.stderr" % n))
        self.lives.append(life)
        self.life = life
        return life

    def service(self):
        """Keep the books: kiosk output, the request log, the conversation, revocations."""
        self.life.process()
        if self.life.errors:
            raise SoakFailure("the kiosk (life %d) printed: %s" % (
                self.life.number, "; ".join(self.life.errors[:3])))
        if not self.life.alive():
            self.life.finish()
            raise SoakFailure("the kiosk (life %d) exited on its own with status %s; stderr: %s" % (
                self.life.number, self.life.proc.returncode, self.stderr_tail(self.life)))
        now = time.monotonic()
        if now - self.last_request_poll > 0.3:
            self.requests.poll()
            self.last_request_poll = now
        if now - self.last_conversation_poll > 0.4:
            self.refresh_conversation()
            self.last_conversation_poll = now
        if self.chaos and now >= self.next_revoke:
            if self.revocations % 4 == 3:
                self.control.post("/tokens/expire", {})
                self.expirations += 1
            else:
                self.control.post("/tokens/revoke", {})
            self.revocations += 1
            self.next_revoke = now + self.plan.revoke_every[self.revocations % 1000]

    def refresh_conversation(self):
        after = self.conversation[-1]["id"] if self.conversation else 0
        path = "/conversations/%s?after=%d" % (urllib.parse.quote(self.device, safe=""), after)
        detail = self.control.call("GET", path, missing_ok=True)  # 404 until subscribed
        if detail is not None:
            self.conversation.extend(detail["messages"])

    def stored_user(self):
        return [m for m in self.conversation if m["typeId"] in USER_TYPES]

    def wait(self, predicate, seconds, what):
        end = time.monotonic() + seconds
        while True:
            self.service()
            if predicate():
                return
            if time.monotonic() > end or time.monotonic() > self.deadline:
                what = what() if callable(what) else what
                if time.monotonic() > end:
                    raise SoakFailure("timed out after %.0fs waiting for %s" % (seconds, what))
                self.check_budget("waiting for " + what)
            time.sleep(0.01)

    def stderr_tail(self, life):
        try:
            with open(life.stderr.name, "rb") as f:
                return f.read()[-600:].decode("utf-8", "replace").strip() or "(empty)"
        except OSError:
            return "(unreadable)"

    def unconfirmed(self):
        """Lines accepted by the kiosk whose message the simulator does not hold yet."""
        accepted = sum(1 for _, certain in self.sent if certain)
        return accepted - len(self.stored_user())

    def missing_accepted(self):
        """Accepted texts the conversation does not hold (as many as are missing)."""
        left = {}
        for m in self.stored_user():
            left[m["message"]] = left.get(m["message"], 0) + 1
        missing = []
        for text, certain in self.sent:
            if left.get(text, 0) > 0:
                left[text] -= 1
            elif certain:
                missing.append(text)
        return missing[:20]

    # ---- setup ---------------------------------------------------------------------------

    def setup(self):
        args = self.args
        self.sim = Sim(args.source, self.certs, self.tmp, args)
        self.control = self.sim.control
        self.requests = Requests(self.control)
        self.last_request_poll = self.last_conversation_poll = 0.0
        self.chaos = False
        self.next_revoke = float("inf")
        env = {k: v for k, v in os.environ.items() if not k.startswith("PARLEY_")}
        env.update({
            "PARLEY_SERVER": "https://127.0.0.1:%d%s" % (self.sim.api_port, BASE_PATH),
            "PARLEY_DIALECT": "kpn",
            "PARLEY_CA": os.path.join(self.certs, "ca.pem"),
            "PARLEY_FLASH": os.path.join(self.tmp, "flash.bin"),
            "PARLEY_IDENTITY": os.path.join(self.tmp, "identity.bin"),
            "PARLEY_DEVICE_NAME": "soak kiosk",
            "TZ": "UTC",
        })
        self.env = env
        done = subprocess.run([args.kiosk, "provision"], input=b"demo-client\ndemo-secret\n",
                              env=env, capture_output=True, timeout=30)
        if done.returncode != 0:
            raise SoakFailure("provision failed: %s" % done.stderr.decode(errors="replace"))
        match = re.search(r"provisioned device (\S+)", done.stdout.decode())
        if not match:
            raise SoakFailure("provision did not name the device: %r" % done.stdout)
        self.device = match.group(1)
        log("seed %d: %d user messages in %d batches, %d bursts of %d agent messages, %d kills"
            % (self.plan.seed, self.plan.messages, len(self.plan.batches), len(self.plan.bursts),
               args.burst_size, len(self.plan.kills)))
        log("device %s; kiosk --timeout %s --send-grace %s; sim bot delay %ss; long delays %ss"
            % (self.device, args.timeout, args.send_grace, args.bot_delay, args.long_delay))

    # ---- phases --------------------------------------------------------------------------

    def write_batch(self, texts):
        life = self.life
        first = len(life.written)
        life.write(texts)
        for text in texts:
            self.sent.append([text, False])
        base = len(self.sent) - len(texts)
        return life, first, base

    def await_echoes(self, life, first, base, count):
        def echoed():
            for i in range(count):
                if life.echoed > first + i:
                    self.sent[base + i][1] = True
            return life.echoed >= first + count
        self.wait(echoed, 45, "the kiosk to accept %r (life %d)" % (
            life.written[first:first + count], life.number))

    def mark_echoed(self, life, first, base, count):
        for i in range(count):
            if life.echoed > first + i:
                self.sent[base + i][1] = True

    def run_batches(self):
        args, plan = self.args, self.plan
        for index, batch in enumerate(plan.batches):
            if index == 1:
                self.start_chaos()
            if index in plan.bursts:
                self.burst(plan.bursts[index], kill=None)
            self.wait(lambda: self.unconfirmed() + len(batch) <= args.window, 120,
                      lambda: "the simulator to receive the kiosk's accepted messages (%d "
                      "missing: %r)" % (self.unconfirmed(), self.missing_accepted()))
            kill = plan.kills.get(index)
            if kill is not None and kill["mode"] == "sending":
                self.kill_while_sending(batch, kill)
            elif kill is not None and kill["mode"] == "typing":
                life, first, base = self.write_batch(batch)
                time.sleep(kill["pause"] * 0.002)
                self.kill(kill, "right after writing %d line(s)" % len(batch))
                self.mark_echoed(life, first, base, len(batch))
            else:
                life, first, base = self.write_batch(batch)
                self.await_echoes(life, first, base, len(batch))
                if kill is not None and kill["mode"] == "burst":
                    self.burst(self.make_kill_burst(index), kill=kill)
                elif kill is not None:
                    end = time.monotonic() + kill["pause"]
                    while time.monotonic() < end:
                        self.service()
                        time.sleep(0.02)
                    self.kill(kill, "idle %.2fs after a batch" % kill["pause"])
            if index == 0:
                self.wait(lambda: any(n == BOT_NAME for n, _ in self.all_shown()), 60,
                          "the bot's answer to the warm-up message")
            end = time.monotonic() + plan.pauses[index]
            while time.monotonic() < end:
                self.service()
                time.sleep(0.02)
            self.check_budget("sending batch %d of %d" % (index + 1, len(plan.batches)))
            if index % 25 == 0 and index:
                self.progress()

    def progress(self):
        log("progress: %d/%d messages written, %d stored, %d agent messages shown, "
            "%d requests (%.1f%% faulted), %d kills"
            % (len(self.sent), self.plan.messages, len(self.stored_user()),
               len(self.all_shown()), self.requests.total,
               100.0 * self.requests.faulted / max(1, self.requests.total), len(self.kill_log)))

    def all_shown(self):
        out = []
        for life in self.lives:
            out.extend(life.shown)
        return out

    def make_kill_burst(self, index):
        rng = random.Random(self.plan.seed * 7919 + index)
        return [(AGENTS[i % 2], "k%02d-%02d %s" % (len(self.kill_log), i, " ".join(
            rng.choice(WORDS) for _ in range(rng.randint(2, 6)))))
                for i in range(self.args.burst_size)]

    def burst(self, messages, kill):
        quoted = urllib.parse.quote(self.device, safe="")
        for agent, text in messages:
            self.control.post("/conversations/%s/reply" % quoted, {"agent": agent, "message": text})
        self.bursts_done += 1
        self.burst_messages += len(messages)
        if kill is None:
            return
        first_text = messages[0][1]
        target = kill["shown"]

        def shown_some():
            shown = [t for _, t in self.life.shown]
            if first_text not in shown:
                return False
            return len(shown) - shown.index(first_text) >= target
        self.wait(shown_some, 60, "the kiosk to show %d messages of an agent burst" % target)
        self.kill(kill, "in an agent burst, aimed after %d of %d shown" % (target, len(messages)))
        life = self.lives[-2]
        shown = [t for _, t in life.shown]
        record = self.kill_log[-1]
        record["how"] = "in an agent burst, after %d of %d shown (last %r)" % (
            len(shown) - shown.index(first_text), len(messages), shown[-1])

    def kill_while_sending(self, batch, kill):
        spec = {"kind": "delay", "seconds": self.args.long_delay, "path": "/messages",
                "method": "POST", "count": 1}
        fault = self.control.post("/faults", spec)["fault"]
        life, first, base = self.write_batch(batch)
        seen_since = self.requests.since

        def in_flight():
            self.requests.poll()
            self.last_request_poll = time.monotonic()
            for e in self.control.get("/requests?since=%d" % seen_since)["requests"]:
                if e["method"] == "POST" and "delay" in e["faults"] and e["status"] is None and \
                        e["endpoint"].endswith("/messages"):
                    return True
            return False
        try:
            self.wait(in_flight, 60, "a POST messages to be in flight under a delay fault")
        finally:
            try:
                self.control.call("DELETE", "/faults/%d" % fault["id"])
            except SoakFailure:
                pass  # already spent
        self.kill(kill, "while a POST messages was in flight at the server")
        self.mark_echoed(life, first, base, len(batch))

    def kill(self, kill, how):
        life = self.life
        life.kill()
        in_doubt = len(life.written) - life.echoed
        torn = life.torn()
        self.kill_log.append({"life": life.number, "mode": kill["mode"], "how": how,
                              "in_doubt": in_doubt, "torn": torn})
        log("SIGKILL %d (life %d, %s, %s)%s%s" % (
            len(self.kill_log), life.number, kill["mode"], how,
            ", %d line(s) written but not echoed" % in_doubt if in_doubt else "",
            ", torn output line %r" % torn if torn else ""))
        time.sleep(kill["restart_after"])
        self.start_life()

    def start_chaos(self):
        self.chaos = True
        specs = self.plan.fault_specs(self.args)
        for spec in specs:
            self.control.post("/faults", spec)
        self.control.post("/faults", {"kind": "connection_close_after",
                                      "requests": self.plan.close_after})
        self.next_revoke = time.monotonic() + self.plan.revoke_every[0] / 2
        log("chaos on: %d probabilistic faults (%.1f%% of requests in sum) + "
            "connection_close_after %d; token revoked/expired every 12-24 s"
            % (len(specs), 100 * sum(s["probability"] for s in specs), self.plan.close_after))

    def stop_chaos(self):
        # Kinds the dice left out this run fire once now, so every kind is covered.
        fired = self.control.get("/stats")["faults_fired"]
        missing = [k for k in ALL_KINDS if not fired.get(k)]
        forced = {"status": {"status": 503}, "retry_after": {"seconds": 1},
                  "delay": {"seconds": self.args.long_delay}, "close_before": {},
                  "store_then_close": {}, "chunked": {}, "trickle": {"bytes": 9, "interval": 0},
                  "store_after": {"seconds": self.args.long_delay},
                  "connection_close_after": {"requests": 1}}
        for kind in missing:
            self.control.post("/faults", {"kind": kind, "path": "", "count": 1, **forced[kind]})
        if missing:
            log("forcing the kinds that had not fired yet: %s" % ", ".join(missing))
            self.life.write(["forced faults check"])
            self.sent.append(["forced faults check", False])
            life, first, base = self.life, len(self.life.written) - 1, len(self.sent) - 1
            self.await_echoes(life, first, base, 1)
            self.wait(lambda: all(self.control.get("/stats")["faults_fired"].get(k)
                                  for k in missing), 60, "the forced faults %s to fire" % missing)
        self.control.call("DELETE", "/faults")
        self.chaos = False
        self.chaos_end = time.monotonic()
        log("chaos off (faults cleared)")

    def drain(self):
        """Faults are off: wait until every accepted message is stored and answered and
        the kiosk shows every agent message, then end its input."""
        args = self.args
        settle = args.long_delay + 1.0  # a store_after fired just before the clear lands

        def caught_up():
            if time.monotonic() - self.chaos_end < settle:
                return False
            users = self.stored_user()
            accepted = sum(1 for _, certain in self.sent if certain)
            if len(users) < accepted:
                return False
            bots = [m for m in self.conversation if m["typeId"] == 2 and
                    (m.get("agent") or {}).get("name") == BOT_NAME]
            if len(bots) < len([m for m in users if m["typeId"] == 1]):
                return False
            expected = [m for m in self.conversation if m["typeId"] not in USER_TYPES]
            return len(self.all_shown()) >= len(expected)
        grace_budget = max(90.0, 6 * (args.send_grace + args.timeout))
        try:
            self.wait(caught_up, grace_budget, "the device to drain its outbox and catch up")
        except SoakFailure as exc:
            self.drain_problem = str(exc)
            log("%s — checking what is there" % exc)
            return
        # Quiet period: nothing new (a late duplicate would show up here).
        count = len(self.conversation)
        end = time.monotonic() + 2.0
        while time.monotonic() < end:
            self.service()
            time.sleep(0.1)
        if len(self.conversation) != count:
            self.wait(caught_up, 30, "the kiosk to catch up after late messages")
        life = self.life
        life.proc.stdin.close()
        try:
            life.proc.wait(timeout=40)
        except subprocess.TimeoutExpired:
            life.kill()
            self.drain_problem = "the kiosk did not exit within 40 s of the end of its input"
            return
        life.finish()
        if life.proc.returncode != 0:
            self.drain_problem = ("the kiosk exited with %d at the end of its input (1: messages "
                                  "still queued); stderr: %s" % (life.proc.returncode,
                                                                  self.stderr_tail(life)))

    # ---- the verdict ---------------------------------------------------------------------

    def verdict(self):
        self.requests.poll()
        self.refresh_conversation()
        problems = []
        if getattr(self, "drain_problem", None):
            problems.append(self.drain_problem)
        for life in self.lives:
            life.process()
            problems.extend("life %d: %s" % (life.number, e) for e in life.errors)
        # User direction.
        stored = self.stored_user()
        user = compare_with_optional(self.sent, [m["message"] for m in stored])
        user_details = describe("user message", self.sent, stored, user)
        # Agent direction.
        expected = [m for m in self.conversation if m["typeId"] not in USER_TYPES]
        shown = []
        for life in self.lives:
            shown.extend((life.number, name, text) for name, text in life.shown)
        wanted = [display_name(m) + "\x00" + (m["message"] or "") for m in expected]
        agent = compare_exact(wanted, [n + "\x00" + t for _, n, t in shown])
        agent_details = describe_agent(expected, shown, agent, self.lives)
        # The one duplicate a kill can cause by itself: the message a killed life printed
        # last shown again first by the next life (printed, killed before the last id seen
        # reached flash). Found only when dropping exactly those repeats makes the output
        # exact; counted on its own line, and a failure unless --redisplay-at-kill report.
        redisplayed = []
        if not agent["ok"]:
            lives = [(life.number, life.killed, life.shown) for life in self.lives]
            redisplayed = find_redisplays(wanted, lives, agent["duplicated"])
            if redisplayed:
                agent = compare_exact(wanted, wanted)
                agent["redisplayed"] = len(redisplayed)
        agent.setdefault("redisplayed", 0)
        if redisplayed:
            agent_details = []
            for a, b, (name, text) in redisplayed:
                ids = [m["id"] for m in expected if display_name(m) == name and m["message"] == text]
                kill = next((k for k in self.kill_log if k["life"] == a), {})
                agent_details.append(
                    "message %s %r from %s: printed last by life %d (SIGKILL, %s: %s) and again "
                    "first by life %d — the kill landed between printing it and keeping the last "
                    "id seen in flash" % ("/".join(map(str, ids)), text, name, a,
                                          kill.get("mode", "?"), kill.get("how", "?"), b))
            if self.args.redisplay_at_kill == "fail":
                problems.append("agent messages shown twice across a SIGKILL (printed, then killed "
                                "before the last id seen was kept): %d" % len(redisplayed))
        # Bot answered each message.
        bots = [m for m in self.conversation if m["typeId"] == 2 and
                (m.get("agent") or {}).get("name") == BOT_NAME]
        user_texts = [m["message"] for m in stored if m["typeId"] == 1]
        quoted = sorted(t[len("Thanks, we received: "):-len(". An agent will follow up.")]
                        for t in (b["message"] for b in bots) if t.startswith("Thanks, we received: "))
        tickets = sum(1 for b in bots if (b["message"] or "").startswith("Ticket T-"))
        plain = sorted(t for t in user_texts if not re.search("fault|ticket", t, re.I))
        bot_ok = quoted == plain and tickets == len(user_texts) - len(plain)
        if not bot_ok:
            problems.append("the bot's answers do not match the stored user messages (%d answers "
                            "for %d messages)" % (len(bots), len(user_texts)))
        stats = self.control.get("/stats")
        fired = stats["faults_fired"]
        missing = [k for k in ALL_KINDS if not fired.get(k)]
        if missing:
            problems.append("fault kinds that never fired: %s" % ", ".join(missing))
        if len(self.kill_log) < self.args.kills:
            problems.append("only %d of %d kills happened" % (len(self.kill_log), self.args.kills))
        if user["lost"] or user["duplicated"] or user["misordered"]:
            problems.append("user messages: %d lost, %d duplicated, %d out of order" % (
                user["lost"], user["duplicated"], user["misordered"]))
        if agent["lost"] or agent["duplicated"] or agent["misordered"]:
            problems.append("agent messages: %d lost, %d duplicated, %d out of order" % (
                agent["lost"], agent["duplicated"], agent["misordered"]))

        # Figures.
        elapsed = time.monotonic() - START
        in_doubt = sum(k["in_doubt"] for k in self.kill_log)
        certain = sum(1 for _, c in self.sent if c)
        print("")
        print("==== soak figures (seed %d) ====" % self.plan.seed)
        print("wall time                 %.1f s" % elapsed)
        print("user messages written     %d (%d accepted by the kiosk, %d written but not "
              "echoed before a kill)" % (len(self.sent), certain, len(self.sent) - certain))
        print("  identical runs          %d runs (%d messages)" % (
            sum(1 for b in self.plan.batches if len(b) > 1 and len(set(b)) == 1),
            sum(len(b) for b in self.plan.batches if len(b) > 1 and len(set(b)) == 1)))
        print("user messages stored      %d (in doubt at a kill and stored: %d of %d)" % (
            len(stored), user["optional_present"], len(self.sent) - certain))
        print("agent messages            %d in the conversation: %d bot answers, %d from %d "
              "bursts" % (len(expected), len(bots), self.burst_messages, self.bursts_done))
        print("agent messages shown      %d over %d kiosk lives" % (len(shown), len(self.lives)))
        print("API requests              %d (%d faulted = %.1f%%; %d token requests)%s" % (
            self.requests.total, self.requests.faulted,
            100.0 * self.requests.faulted / max(1, self.requests.total), stats["token_requests"],
            ", %d not seen in the request log" % self.requests.missed if self.requests.missed else ""))
        print("faults fired per kind     %s" % ", ".join(
            "%s %d" % (k, fired.get(k, 0)) for k in ALL_KINDS))
        print("token revocations         %d (%d of them expiries)" % (
            self.revocations, self.expirations))
        print("kills                     %d (%s); lines in doubt at kills %d; torn output lines %d"
              % (len(self.kill_log), ", ".join(k["mode"] for k in self.kill_log), in_doubt,
                 sum(1 for k in self.kill_log if k["torn"])))
        print("user -> service           lost %d, duplicated %d, out of order %d" % (
            user["lost"], user["duplicated"], user["misordered"]))
        print("service -> kiosk          lost %d, duplicated %d, out of order %d; shown again "
              "after a kill between print and flash write %d" % (
                  agent["lost"], agent["duplicated"], agent["misordered"], agent["redisplayed"]))
        if getattr(self, "drain_problem", None):
            print("  (the run did not complete: 'lost' counts messages still missing when it "
                  "stopped)")
        for line in user_details + agent_details:
            print("  " + line)
        if problems:
            print("FAIL (seed %d):" % self.plan.seed)
            for p in problems:
                print("  - " + p)
            return 1
        print("PASS: soak (seed %d)" % self.plan.seed)
        return 0


def display_name(m):
    """The name the kiosk shows for a message (firmware/apps/kiosk on_message)."""
    agent = m.get("agent") or {}
    if agent.get("name"):
        return agent["name"]
    return "System" if m["typeId"] == 3 else "Service desk"


# ---- comparisons -------------------------------------------------------------------------


def find_redisplays(wanted, lives, duplicated, limit=3):
    """The one duplicate a kill causes by itself: the message a killed life printed last,
    shown again first by the next life (printed, then killed before the last id seen
    reached flash). lives: [(number, killed, [(name, text)])]. Returns the boundaries
    [(killed life, next life, (name, text))] whose repeats, dropped, make the output
    exactly `wanted` — or [] when no such set (of at most `limit`) exists. A repeat at a
    boundary can also be two equal texts (the bot's answers to "yes" twice), hence the
    search rather than dropping every repeat."""
    candidates = [(a[0], b[0], a[2][-1]) for a, b in zip(lives, lives[1:])
                  if a[1] and a[2] and b[2] and a[2][-1] == b[2][0]]
    for size in range(1, min(duplicated, limit, len(candidates)) + 1):
        for combo in itertools.combinations(candidates, size):
            skip = {b for _, b, _ in combo}
            kept = [n + "\x00" + t for number, _, shown in lives
                    for i, (n, t) in enumerate(shown) if not (i == 0 and number in skip)]
            if kept == wanted:
                return list(combo)
    return []


def keyed(items):
    """(item, n): the n-th occurrence of an item, so repeated texts stay apart."""
    seen = {}
    out = []
    for item in items:
        seen[item] = seen.get(item, 0) + 1
        out.append((item, seen[item]))
    return out


def misordered(expected_keys, actual_keys):
    """Items of actual not on a longest in-order subsequence (relative to expected)."""
    position = {k: i for i, k in enumerate(expected_keys)}
    seq = [position[k] for k in actual_keys if k in position]
    tails = []
    for p in seq:
        i = bisect.bisect_left(tails, p)
        if i == len(tails):
            tails.append(p)
        else:
            tails[i] = p
    return len(seq) - len(tails)


def compare_exact(expected, actual):
    result = {"ok": expected == actual, "optional_present": 0}
    counts_e, counts_a = {}, {}
    for x in expected:
        counts_e[x] = counts_e.get(x, 0) + 1
    for x in actual:
        counts_a[x] = counts_a.get(x, 0) + 1
    result["lost"] = sum(max(0, n - counts_a.get(x, 0)) for x, n in counts_e.items())
    result["duplicated"] = sum(max(0, n - counts_e.get(x, 0)) for x, n in counts_a.items())
    result["misordered"] = 0 if result["ok"] else misordered(keyed(expected), keyed(actual))
    return result


def compare_with_optional(sent, stored):
    """sent: [text, certain]; an uncertain one may be missing from stored. Exactly once
    and in order holds when some choice of the uncertain ones makes the lists equal."""
    positions = {0}
    for text, certain in sent:
        advanced = {j + 1 for j in positions if j < len(stored) and stored[j] == text}
        positions = advanced | positions if not certain else advanced
        if not positions:
            break
    ok = len(stored) in positions
    result = {"ok": ok}
    certain_counts, all_counts, stored_counts = {}, {}, {}
    for text, certain in sent:
        all_counts[text] = all_counts.get(text, 0) + 1
        if certain:
            certain_counts[text] = certain_counts.get(text, 0) + 1
    for text in stored:
        stored_counts[text] = stored_counts.get(text, 0) + 1
    result["lost"] = sum(max(0, n - stored_counts.get(t, 0)) for t, n in certain_counts.items())
    result["duplicated"] = sum(max(0, n - all_counts.get(t, 0)) for t, n in stored_counts.items())
    result["optional_present"] = max(0, len(stored) - sum(certain_counts.values()))
    if ok:
        result["misordered"] = 0
        result["lost"] = result["duplicated"] = 0
    else:
        result["misordered"] = misordered(keyed([t for t, _ in sent]), keyed(stored))
        if not (result["lost"] or result["duplicated"] or result["misordered"]):
            result["misordered"] = 1  # counts agree but no order fits: report it as order
    return result


def describe(what, sent, stored, result):
    if result["ok"]:
        return []
    lines = []
    texts = [m["message"] for m in stored]
    for i, (text, certain) in enumerate(sent):
        if certain and text not in texts:
            lines.append("%s #%d %r never reached the service" % (what, i + 1, text))
    counts = {}
    for m in stored:
        counts.setdefault(m["message"], []).append(m["id"])
    sent_counts = {}
    for t, _ in sent:
        sent_counts[t] = sent_counts.get(t, 0) + 1
    for text, ids in counts.items():
        if len(ids) > sent_counts.get(text, 0):
            lines.append("%s %r stored %d times (ids %s), written %d times" % (
                what, text, len(ids), ids, sent_counts.get(text, 0)))
    if not lines:
        lines.append("the stored order differs from the order written")
    return lines[:20]


def describe_agent(expected, shown, result, lives):
    if result["ok"]:
        return []
    lines = []
    shown_keys = {}
    for life, name, text in shown:
        shown_keys.setdefault((name, text), []).append(life)
    for m in expected:
        key = (display_name(m), m["message"] or "")
        lives_shown = shown_keys.get(key, [])
        same = sum(1 for e in expected if (display_name(e), e["message"] or "") == key)
        if len(lives_shown) < same:
            lines.append("message %d %r from %s was never shown" % (m["id"], key[1], key[0]))
        elif len(lives_shown) > same:
            boundary = ""
            for a, b in zip(lives, lives[1:]):
                if a.shown and b.shown and a.shown[-1] == key and b.shown[0] == key:
                    boundary = (" — shown last by life %d (killed) and again first by life %d: "
                                "the kill landed between printing it and keeping the last id "
                                "seen in flash" % (a.number, b.number))
            lines.append("message %d %r from %s shown %d times (lives %s)%s" % (
                m["id"], key[1], key[0], len(lives_shown), lives_shown, boundary))
    if not lines:
        lines.append("the kiosk showed the agent messages in another order than their ids")
    return sorted(set(lines))[:20]


def check_the_checker():
    """The comparisons on known cases (runs before every soak; --self-test runs only this)."""
    def optional(sent, stored):
        r = compare_with_optional([[t.rstrip("?"), not t.endswith("?")] for t in sent], stored)
        return r["ok"], r["lost"], r["duplicated"], r["misordered"]
    cases = [
        (optional(["a", "b?", "c"], ["a", "c"]), (True, 0, 0, 0)),
        (optional(["a", "b?", "c"], ["a", "b", "c"]), (True, 0, 0, 0)),
        (optional(["a", "b?", "c"], ["a", "b", "b", "c"]), (False, 0, 1, 0)),
        (optional(["a", "b", "c"], ["a", "c", "b"]), (False, 0, 0, 1)),
        (optional(["a", "b", "c"], ["a", "b"]), (False, 1, 0, 0)),
        (optional(["yes", "yes", "yes?"], ["yes", "yes"]), (True, 0, 0, 0)),
        (optional(["yes", "yes", "yes?"], ["yes", "yes", "yes"]), (True, 0, 0, 0)),
        (optional(["yes", "yes", "yes"], ["yes", "yes", "yes", "yes"]), (False, 0, 1, 0)),
        (optional(["yes?", "yes"], ["yes"]), (True, 0, 0, 0)),
        (optional(["yes", "yes"], ["yes"]), (False, 1, 0, 0)),
    ]
    for wanted_actual, expect in (((list("xyz"), list("xzy")), (False, 0, 0, 1)),
                                  ((list("xyz"), list("xyyz")), (False, 0, 1, 0)),
                                  ((list("xyz"), list("xz")), (False, 1, 0, 0)),
                                  ((list("xyz"), list("xyz")), (True, 0, 0, 0))):
        r = compare_exact(*wanted_actual)
        cases.append(((r["ok"], r["lost"], r["duplicated"], r["misordered"]), expect))
    k = lambda t: ("A", t)  # noqa: E731
    w = lambda ts: ["A\x00" + t for t in ts]  # noqa: E731
    cases.append((find_redisplays(w("pqrs"), [(1, True, [k("p"), k("q")]),
                                              (2, True, [k("q"), k("r")]),
                                              (3, False, [k("s")])], 1), [(1, 2, k("q"))]))
    cases.append((find_redisplays(w(["y", "y", "z", "y"]), [(1, True, [k("y")]),
                                                           (2, True, [k("y"), k("z"), k("y")]),
                                                           (3, False, [k("y")])], 1),
                  [(2, 3, k("y"))]))
    cases.append((find_redisplays(w("pqr"), [(1, False, [k("p"), k("q")]),
                                             (2, False, [k("q"), k("r")])], 1), []))
    for number, (got, expect) in enumerate(cases, 1):
        if got != expect:
            raise SoakFailure("the soak's own check %d is wrong: %r, expected %r" % (
                number, got, expect))
    return len(cases)


# ---- main -------------------------------------------------------------------------------


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("kiosk", help="the parley-kiosk binary")
    p.add_argument("source", help="the repository root (for tools/sim and tools/certs)")
    p.add_argument("--seed", type=int, default=None, help="plan seed (default: random, printed)")
    p.add_argument("--messages", type=int, default=300, help="user messages (300)")
    p.add_argument("--kills", type=int, default=None,
                   help="SIGKILLs of the kiosk (default max(5, messages/50))")
    p.add_argument("--bursts", type=int, default=None,
                   help="agent bursts (default max(2, messages/120))")
    p.add_argument("--burst-size", type=int, default=30, help="agent messages per burst (30)")
    p.add_argument("--fault-rate", type=float, default=0.20, help="share of requests faulted")
    p.add_argument("--timeout", type=int, default=2, help="kiosk --timeout (2 s)")
    p.add_argument("--send-grace", type=int, default=5, help="kiosk --send-grace (5 s)")
    p.add_argument("--long-delay", type=float, default=3.0,
                   help="server delays beyond the deadline and late stores (3 s)")
    p.add_argument("--bot-delay", type=float, default=0.3, help="the bot's answer delay (0.3 s)")
    p.add_argument("--window", type=int, default=12,
                   help="user messages accepted but not yet stored, at most (12)")
    p.add_argument("--budget", type=float, default=None,
                   help="seconds for the whole run (default 170 + 0.6 per message above 300)")
    p.add_argument("--redisplay-at-kill", choices=("fail", "report"), default="fail",
                   help="an agent message printed by a killed life and shown again first by "
                        "the next one: a failure (default) or only reported")
    p.add_argument("--certs", help="test certificates (ca.pem, server-ec.*); made if absent")
    p.add_argument("--keep", action="store_true", help="keep the temporary directory")
    p.add_argument("--self-test", action="store_true",
                   help="only check the soak's comparisons on known cases")
    args = p.parse_args(argv)
    if args.seed is None:
        args.seed = random.SystemRandom().randrange(1, 1 << 31)
    if args.kills is None:
        args.kills = max(5, args.messages // 50)
    if args.bursts is None:
        args.bursts = max(2, args.messages // 120)
    if args.budget is None:
        args.budget = 170.0 + 0.6 * max(0, args.messages - 300)
    if args.messages < 10 or args.window < 4:
        p.error("--messages must be at least 10 and --window at least 4")
    if args.long_delay <= args.timeout:
        p.error("--long-delay must exceed --timeout (delays beyond the deadline)")
    if args.send_grace <= args.long_delay:
        p.error("--send-grace must exceed --long-delay (a late store lands within the grace)")
    args.kiosk = os.path.abspath(args.kiosk)
    args.source = os.path.abspath(args.source)
    return args


def main(argv):
    args = parse_args(argv)
    try:
        checks = check_the_checker()
    except SoakFailure as exc:
        print("FAIL: %s" % exc)
        return 1
    if args.self_test:
        print("PASS: %d checks of the soak's comparisons" % checks)
        return 0
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    tmp = tempfile.mkdtemp(prefix="parley-soak-")
    soak = Soak(args, tmp)
    code = 1
    try:
        certs = args.certs
        if not certs or not os.path.exists(os.path.join(certs, "server-ec.pem")):
            certs = os.path.join(tmp, "certs")
            subprocess.run([os.path.join(args.source, "tools/certs/make-test-certs"), certs],
                           check=True, stdout=subprocess.DEVNULL, timeout=120)
        soak.certs = certs
        soak.setup()
        soak.start_life()
        try:
            soak.run_batches()
            soak.stop_chaos()
            soak.drain()
        except SoakFailure as exc:
            soak.drain_problem = str(exc)
            log("FAILED: %s" % exc)
            try:
                soak.control.call("DELETE", "/faults")
            except SoakFailure:
                pass
            if soak.life is not None and soak.life.alive():
                soak.life.kill()
        code = soak.verdict()
    except SoakFailure as exc:
        print("FAIL (seed %d): %s" % (args.seed, exc))
        code = 1
    finally:
        for life in soak.lives:
            if life.proc.poll() is None:
                life.proc.kill()
                life.proc.wait()
        if getattr(soak, "sim", None) is not None:
            soak.sim.stop()
        if code != 0:
            for life in soak.lives[-2:]:
                print("---- kiosk life %d stderr (tail) ----\n%s" % (
                    life.number, soak.stderr_tail(life)))
        if args.keep:
            print("files kept in %s (sim.log: the simulator's request log; kiosk-NNN.stdout and "
                  ".stderr: each life's output)" % tmp)
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
