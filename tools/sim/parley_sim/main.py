"""The parley-sim command line: start the simulator, publish its ports, run until
SIGTERM or SIGINT.

The ports file is what test harnesses wait for: with port 0 the OS picks free ports,
so parallel test runs never collide, and the file (written atomically, so a reader
never sees half of it) says which ones were picked.
"""

import argparse
import json
import logging
import os
import signal
import sys
import threading

from .simulator import Options, Simulator
from .state import Settings


def _client(value):
    client_id, sep, secret = value.partition(":")
    if not sep or not client_id:
        raise argparse.ArgumentTypeError("expected ID:SECRET")
    return client_id, secret


def _seconds(value):
    number = float(value)
    if number < 0:
        raise argparse.ArgumentTypeError("must not be negative")
    return number


def parser():
    p = argparse.ArgumentParser(
        prog="parley-sim",
        description="Local simulator of KPN's Secure Messenger - Parley API (both dialects).")
    p.add_argument("--cert", help="server certificate chain (PEM), e.g. from tools/certs/make-test-certs")
    p.add_argument("--key", help="server private key (PEM)")
    p.add_argument("--plain", action="store_true", help="serve the API over plain HTTP (debugging only)")
    p.add_argument("--host", default="127.0.0.1", help="listen address (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=0, help="API port (0: pick a free one)")
    p.add_argument("--control-port", type=int, default=0, help="control API port (0: pick a free one)")
    p.add_argument("--ports-file", help="write {api_port, control_port, pid, host, scheme} here once listening")
    p.add_argument("--client", action="append", type=_client, metavar="ID:SECRET",
                   help="an OAuth client (repeatable; default demo-client:demo-secret)")
    p.add_argument("--account-secret", default="demo-account-secret",
                   help="the Parley dialect's account secret (x-iris-identification)")
    p.add_argument("--token-lifetime", type=int, default=3599, help="token lifetime in seconds (default 3599)")
    p.add_argument("--token-type", default="BearerToken", help='token_type in token responses ("BearerToken" or "Bearer")')
    p.add_argument("--bot", action="store_true", help="answer every user message as a bot")
    p.add_argument("--bot-delay", type=_seconds, default=1.0, help="seconds before the bot answers (default 1.0)")
    p.add_argument("--bot-name", default="Service Bot", help='the bot agent\'s name (default "Service Bot")')
    p.add_argument("--require-user-authorization", action="store_true",
                   help="refuse requests without a registered user's string (device_requires_authorization)")
    p.add_argument("--user-auth", action="append", default=[], metavar="STRING",
                   help="a registered user's string the service knows (repeatable); others are refused")
    p.add_argument("--page-size", type=int, default=50, help="messages per page (default 50, as the service)")
    p.add_argument("--state-file", help="persist state as JSON in this file (default: in memory only)")
    p.add_argument("--idle-timeout", type=_seconds, default=30.0,
                   help="close a kept-alive connection idle this many seconds (default 30)")
    p.add_argument("--tls-min", choices=("1.2", "1.3"), default="1.2")
    p.add_argument("--tls-max", choices=("1.2", "1.3"), default="1.3")
    p.add_argument("--log-file", help="write a request log (INFO, or DEBUG with -v) to this file")
    p.add_argument("-v", "--verbose", action="store_true", help="log every request (to stderr without --log-file)")
    return p


def _write_ports_file(path, sim):
    payload = {
        "api_port": sim.api_port,
        "control_port": sim.control_port,
        "pid": os.getpid(),
        "host": sim.options.host,
        "scheme": sim.scheme,
    }
    tmp = f"{path}.tmp{os.getpid()}"
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(payload, f)
        f.write("\n")
    os.replace(tmp, path)


def _setup_logging(args):
    root = logging.getLogger("parley_sim")
    root.setLevel(logging.DEBUG if args.verbose else logging.INFO)
    fmt = logging.Formatter("%(asctime)s %(name)s %(levelname)s %(message)s")
    if args.log_file:
        handler = logging.FileHandler(args.log_file)
    else:
        handler = logging.StreamHandler(sys.stderr)
        handler.setLevel(logging.INFO if args.verbose else logging.WARNING)
    handler.setFormatter(fmt)
    root.addHandler(handler)


def main(argv=None):
    args = parser().parse_args(argv)
    if args.page_size < 1 or args.token_lifetime < 0:
        parser().error("--page-size must be >= 1 and --token-lifetime >= 0")
    _setup_logging(args)
    settings = Settings(token_lifetime=args.token_lifetime, token_type=args.token_type,
                        bot=args.bot, bot_delay=args.bot_delay, bot_name=args.bot_name,
                        page_size=args.page_size,
                        require_user_authorization=args.require_user_authorization,
                        user_auth_strings=list(args.user_auth))
    options = Options(
        cert=args.cert, key=args.key, plain=args.plain, host=args.host, port=args.port,
        control_port=args.control_port,
        clients=dict(args.client) if args.client else {"demo-client": "demo-secret"},
        account_secret=args.account_secret, settings=settings, state_file=args.state_file,
        idle_timeout=args.idle_timeout, tls_min=args.tls_min, tls_max=args.tls_max)
    try:
        sim = Simulator(options)
    except (ValueError, OSError) as exc:  # bad arguments, unreadable cert, port in use
        print(f"parley-sim: {exc}", file=sys.stderr)
        return 2

    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    sim.start()
    if args.ports_file:
        _write_ports_file(args.ports_file, sim)
    print(f"parley-sim listening api={sim.api_url} control={sim.control_url}", flush=True)
    try:
        while not stop.wait(0.5):
            pass
    finally:
        sim.stop()
        if args.ports_file:
            try:
                os.unlink(args.ports_file)
            except OSError:
                pass
        logging.getLogger("parley_sim").info("stopped")
    return 0
