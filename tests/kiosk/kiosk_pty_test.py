#!/usr/bin/env python3
"""Drives parley-kiosk through a pseudo-terminal against tools/sim/parley-sim.

Usage: kiosk_pty_test.py PARLEY_KIOSK SOURCE_DIR

Starts the simulator on free loopback ports (no bot) with certificates made into a
temporary directory, provisions a device through stdin, starts the kiosk in a pty,
types a message, answers it as agent "Alice" with quick replies through the control
API, checks the pty shows the reply, picks quick reply /1 and checks the simulator got
it, then leaves with /quit (exit status 0). Network: 127.0.0.1 only.

Read receipts and the unread count (docs/protocol.md §6.8): the reply shown while the
user is at the screen is marked read (4) at the simulator; one arriving after
--idle-after seconds without a key only delivered (3) until a key wakes the screen
("-- 1 new message"), then read. After a restart the service's unseen count is shown
("-- 2 new messages"); with the simulator refusing the endpoints the count comes from the
last id seen and the kiosk tries each endpoint once only. Parley direct: v1.9 marks,
v1.8 never asks.

Registered users: a service desk that requires one stops the anonymous kiosk with the
reason; after `provision --user` the next start sends what waited, as that user.

Buttons and carousels: reply buttons are numbered before the quick replies and send their
payload, links and phone numbers show their targets, carousel items are listed with their
buttons; an escape sequence in an agent message never reaches the terminal.
"""
import os
import re
import select
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
from parley_sim import Simulator  # noqa: E402


ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def fail(message, output=""):
    sys.stderr.write("FAIL: %s\n" % message)
    if output:
        sys.stderr.write("---- kiosk output ----\n%s\n----------------------\n" % output)
    sys.exit(1)


STARTED = []  # every kiosk started, killed at the end if still running


class Pty:
    """The kiosk on the slave side of a pty; everything it prints is collected."""

    def __init__(self, argv, env):
        STARTED.append(self)
        self.master, slave = os.openpty()
        self.proc = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=slave, env=env,
                                     start_new_session=True, close_fds=True)
        os.close(slave)
        self.raw = b""

    def text(self):
        return ANSI.sub("", self.raw.decode("utf-8", "replace")).replace("\r", "")

    def pump(self, seconds):
        end = time.monotonic() + seconds
        while True:
            left = end - time.monotonic()
            if left <= 0:
                return
            ready, _, _ = select.select([self.master], [], [], min(left, 0.1))
            if ready:
                try:
                    data = os.read(self.master, 65536)
                except OSError:  # EIO: the kiosk closed the terminal
                    return
                if not data:
                    return
                self.raw += data

    def expect(self, pattern, seconds, what):
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            if re.search(pattern, self.text()):
                return
            self.pump(0.2)
        fail("the kiosk did not show %s (%r) within %ds" % (what, pattern, seconds), self.text())

    def type(self, text):
        for ch in text:  # one key at a time, as a user types
            os.write(self.master, ch.encode())
            self.pump(0.01)

    def paste(self, data):
        os.write(self.master, data)  # raw bytes at once, as a paste or a broken terminal
        self.pump(0.1)


def wait_for(predicate, seconds, what, pty=None):
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        value = predicate()
        if value:
            return value
        if pty is not None:
            pty.pump(0.25)
        else:
            time.sleep(0.25)
    fail("timed out waiting for %s" % what, pty.text() if pty else "")


IDLE_AFTER_S = 8


def count(control, endpoint):
    return control.get("/stats")["requests"].get(endpoint, 0)


PUT_STATUS = "PUT /messages/status/{status}"
GET_UNSEEN = "GET /messages/unseen/count"


def status_of(control, quoted, text):
    for m in control.get("/conversations/" + quoted)["messages"]:
        if m.get("typeId") == 2 and m.get("message") == text:
            return m.get("status")
    return None


def quit_kiosk(pty):
    pty.type("/quit\r")
    end = time.monotonic() + 20
    while pty.proc.poll() is None and time.monotonic() < end:
        pty.pump(0.2)
    if pty.proc.poll() is None:
        fail("the kiosk did not leave on /quit", pty.text())
    pty.pump(0.5)
    if pty.proc.returncode != 0:
        fail("the kiosk exited with %d" % pty.proc.returncode, pty.text())


def reply(control, quoted, text):
    control.post("/conversations/%s/reply" % quoted, {"agent": "Alice", "message": text})


