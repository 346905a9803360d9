#!/usr/bin/env python3
"""The registered user's string through the real parley-ticket against the simulator.

Usage: registered_user_test.py PARLEY_TICKET SOURCE_DIR

The simulator wants a registered user (--require-user-authorization) and knows one
string. In both dialects: without a user the ticket stops with the reason and the way
out (`provision --user`), its message kept in the outbox; `provision --user` from stdin
(KPN) or a file (Parley direct) makes the next run send it, with the string in the
dialect's header; a string the service does not know stops it again; `provision
--anonymous` removes it. `status` says whether a user is kept, never the string; the
string on the command line is refused with the pointer to `provision --user`; and no
output of any run (at -v -v) holds the string. Network: 127.0.0.1 only.
"""
import json
import os
import subprocess
import sys
import tempfile
import urllib.request

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
from parley_sim import Simulator  # noqa: E402


USER = "registered-user-5f2c9e71"
WRONG = "unknown-user-0000"


def fail(message, output=""):
    sys.stderr.write("FAIL: %s\n%s\n" % (message, output))
    sys.exit(1)


def main():
    ticket, source = sys.argv[1], sys.argv[2]
    tmp = tempfile.mkdtemp(prefix="registered-user-")
    sim = Simulator(source, tmp, "--bot", "--bot-delay", "0.2", "--require-user-authorization",
                    "--user-auth", USER)
    outputs = []  # every stdout and stderr of the app, searched for the string at the end

    def run(env, *args, stdin=b""):
        done = subprocess.run([ticket, "-v", "-v"] + list(args), input=stdin, env=env,
                              capture_output=True, timeout=120)
        text = done.stdout.decode() + done.stderr.decode()
        outputs.append(text)
        return done.returncode, text

    try:
        control = sim.control.base

        def device_headers(device):
            with urllib.request.urlopen(control + "/conversations/" + device, timeout=10) as r:
                return json.loads(r.read().decode())["device"]["headers"]

        for dialect, base, header in (("kpn", "/communication/parley/secure-messenger",
                                       "authString"),
                                      ("parley", "/clientApi/v1.9", "Authorization")):
            env = {k: v for k, v in os.environ.items() if not k.startswith("PARLEY_")}
            env.update({"PARLEY_SERVER": "https://127.0.0.1:%d%s" % (sim.api_port, base),
                        "PARLEY_DIALECT": dialect, "PARLEY_CA": sim.ca,
                        "PARLEY_FLASH": os.path.join(tmp, dialect + "-flash.bin"),
                        "PARLEY_IDENTITY": os.path.join(tmp, dialect + "-id.bin")})
            creds = b"demo-client\ndemo-secret\n" if dialect == "kpn" else b"demo-account-secret\n"
            code, out = run(env, "provision", stdin=creds)
            if code != 0:
                fail("provision (%s)" % dialect, out)
            code, out = run(env, "status")
            if "registered user: none (anonymous)" not in out:
                fail("status before --user (%s)" % dialect, out)

            # No user: stopped with the reason, the ticket kept.
            code, out = run(env, "send", "--fault", "E-ANON", "--wait", "5")
            if code != 1 or "requires a registered user" not in out or \
                    "provision --user" not in out:
                fail("a send without a user must stop with the reason (%s), exit %d"
                     % (dialect, code), out)
            code, out = run(env, "status")
            if "outbox: 1 waiting" not in out:
                fail("the ticket must wait in the outbox (%s)" % dialect, out)

            # Provisioned (stdin for KPN, a file for Parley direct): it goes out.
            if dialect == "kpn":
                code, out = run(env, "provision", "--user", stdin=(USER + "\n").encode())
            else:
                path = os.path.join(tmp, "user.txt")
                with open(path, "w") as f:
                    f.write("# the kiosk's registered user\nauth_string = %s\n" % USER)
                code, out = run(env, "provision", "--user", "--from", path)
            if code != 0 or "registered user stored" not in out:
                fail("provision --user (%s)" % dialect, out)
            code, out = run(env, "status")
            if "registered user: yes" not in out:
                fail("status after --user (%s)" % dialect, out)
            code, out = run(env, "send", "--fault", "E-USER", "--wait", "20")
            if code != 0 or "reply from" not in out:
                fail("a send with the user must be answered (%s), exit %d" % (dialect, code),
                     out)
            device = [l.split()[-1] for l in run(env, "status")[1].splitlines()
                      if l.startswith("device: ")][0]
            if device_headers(device).get(header) != USER:
                fail("the simulator did not get %s (%s)" % (header, dialect))
            if "outbox: 0 waiting" not in run(env, "status")[1]:
                fail("the kept ticket must have gone out too (%s)" % dialect)

            # A string the service does not know stops it again.
            code, out = run(env, "provision", "--user", stdin=(WRONG + "\n").encode())
            code, out = run(env, "send", "--fault", "E-WRONG", "--wait", "5")
            if code != 1 or "requires a registered user" not in out:
                fail("an unknown user must stop with the reason (%s)" % dialect, out)

            # Anonymous again.
            code, out = run(env, "provision", "--anonymous")
            if code != 0 or "is anonymous" not in out:
                fail("provision --anonymous (%s)" % dialect, out)
            if "registered user: none (anonymous)" not in run(env, "status")[1]:
                fail("status after --anonymous (%s)" % dialect)

            # Never on the command line; usage errors.
            code, out = run(env, "--auth-string", USER, "status")
            if code != 2 or "provision --user" not in out:
                fail("--auth-string must be refused with the pointer (%s)" % dialect, out)
            code, out = run(env, "provision", "--user", "--anonymous")
            if code == 0 or "usage: provision" not in out:
                fail("--user with --anonymous must be a usage error", out)

        # Never logged or printed, not even at -v -v (the refusal above does not echo it).
        for text in outputs:
            if USER in text or WRONG in text:
                fail("the registered user's string appeared in the app's output", text)
        print("PASS: registered user in both dialects (%d runs, string never shown)"
              % len(outputs))
    finally:
        sim.stop()


if __name__ == "__main__":
    main()
