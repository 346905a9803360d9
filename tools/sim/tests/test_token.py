"""Token endpoint (docs/protocol.md section 4): shape, credentials, errors."""

import base64
import time
import unittest

from .simtest import CLIENT_ID, CLIENT_SECRET, SimTestCase

TOKEN = "/oauth/client_credential/accesstoken?grant_type=client_credentials"


class TokenTest(SimTestCase):
    def test_good_credentials_every_scalar_a_string(self):
        before_ms = int(time.time() * 1000)
        reply = self.token_request()
        self.assertEqual(reply.status, 200, reply)
        body = reply.json
        for key, value in body.items():
            if key == "api_product_list_json":
                self.assertIsInstance(value, list)
            else:
                self.assertIsInstance(value, str, key)
        self.assertEqual(body["token_type"], "BearerToken")
        self.assertEqual(body["expires_in"], "3599")
        self.assertEqual(body["refresh_token_expires_in"], "0")
        self.assertEqual(body["status"], "approved")
        self.assertEqual(body["client_id"], CLIENT_ID)
        self.assertEqual(body["api_product_list"], "[Messenger - Parley]")
        self.assertIn("developer.email", body)
        issued = int(body["issued_at"])
        self.assertGreater(issued, 2**32, "epoch milliseconds do not fit 32 bits")
        self.assertLessEqual(before_ms - 5, issued)
        self.assertLessEqual(issued, int(time.time() * 1000) + 5)
        self.assertRegex(body["access_token"], r"^[A-Za-z0-9]{20,}$")
        self.assertIn("application/json", reply.headers["Content-Type"])

    def test_token_works_and_tokens_differ(self):
        first, second = self.token(), self.token()
        self.assertNotEqual(first, second)
        reply = self.api("GET", "config", token=first)
        self.assertEqual(reply.status, 200, reply)

    def test_basic_auth(self):
        creds = base64.b64encode(f"{CLIENT_ID}:{CLIENT_SECRET}".encode()).decode()
        reply = self.request("POST", TOKEN, b"", {"Authorization": f"Basic {creds}"},
                             content_type="application/x-www-form-urlencoded")
        self.assertEqual(reply.status, 200, reply)

    def test_wrong_secret_is_401(self):
        reply = self.token_request(secret="wrong")
        self.assertEqual(reply.status, 401)
        self.assertEqual(reply.json["ErrorCode"], "invalid_client")

    def test_unknown_client_is_401(self):
        reply = self.token_request(client_id="nobody")
        self.assertEqual(reply.status, 401)
        self.assertEqual(reply.json, {"ErrorCode": "invalid_client", "Error": "ClientId is Invalid"})

    def test_missing_credentials_is_401(self):
        reply = self.request("POST", TOKEN, b"", content_type="application/x-www-form-urlencoded")
        self.assertEqual(reply.status, 401)

    def test_secret_must_be_form_decoded(self):
        # "+" unencoded in a form body means a space: the secret no longer matches.
        raw = f"client_id={CLIENT_ID}&client_secret={CLIENT_SECRET}".encode()
        reply = self.request("POST", TOKEN, raw, content_type="application/x-www-form-urlencoded")
        self.assertEqual(reply.status, 401)

    def test_grant_type_missing_or_wrong_is_400(self):
        self.assertEqual(self.token_request(query="").status, 400)
        self.assertEqual(self.token_request(query="?grant_type=password").status, 400)

    def test_get_is_405(self):
        self.assertEqual(self.request("GET", TOKEN).status, 405)

    def test_settings_change_shape(self):
        self.control("POST", "/settings", {"token_type": "Bearer", "token_lifetime": 60,
                                           "developer_email_key": "developer_email"})
        body = self.token_request().json
        self.assertEqual(body["token_type"], "Bearer")
        self.assertEqual(body["expires_in"], "60")
        self.assertIn("developer_email", body)

    def test_counted_in_stats(self):
        self.token()
        self.token_request(secret="bad")
        stats = self.control("GET", "/stats")
        self.assertEqual(stats["token_requests"], 2)
        self.assertEqual(stats["requests"]["POST /oauth/client_credential/accesstoken"], 2)

    def test_clients_added_at_runtime(self):
        self.control("POST", "/clients", {"id": "late", "secret": "x"})
        self.assertEqual(self.token_request("late", "x").status, 200)


if __name__ == "__main__":
    unittest.main()