def restarts(kiosk, env, control, quoted):
    """A restart shows the service's unseen count; without the endpoints the count from
    the last id seen, and each endpoint is tried once."""
    reply(control, quoted, "First while you were off")
    reply(control, quoted, "Second while you were off")
    pty = Pty([kiosk], env)
    pty.expect(r"-- 2 new messages", 20, "the service's unread count")
    pty.expect(r"Alice \(\d\d:\d\d\): Second while you were off", 20, "the messages")
    wait_for(lambda: status_of(control, quoted, "Second while you were off") == 4, 20,
             "the restart's messages marked read", pty)
    quit_kiosk(pty)

    control.post("/settings", {"status_endpoints": False})
    puts, unseen = count(control, PUT_STATUS), count(control, GET_UNSEEN)
    reply(control, quoted, "Third while you were off")
    pty = Pty([kiosk], env)
    pty.expect(r"-- 1 new message\n", 20, "the unread count from the last id seen")
    pty.expect(r"Alice \(\d\d:\d\d\): Third while you were off", 20, "the message")
    wait_for(lambda: count(control, PUT_STATUS) > puts, 20, "the refused status update", pty)
    reply(control, quoted, "Fourth, after the refusal")
    pty.expect(r"Alice \(\d\d:\d\d\): Fourth, after the refusal", 20, "the next message")
    pty.pump(5)  # a few polls
    if count(control, PUT_STATUS) != puts + 1 or count(control, GET_UNSEEN) != unseen + 1:
        fail("a refused endpoint was asked again: %d status updates, %d unseen counts"
             % (count(control, PUT_STATUS) - puts, count(control, GET_UNSEEN) - unseen),
             pty.text())
    if status_of(control, quoted, "Fourth, after the refusal") != 2:
        fail("a refused status update was recorded", pty.text())
    quit_kiosk(pty)
    control.post("/settings", {"status_endpoints": True})


def buttons_and_carousel(kiosk, env, control, quoted, tmp):
    """A message with an image, two reply buttons and a web link: the buttons are picks
    and send their payload, the link shows its target, the image is saved; a phone number
    shows its number; carousel items are listed with their buttons, numbered before the
    quick replies; an escape sequence from the service never reaches the terminal."""
    import base64
    download_dir = os.path.join(tmp, "downloads", "buttons")
    pty = Pty([kiosk, "--download-dir", download_dir], env)
    pty.expect(r"/help lists the commands", 20, "its banner")
    pty.paste(b"\x15")  # someone is at the screen
    photo = bytes(range(256)) * 136  # 34 KB
    sent = control.post("/conversations/%s/reply" % quoted, {
        "agent": "Alice", "message": "Your router needs a restart.",
        "media": {"filename": "router.jpg", "mimeType": "image/jpeg",
                  "base64": base64.b64encode(photo).decode()},
        "buttons": [{"title": "Restart now", "payload": "restart-now", "type": "reply"},
                    {"title": "Later", "payload": "later", "type": "reply"},
                    {"title": "Manual", "payload": "https://kpn.example/manual",
                     "type": "webUrl"}]})["message"]
    name = re.escape(sent["media"]["filename"])
    pty.expect(r"Alice \(\d\d:\d\d\): Your router needs a restart\. \[image: %s\]\n"
               r"\s*/1  Restart now\n\s*/2  Later\n"
               r"\s*\[link\] Manual: https://kpn\.example/manual\n" % name, 40,
               "the message, its buttons and its link")
    pty.expect(r"\[image: %s, 34 KB, saved to %s/%s\]" % (name, re.escape(download_dir), name),
               30, "the image saved")
    shown = pty.text()
    shown = shown[shown.rfind("Alice", 0, shown.find("Your router needs")):]
    shown = "\n".join(line[line.rfind("downloading"):] if "downloading" in line else line
                      for line in shown.split("\n")[:6])
    pty.type("/2\r")
    pty.expect(r"You \(\d\d:\d\d\): later\n", 10, "the picked button's payload")
    wait_for(lambda: find_device(control, "later"), 30, "the payload at the simulator", pty)

    control.post("/conversations/%s/reply" % quoted, {
        "agent": "Alice", "message": "Pick a plan:",
        "carousel": [
            {"title": "Basic", "message": "10 GB a month",
             "buttons": [{"title": "Choose Basic", "payload": "plan-basic", "type": "reply"}]},
            {"title": "Premium", "message": "Unlimited",
             "buttons": [{"title": "Choose Premium", "payload": "plan-premium",
                          "type": "reply"},
                         {"title": "Details", "payload": "https://kpn.example/p",
                          "type": "webUrl"},
                         {"title": "Desk", "payload": "+31 88 000 0000",
                          "type": "phoneNumber"}]}],
        "quickReplies": ["Thanks"]})
    pty.expect(r"Alice \(\d\d:\d\d\): Pick a plan:\n\s*\* Basic: 10 GB a month\n"
               r"\s*/1  Choose Basic\n\s*\* Premium: Unlimited\n\s*/2  Choose Premium\n"
               r"\s*\[link\] Details: https://kpn\.example/p\n"
               r"\s*\[call\] Desk: \+31 88 000 0000\n\s*/3  Thanks\n", 40, "the carousel")
    pty.type("/2\r")
    wait_for(lambda: find_device(control, "plan-premium"), 30, "the carousel pick", pty)

    reply(control, quoted, "evil \x1b]0;owned\x07\x1b[2J title")
    pty.expect(r"Alice \(\d\d:\d\d\): evil \ufffd\]0;owned\ufffd\ufffd\[2J title", 40,
               "the escape sequence shown harmlessly")
    if b"\x1b]0;owned" in pty.raw or b"\x1b[2J" in pty.raw:
        fail("an escape sequence from the service reached the terminal", pty.text())
    quit_kiosk(pty)
    return shown + "\n"


