"""The control API: plain HTTP + JSON on its own loopback port.

Tests and the agent tool use it to play the agent side and to steer the simulator
(faults, token revocation, settings, reset) without going through the API under test,
so nothing they do shows up in the API's statistics or needs credentials. It is a
separate port so that a fault on the API can never break the test's own control path.
"""

import base64
import binascii
import json
import logging
import re
import socket
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from socketserver import TCPServer
from urllib.parse import parse_qs, unquote, urlsplit

from . import VERSION
from .faults import FaultError
from .state import MEDIA_TYPES, NotFound

log = logging.getLogger("parley_sim.control")

BUTTON_TYPES = ("webUrl", "phoneNumber", "reply")


class ControlError(Exception):
    def __init__(self, status, message):
        super().__init__(message)
        self.status = status


def _int_param(query, name):
    values = query.get(name)
    if not values:
        return None
    if not re.fullmatch(r"\d{1,18}", values[-1]):
        raise ControlError(400, f"{name} must be a non-negative integer")
    return int(values[-1])


def _string_list(value, name):
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ControlError(400, f"{name} must be a list of strings")
    return value


def _buttons(value):
    if value is None:
        return []
    if not isinstance(value, list):
        raise ControlError(400, "buttons must be a list")
    out = []
    for item in value:
        if not isinstance(item, dict) or not isinstance(item.get("title"), str):
            raise ControlError(400, "each button needs a title")
        kind = item.get("type", "reply")
        if kind not in BUTTON_TYPES:
            raise ControlError(400, f"button type must be one of {', '.join(BUTTON_TYPES)}")
        payload = item.get("payload", item["title"])
        out.append({"title": item["title"], "payload": str(payload), "type": kind})
    return out


