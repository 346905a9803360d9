"""The messaging API in both dialects (docs/protocol.md sections 3-9).

KPN gateway: /communication/parley/secure-messenger/..., Authorization: Bearer <token>
from the token endpoint, uniqueAppDeviceId: <device id>; optional authString and
api-version headers are recorded.
Parley direct: /clientApi/v1.9/... (any v1.N), x-iris-identification:
<accountSecret>:<deviceId>; an optional opaque Authorization header is recorded.

Both dialects share one set of conversations keyed by device id, so a test can
subscribe through one and read through the other.

Error choices where the public record is silent (documented in README.md):
- missing identification (no bearer token / no x-iris-identification / no
  uniqueAppDeviceId): 401 authentication_required
- unknown bearer token, wrong account secret, malformed identification:
  401 authentication_not_valid
- expired or revoked token: 401 authentication_expired
- device id shorter than 10 characters: 400 invalid_device_id
- setting require_user_authorization and no authString / Authorization, or one that is
  not in the setting user_auth_strings (when that list is not empty):
  401 device_requires_authorization
- device never subscribed (POST devices), on every endpoint except POST devices and
  GET config: 400 device_not_registered (Settings.unregistered_status)
- message not in this device's conversation: 404 message_not_found
- PUT messages/status/{N} and GET messages/unseen/count (Parley v1.9) in an API version
  that lacks them (Parley direct below /clientApi/v1.9; KPN with an api-version header
  below 1.9) or with the setting status_endpoints off: 404 not_found, as any unknown path
"""

import re
import time

from . import encoding
from .encoding import as_bool, as_int, as_object
from .state import DEVICE_TYPES, MEDIA_LIMIT, MEDIA_TYPES, USER_TYPES, NotFound, valid_version
from .wire import Response, json_response

KPN_PREFIX = "/communication/parley/secure-messenger"
_PARLEY_PREFIX = re.compile(r"^/clientApi/(v\d+\.\d+)(?=/|$)")
MIN_DEVICE_ID = 10
MAX_DEVICE_ID = 255


class ApiError(Exception):
    def __init__(self, status, error, headers=None):
        super().__init__(error)
        self.status = status
        self.error = error
        self.headers = headers or []


# (method, template, regex over the path relative to the base, handler name, needs a
# subscribed device). Order matters: literal routes before messages/{id}.
_ROUTES = [
    ("POST", "/devices", r"devices", "post_devices", False),
    ("GET", "/messages", r"messages", "get_messages", True),
    ("GET", "/messages/before:{id}", r"messages/before:(?P<id>[^/]*)", "get_before", True),
    ("GET", "/messages/after:{id}", r"messages/after:(?P<id>[^/]*)", "get_after", True),
    ("GET", "/messages/unseen/count", r"messages/unseen/count", "get_unseen", True),
    ("PUT", "/messages/status/{status}", r"messages/status/(?P<status>[^/]+)", "put_status", True),
    ("GET", "/messages/{id}", r"messages/(?P<id>[^/]+)", "get_message", True),
    ("POST", "/messages", r"messages", "post_messages", True),
    ("POST", "/media", r"media", "post_media", True),
    ("GET", "/media/{y}/{m}/{d}/{file}",
     r"media/(?P<y>[^/]+)/(?P<m>[^/]+)/(?P<d>[^/]+)/(?P<file>[^/]+)", "get_media", True),
    ("POST", "/services/event/{event}", r"services/event/(?P<event>startTyping|stopTyping)",
     "post_typing", True),
    ("GET", "/config", r"config", "get_config", False),
]
# Parley v1.9's endpoints: refused in older versions (status_endpoints_served).
_V19_HANDLERS = ("get_unseen", "put_status")
_V19 = (1, 9)
_VERSION_TEXT = re.compile(r"^[vV]?(\d+)\.(\d+)$")


def _version(text):
    """(major, minor) of "v1.9" / "1.9", or None when the text is not one."""
    found = _VERSION_TEXT.match(text or "")
    return (int(found.group(1)), int(found.group(2))) if found else None


_COMPILED = [(m, t, re.compile(r + r"/?$"), h, reg) for m, t, r, h, reg in _ROUTES]


