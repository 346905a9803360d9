"""Decoding request fields from JSON, form and query encodings alike.

The service parses a JSON body whatever the Content-Type says, and KPN's published
spec puts the same fields in the query string (docs/protocol.md section 3). A client may
pick any of these encodings as a setting, so the simulator accepts all of them for
the same endpoint and sniffs the body instead of trusting the header.
"""

import json
import re
from urllib.parse import parse_qsl

from . import multipart

_BRACKET = re.compile(r"^([^\[\]]+)\[([^\[\]]*)\]$")


class BodyError(ValueError):
    """The body could not be decoded; the message is the service error string."""


def _form_pairs(pairs):
    """Fold form/query pairs into fields.

    "a[b]=x" becomes {"a": {"b": "x"}}, "a[]=x&a[]=y" and repeated "a=x&a=y" become
    lists, and a single "a=x" stays a string - the shapes PHP-style back ends accept.
    """
    out = {}
    for key, value in pairs:
        match = _BRACKET.match(key)
        if match and match.group(2):
            out.setdefault(match.group(1), {})
            if isinstance(out[match.group(1)], dict):
                out[match.group(1)][match.group(2)] = value
        elif match:
            existing = out.get(match.group(1))
            out[match.group(1)] = (existing if isinstance(existing, list) else []) + [value]
        elif key in out:
            existing = out[key]
            out[key] = (existing if isinstance(existing, list) else [existing]) + [value]
        else:
            out[key] = value
    return out


def query_fields(request):
    return _form_pairs((k, v) for k, values in request.query.items() for v in values)


def decode(request, *, allow_files=False):
    """Fields of a request: query string, overlaid by the body's fields.

    Returns (fields, files) where files maps a part name to a multipart.Part that had
    a filename. Raises BodyError on a body that claims a structure it does not have.
    """
    fields = query_fields(request)
    files = {}
    body = request.body
    ctype = request.header("Content-Type", "") or ""
    boundary = multipart.boundary_of(ctype)
    stripped = body.strip()
    if boundary is not None and stripped:
        try:
            parts = multipart.parse(body, boundary)
        except multipart.MultipartError as exc:
            raise BodyError("invalid_multipart_body") from exc
        pairs = []
        for part in parts:
            if part.name is None:
                continue
            if part.filename is not None and allow_files:
                files[part.name] = part
            else:
                pairs.append((part.name, part.data.decode("utf-8", "replace")))
        fields.update(_form_pairs(pairs))
    elif stripped[:1] in (b"{", b"["):
        try:
            value = json.loads(stripped.decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as exc:
            raise BodyError("invalid_json") from exc
        if not isinstance(value, dict):
            raise BodyError("invalid_json")
        fields.update(value)
    elif stripped:
        try:
            text = stripped.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise BodyError("invalid_form_body") from exc
        fields.update(_form_pairs(parse_qsl(text, keep_blank_values=True)))
    return fields, files


def as_int(value):
    """An int from a JSON number or a numeric string (form/query fields are strings)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and re.fullmatch(r"\s*-?\d+\s*", value):
        return int(value)
    return None


def as_bool(value):
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return value != 0
    if isinstance(value, str) and value.strip().lower() in ("1", "true", "yes", "on"):
        return True
    if isinstance(value, str) and value.strip().lower() in ("0", "false", "no", "off", ""):
        return False
    return None


def as_object(value):
    """A dict from a JSON object, a form "a[b]" group or a JSON string in a form field."""
    if isinstance(value, dict):
        return value
    if isinstance(value, str) and value.strip().startswith("{"):
        try:
            parsed = json.loads(value)
        except ValueError:
            return None
        return parsed if isinstance(parsed, dict) else None
    return None
