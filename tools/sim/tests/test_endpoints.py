"""Every API endpoint of docs/protocol.md section 6, with the envelope of section 5."""

import unittest

from .simtest import DEVICE, KPN, OTHER_DEVICE, SimTestCase

MESSAGE_KEYS = {"id", "time", "message", "typeId", "agent", "title", "media", "image",
                "buttons", "quickReplies", "carousel", "status"}


class EnvelopeTest(SimTestCase):
    def test_success_envelope(self):
        self.register()
        body = self.api("GET", "messages").json
        self.assertEqual(body["status"], "SUCCESS")
        self.assertEqual(body["notifications"], [])
        self.assertEqual(body["data"], [])
        self.assertEqual(body["metadata"]["method"], "get")
        self.assertIsInstance(body["metadata"]["values"], dict)
        self.assertIsInstance(body["metadata"]["duration"], float)

    def test_error_envelope(self):
        body = self.api("GET", "messages").json
        self.assertEqual(body["status"], "ERROR")
        self.assertNotIn("data", body)
        self.assertEqual(body["notifications"][0], {"type": "error", "message": "device_not_registered"})

    def test_unknown_path_and_method(self):
        reply = self.api("GET", "nothing/here")
        self.assertEqual((reply.status, reply.error), (404, "not_found"))
        reply = self.api("DELETE", "messages")
        self.assertEqual((reply.status, reply.error), (405, "method_not_allowed"))
        self.assertEqual(self.request("GET", "/elsewhere").status, 404)


class DevicesTest(SimTestCase):
    def test_subscribe(self):
        reply = self.register(pushToken="https://hook.invalid/x", pushType=4, pushEnabled=True,
                              userAdditionalInformation={"name": "Kiosk 7", "email": "k@x.invalid"},
                              referrer="lobby")
        self.assertEqual(reply.data, {})
        self.assertEqual(reply.json["notifications"],
                         [{"type": "success", "message": "device_successfully_subscribed"}])
        device = self.control("GET", f"/conversations/{DEVICE}")["device"]
        self.assertEqual(device["type"], 4)
        self.assertEqual(device["version"], "1.2.3")
        self.assertEqual(device["pushType"], 4)
        self.assertIs(device["pushEnabled"], True)
        self.assertEqual(device["userAdditionalInformation"]["name"], "Kiosk 7")
        self.assertEqual(device["referrer"], "lobby")

    def test_resubscribe_updates(self):
        self.register()
        self.register(version="010203")
        device = self.control("GET", f"/conversations/{DEVICE}")["device"]
        self.assertEqual((device["version"], device["subscriptions"]), ("010203", 2))

    def test_versions(self):
        for good in ("1.2.3", "010203", "10.20.30", "100.2.3"):
            reply = self.api("POST", "devices", {"type": 4, "version": good})
            self.assertEqual(reply.status, 200, good)
        for bad in ("1.2", "1234", "1.2.3.4.5", "123456789", "v1.2.3", "1.2.x", "", 10203):
            reply = self.api("POST", "devices", {"type": 4, "version": bad})
            self.assertEqual((reply.status, reply.error), (400, "invalid_version_format"), bad)

    def test_type(self):
        for bad in (0, 5, "x", None):
            reply = self.api("POST", "devices", {"type": bad, "version": "1.2.3"})
            self.assertEqual((reply.status, reply.error), (400, "invalid_device_type"), bad)


