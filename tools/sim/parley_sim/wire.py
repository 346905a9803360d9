"""Request and response values passed between the HTTP layer and the endpoint code.

The HTTP layer (server.py) owns sockets, keep-alive and fault injection; the endpoint
code (api.py, token.py) only sees these plain values. Keeping the two apart is what
lets a fault wrap *any* endpoint's answer (chunk it, trickle it, drop it after it was
processed) without the endpoint knowing.
"""

import email.message
import json
from dataclasses import dataclass, field
from urllib.parse import parse_qs, unquote, urlsplit

JSON_TYPE = "application/json; charset=utf-8"


@dataclass
class Request:
    method: str
    target: str  # the request target exactly as sent (path and query)
    headers: email.message.Message  # case-insensitive lookups
    body: bytes = b""
    connection_index: int = 1  # 1 for the first request on its connection
    path: str = ""
    query: dict = field(default_factory=dict)

    def __post_init__(self):
        parts = urlsplit(self.target)
        # Percent-decoding the path lets a client send "before%3A12" for "before:12".
        self.path = unquote(parts.path or "/")
        self.query = parse_qs(parts.query, keep_blank_values=True)

    def header(self, name, default=None):
        value = self.headers.get(name)
        return default if value is None else value.strip()


@dataclass
class Response:
    status: int
    body: bytes = b""
    content_type: str | None = JSON_TYPE
    headers: list = field(default_factory=list)  # extra (name, value) pairs


class EscapedText(str):
    """A string the API writes with every character as a \\uXXXX escape (surrogate pairs
    past U+FFFF), as JSON encoders that escape everything do: a reply made with
    "escape": true on the control port, so clients are tested against that form."""


def _escaped_literal(text):
    out = []
    for ch in text:
        cp = ord(ch)
        if cp > 0xFFFF:
            cp -= 0x10000
            out.append("\\u%04x\\u%04x" % (0xD800 + (cp >> 10), 0xDC00 + (cp & 0x3FF)))
        else:
            out.append("\\u%04x" % cp)
    return '"' + "".join(out) + '"'


def _dumps(obj):
    escaped = []

    def swap(value):  # EscapedText values become placeholders, rendered after dumps
        if isinstance(value, EscapedText):
            escaped.append(value)
            return f"\x00escaped{len(escaped) - 1}\x00"
        if isinstance(value, dict):
            return {k: swap(v) for k, v in value.items()}
        if isinstance(value, list):
            return [swap(v) for v in value]
        return value

    text = json.dumps(swap(obj), ensure_ascii=False, separators=(",", ":"))
    for i, value in enumerate(escaped):
        text = text.replace(json.dumps(f"\x00escaped{i}\x00"), _escaped_literal(value), 1)
    return text


def json_response(status, obj, headers=None):
    body = _dumps(obj).encode("utf-8")
    return Response(status, body, JSON_TYPE, list(headers or []))
