#!/usr/bin/env python3
"""parley-ticket's follow-up commands, `wait` and `history`, against tools/sim/parley-sim.

Usage: ticket_follow_test.py PARLEY_TICKET SOURCE_DIR

One simulator (its bot answers tickets) on free loopback ports, certificates made into a
temporary directory; each case runs in both dialects (KPN gateway, Parley direct v1.9),
each on its own device files:

- `history` before the device ever subscribed, and on a subscribed but empty
  conversation: "no messages yet", exit 0;
- a ticket the bot answers (`send` prints it), then an agent's second reply: `wait`
  prints the second only (exit 0), a second `wait` nothing (exit 10);
- `history 3`: the ticket (You), the bot's and the agent's replies, oldest first;
- `history` reads with GET requests only, sends no receipt, changes no message status
  and leaves the last id seen: the following `wait` prints the reply it showed;
- a reply with an image: `wait` saves it into --download-dir (the same bytes);
- two replies waiting: one `wait` prints both, in order;
- 60 more replies: `history 55` pages below the newest page (before:{id}) and prints the
  55 newest, oldest first; one `wait` prints all 60;
- a ticket queued while the server is unreachable (`send` killed once it is in the
  outbox): `wait` exits 11, `history` 1; with the server back `wait` sends it and prints
  the bot's reply (exit 0);
- refused credentials: `wait` exits 1;
- a bad N (not a number, 0, negative, too large, huge, two numbers) and a bad --wait:
  exit 2 with the reason.
Network: 127.0.0.1 only.
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
from parley_sim import Simulator  # noqa: E402


HEADING = re.compile(r"^(.+?) \(\d{4}-\d\d-\d\d \d\d:\d\d\): (.*)$", re.M)
PUT_STATUS = "PUT /messages/status/{status}"


def fail(message, output=""):
    sys.stderr.write("FAIL: %s\n" % message)
    if output:
        sys.stderr.write("---- output ----\n%s\n----------------\n" % output)
    sys.exit(1)


class Device:
    """One device: its own flash and identity files, one dialect."""

    def __init__(self, ticket, env, name):
        self.ticket = ticket
        self.env = dict(env)
        self.env["PARLEY_FLASH"] = os.path.join(env["TMP"], name + "-flash.bin")
        self.env["PARLEY_IDENTITY"] = os.path.join(env["TMP"], name + "-identity.bin")
        self.id = None

    def run(self, *args, stdin=b"", timeout=90, server=None):
        env = dict(self.env)
        if server:
            env["PARLEY_SERVER"] = server
        done = subprocess.run([self.ticket] + list(args), input=stdin, env=env,
                              capture_output=True, timeout=timeout)
        return done.returncode, done.stdout.decode(), done.stderr.decode()

    def expect(self, code, *args, **kwargs):
        got, out, err = self.run(*args, **kwargs)
        if got != code:
            fail("%s: exit %d, expected %d" % (" ".join(args), got, code), out + err)
        return out, err

    def provision(self, secret_lines):
        out, _ = self.expect(0, "provision", stdin=secret_lines.encode())
        self.id = re.search(r"provisioned device (\S+)", out).group(1)

    def quoted(self):
        return urllib.parse.quote(self.id, safe="")


def reply(control, device, text):
    control.post("/conversations/%s/reply" % device.quoted(), {"agent": "Alice", "message": text})


def headings(out):
    return [(m.group(1), m.group(2)) for m in HEADING.finditer(out)]


def replies(out):
    return re.findall(r"^reply from Alice \(\d\d:\d\d\): (.*)$", out, re.M)


def history_is_a_look(control, device):
    """history: GET only, no receipt, no status change, the last id seen kept."""
    reply(control, device, "Before history")
    puts = control.get("/stats")["requests"].get(PUT_STATUS, 0)
    seq = max([r["seq"] for r in control.get("/requests?limit=1")["requests"]] or [0])
    out, _ = device.expect(0, "history", "2")
    if headings(out)[-1] != ("Alice", "Before history"):
        fail("history 2 does not end with the new reply", out)
    since = [r["endpoint"] for r in control.get("/requests?since=%d" % seq)["requests"]]
    if not since or any(not e.startswith("GET ") for e in since):
        fail("history made other requests than GET: %s" % sorted(set(since)), out)
    if control.get("/stats")["requests"].get(PUT_STATUS, 0) != puts:
        fail("history sent a read receipt", out)
    for m in control.get("/conversations/" + device.quoted())["messages"]:
        if m.get("message") == "Before history" and m.get("status") != 2:
            fail("history changed a status: %r" % m, out)
    out, _ = device.expect(0, "wait", "--wait", "20")
    if replies(out) != ["Before history"]:
        fail("wait after history did not print the reply history showed", out)


def paging(control, device):
    """More than a page: history pages with before:{id}; wait prints them all."""
    texts = ["Page message %02d" % i for i in range(60)]
    for text in texts:
        reply(control, device, text)
    out, _ = device.expect(0, "history", "55")
    got = [text for _, text in headings(out)]
    if got != texts[5:]:
        fail("history 55 printed %d messages: %r ..." % (len(got), got[:3]), out)
    out, _ = device.expect(0, "wait", "--wait", "30")
    if replies(out) != texts:
        fail("wait printed %d of the 60 replies" % len(replies(out)), out)


def queued(ticket, env, dead_server, secret_lines):
    """A ticket left in the outbox while the server was away; wait sends it later."""
    device = Device(ticket, env, env["PARLEY_DIALECT"] + "-queued")
    device.provision(secret_lines)
    run_env = dict(device.env)
    run_env["PARLEY_SERVER"] = dead_server
    send = subprocess.Popen([ticket, "send", "--fault", "E77", "--wait", "5"], env=run_env,
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    line = b""
    end = time.monotonic() + 30
    while b"accepted into the outbox" not in line and time.monotonic() < end:
        line = send.stdout.readline()
        if not line:
            break
    send.kill()
    send.wait()
    if b"accepted into the outbox" not in line:
        fail("send did not accept the ticket")
    out, err = device.expect(11, "wait", "--wait", "2", server=dead_server)
    if "outbox: 1 waiting" not in out:
        fail("wait did not say a message is waiting", out + err)
    device.expect(1, "history", server=dead_server)
    out, err = device.expect(0, "wait", "--wait", "30")
    if "outbox: #1 sent" not in out or "reply from Service Bot" not in out:
        fail("wait did not send the queued ticket and print the reply", out + err)


def usage_errors(device):
    for args, reason in [(["abc"], "whole number from 1 to 1000"), (["0"], "got '0'"),
                         (["-3"], "got '-3'"), (["1001"], "got '1001'"),
                         (["99999999999999999999999"], "whole number"),
                         (["3", "4"], "one number at most")]:
        code, out, err = device.run("history", *args)
        if code != 2 or reason not in err:
            fail("history %s: exit %d, said %r" % (" ".join(args), code, err), out)
    for value in ["0", "x", "86401"]:
        code, out, err = device.run("wait", "--wait", value)
        if code != 2 or "--wait must be" not in err:
            fail("wait --wait %s: exit %d, said %r" % (value, code, err), out)


def wait_saves_attachments(control, device):
    """wait saves a reply's attachment into --download-dir, as send does."""
    import base64
    photo = bytes(range(256)) * 136  # 34 KB
    sent = control.post("/conversations/%s/reply" % device.quoted(), {
        "agent": "Alice", "message": "The photo you asked for",
        "media": {"filename": "photo.jpg", "mimeType": "image/jpeg",
                  "base64": base64.b64encode(photo).decode()}})["message"]
    name = sent["media"]["filename"]
    folder = os.path.join(device.env["TMP"], device.env["PARLEY_DIALECT"] + "-downloads")
    out, _ = device.expect(0, "wait", "--wait", "20", "--download-dir", folder)
    saved = os.path.join(folder, name)
    if "[image: %s, 34 KB, saved to %s]" % (name, saved) not in out:
        fail("wait did not say where the reply's image was saved", out)
    with open(saved, "rb") as f:
        if f.read() != photo:
            fail("the image wait saved differs from the agent's", out)


