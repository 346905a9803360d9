"""Identification in both dialects: bearer token + device header, x-iris-identification."""

import time
import unittest

from .simtest import ACCOUNT_SECRET, DEVICE, KPN, OTHER_DEVICE, PARLEY, SimTestCase


class KpnAuthTest(SimTestCase):
    def setUp(self):
        super().setUp()
        self.register()

    def get(self, headers):
        return self.request("GET", f"{KPN}/messages", headers=headers)

    def test_valid_token(self):
        reply = self.get(self.kpn_headers())
        self.assertEqual(reply.status, 200, reply)
        self.assertEqual(reply.json["status"], "SUCCESS")

    def test_missing_bearer_is_authentication_required(self):
        reply = self.get({"uniqueAppDeviceId": DEVICE})
        self.assertEqual((reply.status, reply.error), (401, "authentication_required"))

    def test_unknown_token_is_not_valid(self):
        reply = self.get(self.kpn_headers(token="not-a-token"))
        self.assertEqual((reply.status, reply.error), (401, "authentication_not_valid"))

    def test_revoked_token_is_expired(self):
        token = self.token()
        keep = self.token()
        self.assertEqual(self.control("POST", "/tokens/revoke", {"token": token})["revoked"], 1)
        reply = self.get(self.kpn_headers(token=token))
        self.assertEqual((reply.status, reply.error), (401, "authentication_expired"))
        self.assertEqual(self.get(self.kpn_headers(token=keep)).status, 200)

    def test_revoke_all(self):
        token = self.token()
        self.control("POST", "/tokens/revoke", {})
        self.assertEqual(self.get(self.kpn_headers(token=token)).error, "authentication_expired")
        self.control("POST", "/tokens/revoke", {"token": "nope"}, expect=404)

    def test_expire_all(self):
        token = self.token()
        # setUp's registration took a token too
        self.assertEqual(self.control("POST", "/tokens/expire", {})["expired"], 2)
        self.assertEqual(self.get(self.kpn_headers(token=token)).error, "authentication_expired")
        tokens = self.control("GET", "/tokens")["tokens"]
        self.assertTrue(all(t["expired"] for t in tokens))
        self.assertEqual(self.get(self.kpn_headers()).status, 200, "a new token works")

    def test_lifetime_runs_out(self):
        self.control("POST", "/settings", {"token_lifetime": 1})
        token = self.token()
        self.assertEqual(self.get(self.kpn_headers(token=token)).status, 200)
        # Wait for the event itself: the simulator listing the token as expired on its
        # own clock (a fixed sleep would race that clock).
        deadline = time.monotonic() + 10
        while not self.token_expired(token):
            self.assertLess(time.monotonic(), deadline, "the token never expired")
            time.sleep(0.02)
        self.assertEqual(self.get(self.kpn_headers(token=token)).error, "authentication_expired")

    def token_expired(self, token):
        [listed] = [t for t in self.control("GET", "/tokens")["tokens"] if t["token"] == token]
        return listed["expired"]

    def test_missing_device_header(self):
        reply = self.get({"Authorization": f"Bearer {self.token()}"})
        self.assertEqual((reply.status, reply.error), (401, "authentication_required"))

    def test_short_device_id_is_400(self):
        reply = self.get(self.kpn_headers(device="short"))
        self.assertEqual((reply.status, reply.error), (400, "invalid_device_id"))

    def test_unregistered_device(self):
        reply = self.get(self.kpn_headers(device=OTHER_DEVICE))
        self.assertEqual((reply.status, reply.error), (400, "device_not_registered"))
        self.control("POST", "/settings", {"unregistered_status": 401})
        reply = self.get(self.kpn_headers(device=OTHER_DEVICE))
        self.assertEqual((reply.status, reply.error), (401, "device_not_registered"))

    def test_optional_headers_recorded(self):
        headers = self.kpn_headers()
        headers.update({"authString": "user-42", "api-version": "1.9"})
        self.get(headers)
        device = self.control("GET", f"/conversations/{DEVICE}")["device"]
        self.assertEqual(device["headers"]["authString"], "user-42")
        self.assertEqual(device["headers"]["api-version"], "1.9")
        self.assertEqual(device["last_dialect"], "kpn")
        log = self.control("GET", "/requests?limit=1")["requests"][0]
        self.assertEqual(log["headers"]["api-version"], "1.9")
        self.assertEqual(log["headers"]["Authorization"], "Bearer ...", "token not logged")

    def test_require_user_authorization(self):
        self.control("POST", "/settings", {"require_user_authorization": True})
        reply = self.get(self.kpn_headers())
        self.assertEqual((reply.status, reply.error), (401, "device_requires_authorization"))
        headers = self.kpn_headers()
        headers["authString"] = "user-42"
        self.assertEqual(self.get(headers).status, 200)

    def test_known_user_strings_refuse_an_unknown_one(self):
        self.control("POST", "/settings", {"user_auth_strings": ["user-42", "user-43"]})
        headers = self.kpn_headers()
        headers["authString"] = "user-44"
        reply = self.get(headers)
        self.assertEqual((reply.status, reply.error), (401, "device_requires_authorization"))
        headers["authString"] = "user-43"
        self.assertEqual(self.get(headers).status, 200)
        # Without require_user_authorization an anonymous device is still served.
        self.assertEqual(self.get(self.kpn_headers()).status, 200)

    def test_user_strings_setting_is_checked(self):
        for bad in ("user-42", [""], [1], None):
            self.control("POST", "/settings", {"user_auth_strings": bad}, expect=400)
        self.assertEqual(self.control("GET", "/settings")["user_auth_strings"], [])


