"""The agent side on a terminal: list, read and answer conversations through the
control API (tools/sim/agent).

It is a thin client of the control API on purpose: everything a human does here a
test can do with the same HTTP calls, and the simulator needs no terminal of its own.
"""

import argparse
import base64
import json
import os
import sys
import threading
import time
import urllib.error
import urllib.request


class CliError(Exception):
    pass


class ControlClient:
    def __init__(self, base_url, timeout=10.0):
        self.base = base_url.rstrip("/")
        self.timeout = timeout

    def call(self, method, path, body=None):
        data = None if body is None else json.dumps(body).encode("utf-8")
        req = urllib.request.Request(self.base + path, data=data, method=method)
        if data is not None:
            req.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(req, timeout=self.timeout) as resp:
                return json.loads(resp.read().decode("utf-8"))
        except urllib.error.HTTPError as exc:
            try:
                message = json.loads(exc.read().decode("utf-8")).get("error", exc.reason)
            except ValueError:
                message = exc.reason
            raise CliError(f"{method} {path}: {exc.code} {message}") from None
        except (urllib.error.URLError, OSError) as exc:
            raise CliError(f"cannot reach the simulator at {self.base}: {exc}") from None

    def resolve(self, device):
        """A device id from a full id or a unique prefix (ids are long UUIDs)."""
        ids = [c["device_id"] for c in self.call("GET", "/conversations")["conversations"]]
        if device in ids:
            return device
        matches = [i for i in ids if i.startswith(device)]
        if len(matches) == 1:
            return matches[0]
        if not matches:
            raise CliError(f"no conversation for device {device!r}")
        raise CliError(f"{device!r} is ambiguous: {', '.join(matches)}")


def _quote(device):
    return urllib.request.quote(device, safe="")


def format_message(msg, device=None):
    stamp = time.strftime("%H:%M:%S", time.localtime(msg["time"]))
    if msg["typeId"] in (1, 4):
        who = "user" if msg["typeId"] == 1 else "user (silent)"
    elif msg.get("agent"):
        who = msg["agent"]["name"]
    else:
        who = "system"
    text = msg.get("message") or ""
    if msg.get("media"):
        media = msg["media"]
        text += f" [file {media.get('filename')} {media.get('mimeType')}]"
    if msg.get("image"):
        text += f" [image {msg['image']}]"
    if msg.get("quickReplies"):
        text += "  {" + " | ".join(msg["quickReplies"]) + "}"
    for button in msg.get("buttons") or []:
        text += f"  [{button.get('type')}: {button.get('title')} = {button.get('payload')}]"
    prefix = f"{device} " if device else ""
    return f"{prefix}#{msg['id']} {stamp} {who}: {text}"


def control_url(args):
    if args.control:
        return args.control
    ports_file = args.ports_file or os.environ.get("PARLEY_SIM_PORTS_FILE")
    if ports_file:
        try:
            with open(ports_file, encoding="utf-8") as f:
                info = json.load(f)
        except (OSError, ValueError) as exc:
            raise CliError(f"cannot read ports file {ports_file}: {exc}") from None
        host = info.get("host", "127.0.0.1")
        host = f"[{host}]" if ":" in host else host
        return f"http://{host}:{info['control_port']}"
    if os.environ.get("PARLEY_SIM_CONTROL"):
        return os.environ["PARLEY_SIM_CONTROL"]
    raise CliError("say where the simulator is: --control URL or --ports-file FILE "
                   "(or PARLEY_SIM_CONTROL / PARLEY_SIM_PORTS_FILE)")


def cmd_list(client, args, out):
    conversations = client.call("GET", "/conversations")["conversations"]
    if not conversations:
        print("no conversations", file=out)
    for conv in conversations:
        device = conv.get("device") or {}
        name = (device.get("userAdditionalInformation") or {}).get("name", "")
        last = conv["last_id"] if conv["last_id"] is not None else "-"
        print(f"{conv['device_id']}  messages={conv['message_count']} last={last} "
              f"registered={'yes' if conv['registered'] else 'no'} {name}".rstrip(), file=out)


def cmd_show(client, args, out):
    device = client.resolve(args.device)
    detail = client.call("GET", f"/conversations/{_quote(device)}")
    for msg in detail["messages"]:
        print(format_message(msg), file=out)
    if detail["agents_typing"]:
        print(f"(typing: {', '.join(detail['agents_typing'])})", file=out)