def dialect(ticket, env, control, dead_server, secret_lines, wrong_lines):
    name = env["PARLEY_DIALECT"]
    device = Device(ticket, env, name)
    device.provision(secret_lines)
    out, _ = device.expect(0, "history")
    if out.strip() != "history: no messages yet":
        fail("history of a device that never subscribed", out)

    out, _ = device.expect(0, "send", "--fault", "E42", "--wait", "20")
    if "Ticket T-" not in out:
        fail("send did not print the bot's reply", out)
    reply(control, device, "Second: a technician is on the way.")
    out, _ = device.expect(0, "wait", "--wait", "20")
    if replies(out) != ["Second: a technician is on the way."] or "Ticket T-" in out:
        fail("wait did not print the later reply only", out)
    out, _ = device.expect(10, "wait", "--wait", "2")
    if "reply from" in out or "result: no reply" not in out:
        fail("a second wait printed a reply again", out)

    out, _ = device.expect(0, "history", "3")
    got = headings(out)
    if [who for who, _ in got] != ["You", "Service Bot", "Alice"] or \
            not got[0][1].startswith("Fault report E42") or \
            got[2][1] != "Second: a technician is on the way.":
        fail("history 3 is not the ticket and the two replies, oldest first", out)

    history_is_a_look(control, device)
    wait_saves_attachments(control, device)

    reply(control, device, "Third")
    reply(control, device, "Fourth")
    out, _ = device.expect(0, "wait", "--wait", "20")
    if replies(out) != ["Third", "Fourth"]:
        fail("one wait did not print both waiting replies in order", out)
    out, _ = device.expect(0, "history")
    if len(headings(out)) != 7:
        fail("history (10 by default) of a 7-message conversation", out)

    paging(control, device)
    usage_errors(device)

    empty = Device(ticket, env, name + "-empty")
    empty.provision(secret_lines)
    empty.expect(10, "wait", "--wait", "1")  # subscribes and polls an empty conversation
    out, _ = empty.expect(0, "history")
    if out.strip() != "history: no messages yet":
        fail("history of an empty conversation", out)

    queued(ticket, env, dead_server, secret_lines)

    refused = Device(ticket, env, name + "-refused")
    refused.provision(wrong_lines)
    _, err = refused.expect(1, "wait", "--wait", "30")
    if "network: stopped" not in err:
        fail("wait with refused credentials did not say the link stopped", err)
    print("ok: %s dialect" % name)