def registered_user(kiosk, env, control, quoted):
    """A service desk for registered users only: the anonymous kiosk stops with the reason
    (no retries) and keeps what the user typed; `provision --user` from stdin, and the
    next start subscribes as that user, sends what waited and carries the string; the
    string is never shown."""
    user = "kiosk-user-7f3a9c"
    control.post("/settings", {"require_user_authorization": True, "user_auth_strings": [user]})
    try:
        pty = Pty([kiosk], env)
        pty.expect(r"-- stopped: this service desk requires a registered user", 30,
                   "the stop and its reason")
        pty.type("typed while anonymous\r")
        pty.expect(r"You \(\d\d:\d\d\): typed while anonymous", 10, "the message kept")
        quit_kiosk(pty)  # the message stays in the outbox
        stopped = pty.text()
        done = subprocess.run([kiosk, "provision", "--user"], input=(user + "\n").encode(),
                              env=env, capture_output=True, timeout=30)
        if done.returncode != 0:
            fail("provision --user: %s" % done.stderr.decode())
        pty = Pty([kiosk], env)
        pty.expect(r"/help lists the commands", 20, "its banner")
        wait_for(lambda: find_device(control, "typed while anonymous"), 30,
                 "the waiting message sent as the registered user", pty)
        headers = control.get("/conversations/" + quoted)["device"]["headers"]
        if headers.get("authString") != user:
            fail("the registered user's string did not arrive: %r" % headers, pty.text())
        quit_kiosk(pty)
        for shown in (stopped, pty.text(), done.stdout.decode(), done.stderr.decode()):
            if user in shown:
                fail("the registered user's string was shown", shown)
    finally:
        control.post("/settings", {"require_user_authorization": False, "user_auth_strings": []})


def parley_direct(kiosk, env, control, tmp, api_port, version):
    """Parley direct on /clientApi/VERSION: v1.9 marks a shown reply read, v1.8 never asks."""
    env = dict(env)
    env.update({
        "PARLEY_SERVER": "https://127.0.0.1:%d/clientApi/%s" % (api_port, version),
        "PARLEY_DIALECT": "parley",
        "PARLEY_FLASH": os.path.join(tmp, "flash-%s.bin" % version),
        "PARLEY_IDENTITY": os.path.join(tmp, "identity-%s.bin" % version),
    })
    provisioned = subprocess.run([kiosk, "provision"], input=b"demo-account-secret\n",
                                 env=env, capture_output=True, timeout=30)
    if provisioned.returncode != 0:
        fail("provision failed: %s" % provisioned.stderr.decode())
    puts, unseen = count(control, PUT_STATUS), count(control, GET_UNSEEN)
    pty = Pty([kiosk], env)
    pty.expect(r"/help lists the commands", 20, "its banner")
    text = "Parley direct %s" % version
    pty.type(text + "\r")
    device = wait_for(lambda: find_device(control, text), 30, "the message at the simulator", pty)
    quoted = urllib.parse.quote(device, safe="")
    pty.paste(b"\x15")  # someone is at the screen
    reply(control, quoted, "Answer on " + version)
    pty.expect(r"Alice \(\d\d:\d\d\): Answer on " + re.escape(version), 20, "the reply")
    if version == "v1.9":
        wait_for(lambda: status_of(control, quoted, "Answer on " + version) == 4, 20,
                 "the reply marked read on Parley direct", pty)
    else:
        pty.pump(5)
        if count(control, PUT_STATUS) != puts or count(control, GET_UNSEEN) != unseen:
            fail("%s has no status endpoints, yet the kiosk asked" % version, pty.text())
    quit_kiosk(pty)