class Match:
    """Which endpoint a request is for, decided before faults and auth so that the
    statistics and the fault log can name it."""

    def __init__(self, dialect, template, handler=None, params=None, needs_device=False,
                 api_version=None, status=None):
        self.dialect = dialect
        self.template = template
        self.handler = handler
        self.params = params or {}
        self.needs_device = needs_device
        self.api_version = api_version
        self.status = status  # 404 or 405 when no handler


def route(method, path):
    """A Match for an API path, or None when the path is under neither base."""
    if path == KPN_PREFIX or path.startswith(KPN_PREFIX + "/"):
        dialect, rest, version = "kpn", path[len(KPN_PREFIX):], None
    else:
        m = _PARLEY_PREFIX.match(path)
        if not m:
            return None
        dialect, rest, version = "parley", path[m.end():], m.group(1)
    rest = rest.lstrip("/")
    allowed = False
    for r_method, template, regex, handler, needs_device in _COMPILED:
        found = regex.match(rest)
        if not found:
            continue
        if r_method != method:
            allowed = True
            continue
        return Match(dialect, f"{method} {template}", handler, found.groupdict(), needs_device,
                     version)
    return Match(dialect, f"{method} <unknown>", status=405 if allowed else 404)


def envelope(request, status, data=None, notifications=None, error=None, extra=None,
             started=None, values=None, headers=None):
    """The response envelope of docs/protocol.md section 5. On an error the error string is
    the first notification's message and there is no data."""
    body = {}
    if error is None:
        body["data"] = data
        body["notifications"] = notifications or []
        body["status"] = "SUCCESS"
    else:
        body["notifications"] = [{"type": "error", "message": error}]
        body["status"] = "ERROR"
    if extra:
        body.update(extra)
    body["metadata"] = {
        "values": values or {},
        "method": request.method.lower(),
        "duration": round(time.monotonic() - started, 6) if started else 0.0,
    }
    return json_response(status, body, headers)


