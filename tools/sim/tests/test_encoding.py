"""Request encodings: JSON, form and query string, whatever the Content-Type says."""

import json
import unittest
from urllib.parse import urlencode

from .simtest import DEVICE, KPN, PARLEY, SimTestCase


class EncodingTest(SimTestCase):
    def device_record(self):
        return self.control("GET", f"/conversations/{DEVICE}")["device"]

    def test_devices_json_with_wrong_content_type(self):
        body = json.dumps({"type": 4, "version": "1.2.3", "userAdditionalInformation": {"name": "K"}})
        for ctype in ("text/plain", "application/x-www-form-urlencoded", None):
            reply = self.request("POST", f"{PARLEY}/devices", body, self.parley_headers(), content_type=ctype)
            self.assertEqual(reply.status, 200, (ctype, reply))
        self.assertEqual(self.device_record()["userAdditionalInformation"], {"name": "K"})

    def test_devices_form(self):
        form = urlencode({"type": "4", "version": "010203", "pushEnabled": "false",
                          "userAdditionalInformation[name]": "Kiosk", "referer": "r"})
        reply = self.request("POST", f"{PARLEY}/devices", form, self.parley_headers(),
                             content_type="application/x-www-form-urlencoded")
        self.assertEqual(reply.status, 200, reply)
        device = self.device_record()
        self.assertEqual((device["type"], device["version"], device["pushEnabled"]), (4, "010203", False))
        self.assertEqual(device["userAdditionalInformation"], {"name": "Kiosk"})
        self.assertEqual((device["referrer"], device["referrer_spelling"]), ("r", "referer"))

    def test_devices_query_string(self):
        query = urlencode({"type": 4, "version": "1.2.3",
                           "userAdditionalInformation": json.dumps({"email": "a@b.invalid"})})
        reply = self.request("POST", f"{KPN}/devices?{query}", None, self.kpn_headers())
        self.assertEqual(reply.status, 200, reply)
        self.assertEqual(self.device_record()["userAdditionalInformation"], {"email": "a@b.invalid"})

    def test_messages_in_every_encoding(self):
        self.register()
        headers = self.kpn_headers()
        cases = [
            (json.dumps({"message": "as json", "typeId": 1}), "application/json", ""),
            (json.dumps({"message": "json, form type", "typeId": 1}), "application/x-www-form-urlencoded", ""),
            (urlencode({"message": "as form + plus", "typeId": "1"}), "application/x-www-form-urlencoded", ""),
            (None, None, "?" + urlencode({"message": "as query", "typeId": 4})),
            ("", "application/json", "?" + urlencode({"message": "query, empty body"})),
        ]
        for body, ctype, query in cases:
            reply = self.request("POST", f"{KPN}/messages{query}", body, headers, content_type=ctype)
            self.assertEqual(reply.status, 200, (body, query, reply))
        texts = [m["message"] for m in self.api("GET", "messages").data]
        self.assertEqual(texts, ["query, empty body", "as query", "as form + plus", "json, form type", "as json"])
        self.assertEqual(self.api("GET", "messages").data[1]["typeId"], 4)

    def test_body_overrides_query(self):
        self.register()
        reply = self.request("POST", f"{KPN}/messages?message=query", json.dumps({"message": "body"}),
                             self.kpn_headers())
        self.assertEqual(self.api("GET", f"messages/{reply.data['messageId']}").data["message"], "body")

    def test_status_ids_in_form(self):
        self.register()
        a = self.reply_as("A", "x")["id"]
        b = self.reply_as("A", "y")["id"]
        self.request("PUT", f"{KPN}/messages/status/4", f"messageIds[]={a}&messageIds[]={b}",
                     self.kpn_headers(), content_type="application/x-www-form-urlencoded")
        self.assertEqual(self.api("GET", "messages/unseen/count").data["count"], 0)

    def test_invalid_json(self):
        self.register()
        reply = self.request("POST", f"{KPN}/messages", '{"message": ', self.kpn_headers(),
                             content_type="application/json")
        self.assertEqual((reply.status, reply.error), (400, "invalid_json"))

    def test_utf8(self):
        self.register()
        text = "Grüße, 你好, emoji \U0001F600"
        mid = self.send(text)
        self.assertEqual(self.api("GET", f"messages/{mid}").data["message"], text)


if __name__ == "__main__":
    unittest.main()