def _reply(client, device, agent, text, quick_replies=(), buttons=(), media=None, image=None):
    body = {"agent": agent, "message": text}
    if quick_replies:
        body["quickReplies"] = list(quick_replies)
    if buttons:
        body["buttons"] = list(buttons)
    if media is not None:
        body["media"] = media
    if image is not None:
        body["image"] = image
    return client.call("POST", f"/conversations/{_quote(device)}/reply", body)["message"]


MIME_BY_EXTENSION = {"jpg": "image/jpeg", "jpeg": "image/jpeg", "png": "image/png",
                     "gif": "image/gif", "pdf": "application/pdf"}


def _file_spec(path):
    """A file on this machine as the control API's {filename, mimeType, base64}."""
    name = os.path.basename(path)
    mime = MIME_BY_EXTENSION.get(name.rpartition(".")[2].lower())
    if mime is None:
        raise CliError(f"{path}: only .jpg .png .gif .pdf files can be sent")
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError as exc:
        raise CliError(f"cannot read {path}: {exc.strerror}") from None
    return {"filename": name, "mimeType": mime, "base64": base64.b64encode(data).decode()}


def _button(value, kind="reply"):
    title, _, payload = value.partition("=")
    if kind != "reply" and not payload:
        raise CliError(f"a {kind} button needs TITLE=TARGET, got {value!r}")
    return {"title": title, "payload": payload or title, "type": kind}


def cmd_reply(client, args, out):
    buttons = [_button(b) for b in args.button or []]
    buttons += [_button(b, "webUrl") for b in args.link or []]
    buttons += [_button(b, "phoneNumber") for b in args.call or []]
    media = _file_spec(args.media) if args.media else None
    image = _file_spec(args.image) if args.image else None
    device = client.resolve(args.device)
    msg = _reply(client, device, args.agent, " ".join(args.text), args.quick_reply or [], buttons,
                 media, image)
    print(format_message(msg), file=out)


def cmd_typing(client, args, out):
    device = client.resolve(args.device)
    client.call("POST", f"/conversations/{_quote(device)}/typing",
                {"agent": args.agent, "typing": not args.stop})
    print(f"{args.agent} {'stopped' if args.stop else 'started'} typing in {device}", file=out)


def _poll_new(client, device, after):
    """New user messages since id `after`: [(device, message)], new after."""
    if device:
        msgs = client.call("GET", f"/conversations/{_quote(device)}?after={after}")["messages"]
        items = [(device, m) for m in msgs]
    else:
        items = [(i["device_id"], i["message"])
                 for i in client.call("GET", f"/messages?after={after}")["messages"]]
    for _, msg in items:
        after = max(after, msg["id"])
    return [(d, m) for d, m in items if m["typeId"] in (1, 4)], after


def _latest_id(client, device):
    if device:
        msgs = client.call("GET", f"/conversations/{_quote(device)}")["messages"]
    else:
        msgs = [i["message"] for i in client.call("GET", "/messages?after=0")["messages"]]
    return max((m["id"] for m in msgs), default=0)


def cmd_watch(client, args, out):
    device = client.resolve(args.device) if args.device else None
    after = 0 if args.all else _latest_id(client, device)
    deadline = time.monotonic() + args.duration if args.duration else None
    print(f"watching {device or 'all conversations'} (Ctrl-C to stop)", file=out, flush=True)
    while deadline is None or time.monotonic() < deadline:
        items, after = _poll_new(client, device, after)
        for dev, msg in items:
            print(format_message(msg, None if device else dev), file=out, flush=True)
        time.sleep(args.interval)


def cmd_chat(client, args, out, stdin=None):
    """Interactive: each stdin line is sent as a reply; user messages are printed as
    they arrive. A line "/typing" starts typing, "/quit" (or end of input) leaves."""
    stdin = stdin or sys.stdin
    device = client.resolve(args.device)
    stop = threading.Event()
    after = _latest_id(client, device)
    print(f"chatting with {device} as {args.agent}; /typing, /quit", file=out, flush=True)

    def poll():
        nonlocal after
        while not stop.is_set():
            try:
                items, after = _poll_new(client, device, after)
            except CliError as exc:
                print(f"! {exc}", file=out, flush=True)
                items = []
            for _, msg in items:
                print(format_message(msg), file=out, flush=True)
            stop.wait(args.interval)

    thread = threading.Thread(target=poll, daemon=True)
    thread.start()
    try:
        for line in stdin:
            line = line.rstrip("\n")
            if not line.strip():
                continue
            if line.strip() == "/quit":
                break
            if line.strip() == "/typing":
                client.call("POST", f"/conversations/{_quote(device)}/typing",
                            {"agent": args.agent, "typing": True})
                continue
            _reply(client, device, args.agent, line)
    finally:
        time.sleep(min(args.interval, 0.5))
        stop.set()
        thread.join(timeout=5)


