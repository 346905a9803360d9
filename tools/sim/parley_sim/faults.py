"""Fault injection, set per test through the control API.

A fault names a kind, a path substring and optionally a method, and fires on the next
`count` matching API requests (count -1: until cleared). Every matching fault fires on
a request and each one spends one of its count, so kinds combine: a delay plus a
status code, or a chunked answer trickled a few bytes at a time.

The kinds map onto the failure modes the client must survive (docs/design.md §4, §6
and §9): server errors, rate limiting with either form of Retry-After, slowness,
connections dropped before the request was processed (safe to resend) or after it was
(a resend would duplicate the message unless the client reconciles first), unusual
but legal framing (chunked with extensions and trailers, a response split into tiny
writes) and servers that close kept-alive connections.

`connection_close_after` is not spent per request: it sets a policy for every
connection until cleared (the Nth request on a connection gets Connection: close and
the connection is then closed gracefully). Path and method do not apply to it.

`store_after` is the slow backend behind a gateway that gave up: the connection is
dropped at once without an answer and the request is processed `seconds` later, after
the client has seen the failure (a resend before then duplicates the message).

Any per-request kind may carry `probability` (0..1): a matching request is then faulted
only with that probability, the draws coming from a generator seeded with `seed`, so a
soak run decides the same way for the same seed and the same sequence of requests.
Requests it does not fire on do not spend its count.
"""

import itertools
import random
import threading
from dataclasses import dataclass, field

KINDS = (
    "status",
    "retry_after",
    "delay",
    "close_before",
    "store_then_close",
    "chunked",
    "connection_close_after",
    "trickle",
    "store_after",
)


class FaultError(ValueError):
    """A fault specification the control API rejects (message says why)."""


def _number(spec, name, default=None, minimum=0.0, integer=False):
    value = spec.get(name, default)
    if value is None:
        raise FaultError(f"{name!r} is required")
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise FaultError(f"{name!r} must be a number")
    if integer and not float(value).is_integer():
        raise FaultError(f"{name!r} must be an integer")
    if value < minimum:
        raise FaultError(f"{name!r} must be at least {minimum}")
    return int(value) if integer else float(value)


@dataclass
class Fault:
    id: int
    kind: str
    path: str = ""
    method: str | None = None
    remaining: int = 1  # -1: unlimited
    params: dict = field(default_factory=dict)
    fired: int = 0
    probability: float = 1.0
    rng: random.Random | None = None  # the draws when probability < 1

    def matches(self, method, target):
        return (self.method is None or self.method == method) and self.path in target

    def fires(self):
        """One draw for a matching request (always true without a probability)."""
        return self.rng is None or self.rng.random() < self.probability

    def as_dict(self):
        return {
            "id": self.id,
            "kind": self.kind,
            "path": self.path,
            "method": self.method,
            "count": self.remaining,
            "fired": self.fired,
            **self.params,
        }


def _params(kind, spec):
    """Validate and normalise the kind-specific parameters."""
    if kind == "status":
        status = _number(spec, "status", integer=True, minimum=100)
        if status > 599:
            raise FaultError("'status' must be 100..599")
        params = {"status": status}
        for key in ("error", "body", "content_type"):
            if key in spec:
                if not isinstance(spec[key], str):
                    raise FaultError(f"{key!r} must be a string")
                params[key] = spec[key]
        return params
    if kind == "retry_after":
        date = spec.get("date", False)
        if not isinstance(date, bool):
            raise FaultError("'date' must be true or false")
        status = _number(spec, "status", default=429, integer=True, minimum=100)
        return {"seconds": _number(spec, "seconds", default=1, integer=True), "date": date,
                "status": status}
    if kind == "delay":
        return {"seconds": _number(spec, "seconds")}
    if kind in ("close_before", "store_then_close"):
        reset = spec.get("reset", False)
        if not isinstance(reset, bool):
            raise FaultError("'reset' must be true or false")
        return {"reset": reset}
    if kind == "chunked":
        return {"chunks": _number(spec, "chunks", default=3, integer=True, minimum=1)}
    if kind == "connection_close_after":
        return {"requests": _number(spec, "requests", integer=True, minimum=1)}
    if kind == "trickle":
        return {
            "bytes": _number(spec, "bytes", default=3, integer=True, minimum=1),
            "interval": _number(spec, "interval", default=0.01),
        }
    if kind == "store_after":
        reset = spec.get("reset", False)
        if not isinstance(reset, bool):
            raise FaultError("'reset' must be true or false")
        return {"seconds": _number(spec, "seconds"), "reset": reset}
    raise FaultError(f"unknown kind {kind!r}; one of {', '.join(KINDS)}")


class FaultRegistry:
    def __init__(self):
        self._lock = threading.Lock()
        self._ids = itertools.count(1)
        self._faults = []
        self.close_after = None  # the connection_close_after policy, or None

    def add(self, spec):
        if not isinstance(spec, dict):
            raise FaultError("a fault is a JSON object")
        kind = spec.get("kind")
        if kind not in KINDS:
            raise FaultError(f"unknown kind {kind!r}; one of {', '.join(KINDS)}")
        path = spec.get("path", "")
        if not isinstance(path, str):
            raise FaultError("'path' must be a string")
        method = spec.get("method")
        if method is not None and not isinstance(method, str):
            raise FaultError("'method' must be a string")
        count = spec.get("count", 1)
        if isinstance(count, bool) or not isinstance(count, int) or (count < 1 and count != -1):
            raise FaultError("'count' must be a positive integer or -1 (until cleared)")
        params = _params(kind, spec)
        probability, rng = 1.0, None
        if "probability" in spec or "seed" in spec:
            if kind == "connection_close_after":
                raise FaultError("'probability' does not apply to connection_close_after")
            probability = _number(spec, "probability", default=1.0)
            if probability > 1:
                raise FaultError("'probability' must be 0..1")
            seed = _number(spec, "seed", default=0, integer=True)
            params.update(probability=probability, seed=seed)
            rng = random.Random(seed)
        with self._lock:
            fault = Fault(next(self._ids), kind, path, method.upper() if method else None,
                          count, params, probability=probability, rng=rng)
            if kind == "connection_close_after":
                self.close_after = fault
            else:
                self._faults.append(fault)
            return fault

    def take(self, method, target):
        """The faults that fire on this request, each spending one of its count."""
        with self._lock:
            fired = []
            for fault in self._faults:
                if fault.matches(method, target) and fault.fires():
                    fault.fired += 1
                    if fault.remaining > 0:
                        fault.remaining -= 1
                    fired.append(fault)
            self._faults = [f for f in self._faults if f.remaining != 0]
            return fired

    def close_after_requests(self):
        with self._lock:
            return self.close_after.params["requests"] if self.close_after else None

    def remove(self, fault_id):
        with self._lock:
            before = len(self._faults)
            self._faults = [f for f in self._faults if f.id != fault_id]
            if self.close_after and self.close_after.id == fault_id:
                self.close_after = None
                return True
            return len(self._faults) != before

    def clear(self):
        with self._lock:
            self._faults = []
            self.close_after = None

    def list(self):
        with self._lock:
            out = [f.as_dict() for f in self._faults]
            if self.close_after:
                out.append(self.close_after.as_dict())
            return out