class MessagesTest(SimTestCase):
    def setUp(self):
        super().setUp()
        self.register()
        self.register(device=OTHER_DEVICE)

    def test_send_and_read(self):
        reply = self.api("POST", "messages", {"message": "Hello there", "typeId": 1})
        self.assertEqual(reply.status, 200, reply)
        message_id = reply.data["messageId"]
        self.assertRegex(message_id, r"^\d+$", "a numeric string")
        got = self.api("GET", f"messages/{message_id}")
        self.assertEqual(got.status, 200, got)
        msg = got.data
        self.assertEqual(set(msg), MESSAGE_KEYS)
        self.assertEqual((msg["id"], msg["message"], msg["typeId"], msg["agent"], msg["status"]),
                         (int(message_id), "Hello there", 1, None, 2))
        self.assertIsInstance(msg["time"], int)

    def test_ids_increase(self):
        ids = [self.send(f"m{i}") for i in range(3)]
        ids.append(self.send("other", device=OTHER_DEVICE))
        ids.append(self.send("m3"))
        self.assertEqual(ids, sorted(ids))
        self.assertEqual(len(set(ids)), 5)

    def test_silent_message(self):
        self.assertTrue(self.send("silent", type_id=4))

    def test_invalid_type(self):
        for bad in (2, 3, 5, "x"):
            reply = self.api("POST", "messages", {"message": "x", "typeId": bad})
            self.assertEqual((reply.status, reply.error), (400, "invalid_message_type"), bad)

    def test_empty(self):
        for body in ({"message": "", "typeId": 1}, {"typeId": 1}, {"message": "   "}):
            reply = self.api("POST", "messages", body)
            self.assertEqual((reply.status, reply.error), (400, "missing_message_or_image"), body)

    def test_max_length_setting(self):
        self.control("POST", "/settings", {"max_message_length": 5})
        reply = self.api("POST", "messages", {"message": "123456", "typeId": 1})
        self.assertEqual((reply.status, reply.error), (400, "message_too_long"))
        self.assertEqual(self.api("POST", "messages", {"message": "12345"}).status, 200)

    def test_message_not_found(self):
        other = self.send("not yours", device=OTHER_DEVICE)
        for path in (f"messages/{other}", "messages/99999999", "messages/abc"):
            reply = self.api("GET", path)
            self.assertEqual((reply.status, reply.error), (404, "message_not_found"), path)

    def test_agent_message_shape(self):
        self.reply_as("Alice", "Try turning it off and on.", quickReplies=["Done", "No luck"],
                      buttons=[{"title": "Call us", "payload": "+31000000000", "type": "phoneNumber"}])
        msg = self.api("GET", "messages").data[0]
        self.assertEqual(msg["typeId"], 2)
        self.assertEqual(msg["agent"]["name"], "Alice")
        self.assertEqual(set(msg["agent"]), {"id", "name", "avatar", "isTyping"})
        self.assertEqual(msg["quickReplies"], ["Done", "No luck"])
        self.assertEqual(msg["buttons"], [{"title": "Call us", "payload": "+31000000000", "type": "phoneNumber"}])

    def test_status_and_unseen(self):
        a = self.reply_as("Alice", "one")["id"]
        b = self.reply_as("Alice", "two")["id"]
        mine = self.send("mine")
        unseen = self.api("GET", "messages/unseen/count")
        self.assertEqual(unseen.data, {"messageIds": [a, b], "count": 2})
        reply = self.api("PUT", "messages/status/3", {"messageIds": [a, b]})
        self.assertEqual(reply.status, 200, reply)
        self.assertEqual(self.api("GET", "messages/unseen/count").data["count"], 2, "delivered is not read")
        self.api("PUT", "messages/status/4", {"messageIds": [str(a)]})
        self.assertEqual(self.api("GET", "messages/unseen/count").data, {"messageIds": [b], "count": 1})
        self.api("PUT", "messages/status/2", {"messageIds": [a]})
        self.assertEqual(self.api("GET", f"messages/{a}").data["status"], 4, "never lowered")
        self.assertEqual(self.api("GET", f"messages/{mine}").data["status"], 2)
        statuses = self.control("GET", f"/conversations/{DEVICE}")["statuses"]
        self.assertEqual([s["status"] for s in statuses], [3, 4, 2])

    def test_status_endpoints_only_from_v1_9(self):
        a = self.reply_as("Alice", "one")["id"]
        put = {"messageIds": [a]}
        parley = self.parley_headers()
        for base, headers, served in (
            ("/clientApi/v1.9", parley, True),
            ("/clientApi/v1.10", parley, True),
            ("/clientApi/v1.8", parley, False),
            ("/clientApi/v1.6", parley, False),
        ):
            unseen = self.request("GET", f"{base}/messages/unseen/count", None, headers)
            status = self.request("PUT", f"{base}/messages/status/3", put, headers)
            expected = (200, None) if served else (404, "not_found")
            self.assertEqual((unseen.status, unseen.error), expected, base)
            self.assertEqual((status.status, status.error), expected, base)
            self.assertEqual(self.request("GET", f"{base}/messages", None, headers).status, 200)
        for version, served in ((None, True), ("1.9", True), ("v2.0", True), ("1.8", False)):
            headers = {"api-version": version} if version else {}
            reply = self.api("GET", "messages/unseen/count", headers=headers)
            self.assertEqual(reply.status, 200 if served else 404, version)
        self.control("POST", "/settings", {"status_endpoints": False})
        for dialect in ("kpn", "parley"):
            self.assertEqual(self.api("PUT", "messages/status/4", put, dialect=dialect).error, "not_found")
            self.assertEqual(self.api("GET", "messages/unseen/count", dialect=dialect).status, 404)
        statuses = self.control("GET", f"/conversations/{DEVICE}")["statuses"]
        self.assertEqual([s["status"] for s in statuses], [3, 3], "refused marks are not recorded")

    def test_status_errors(self):
        reply = self.api("PUT", "messages/status/5", {"messageIds": [1]})
        self.assertEqual((reply.status, reply.error), (400, "invalid_status"))
        reply = self.api("PUT", "messages/status/4", {})
        self.assertEqual((reply.status, reply.error), (400, "missing_message_ids"))
        reply = self.api("PUT", "messages/status/4", {"messageIds": ["x"]})
        self.assertEqual((reply.status, reply.error), (400, "invalid_message_id"))

    def test_typing_events(self):
        start = self.api("POST", "services/event/startTyping")
        stop = self.api("POST", "services/event/stopTyping", dialect="parley")
        self.assertEqual((start.status, stop.status), (200, 200))
        self.assertIsInstance(start.data, str)
        self.assertIsInstance(stop.data, str)
        typing = self.control("GET", f"/conversations/{DEVICE}")["typing"]
        self.assertEqual([(t["event"], t["dialect"]) for t in typing],
                         [("startTyping", "kpn"), ("stopTyping", "parley")])

    def test_config(self):
        reply = self.api("GET", "config", device="config-only-device")
        self.assertEqual(reply.status, 200, reply)
        self.assertIsInstance(reply.data, dict)

    def test_trailing_slash_and_encoded_colon(self):
        first = self.send("a")
        self.send("b")
        reply = self.request("GET", f"{KPN}/messages/after%3A{first}/", headers=self.kpn_headers())
        self.assertEqual([m["message"] for m in reply.data], ["b"])

    def test_list_extras(self):
        self.control("POST", "/settings", {"welcome_message": "Welcome!", "sticky_message": "Closed Sunday"})
        body = self.api("GET", "messages").json
        self.assertEqual(body["welcomeMessage"], "Welcome!")
        self.assertEqual(body["stickyMessage"], "Closed Sunday")
        self.assertNotIn("agent", body)
        self.control("POST", f"/conversations/{DEVICE}/typing", {"agent": "Bob", "typing": True})
        body = self.api("GET", "messages").json
        self.assertEqual(body["agent"]["name"], "Bob")
        self.assertIs(body["agent"]["isTyping"], True)


if __name__ == "__main__":
    unittest.main()
