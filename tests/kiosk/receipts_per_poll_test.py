#!/usr/bin/env python3
"""What read receipts cost per poll, in a kiosk session against tools/sim/parley-sim.

Usage: receipts_per_poll_test.py PARLEY_KIOSK SOURCE_DIR

Four agent messages: "one" while someone is at the screen, "two" and "three" together,
"four" after --idle-after seconds without a key, then a key wakes the screen. From the
simulator's request log it prints, for each poll (GET messages/after:{id}), how many
PUT messages/status requests followed it, and checks: at most two after any poll
(docs/protocol.md §6.8: one for status 4, one for 3), one per status change in all
(four messages, one of them delivered before it was read: four requests), and every
message read (4) at the end. Network: 127.0.0.1 only.
"""
import os
import subprocess
import sys
import tempfile
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
import kiosk_pty_test as k  # noqa: E402  (the pty helpers)
from parley_sim import Simulator  # noqa: E402

POLL = "GET /messages/after:{id}"
PUT_STATUS = "PUT /messages/status/{status}"


def main():
    if len(sys.argv) != 3:
        k.fail("usage: receipts_per_poll_test.py PARLEY_KIOSK SOURCE_DIR")
    kiosk, source = sys.argv[1], sys.argv[2]
    tmp = tempfile.mkdtemp(prefix="kiosk-receipts-")
    sim = Simulator(source, tmp)
    try:
        control = sim.control
        env = {key: v for key, v in os.environ.items() if not key.startswith("PARLEY_")}
        env.update({
            "PARLEY_SERVER": "https://127.0.0.1:%d/communication/parley/secure-messenger"
                             % sim.api_port,
            "PARLEY_CA": sim.ca,
            "PARLEY_FLASH": os.path.join(tmp, "flash.bin"),
            "PARLEY_IDENTITY": os.path.join(tmp, "identity.bin"),
            "PARLEY_IDLE_AFTER": "6", "TERM": "xterm", "TZ": "UTC"})
        done = subprocess.run([kiosk, "provision"], input=b"demo-client\ndemo-secret\n",
                              env=env, capture_output=True, timeout=30)
        if done.returncode != 0:
            k.fail("provision failed: %s" % done.stderr.decode())
        pty = k.Pty([kiosk, "--download-dir", os.path.join(tmp, "downloads")], env)
        pty.expect(r"/help lists the commands", 20, "its banner")
        pty.type("hello\r")
        device = k.wait_for(lambda: k.find_device(control, "hello"), 30, "the device", pty)
        quoted = urllib.parse.quote(device, safe="")
        pty.paste(b"\x15")  # someone is at the screen
        k.reply(control, quoted, "one")
        pty.expect(r"Alice \(\d\d:\d\d\): one", 20, "one")
        k.wait_for(lambda: k.status_of(control, quoted, "one") == 4, 20, "one read", pty)
        k.reply(control, quoted, "two")
        k.reply(control, quoted, "three")
        pty.expect(r"Alice \(\d\d:\d\d\): three", 20, "three")
        k.wait_for(lambda: k.status_of(control, quoted, "three") == 4, 20, "three read", pty)
        pty.pump(8)  # nobody at the screen: idle after 6 s
        k.reply(control, quoted, "four")
        pty.expect(r"Alice \(\d\d:\d\d\): four", 20, "four")
        k.wait_for(lambda: k.status_of(control, quoted, "four") == 3, 20, "four delivered", pty)
        pty.paste(b"\x15")  # a key wakes the screen
        k.wait_for(lambda: k.status_of(control, quoted, "four") == 4, 20, "four read", pty)
        pty.pump(3)
        k.quit_kiosk(pty)

        per_poll = []
        for request in control.get("/requests?limit=1000")["requests"]:
            if request["endpoint"] == POLL:
                per_poll.append(0)
            elif request["endpoint"] == PUT_STATUS and per_poll:
                per_poll[-1] += 1
        puts = sum(per_poll)
        print("polls: %d, status requests: %d" % (len(per_poll), puts))
        print("status requests after each poll: %s" % per_poll)
        if max(per_poll) > 2:
            k.fail("a poll was followed by %d status requests" % max(per_poll))
        if puts != 4:
            k.fail("%d status requests for four messages, one of them delivered before it "
                   "was read (four expected)" % puts)
        statuses = [k.status_of(control, quoted, t) for t in ("one", "two", "three", "four")]
        if statuses != [4, 4, 4, 4]:
            k.fail("not every message was read: %s" % statuses)
        print("PASS: kiosk_receipts")
        return 0
    finally:
        for started in k.STARTED:
            if started.proc.poll() is None:
                started.proc.kill()
                started.proc.wait()
        sim.stop()
        subprocess.run(["rm", "-rf", tmp], check=False)


if __name__ == "__main__":
    sys.exit(main())
