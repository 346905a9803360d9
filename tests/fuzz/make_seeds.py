#!/usr/bin/env python3
"""Writes the seed inputs of fuzz_http_client, fuzz_messenger and fuzz_settings_codec.

    tests/fuzz/make_seeds.py [tests/fuzz/seeds]

Each target's input layout is described at the top of its source; the seeds are small,
meaningful starting points (a clean run, fragmentation, closes and resets, errors, ...).
Rerun after changing a layout; the files are committed.
"""
import os
import struct
import sys


def write(root, target, name, data):
    folder = os.path.join(root, target)
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, name), "wb") as out:
        out.write(data)


# --- fuzz_http_client: options, u16 control length, control, u16-length segments ---

def http_input(options, control, responses):
    data = bytes([options]) + struct.pack("<H", len(control)) + bytes(control)
    for response in responses:
        data += struct.pack("<H", len(response)) + response
    return data


def http_options(work, body, read, upload):
    return work | body << 2 | read << 4 | upload << 6


def ok(body, extra=b""):
    return (b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n" % len(body)) + extra + b"\r\n" + body


CHUNKED = (b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
           b"5\r\nhello\r\n6;ext=1\r\n world\r\n0\r\nX-Trailer: 1\r\n\r\n")
HEAD_OK = b"HTTP/1.1 200 OK\r\nContent-Length: 1234\r\n\r\n"
UNTIL_CLOSE = b"HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nuntil the close"
SIX = [
    ok(b'{"data":[]}', b"Content-Type: application/json\r\n"
       b"Date: Sun, 06 Nov 1994 08:49:37 GMT\r\n"),
    b"HTTP/1.1 201 Created\r\nContent-Length: 13\r\n\r\n{\"data\":1234}",
    CHUNKED,
    ok(b""),
    HEAD_OK,
    ok(b"last one"),
]
# recv/send control bytes (fuzz_socket.h)
ALL, SOME, ONE, NOTHING_YET, QUIET, CLOSE, RESET = 0x00, 0x40, 0x60, 0x80, 0xA0, 0xC0, 0xE0


def http_seeds(root):
    roomy = http_options(work=2, body=2, read=1, upload=1)
    write(root, "http_client", "six_ok_keepalive", http_input(roomy, [], SIX))
    fragments = [ONE, SOME | 3, NOTHING_YET, ALL, SOME | 7, NOTHING_YET | 1] * 60
    write(root, "http_client", "six_ok_fragmented", http_input(roomy, fragments, SIX))
    closing = [ok(b"bye", b"Connection: close\r\n"), ok(b"{}", b"Connection: close\r\n"),
               UNTIL_CLOSE, ok(b"x"), HEAD_OK, ok(b"y", b"Connection: close\r\n")]
    write(root, "http_client", "server_closes",
          http_input(roomy, [ALL] * 4 + [CLOSE] + [ALL] * 12 + [CLOSE], closing))
    cut = [b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly twenty bytes...", ok(b"{}"),
           CHUNKED[:60], ok(b"z"), HEAD_OK, ok(b"w")]
    write(root, "http_client", "cut_and_reset",
          http_input(roomy, [ALL, ALL, ALL, RESET, ALL, ALL, ALL, ALL, RESET | 1, ALL, CLOSE],
                     cut))
    errors = [
        b"HTTP/1.1 503 Service Unavailable\r\nRetry-After: 120\r\nContent-Length: 0\r\n\r\n",
        b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 401 Unauthorized\r\nContent-Length: 2\r\n\r\n{}",
        b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: h2c\r\n\r\n",
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n",
        b"HTTP/1.1 2OO OK\r\n\r\n",
        b"HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab",
    ]
    write(root, "http_client", "error_responses", http_input(roomy, [], errors))
    write(root, "http_client", "connect_failures",
          http_input(roomy, [5, 0, 0, 0, 6, 0, 7, 0, 0, 0, 0, 0, 5], SIX))
    upload = http_options(work=0, body=1, read=0, upload=3)
    write(root, "http_client", "small_buffers_big_upload",
          http_input(upload, [ALL, SOME | 31, NOTHING_YET | 5, ONE] * 30, SIX))
    stale = [ok(b"one"), ok(b"{}"), CHUNKED, ok(b""), HEAD_OK, ok(b"two")]
    # The probe before the second request finds the connection closed; before the third
    # it finds stray bytes.
    write(root, "http_client", "stale_keepalive",
          http_input(roomy, [ALL, ALL, ALL, CLOSE, ALL, ALL, ALL, ALL, ONE], stale))


# --- fuzz_messenger: options, initial message count, then the input stream ---

ARBITRARY, FIRST_START, AFTER_NEWEST, ROTATE = 0x01, 0x02, 0x04, 0x80


def outgoing(n):
    return n << 3


def overlap(n):
    return n << 5


AGENT, OWN = 0x00, 0x30
# One byte serves as a step's event and as the service's answers: 0x20 is neither an
# arrival nor a reboot, and a success.
NEUTRAL, REBOOT = 0x20, 0x10


def messenger_seeds(root):
    quiet = [AGENT | 1] * 10 + [3] + [NEUTRAL] * 40
    write(root, "messenger", "consistent_quiet", bytes([0, 10] + quiet))
    # Two full pages above the last id seen, ids with gaps, a newest-first service: the
    # probe loop fixed with ANewestFirstServiceWithGapsInItsIdsDeliversTwoFullPages.
    gaps = [AGENT | 2] * 120 + [0] + [NEUTRAL] * 20
    write(root, "messenger", "newest_first_two_pages_gaps", bytes([AFTER_NEWEST, 120] + gaps))
    history = [(OWN if i % 3 == 0 else AGENT) | (i % 5) for i in range(40)] + [NEUTRAL] * 30
    write(root, "messenger", "first_start_history", bytes([FIRST_START, 40] + history))
    busy = [AGENT] * 5 + [2]
    for i in range(30):
        busy += [0x03, AGENT | 1, OWN, AGENT | 4, AGENT]  # four new messages
        busy += [0xB0 + (i % 8), NEUTRAL, NEUTRAL]  # a failure, a quiet step
    write(root, "messenger", "failures_arrivals_sending",
          bytes([outgoing(2) | overlap(2) | ROTATE, 5] + busy))
    reboots = [AGENT] * 60 + [10]
    for i in range(12):
        reboots += [NEUTRAL, NEUTRAL, REBOOT, 0x01, AGENT, AGENT | 2]
    write(root, "messenger", "reboots", bytes([AFTER_NEWEST | outgoing(1), 60] + reboots))
    # Arbitrary pages: a full page of duplicates, ids below the floor, 0 and 2^64-1.
    pages = [0x00, 0xFF, 0x00]  # subscribe ok, event, poll ok
    pages += [0x80]             # a full page
    for i in range(50):
        pages += [0x30] if i % 4 == 3 else [0x00, 0x00, i]
    pages += [0xFF, 0x00] + [0x00] * 60  # then fetches of what it found
    pages += [0xFF, 0x00, 5, 0x02, 0x00, 0x06, 0x00, 0x01, 0x05, 0x03, 0x04, 0xC0, 0x00]
    write(root, "messenger", "arbitrary_pages", bytes([ARBITRARY, 0] + pages))


# --- fuzz_settings_codec: the plaintext of one record ---

def codec_seeds(root):
    write(root, "settings_codec", "credentials", bytes([9]) + b"device-42" + b"s3cret-value")
    write(root, "settings_codec", "credentials_longest", bytes([128]) + b"i" * 128 + b"s" * 256)
    write(root, "settings_codec", "token",
          struct.pack("<qq", 1_800_003_600, 1_800_000_000_123) + b"eyJhbGciOiJIUzI1NiJ9.e30.c2ln")
    write(root, "settings_codec", "token_longest", struct.pack("<qq", -1, 2**63 - 1) + b"t" * 512)
    write(root, "settings_codec", "subscription", bytes([1]) + struct.pack("<I", 0xC0FFEE))
    write(root, "settings_codec", "last_id", struct.pack("<Q", 10743))


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "seeds")
    http_seeds(root)
    messenger_seeds(root)
    codec_seeds(root)


if __name__ == "__main__":
    main()