def cmd_fault(client, args, out):
    spec = {"kind": args.kind, "path": args.path, "count": args.count}
    if args.method:
        spec["method"] = args.method
    for item in args.param or []:
        name, _, value = item.partition("=")
        spec[name] = json.loads(value) if value else True
    print(json.dumps(client.call("POST", "/faults", spec)["fault"]), file=out)


def cmd_simple(method, path, body=None):
    def run(client, args, out):
        print(json.dumps(client.call(method, path, body), indent=1), file=out)
    return run


def parser():
    p = argparse.ArgumentParser(prog="agent", description="Agent side of the Parley simulator.")
    p.add_argument("--control", help="control API URL, e.g. http://127.0.0.1:8081")
    p.add_argument("--ports-file", help="the simulator's --ports-file")
    sub = p.add_subparsers(dest="command", required=True)
    sub.add_parser("list", help="list conversations").set_defaults(run=cmd_list)
    s = sub.add_parser("show", help="print a conversation")
    s.add_argument("device")
    s.set_defaults(run=cmd_show)
    s = sub.add_parser("reply", help="reply as an agent")
    s.add_argument("device")
    s.add_argument("text", nargs="+")
    s.add_argument("--as", dest="agent", required=True, metavar="NAME")
    s.add_argument("--quick-reply", action="append", metavar="TEXT")
    s.add_argument("--button", action="append", metavar="TITLE[=PAYLOAD]",
                   help="a reply button (sends PAYLOAD, or TITLE)")
    s.add_argument("--link", action="append", metavar="TITLE=URL", help="a webUrl button")
    s.add_argument("--call", action="append", metavar="TITLE=NUMBER",
                   help="a phoneNumber button")
    s.add_argument("--media", metavar="FILE", help="attach FILE as the message's media")
    s.add_argument("--image", metavar="FILE", help="attach FILE as a legacy `image` path")
    s.set_defaults(run=cmd_reply)
    s = sub.add_parser("typing", help="start (or --stop) typing as an agent")
    s.add_argument("device")
    s.add_argument("--as", dest="agent", required=True, metavar="NAME")
    s.add_argument("--stop", action="store_true")
    s.set_defaults(run=cmd_typing)
    s = sub.add_parser("watch", help="print new user messages as they arrive")
    s.add_argument("device", nargs="?")
    s.add_argument("--interval", type=float, default=1.0)
    s.add_argument("--all", action="store_true", help="start with the messages already there")
    s.add_argument("--duration", type=float, help="stop after this many seconds")
    s.set_defaults(run=cmd_watch)
    s = sub.add_parser("chat", help="interactive: type replies, see user messages")
    s.add_argument("device")
    s.add_argument("--as", dest="agent", required=True, metavar="NAME")
    s.add_argument("--interval", type=float, default=1.0)
    s.set_defaults(run=cmd_chat)
    s = sub.add_parser("fault", help="inject a fault, e.g. fault status --path /messages status=503")
    s.add_argument("kind")
    s.add_argument("param", nargs="*", metavar="NAME=JSON")
    s.add_argument("--path", default="")
    s.add_argument("--method")
    s.add_argument("--count", type=int, default=1)
    s.set_defaults(run=cmd_fault)
    sub.add_parser("clear-faults").set_defaults(run=cmd_simple("DELETE", "/faults"))
    s = sub.add_parser("revoke", help="revoke every token (or --token T)")
    s.add_argument("--token")
    s.set_defaults(run=lambda c, a, o: cmd_simple(
        "POST", "/tokens/revoke", {"token": a.token} if a.token else {})(c, a, o))
    sub.add_parser("expire", help="make every token expired").set_defaults(
        run=cmd_simple("POST", "/tokens/expire", {}))
    sub.add_parser("stats").set_defaults(run=cmd_simple("GET", "/stats"))
    sub.add_parser("reset", help="forget all state").set_defaults(run=cmd_simple("POST", "/reset", {}))
    return p


def main(argv=None, out=None):
    out = out or sys.stdout
    args = parser().parse_args(argv)
    try:
        client = ControlClient(control_url(args))
        args.run(client, args, out)
    except CliError as exc:
        print(f"agent: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    return 0
