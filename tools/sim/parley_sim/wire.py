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


def json_response(status, obj, headers=None):
    body = json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return Response(status, body, JSON_TYPE, list(headers or []))