def attachments(kiosk, env, control, quoted, tmp):
    """An agent's image (media) and a legacy image path are downloaded into
    --download-dir: the kiosk prints the saved line and the files hold the same bytes, and
    leaves no temporary file behind."""
    import base64
    download_dir = os.path.join(tmp, "downloads", "kiosk")  # created by the kiosk
    photo = bytes(range(256)) * 136  # 34 KB
    scan = b"\x89PNG\r\n\x1a\n" + bytes(reversed(range(256))) * 3
    pty = Pty([kiosk, "--download-dir", download_dir], env)
    pty.expect(r"/help lists the commands", 20, "its banner")
    pty.paste(b"\x15")  # someone is at the screen
    sent = control.post("/conversations/%s/reply" % quoted, {
        "agent": "Alice", "message": "Here is the photo",
        "media": {"filename": "photo.jpg", "mimeType": "image/jpeg",
                  "base64": base64.b64encode(photo).decode()}})["message"]
    name = sent["media"]["filename"]
    saved = os.path.join(download_dir, name)
    pty.expect(r"Alice \(\d\d:\d\d\): Here is the photo \[image: %s\]" % re.escape(name), 30,
               "the message with its image")
    pty.expect(r"\[image: %s, 34 KB, saved to %s\]" % (re.escape(name), re.escape(saved)), 30,
               "the saved line")
    with open(saved, "rb") as f:
        if f.read() != photo:
            fail("the saved file differs from the agent's", pty.text())
    control.post("/conversations/%s/reply" % quoted, {
        "agent": "Alice", "message": "And the old way",
        "image": {"filename": "scan.png", "mimeType": "image/png",
                  "base64": base64.b64encode(scan).decode()}})
    saved_legacy = r"\[image: ([0-9a-f]+\.png), %d bytes, saved to ([^\]]+)\]" % len(scan)
    pty.expect(saved_legacy, 30, "the legacy image saved")
    legacy = re.findall(saved_legacy, pty.text())[-1]
    with open(legacy[1], "rb") as f:
        if f.read() != scan:
            fail("the saved legacy image differs from the agent's", pty.text())
    quit_kiosk(pty)
    # What stays on the screen: a progress line is redrawn in place, its last state shows.
    shown = [line[line.rfind("downloading"):] if "downloading" in line else line
             for line in pty.text().split("\n") if "[image:" in line or "downloading" in line]
    print("\n".join(shown))
    if any(n.startswith(".") for n in os.listdir(download_dir)):
        fail("a temporary file was left in %s: %r" % (download_dir, os.listdir(download_dir)))


def find_device(control, text):
    for c in control.get("/conversations")["conversations"]:
        conv = control.get("/conversations/" + urllib.parse.quote(c["device_id"], safe=""))
        for m in conv["messages"]:
            if m.get("typeId") == 1 and m.get("message") == text:
                return c["device_id"]
    return None


