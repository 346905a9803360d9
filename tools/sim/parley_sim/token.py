"""The KPN gateway's OAuth 2.0 client-credentials token endpoint (docs/protocol.md section 4).

The response copies the gateway's quirks on purpose, because they are what a client
parser gets wrong: every scalar is a JSON string (expires_in "3599", issued_at in epoch
milliseconds as a string that does not fit 32 bits), token_type is the older
"BearerToken" unless set otherwise, api_product_list is a string that looks like a
list next to api_product_list_json, a real array. Error bodies follow the gateway's
own shape ({"ErrorCode", "Error"}), not the API envelope.
"""

import base64
import binascii
import json
from urllib.parse import parse_qsl, unquote_plus

from .wire import json_response

TOKEN_PATH = "/oauth/client_credential/accesstoken"
TOKEN_TEMPLATE = "POST " + TOKEN_PATH


def _error(status, code, text):
    return json_response(status, {"ErrorCode": code, "Error": text},
                         [("Cache-Control", "no-store")])


def _body_fields(request):
    """client_id/client_secret/grant_type from a form body (or JSON, for leniency)."""
    body = request.body.strip()
    if body[:1] == b"{":
        try:
            value = json.loads(body.decode("utf-8"))
        except ValueError:
            return {}
        return {k: v for k, v in value.items() if isinstance(v, str)} if isinstance(value, dict) else {}
    try:
        return dict(parse_qsl(body.decode("utf-8"), keep_blank_values=True))
    except UnicodeDecodeError:
        return {}


def _basic_credentials(request):
    """(id, secret) from Authorization: Basic, or None. RFC 6749 2.3.1 says both
    parts are form-encoded first; gateways also accept them raw, so both are tried."""
    auth = request.header("Authorization", "")
    scheme, _, value = auth.partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        decoded = base64.b64decode(value.strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        return None
    client_id, sep, secret = decoded.partition(":")
    return (client_id, secret) if sep else None


def handle(state, request):
    if request.method != "POST":
        return _error(405, "method_not_allowed", "Use POST")
    fields = _body_fields(request)
    grant_type = (request.query.get("grant_type") or [fields.get("grant_type")])[-1]
    if not grant_type:
        return _error(400, "invalid_request", "Unsupported grant type : ")
    if grant_type != "client_credentials":
        return _error(400, "invalid_request", f"Unsupported grant type : {grant_type}")

    candidates = []
    if fields.get("client_id") is not None:
        candidates.append((fields.get("client_id", ""), fields.get("client_secret", "")))
    basic = _basic_credentials(request)
    if basic:
        candidates.append(basic)
        candidates.append((unquote_plus(basic[0]), unquote_plus(basic[1])))
    if not candidates:
        return _error(401, "invalid_client", "ClientId is Invalid")
    verdict = "unknown_client"
    for client_id, secret in candidates:
        verdict = state.check_client(client_id, secret)
        if verdict == "ok":
            break
    if verdict == "unknown_client":
        return _error(401, "invalid_client", "ClientId is Invalid")
    if verdict != "ok":
        return _error(401, "invalid_client", "Client credentials are invalid")

    token, rec = state.issue_token(client_id)
    settings = state.settings
    body = {
        "refresh_token_expires_in": "0",
        "api_product_list": "[Messenger - Parley]",
        "api_product_list_json": ["Messenger - Parley"],
        "organization_name": "kpn",
        settings.developer_email_key: "developer@example.invalid",
        "token_type": settings.token_type,
        "issued_at": str(int(rec["issued_at"] * 1000)),
        "client_id": client_id,
        "access_token": token,
        "application_name": rec["application_name"],
        "scope": "",
        "expires_in": str(int(rec["lifetime"])),
        "refresh_count": "0",
        "status": "approved",
    }
    return json_response(200, body, [("Cache-Control", "no-store")])