def main():
    if len(sys.argv) != 3:
        fail("usage: ticket_follow_test.py PARLEY_TICKET SOURCE_DIR")
    ticket, source = sys.argv[1], sys.argv[2]
    tmp = tempfile.mkdtemp(prefix="ticket-follow-")
    sim = Simulator(source, tmp, "--bot", "--bot-delay", "0.2")
    try:
        control = sim.control
        env = {k: v for k, v in os.environ.items() if not k.startswith("PARLEY_")}
        env.update({"PARLEY_CA": sim.ca, "TZ": "UTC", "TMP": tmp,
                    "PARLEY_SEND_GRACE": "2", "PARLEY_RETRY_BASE_MS": "100"})
        api = "https://127.0.0.1:%d" % sim.api_port
        kpn = dict(env, PARLEY_DIALECT="kpn",
                   PARLEY_SERVER=api + "/communication/parley/secure-messenger")
        dialect(ticket, kpn, control, "https://127.0.0.1:9/communication/parley/secure-messenger",
                "demo-client\ndemo-secret\n", "demo-client\nwrong-secret\n")
        parley = dict(env, PARLEY_DIALECT="parley", PARLEY_SERVER=api + "/clientApi/v1.9")
        dialect(ticket, parley, control, "https://127.0.0.1:9/clientApi/v1.9",
                "demo-account-secret\n", "wrong-account-secret\n")
        print("PASS: ticket_follow")
        return 0
    finally:
        sim.stop()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