def main():
    if len(sys.argv) != 3:
        fail("usage: kiosk_pty_test.py PARLEY_KIOSK SOURCE_DIR")
    kiosk, source = sys.argv[1], sys.argv[2]
    tmp = tempfile.mkdtemp(prefix="kiosk-pty-")
    sim = Simulator(source, tmp)
    pty = None
    try:
        control = sim.control

        env = dict(os.environ)
        for key in list(env):
            if key.startswith("PARLEY_"):
                del env[key]
        env.update({
            "PARLEY_SERVER": "https://127.0.0.1:%d/communication/parley/secure-messenger"
                             % sim.api_port,
            "PARLEY_DIALECT": "kpn",
            "PARLEY_CA": sim.ca,
            "PARLEY_FLASH": os.path.join(tmp, "flash.bin"),
            "PARLEY_IDENTITY": os.path.join(tmp, "identity.bin"),
            "PARLEY_DEVICE_NAME": "pty kiosk",
            "PARLEY_IDLE_AFTER": str(IDLE_AFTER_S),
            "TERM": "xterm",
            "TZ": "UTC",
        })
        provisioned = subprocess.run([kiosk, "provision"], input=b"demo-client\ndemo-secret\n",
                                     env=env, capture_output=True, timeout=30)
        if provisioned.returncode != 0:
            fail("provision failed: %s" % provisioned.stderr.decode())

        pty = Pty([kiosk], env)
        pty.expect(r"/help lists the commands", 20, "its banner")
        pty.type("Hello from the kiosk\r")
        pty.expect(r"You \(\d\d:\d\d\): Hello from the kiosk", 10, "the sent message")

        def user_message(text):
            def find():
                for c in control.get("/conversations")["conversations"]:
                    conv = control.get("/conversations/" +
                                       urllib.parse.quote(c["device_id"], safe=""))
                    for m in conv["messages"]:
                        if m.get("typeId") == 1 and m.get("message") == text:
                            return c["device_id"]
                return None
            return find

        device = wait_for(user_message("Hello from the kiosk"), 30, "the message at the simulator",
                          pty)
        quoted = urllib.parse.quote(device, safe="")
        control.post("/conversations/%s/typing" % quoted, {"agent": "Alice", "typing": True})
        pty.expect(r"Alice is typing", 30, "the typing indicator")
        pty.paste(b"\x15")  # a key: someone is at the screen
        control.post("/conversations/%s/reply" % quoted,
                     {"agent": "Alice", "message": "Hi! Is the coin slot jammed?",
                      "quickReplies": ["Yes, jammed", "No, it is fine"]})
        pty.expect(r"Alice \(\d\d:\d\d\): Hi! Is the coin slot jammed\?", 40, "Alice's reply")
        pty.expect(r"/1  Yes, jammed\n\s*/2  No, it is fine", 5, "the quick replies")

        wait_for(lambda: status_of(control, quoted, "Hi! Is the coin slot jammed?") == 4, 20,
                 "the shown reply marked read", pty)

        pty.type("/1\r")
        wait_for(user_message("Yes, jammed"), 30, "the quick reply at the simulator", pty)

        # Refused at the door, said why, and kept in the input line (regressions: a line
        # with invalid UTF-8 once stopped the device; a long line was cut silently).
        pty.paste(b"caf\xff broken\r")
        pty.expect(r"Not sent: the line is not valid UTF-8", 10, "the refused invalid line")
        pty.expect(r"> caf.? broken$", 5, "the refused line kept for editing")
        pty.paste(b"\x15")  # Ctrl-U
        pty.paste(("x" * 511 + "\u00e9" + "y" * 100 + "\r").encode())
        pty.expect(r"Not sent: a line holds at most 512 bytes", 10, "the over-long line")
        pty.paste(b"\x15")
        pty.type("after the refusals\r")
        wait_for(user_message("after the refusals"), 30, "the next message at the simulator", pty)
        texts = [m.get("message") for m in control.get("/conversations/" + quoted)["messages"]
                 if m.get("typeId") == 1]
        if texts != ["Hello from the kiosk", "Yes, jammed", "after the refusals"]:
            fail("the service holds %r" % texts, pty.text())

        # Nobody at the screen: a reply is delivered (3), read (4) once a key wakes it.
        pty.pump(IDLE_AFTER_S + 1)
        reply(control, quoted, "Are you still there?")
        pty.expect(r"Alice \(\d\d:\d\d\): Are you still there\?", 20, "the reply while idle")
        wait_for(lambda: status_of(control, quoted, "Are you still there?") == 3, 20,
                 "the idle reply marked delivered", pty)
        pty.pump(5)  # more polls: still only delivered
        if status_of(control, quoted, "Are you still there?") != 3:
            fail("a reply nobody saw was marked read", pty.text())
        pty.paste(b"\x15")  # a key wakes the screen
        pty.expect(r"-- 1 new message\n", 10, "the count of messages that came while idle")
        wait_for(lambda: status_of(control, quoted, "Are you still there?") == 4, 20,
                 "the reply marked read after the wake-up", pty)

        quit_kiosk(pty)
        output = pty.text()
        attachments(kiosk, env, control, quoted, tmp)
        restarts(kiosk, env, control, quoted)
        print(buttons_and_carousel(kiosk, env, control, quoted, tmp))
        registered_user(kiosk, env, control, quoted)
        parley_direct(kiosk, env, control, tmp, sim.api_port, "v1.9")
        parley_direct(kiosk, env, control, tmp, sim.api_port, "v1.8")
        print(output)
        print("PASS: kiosk_pty")
        return 0
    finally:
        for started in STARTED:
            if started.proc.poll() is None:
                started.proc.kill()
                started.proc.wait()
        sim.stop()
        subprocess.run(["rm", "-rf", tmp], check=False)


if __name__ == "__main__":
    sys.exit(main())