class ParleyAuthTest(SimTestCase):
    def setUp(self):
        super().setUp()
        self.register(dialect="parley")

    def get(self, headers, base=PARLEY):
        return self.request("GET", f"{base}/messages", headers=headers)

    def test_valid(self):
        self.assertEqual(self.get(self.parley_headers()).status, 200)

    def test_other_versions_in_path(self):
        self.assertEqual(self.get(self.parley_headers(), base="/clientApi/v1.6").status, 200)

    def test_missing_is_authentication_required(self):
        reply = self.get({})
        self.assertEqual((reply.status, reply.error), (401, "authentication_required"))

    def test_wrong_secret_is_not_valid(self):
        reply = self.get(self.parley_headers(secret="wrong"))
        self.assertEqual((reply.status, reply.error), (401, "authentication_not_valid"))

    def test_no_colon_is_not_valid(self):
        reply = self.get({"x-iris-identification": ACCOUNT_SECRET + DEVICE})
        self.assertEqual((reply.status, reply.error), (401, "authentication_not_valid"))

    def test_bearer_token_not_accepted_here(self):
        reply = self.get(self.kpn_headers())
        self.assertEqual((reply.status, reply.error), (401, "authentication_required"))

    def test_unregistered(self):
        reply = self.get(self.parley_headers(device=OTHER_DEVICE))
        self.assertEqual((reply.status, reply.error), (400, "device_not_registered"))

    def test_short_device_id(self):
        reply = self.get(self.parley_headers(device="123456789"))
        self.assertEqual((reply.status, reply.error), (400, "invalid_device_id"))

    def test_authorization_recorded(self):
        headers = self.parley_headers()
        headers["Authorization"] = "opaque-user-string"
        self.get(headers)
        device = self.control("GET", f"/conversations/{DEVICE}")["device"]
        self.assertEqual(device["headers"]["Authorization"], "opaque-user-string")
        self.assertEqual(device["headers"]["api-version"], "v1.9")

    def test_required_and_known_user_strings(self):
        self.control("POST", "/settings", {"require_user_authorization": True,
                                           "user_auth_strings": ["opaque-user-string"]})
        reply = self.get(self.parley_headers())
        self.assertEqual((reply.status, reply.error), (401, "device_requires_authorization"))
        headers = self.parley_headers()
        headers["Authorization"] = "someone-else"
        reply = self.get(headers)
        self.assertEqual((reply.status, reply.error), (401, "device_requires_authorization"))
        headers["Authorization"] = "opaque-user-string"
        self.assertEqual(self.get(headers).status, 200)

    def test_dialects_share_conversations(self):
        sent = self.send("via parley", dialect="parley")
        reply = self.api("GET", "messages", dialect="kpn")
        self.assertEqual([m["id"] for m in reply.data], [sent])
        sent2 = self.send("via kpn", dialect="kpn")
        reply = self.api("GET", "messages", dialect="parley")
        self.assertEqual([m["id"] for m in reply.data], [sent2, sent])


if __name__ == "__main__":
    unittest.main()