class Control:
    """The control API's operations, independent of HTTP (easy to test and reuse)."""

    def __init__(self, sim):
        self.sim = sim
        self.state = sim.state

    def handle(self, method, path, query, body):
        parts = [unquote(p) for p in path.strip("/").split("/") if p]
        key = (method, tuple("*" if i == 1 and parts[0] == "conversations" else p
                             for i, p in enumerate(parts)))
        if len(parts) == 2 and parts[0] == "faults" and method == "DELETE":
            return self.delete_fault(parts[1])
        routes = {
            ("GET", ("health",)): self.health,
            ("GET", ("conversations",)): lambda: {"conversations": self.state.conversation_list()},
            ("GET", ("conversations", "*")): lambda: self.conversation(parts[1], query),
            ("POST", ("conversations", "*", "reply")): lambda: self.reply(parts[1], body),
            ("POST", ("conversations", "*", "typing")): lambda: self.typing(parts[1], body),
            ("GET", ("messages",)): lambda: {
                "messages": self.state.messages_after(_int_param(query, "after") or 0)},
            ("GET", ("faults",)): lambda: {"faults": self.sim.faults.list()},
            ("POST", ("faults",)): lambda: self.add_fault(body),
            ("DELETE", ("faults",)): self.clear_faults,
            ("GET", ("tokens",)): lambda: {"tokens": self.state.token_list()},
            ("POST", ("tokens", "revoke")): lambda: self.revoke(body),
            ("POST", ("tokens", "expire")): lambda: {"expired": self.state.expire_tokens()},
            ("GET", ("stats",)): self.sim.stats.snapshot,
            ("GET", ("requests",)): lambda: {"requests": self.sim.stats.recent(
                _int_param(query, "limit"), _int_param(query, "since") or 0)},
            ("GET", ("settings",)): self.state.settings.as_dict,
            ("POST", ("settings",)): lambda: self.settings(body),
            ("POST", ("clients",)): lambda: self.add_client(body),
            ("POST", ("reset",)): lambda: self.reset(body),
            ("POST", ("settle",)): lambda: self.settle(body),
        }
        handler = routes.get(key)
        if handler is None:
            known_path = any(k[1] == key[1] for k in routes)
            raise ControlError(405 if known_path else 404,
                               f"no {method} {path}" if known_path else f"unknown path {path}")
        return handler()

    def health(self):
        return {
            "status": "ok",
            "version": VERSION,
            "api_port": self.sim.api_port,
            "control_port": self.sim.control_port,
            "scheme": self.sim.scheme,
        }

    def conversation(self, device_id, query):
        try:
            return self.state.conversation_detail(device_id, _int_param(query, "after"))
        except NotFound:
            raise ControlError(404, f"unknown device {device_id}") from None

    def reply(self, device_id, body):
        if not self.state.has_conversation(device_id):
            raise ControlError(404, f"unknown device {device_id}")
        type_id = body.get("typeId", 2)
        if type_id not in (2, 3, 5):
            raise ControlError(400, "typeId must be 2 (agent), 3 (system) or 5 (agent system)")
        agent = body.get("agent", "Agent")
        if not isinstance(agent, str) or not agent:
            raise ControlError(400, "agent must be a non-empty string")
        text = body.get("message")
        if text is not None and not isinstance(text, str):
            raise ControlError(400, "message must be a string")
        title = body.get("title")
        if title is not None and not isinstance(title, str):
            raise ControlError(400, "title must be a string")
        carousel = body.get("carousel") or []
        if not isinstance(carousel, list):
            raise ControlError(400, "carousel must be a list")
        media = None
        if body.get("media") is not None:
            media = self._media(device_id, body["media"])
        image = self._image(device_id, body.get("image"))
        if not text and media is None and image is None and not carousel:
            raise ControlError(400, "a reply needs a message, media, an image or a carousel")
        if "avatar" in body and type_id != 3:
            self.state.agent(agent, avatar=body["avatar"])
        view = self.state.add_message(
            device_id,
            type_id=type_id,
            text=text or None,
            agent=None if type_id == 3 else agent,
            media=media,
            image=image,
            title=title,
            buttons=_buttons(body.get("buttons")),
            quick_replies=_string_list(body.get("quickReplies"), "quickReplies"),
            carousel=carousel,
            escaped=bool(body.get("escape", False)),
        )
        return {"message": view}

    def _media(self, device_id, spec):
        if not isinstance(spec, dict):
            raise ControlError(400, "media must be an object {filename, mimeType, base64}")
        mime = spec.get("mimeType")
        if mime not in MEDIA_TYPES:
            raise ControlError(400, f"mimeType must be one of {', '.join(MEDIA_TYPES)}")
        try:
            data = base64.b64decode(spec.get("base64", ""), validate=True)
        except (binascii.Error, TypeError):
            raise ControlError(400, "media.base64 is not base64") from None
        rec = self.state.store_media(device_id, data, mime, str(spec.get("filename", "file")))
        return self.state.media_object(rec["id"], spec.get("description"))

    def _image(self, device_id, spec):
        """The legacy `image` field: a file {filename, mimeType, base64} is stored and named
        by its download path relative to the base URL (media/Y/M/D/FILE, as a device's
        multipart `image` upload is); a string is sent as given (to test what a client
        refuses)."""
        if spec is None or isinstance(spec, str):
            return spec
        media = self._media(device_id, spec)
        return f"media/{media['year']}/{media['month']}/{media['day']}/{media['filename']}"

    def typing(self, device_id, body):
        if not self.state.has_conversation(device_id):
            raise ControlError(404, f"unknown device {device_id}")
        agent = body.get("agent", "Agent")
        typing = body.get("typing", True)
        if not isinstance(agent, str) or not agent or not isinstance(typing, bool):
            raise ControlError(400, "expects {agent: string, typing: bool}")
        self.state.set_agent_typing(device_id, agent, typing)
        return {"device_id": device_id, "agent": agent, "typing": typing}

    def add_fault(self, body):
        try:
            fault = self.sim.faults.add(body)
        except FaultError as exc:
            raise ControlError(400, str(exc)) from None
        log.info("fault added: %s", fault.as_dict())
        return {"fault": fault.as_dict()}

    def clear_faults(self):
        self.sim.faults.clear()
        return {"faults": []}

    def delete_fault(self, fault_id):
        if not fault_id.isdigit() or not self.sim.faults.remove(int(fault_id)):
            raise ControlError(404, f"no fault {fault_id}")
        return {"deleted": int(fault_id)}

    def revoke(self, body):
        token = body.get("token")
        if token is not None and not isinstance(token, str):
            raise ControlError(400, "token must be a string")
        count = self.state.revoke_tokens(token)
        if token is not None and count == 0 and token not in {t["token"] for t in self.state.token_list()}:
            raise ControlError(404, "unknown token")
        return {"revoked": count}

    def settings(self, body):
        try:
            with self.state.lock:
                self.state.settings.update(body)
        except ValueError as exc:
            raise ControlError(400, str(exc)) from None
        return self.state.settings.as_dict()

    def add_client(self, body):
        client_id, secret = body.get("id"), body.get("secret")
        if not isinstance(client_id, str) or not client_id or not isinstance(secret, str):
            raise ControlError(400, "expects {id: string, secret: string}")
        self.state.add_client(client_id, secret)
        return {"client": client_id}

    def settle(self, body):
        keep_newest = body.get("keep_newest", False)
        if not isinstance(keep_newest, bool):
            raise ControlError(400, "keep_newest must be true or false")
        timeout = body.get("timeout", 10)
        if isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or not 0 <= timeout <= 60:
            raise ControlError(400, "timeout must be a number of seconds, 0..60")
        live = self.sim.api_server.settle(keep_newest, timeout)
        return {"settled": live == 0, "live": live}

    def reset(self, body):
        ids = body.get("ids", False)
        if not isinstance(ids, bool):
            raise ControlError(400, "ids must be true or false")
        self.sim.reset(keep_ids=not ids)
        return {"reset": True, "next_message_id": self.state.next_message_id}


class ControlHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = f"parley-sim-control/{VERSION}"
    sys_version = ""

    def log_message(self, fmt, *args):
        log.debug("%s %s", self.client_address[0], fmt % args)

    def _serve(self):
        parts = urlsplit(self.path)
        length = self.headers.get("Content-Length", "0")
        raw = self.rfile.read(int(length)) if length.isdigit() else b""
        try:
            try:
                body = json.loads(raw.decode("utf-8")) if raw.strip() else {}
            except ValueError:
                raise ControlError(400, "body is not JSON") from None
            if not isinstance(body, dict):
                raise ControlError(400, "body must be a JSON object")
            status, result = 200, self.server.control.handle(
                self.command, parts.path, parse_qs(parts.query), body)
        except ControlError as exc:
            status, result = exc.status, {"error": str(exc)}
        except Exception as exc:  # report, do not kill the connection thread silently
            log.exception("control request failed")
            status, result = 500, {"error": f"internal error: {exc}"}
        data = json.dumps(result, ensure_ascii=False, indent=1).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    do_GET = do_POST = do_PUT = do_DELETE = _serve


class ControlServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, host, port, control):
        self.address_family = socket.AF_INET6 if ":" in host else socket.AF_INET
        self.control = control
        super().__init__((host, port), ControlHandler)

    def server_bind(self):
        TCPServer.server_bind(self)
        self.server_name, self.server_port = self.server_address[:2]

    def get_request(self):
        sock, addr = super().get_request()
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return sock, addr
