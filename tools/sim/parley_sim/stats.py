"""Counters and a request log for tests to assert on (GET /stats, GET /requests).

Integration tests check behaviour that is invisible in the answers: that a second
boot made no token request, that keep-alive reused one connection, that a TLS
session was resumed, that a retry did not happen too early. These counters make that
observable without parsing logs.
"""

import collections
import threading
import time

# Request headers worth recording; the rest (and every secret) is left out.
_RECORDED_HEADERS = (
    "Host",
    "Content-Type",
    "Content-Length",
    "Transfer-Encoding",
    "Connection",
    "Expect",
    "User-Agent",
    "Accept",
    "api-version",
    "authString",
    "uniqueAppDeviceId",
)


class Stats:
    def __init__(self, log_size=1000):
        self._lock = threading.Lock()
        self._log_size = log_size
        self.reset()

    def reset(self):
        with self._lock:
            self.token_requests = 0
            self.requests = collections.Counter()
            self.dialects = collections.Counter()
            self.statuses = collections.Counter()
            self.faults_fired = collections.Counter()
            self.connections = 0
            self.tls_handshakes = 0
            self.tls_failures = 0
            self.tls_resumed = 0
            self.tls_versions = collections.Counter()
            self.log = collections.deque(maxlen=self._log_size)
            self._seq = 0

    def connection(self):
        with self._lock:
            self.connections += 1

    def tls(self, version, resumed):
        with self._lock:
            self.tls_handshakes += 1
            self.tls_versions[version or "?"] += 1
            if resumed:
                self.tls_resumed += 1

    def tls_failure(self):
        with self._lock:
            self.tls_failures += 1

    def request(self, request, template, dialect, faults):
        """Count a request as it arrives; returns its log entry (status filled later)."""
        headers = {}
        for name in _RECORDED_HEADERS:
            value = request.headers.get(name)
            if value is not None:
                headers[name] = value
        auth = request.headers.get("Authorization")
        if auth is not None:
            # The scheme only for the gateway's bearer token and Basic credentials; the
            # Parley dialect's Authorization is an opaque user string, kept as sent.
            scheme = auth.split(" ", 1)[0]
            headers["Authorization"] = auth if dialect == "parley" else f"{scheme} ..."
        ident = request.headers.get("x-iris-identification")
        device_id = request.headers.get("uniqueAppDeviceId")
        if ident is not None:
            headers["x-iris-identification"] = "...:" + ident.partition(":")[2]
            device_id = ident.partition(":")[2]
        with self._lock:
            self._seq += 1
            if dialect == "token":
                self.token_requests += 1
            elif dialect:
                self.dialects[dialect] += 1
            self.requests[template] += 1
            for fault in faults:
                self.faults_fired[fault.kind] += 1
            entry = {
                "seq": self._seq,
                "time": time.time(),
                "method": request.method,
                "target": request.target,
                "endpoint": template,
                "dialect": dialect,
                "device_id": device_id,
                "connection_request": request.connection_index,
                "body_length": len(request.body),
                "headers": headers,
                "faults": [fault.kind for fault in faults],
                "status": None,
            }
            self.log.append(entry)
            return entry

    def fired(self, entry, kind):
        """A fault that is not taken per request (connection_close_after) applied."""
        with self._lock:
            self.faults_fired[kind] += 1
            entry["faults"].append(kind)

    def answered(self, entry, status):
        with self._lock:
            entry["status"] = status
            self.statuses[str(status)] += 1

    def snapshot(self):
        with self._lock:
            return {
                "token_requests": self.token_requests,
                "requests": dict(self.requests),
                "connections": self.connections,
                "dialects": dict(self.dialects),
                "statuses": dict(self.statuses),
                "faults_fired": dict(self.faults_fired),
                "tls": {
                    "handshakes": self.tls_handshakes,
                    "failures": self.tls_failures,
                    "resumed": self.tls_resumed,
                    "versions": dict(self.tls_versions),
                },
            }

    def recent(self, limit=None, since=0):
        with self._lock:
            items = [dict(e) for e in self.log if e["seq"] > since]
        return items[-limit:] if limit else items
