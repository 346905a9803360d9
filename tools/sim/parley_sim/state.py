"""The simulator's state: clients, tokens, devices, conversations, media, agents.

One re-entrant lock guards everything. Requests are short and contention does not
matter for a test double, while a single lock makes the invariants that tests rely on
(ids strictly increasing, a message stored exactly once, a page never torn by a
concurrent write) hold trivially across the handler threads.

Message ids come from one global counter, like the real service's database ids, so
they increase within every conversation and across them. The counter survives
POST /reset by default: a client that kept its "highest id seen" across a reset then
still sees every new message.
"""

import base64
import copy
import json
import os
import re
import secrets
import string
import threading
import time
import uuid
from dataclasses import asdict, dataclass, field, fields

from .wire import EscapedText

FIRST_MESSAGE_ID = 10001
FIRST_TICKET = 1001
MEDIA_LIMIT = 10 * 1024 * 1024
MEDIA_TYPES = {
    "image/jpeg": "jpg",
    "image/jpg": "jpg",
    "image/png": "png",
    "image/gif": "gif",
    "application/pdf": "pdf",
}
USER_TYPES = (1, 4)  # typeIds a device may send
DEVICE_TYPES = (1, 2, 3, 4)
_TOKEN_ALPHABET = string.ascii_letters + string.digits
_VERSION = re.compile(r"^(\d+\.\d+\.\d+|\d{6})$")


@dataclass
class Settings:
    """Behaviour switches: set from the command line, changed per test through
    POST /settings, restored by POST /reset."""

    token_lifetime: int = 3599
    token_type: str = "BearerToken"  # docs/protocol.md §4: "Bearer" or older "BearerToken"
    developer_email_key: str = "developer.email"  # or "developer_email"
    bot: bool = False
    bot_delay: float = 1.0
    bot_name: str = "Service Bot"
    page_size: int = 50
    unregistered_status: int = 400  # HTTP status of device_not_registered
    max_message_length: int = 0  # 0 = no limit (the real limit is unknown)
    require_user_authorization: bool = False  # device_requires_authorization
    # The registered users' strings the service knows (authString / Authorization). Empty:
    # any string is accepted; otherwise one not in the list is refused with
    # device_requires_authorization, as none at all is when require_user_authorization.
    user_auth_strings: list = field(default_factory=list)
    welcome_message: str | None = None  # top-level welcomeMessage in message lists
    sticky_message: str | None = None  # top-level stickyMessage in message lists
    # PUT messages/status/{N} and GET messages/unseen/count served (in v1.9 and later);
    # false: 404 in every version, as a service or gateway without them.
    status_endpoints: bool = True

    def update(self, changes):
        """Apply {name: value}; raises ValueError naming the first bad entry."""
        known = {f.name: f for f in fields(self)}
        staged = {}
        for name, value in changes.items():
            if name not in known:
                raise ValueError(f"unknown setting {name!r}")
            default = getattr(Settings, name, [])
            if isinstance(default, list):
                ok = isinstance(value, list) and all(isinstance(v, str) and v for v in value)
                value = list(value) if ok else value
            elif isinstance(default, bool):
                ok = isinstance(value, bool)
            elif isinstance(default, int):
                ok = isinstance(value, int) and not isinstance(value, bool) and value >= 0
            elif isinstance(default, float):
                ok = isinstance(value, (int, float)) and not isinstance(value, bool) and value >= 0
                value = float(value) if ok else value
            else:
                ok = value is None or isinstance(value, str)
                if name in ("token_type", "bot_name", "developer_email_key"):
                    ok = isinstance(value, str) and value != ""
            if name == "page_size" and ok:
                ok = value >= 1
            if name == "unregistered_status" and ok:
                ok = 400 <= value <= 599
            if not ok:
                raise ValueError(f"bad value for setting {name!r}")
            staged[name] = value
        for name, value in staged.items():
            setattr(self, name, value)

    def as_dict(self):
        return asdict(self)


