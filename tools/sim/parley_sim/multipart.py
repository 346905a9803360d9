"""A small multipart/form-data parser (RFC 7578), because `cgi` is deprecated.

Only what an upload endpoint needs: parts with their name, filename, content type and
raw bytes. Binary data is never decoded or re-encoded, so a PNG comes out byte for
byte as it went in. Header parameters (name, filename, RFC 2231 filename*) are parsed
by the email package, which handles quoting correctly.
"""

import email.message
import email.utils
from dataclasses import dataclass


class MultipartError(ValueError):
    """The body is not well-formed multipart data."""


@dataclass
class Part:
    name: str | None
    filename: str | None
    content_type: str | None
    data: bytes


def boundary_of(content_type):
    """The boundary parameter of a multipart Content-Type, or None."""
    if not content_type or not content_type.lower().lstrip().startswith("multipart/"):
        return None
    msg = email.message.Message()
    msg["Content-Type"] = content_type
    boundary = msg.get_param("boundary")
    if isinstance(boundary, tuple):  # RFC 2231 form
        boundary = email.utils.collapse_rfc2231_value(boundary)
    return boundary or None


def _parse_headers(block):
    msg = email.message.Message()
    for line in block.split(b"\r\n"):
        if not line:
            continue
        name, sep, value = line.partition(b":")
        if not sep:
            raise MultipartError("part header without a colon")
        msg[name.decode("latin-1").strip()] = value.decode("utf-8", "replace").strip()
    return msg


def parse(body, boundary):
    """Split body into Parts. Raises MultipartError on a malformed body."""
    delimiter = b"--" + boundary.encode("latin-1")
    # The first delimiter may follow a preamble; it starts the body or a line.
    if body.startswith(delimiter):
        pos = len(delimiter)
    else:
        index = body.find(b"\r\n" + delimiter)
        if index < 0:
            raise MultipartError("no boundary delimiter")
        pos = index + 2 + len(delimiter)
    parts = []
    while True:
        if body[pos : pos + 2] == b"--":
            return parts  # close delimiter; anything after it is epilogue
        # Transport padding (spaces, tabs) may precede the CRLF after a delimiter.
        while body[pos : pos + 1] in (b" ", b"\t"):
            pos += 1
        if body[pos : pos + 2] != b"\r\n":
            raise MultipartError("delimiter not followed by CRLF")
        pos += 2
        header_end = body.find(b"\r\n\r\n", pos)
        if body[pos : pos + 2] == b"\r\n":  # a part without headers
            header_end = pos - 2
        if header_end < 0:
            raise MultipartError("part headers not terminated")
        headers = _parse_headers(body[pos:header_end])
        data_start = header_end + 4
        next_delim = body.find(b"\r\n" + delimiter, data_start)
        if next_delim < 0:
            raise MultipartError("missing close delimiter")
        name = headers.get_param("name", header="content-disposition")
        if isinstance(name, tuple):
            name = email.utils.collapse_rfc2231_value(name)
        content_type = headers.get("Content-Type")
        parts.append(
            Part(
                name=name,
                filename=headers.get_filename(),
                content_type=content_type.split(";")[0].strip().lower() if content_type else None,
                data=body[data_start:next_delim],
            )
        )
        pos = next_delim + 2 + len(delimiter)


def encode(fields, files, boundary="parley-sim-boundary-7f3a9c"):
    """Build a multipart body: fields {name: str}, files [(name, filename, type, bytes)].

    Used by the tests and the agent tool; returns (content_type, body).
    """
    out = []
    for name, value in fields.items():
        out.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode()
            + str(value).encode("utf-8")
            + b"\r\n"
        )
    for name, filename, ctype, data in files:
        out.append(
            (
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
                f'filename="{filename}"\r\nContent-Type: {ctype}\r\n\r\n'
            ).encode("utf-8")
            + data
            + b"\r\n"
        )
    out.append(f"--{boundary}--\r\n".encode())
    return f"multipart/form-data; boundary={boundary}", b"".join(out)