class Api:
    def __init__(self, state):
        self.state = state

    # ---- entry point -------------------------------------------------------------------

    def handle(self, request, match):
        started = time.monotonic()
        try:
            if match.handler is None:
                raise ApiError(match.status, "not_found" if match.status == 404 else "method_not_allowed")
            device_id, seen = self._identify(request, match)
            if match.handler in _V19_HANDLERS and not self.status_endpoints_served(request, match):
                raise ApiError(404, "not_found")
            try:
                if match.needs_device and not self.state.is_registered(device_id):
                    raise ApiError(self.state.settings.unregistered_status, "device_not_registered")
                result = getattr(self, match.handler)(request, match, device_id)
            finally:
                # After the handler, so that the first POST devices is recorded too.
                self.state.note_identity(device_id, match.dialect, seen)
            if isinstance(result, Response):
                return result
            data, extra = result if isinstance(result, tuple) else (result, None)
            notifications = None
            if isinstance(extra, dict) and "notifications" in extra:
                notifications = extra.pop("notifications")
            return envelope(request, 200, data, notifications, extra=extra, started=started,
                            values=match.params)
        except ApiError as exc:
            return envelope(request, exc.status, error=exc.error, started=started,
                            values=match.params, headers=exc.headers)
        except encoding.BodyError as exc:
            return envelope(request, 400, error=str(exc), started=started, values=match.params)

    def status_endpoints_served(self, request, match):
        """Whether this request's API version has v1.9's status and unseen-count endpoints."""
        if not self.state.settings.status_endpoints:
            return False
        text = match.api_version if match.dialect == "parley" else request.header("api-version")
        version = _version(text)
        return version is None or version >= _V19

    # ---- identification ----------------------------------------------------------------

    def _identify(self, request, match):
        """(device id, optional headers seen) of an authenticated request, or ApiError."""
        if match.dialect == "kpn":
            auth = request.header("Authorization", "")
            scheme, _, token = auth.partition(" ")
            token = token.strip()
            if not auth or scheme.lower() != "bearer" or not token:
                raise ApiError(401, "authentication_required",
                               [("WWW-Authenticate", 'Bearer realm="parley-sim"')])
            verdict = self.state.token_status(token)
            if verdict == "unknown":
                raise ApiError(401, "authentication_not_valid")
            if verdict in ("expired", "revoked"):
                raise ApiError(401, "authentication_expired")
            device_id = request.header("uniqueAppDeviceId")
            if not device_id:
                raise ApiError(401, "authentication_required")
            user_auth = request.header("authString")
            extra = {"authString": user_auth, "api-version": request.header("api-version")}
        else:
            ident = request.header("x-iris-identification")
            if not ident:
                raise ApiError(401, "authentication_required")
            secret, sep, device_id = ident.partition(":")
            if not sep or secret != self.state.account_secret:
                raise ApiError(401, "authentication_not_valid")
            user_auth = request.header("Authorization")
            extra = {"Authorization": user_auth, "api-version": match.api_version}
        if not (MIN_DEVICE_ID <= len(device_id) <= MAX_DEVICE_ID):
            raise ApiError(400, "invalid_device_id")
        settings = self.state.settings
        if settings.require_user_authorization and not user_auth:
            raise ApiError(401, "device_requires_authorization")
        if user_auth and settings.user_auth_strings and user_auth not in settings.user_auth_strings:
            raise ApiError(401, "device_requires_authorization")
        return device_id, extra

    # ---- endpoints ---------------------------------------------------------------------

    def post_devices(self, request, match, device_id):
        fields, _ = encoding.decode(request)
        device_type = as_int(fields.get("type"))
        if device_type not in DEVICE_TYPES:
            raise ApiError(400, "invalid_device_type")
        version = fields.get("version")
        if not valid_version(version):
            raise ApiError(400, "invalid_version_format")
        info = {"type": device_type, "version": version, "dialect": match.dialect}
        if "pushToken" in fields:
            info["pushToken"] = fields["pushToken"] if isinstance(fields["pushToken"], str) else None
        if "pushType" in fields:
            info["pushType"] = as_int(fields["pushType"])
        if "pushEnabled" in fields:
            info["pushEnabled"] = as_bool(fields["pushEnabled"])
        if "userAdditionalInformation" in fields:
            extra = as_object(fields["userAdditionalInformation"])
            if extra is None:
                raise ApiError(400, "invalid_user_additional_information")
            info["userAdditionalInformation"] = {str(k): v if isinstance(v, str) else str(v)
                                                 for k, v in extra.items()}
        for key in ("referrer", "referer"):
            if key in fields:
                info["referrer"] = fields[key]
                info["referrer_spelling"] = key
        self.state.register_device(device_id, info)
        return {}, {"notifications": [{"type": "success", "message": "device_successfully_subscribed"}]}

    def _list(self, device_id, before=None, after=None):
        messages, paging, agent = self.state.page(device_id, before=before, after=after)
        extra = {"paging": paging}
        if agent is not None:
            extra["agent"] = agent
        settings = self.state.settings
        if settings.sticky_message is not None:
            extra["stickyMessage"] = settings.sticky_message
        if settings.welcome_message is not None:
            extra["welcomeMessage"] = settings.welcome_message
        return messages, extra

    @staticmethod
    def _anchor(match):
        value = match.params["id"]
        if not re.fullmatch(r"\d{1,18}", value):
            raise ApiError(400, "invalid_message_id")
        return int(value)

    def get_messages(self, request, match, device_id):
        return self._list(device_id)

    def get_before(self, request, match, device_id):
        return self._list(device_id, before=self._anchor(match))

    def get_after(self, request, match, device_id):
        return self._list(device_id, after=self._anchor(match))

    def get_message(self, request, match, device_id):
        value = match.params["id"]
        if not re.fullmatch(r"\d{1,18}", value):
            raise ApiError(404, "message_not_found")
        try:
            return self.state.message(device_id, int(value))
        except NotFound:
            raise ApiError(404, "message_not_found") from None

    def post_messages(self, request, match, device_id):
        fields, files = encoding.decode(request, allow_files=True)
        raw_type = fields.get("typeId", fields.get("type", 1))
        type_id = as_int(raw_type)
        if type_id not in USER_TYPES:
            raise ApiError(400, "invalid_message_type")
        text = fields.get("message")
        if text is not None and not isinstance(text, str):
            raise ApiError(400, "invalid_message")
        if text is not None and text.strip() == "":
            text = None
        limit = self.state.settings.max_message_length
        if text is not None and limit and len(text) > limit:
            raise ApiError(400, "message_too_long")

        media = None
        image = None
        if "image" in files:  # the older KPN spec: multipart with an `image` file part
            part = files["image"]
            ctype = part.content_type or ""
            if len(part.data) > MEDIA_LIMIT:
                raise ApiError(400, "image_too_large")
            if ctype not in MEDIA_TYPES or ctype == "application/pdf":
                raise ApiError(400, "invalid_image")
            rec = self.state.store_media(device_id, part.data, ctype, part.filename)
            media = self.state.media_object(rec["id"], None)
            image = f"media/{rec['year']}/{rec['month']}/{rec['day']}/{rec['filename']}"
        elif fields.get("media") not in (None, "", {}):
            if text is not None:
                raise ApiError(400, "message_and_media_not_allowed")
            media = self._media_reference(fields, device_id)
        if text is None and media is None:
            raise ApiError(400, "missing_message_or_image")
        msg = self.state.add_message(device_id, type_id=type_id, text=text, media=media,
                                     image=image, from_device=True)
        return {"messageId": str(msg["id"])}

    def _media_reference(self, fields, device_id):
        """{"media": {"id", "description"}}; form encodings may send media[id]=...,
        a JSON string, or the bare id with a separate description field."""
        value = fields["media"]
        ref = as_object(value)
        if ref is None and isinstance(value, str):
            ref = {"id": value, "description": fields.get("description")}
        if ref is None or not isinstance(ref.get("id"), str) or not ref["id"]:
            raise ApiError(400, "missing_media")
        description = ref.get("description")
        if description is not None and not isinstance(description, str):
            description = str(description)
        try:
            rec = self.state.media_record(ref["id"])
        except NotFound:
            raise ApiError(400, "media_not_uploaded") from None
        if rec["device"] != device_id:
            raise ApiError(400, "media_not_uploaded")
        return self.state.media_object(ref["id"], description)

    def post_media(self, request, match, device_id):
        _, files = encoding.decode(request, allow_files=True)
        part = files.get("media")
        if part is None:
            raise ApiError(400, "missing_media")
        if len(part.data) > MEDIA_LIMIT:
            raise ApiError(400, "media_too_large")
        if (part.content_type or "") not in MEDIA_TYPES:
            raise ApiError(400, "invalid_media_type")
        rec = self.state.store_media(device_id, part.data, part.content_type,
                                     part.filename or "upload")
        return {"media": rec["id"]}

    def get_media(self, request, match, device_id):
        p = match.params
        try:
            rec = self.state.media_record(p["file"])
        except NotFound:
            raise ApiError(404, "media_not_found") from None
        same_day = all(
            as_int(p[key]) == int(rec[field]) for key, field in (("y", "year"), ("m", "month"), ("d", "day"))
        )
        if not same_day or rec["device"] != device_id:
            raise ApiError(404, "media_not_found")
        disposition = f'inline; filename="{rec["filename"]}"'
        return Response(200, rec["data"], rec["mimeType"], [("Content-Disposition", disposition)])

    def post_typing(self, request, match, device_id):
        event = match.params["event"]
        self.state.add_typing_event(device_id, event, match.dialect)
        return "typing_started" if event == "startTyping" else "typing_stopped"

    def put_status(self, request, match, device_id):
        status = as_int(match.params["status"])
        if status not in (2, 3, 4):
            raise ApiError(400, "invalid_status")
        fields, _ = encoding.decode(request)
        raw = fields.get("messageIds")
        if isinstance(raw, str):
            raw = [item for item in raw.split(",") if item.strip()]
        if not isinstance(raw, list) or not raw:
            raise ApiError(400, "missing_message_ids")
        ids = [as_int(item) for item in raw]
        if any(item is None for item in ids):
            raise ApiError(400, "invalid_message_id")
        self.state.set_status(device_id, ids, status)
        return {}

    def get_unseen(self, request, match, device_id):
        ids = self.state.unseen(device_id)
        return {"messageIds": ids, "count": len(ids)}

    def get_config(self, request, match, device_id):
        settings = self.state.settings
        return {
            "accountName": "Parley Simulator",
            "welcomeMessage": settings.welcome_message or "Hello! How can we help you?",
            "stickyMessage": settings.sticky_message,
            "colors": {"primary": "#00c300", "secondary": "#ffffff"},
            "polling": {"intervals": [2, 5, 10, 30, 60, 300, 900, 1800], "stepRepeat": 5},
            "media": {"maxSize": MEDIA_LIMIT,
                      "mimeTypes": ["image/jpeg", "image/png", "image/gif", "application/pdf"]},
            "composer": {"maxLength": settings.max_message_length or 5000},
            "offline": False,
        }