class NotFound(KeyError):
    """A device, conversation, message or medium that does not exist."""


def valid_version(version):
    return isinstance(version, str) and 5 <= len(version) <= 8 and bool(_VERSION.match(version))


class State:
    def __init__(self, settings, clients, account_secret, state_file=None):
        self.lock = threading.RLock()
        self._initial_settings = copy.deepcopy(settings)
        self._initial_clients = dict(clients)
        self.settings = settings
        self.account_secret = account_secret
        self.state_file = state_file
        self._listeners = []
        self._clear(keep_ids=False)
        if state_file and os.path.exists(state_file):
            self._load()

    # ---- lifecycle -------------------------------------------------------------------

    def _clear(self, keep_ids):
        next_id = getattr(self, "next_message_id", FIRST_MESSAGE_ID) if keep_ids else FIRST_MESSAGE_ID
        self.clients = dict(self._initial_clients)
        self.tokens = {}  # token -> {client_id, issued_at (s), lifetime, revoked}
        self.devices = {}  # device id -> device record
        self.conversations = {}  # device id -> {"messages", "typing", "statuses", "agent_typing"}
        self.media = {}  # file name (= media id) -> record with "data" bytes
        self.agents = {}  # name -> {"id", "name", "avatar"}
        self.next_message_id = next_id
        self.next_ticket = FIRST_TICKET
        self.generation = getattr(self, "generation", 0) + 1  # bumps on reset (bot timers)

    def reset(self, keep_ids=True):
        with self.lock:
            self._clear(keep_ids)
            self.settings.__dict__.update(copy.deepcopy(self._initial_settings).__dict__)
            self._changed()

    def add_listener(self, callback):
        """callback(device_id, message_view) after a device stored a message."""
        self._listeners.append(callback)

    # ---- persistence (optional, for demos that restart the simulator) ------------------

    def _snapshot(self):
        media = {}
        for key, rec in self.media.items():
            item = dict(rec)
            item["data"] = base64.b64encode(rec["data"]).decode("ascii")
            media[key] = item
        return {
            "format": 1,
            "tokens": self.tokens,
            "devices": self.devices,
            "conversations": self.conversations,
            "media": media,
            "agents": self.agents,
            "next_message_id": self.next_message_id,
            "next_ticket": self.next_ticket,
            "clients": self.clients,
        }

    def _load(self):
        with open(self.state_file, encoding="utf-8") as f:
            snap = json.load(f)
        self.tokens = snap.get("tokens", {})
        self.devices = snap.get("devices", {})
        self.conversations = snap.get("conversations", {})
        self.agents = snap.get("agents", {})
        self.next_message_id = snap.get("next_message_id", FIRST_MESSAGE_ID)
        self.next_ticket = snap.get("next_ticket", FIRST_TICKET)
        self.clients.update(snap.get("clients", {}))
        for key, rec in snap.get("media", {}).items():
            rec["data"] = base64.b64decode(rec["data"])
            self.media[key] = rec

    def _changed(self):
        """Called under the lock after every mutation: persist if a state file is set.

        Written synchronously and atomically (temp file + rename) so a killed
        simulator leaves either the old or the new state, never half of one."""
        if not self.state_file:
            return
        tmp = f"{self.state_file}.tmp{os.getpid()}"
        with open(tmp, "w", encoding="utf-8") as f:
            json.dump(self._snapshot(), f)
        os.replace(tmp, self.state_file)

    # ---- clients and tokens ------------------------------------------------------------

    def add_client(self, client_id, secret):
        with self.lock:
            self.clients[client_id] = secret
            self._changed()

    def check_client(self, client_id, secret):
        """'ok', 'unknown_client' or 'bad_secret'."""
        with self.lock:
            if client_id not in self.clients:
                return "unknown_client"
            if not secrets.compare_digest(self.clients[client_id].encode(), secret.encode()):
                return "bad_secret"
            return "ok"

    def issue_token(self, client_id):
        with self.lock:
            token = "".join(secrets.choice(_TOKEN_ALPHABET) for _ in range(28))
            rec = {
                "client_id": client_id,
                "issued_at": time.time(),
                "lifetime": self.settings.token_lifetime,
                "revoked": False,
                "application_name": str(uuid.uuid5(uuid.NAMESPACE_OID, client_id)),
            }
            self.tokens[token] = rec
            self._changed()
            return token, dict(rec)

    def token_status(self, token):
        """'ok', 'unknown', 'revoked' or 'expired'."""
        with self.lock:
            rec = self.tokens.get(token)
            if rec is None:
                return "unknown"
            if rec["revoked"]:
                return "revoked"
            if time.time() >= rec["issued_at"] + rec["lifetime"]:
                return "expired"
            return "ok"

    def revoke_tokens(self, token=None):
        """Revoke one token (None: all); returns how many."""
        with self.lock:
            targets = [token] if token is not None else list(self.tokens)
            count = 0
            for t in targets:
                if t in self.tokens and not self.tokens[t]["revoked"]:
                    self.tokens[t]["revoked"] = True
                    count += 1
            self._changed()
            return count

    def expire_tokens(self):
        """Make every current token expired (as if its lifetime had passed)."""
        with self.lock:
            now = time.time()
            count = 0
            for rec in self.tokens.values():
                if now < rec["issued_at"] + rec["lifetime"]:
                    rec["lifetime"] = max(0.0, now - rec["issued_at"] - 0.001)
                    count += 1
            self._changed()
            return count

    def token_list(self):
        with self.lock:
            now = time.time()
            return [
                {
                    "token": t,
                    "client_id": r["client_id"],
                    "issued_at": int(r["issued_at"] * 1000),
                    "expires_at": int((r["issued_at"] + r["lifetime"]) * 1000),
                    "revoked": r["revoked"],
                    "expired": now >= r["issued_at"] + r["lifetime"],
                }
                for t, r in self.tokens.items()
            ]

    # ---- devices -----------------------------------------------------------------------

    def register_device(self, device_id, info):
        with self.lock:
            now = int(time.time())
            rec = self.devices.get(device_id)
            if rec is None:
                rec = {"device_id": device_id, "registered_at": now, "subscriptions": 0}
                self.devices[device_id] = rec
            rec.update(info)
            rec["updated_at"] = now
            rec["subscriptions"] += 1
            self._conversation(device_id)
            self._changed()
            return dict(rec)

    def is_registered(self, device_id):
        with self.lock:
            return device_id in self.devices

    def note_identity(self, device_id, dialect, extra):
        """Record the dialect and optional headers a device last used (no persistence:
        this is observation, not state)."""
        with self.lock:
            rec = self.devices.get(device_id)
            if rec is not None:
                rec["last_dialect"] = dialect
                rec["last_seen"] = int(time.time())
                rec.setdefault("headers", {}).update({k: v for k, v in extra.items() if v is not None})

    # ---- conversations -----------------------------------------------------------------

    def _conversation(self, device_id):
        conv = self.conversations.get(device_id)
        if conv is None:
            conv = {"messages": [], "typing": [], "statuses": [], "agent_typing": {}}
            self.conversations[device_id] = conv
        return conv

    def has_conversation(self, device_id):
        with self.lock:
            return device_id in self.conversations or device_id in self.devices

    def agent(self, name, avatar=None):
        """The agent record for a name, created on first use with the next id."""
        with self.lock:
            rec = self.agents.get(name)
            if rec is None:
                new_id = len(self.agents) + 1
                rec = {
                    "id": new_id,
                    "name": name,
                    "avatar": f"https://sim.invalid/avatars/{new_id}.png",
                }
                self.agents[name] = rec
            if avatar is not None:
                rec["avatar"] = avatar
            return rec

    def _agent_view(self, name, conv):
        if name is None:
            return None
        rec = self.agent(name)
        return {
            "id": rec["id"],
            "name": rec["name"],
            "avatar": rec["avatar"],
            "isTyping": name in conv["agent_typing"],
        }

    def _view(self, msg, conv):
        out = {k: v for k, v in msg.items() if not k.startswith("_")}
        out["agent"] = self._agent_view(msg.get("_agent"), conv)
        if msg.get("_escaped") and isinstance(out.get("message"), str):
            out["message"] = EscapedText(out["message"])
        return out

    def add_message(self, device_id, *, type_id, text=None, agent=None, media=None, image=None,
                    title=None, buttons=None, quick_replies=None, carousel=None, from_device=False,
                    escaped=False):
        """Store a message and return its public view. Agent replies clear the agent's
        typing flag, as a real agent desktop does when the message is sent."""
        with self.lock:
            conv = self._conversation(device_id)
            msg = {
                "id": self.next_message_id,
                "time": int(time.time()),
                "message": text,
                "typeId": type_id,
                "title": title,
                "media": media,
                "image": image,
                "buttons": list(buttons or []),
                "quickReplies": list(quick_replies or []),
                "carousel": list(carousel or []),
                "status": 2,
                "_agent": agent,
                "_from_device": from_device,
                "_escaped": escaped,
            }
            self.next_message_id += 1
            conv["messages"].append(msg)
            if agent is not None:
                conv["agent_typing"].pop(agent, None)
            view = self._view(msg, conv)
            self._changed()
            listeners = list(self._listeners) if from_device else []
        for callback in listeners:
            callback(device_id, view)
        return view

    def page(self, device_id, before=None, after=None):
        """One page of messages, newest first, and its paging links.

        - no anchor: the newest page_size messages;
        - before:N: the newest page_size messages with id < N;
        - after:N: the OLDEST page_size messages with id > N (exclusive), still listed
          newest first. A poller that asks after:{highest id seen} and repeats with
          paging.after while it gets full pages catches up without a gap; returning
          the newest ones instead would skip the messages in between.
        paging.after = "/messages/after:{highest id in page}" (empty page: the anchor
        the caller should keep polling from); paging.before =
        "/messages/before:{lowest id in page}" when older messages exist, else "".
        """
        with self.lock:
            conv = self._conversation(device_id)
            msgs = conv["messages"]
            size = self.settings.page_size
            if after is not None:
                selected = [m for m in msgs if m["id"] > after][:size]
            elif before is not None:
                selected = [m for m in msgs if m["id"] < before][-size:] if size else []
            else:
                selected = msgs[-size:]
            if selected:
                low, high = selected[0]["id"], selected[-1]["id"]
                has_older = bool(msgs) and msgs[0]["id"] < low
                paging = {
                    "before": f"/messages/before:{low}" if has_older else "",
                    "after": f"/messages/after:{high}",
                }
            else:
                if after is not None:
                    anchor = after
                elif before is not None:
                    anchor = max(0, before - 1)
                else:
                    anchor = 0
                paging = {"before": "", "after": f"/messages/after:{anchor}"}
            views = [self._view(m, conv) for m in reversed(selected)]
            typing = next(iter(conv["agent_typing"]), None)
            return views, paging, self._agent_view(typing, conv)

    def message(self, device_id, message_id):
        with self.lock:
            conv = self._conversation(device_id)
            for msg in conv["messages"]:
                if msg["id"] == message_id:
                    return self._view(msg, conv)
            raise NotFound(message_id)

    def set_status(self, device_id, message_ids, status):
        """Raise the status of the given messages of this conversation (never lower
        it). Ids of other conversations or unknown ids are ignored and reported."""
        with self.lock:
            conv = self._conversation(device_id)
            by_id = {m["id"]: m for m in conv["messages"]}
            applied, ignored = [], []
            for mid in message_ids:
                msg = by_id.get(mid)
                if msg is None:
                    ignored.append(mid)
                    continue
                msg["status"] = max(msg["status"], status)
                applied.append(mid)
            conv["statuses"].append(
                {"time": time.time(), "status": status, "messageIds": applied, "ignored": ignored}
            )
            self._changed()
            return applied, ignored

    def unseen(self, device_id):
        """Ids of messages not from the user (typeId 2, 3, 5) not yet marked read (4)."""
        with self.lock:
            conv = self._conversation(device_id)
            return [m["id"] for m in conv["messages"] if m["typeId"] not in USER_TYPES and m["status"] < 4]

    def add_typing_event(self, device_id, event, dialect):
        with self.lock:
            conv = self._conversation(device_id)
            conv["typing"].append({"time": time.time(), "event": event, "dialect": dialect})
            self._changed()

    def set_agent_typing(self, device_id, agent, typing):
        with self.lock:
            conv = self._conversation(device_id)
            self.agent(agent)
            if typing:
                conv["agent_typing"][agent] = time.time()
            else:
                conv["agent_typing"].pop(agent, None)
            self._changed()

    def next_ticket_number(self):
        with self.lock:
            number = self.next_ticket
            self.next_ticket += 1
            self._changed()
            return number

    # ---- media -------------------------------------------------------------------------

    def store_media(self, device_id, data, mime_type, original_name):
        """Keep an uploaded file; its id is also its file name in the download path."""
        with self.lock:
            ext = MEDIA_TYPES[mime_type]
            now = time.gmtime()
            file_name = f"{secrets.token_hex(12)}.{ext}"
            rec = {
                "id": file_name,
                "mimeType": "image/jpeg" if mime_type == "image/jpg" else mime_type,
                "year": f"{now.tm_year:04d}",
                "month": f"{now.tm_mon:02d}",
                "day": f"{now.tm_mday:02d}",
                "filename": file_name,
                "originalName": original_name,
                "size": len(data),
                "device": device_id,
                "data": data,
            }
            self.media[file_name] = rec
            self._changed()
            return {k: v for k, v in rec.items() if k != "data"}

    def media_record(self, media_id):
        with self.lock:
            rec = self.media.get(media_id)
            if rec is None:
                raise NotFound(media_id)
            return rec

    def media_object(self, media_id, description):
        """The media object of a message (docs/protocol.md §7)."""
        rec = self.media_record(media_id)
        return {
            "id": rec["id"],
            "mimeType": rec["mimeType"],
            "year": rec["year"],
            "month": rec["month"],
            "day": rec["day"],
            "filename": rec["filename"],
            "description": description,
        }

    # ---- control views -----------------------------------------------------------------

    def conversation_list(self):
        with self.lock:
            out = []
            for device_id in sorted(set(self.conversations) | set(self.devices)):
                conv = self._conversation(device_id)
                msgs = conv["messages"]
                out.append(
                    {
                        "device_id": device_id,
                        "message_count": len(msgs),
                        "last_id": msgs[-1]["id"] if msgs else None,
                        "last_time": msgs[-1]["time"] if msgs else None,
                        "registered": device_id in self.devices,
                        "device": copy.deepcopy(self.devices.get(device_id)),
                    }
                )
            return out

    def conversation_detail(self, device_id, after=None):
        with self.lock:
            if device_id not in self.conversations and device_id not in self.devices:
                raise NotFound(device_id)
            conv = self._conversation(device_id)
            msgs = [
                self._view(m, conv) for m in conv["messages"] if after is None or m["id"] > after
            ]
            return {
                "device_id": device_id,
                "device": copy.deepcopy(self.devices.get(device_id)),
                "messages": msgs,
                "typing": list(conv["typing"]),
                "statuses": list(conv["statuses"]),
                "agents_typing": sorted(conv["agent_typing"]),
                "unseen": self.unseen(device_id),
            }

    def messages_after(self, after):
        """Every conversation's messages with id > after, oldest first (agent watch)."""
        with self.lock:
            out = []
            for device_id, conv in self.conversations.items():
                for m in conv["messages"]:
                    if m["id"] > after:
                        out.append({"device_id": device_id, "message": self._view(m, conv)})
            out.sort(key=lambda item: item["message"]["id"])
            return out
