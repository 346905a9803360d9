"""The control API: conversations, replies, typing, settings, reset, stats, errors."""

import http.client
import time
import unittest

from .simtest import DEVICE, OTHER_DEVICE, SimTestCase


class ControlTest(SimTestCase):
    def setUp(self):
        super().setUp()
        self.register(userAdditionalInformation={"name": "Kiosk 1"})

    def test_health(self):
        health = self.control("GET", "/health")
        self.assertEqual(health["status"], "ok")
        self.assertEqual((health["api_port"], health["control_port"], health["scheme"]),
                         (self.sim.api_port, self.sim.control_port, "https"))

    def test_conversation_list(self):
        first = self.send("hi")
        last = self.send("there")
        self.register(device=OTHER_DEVICE)
        convs = {c["device_id"]: c for c in self.control("GET", "/conversations")["conversations"]}
        self.assertEqual(set(convs), {DEVICE, OTHER_DEVICE})
        mine = convs[DEVICE]
        self.assertEqual((mine["message_count"], mine["last_id"], mine["registered"]), (2, last, True))
        self.assertEqual(mine["device"]["userAdditionalInformation"]["name"], "Kiosk 1")
        self.assertEqual(convs[OTHER_DEVICE]["message_count"], 0)
        self.assertLess(first, last)

    def test_conversation_detail_oldest_first(self):
        ids = [self.send("a"), self.send("b")]
        ids.append(self.reply_as("Alice", "c")["id"])
        detail = self.control("GET", f"/conversations/{DEVICE}")
        self.assertEqual([m["id"] for m in detail["messages"]], ids)
        self.assertEqual(detail["unseen"], [ids[2]])
        after = self.control("GET", f"/conversations/{DEVICE}?after={ids[0]}")
        self.assertEqual([m["id"] for m in after["messages"]], ids[1:])
        self.control("GET", "/conversations/unknown-device-123", expect=404)

    def test_reply_options(self):
        msg = self.reply_as("Alice", "Pick one", quickReplies=["A", "B"],
                            buttons=[{"title": "Site", "payload": "https://x.invalid", "type": "webUrl"},
                                     {"title": "Yes"}],
                            title="Choice")
        self.assertEqual(msg["typeId"], 2)
        self.assertEqual(msg["title"], "Choice")
        self.assertEqual(msg["buttons"][1], {"title": "Yes", "payload": "Yes", "type": "reply"})
        api_msg = self.api("GET", f"messages/{msg['id']}").data
        self.assertEqual(api_msg, msg)
        system = self.control("POST", f"/conversations/{DEVICE}/reply",
                              {"message": "Agent joined", "typeId": 3})["message"]
        self.assertIsNone(system["agent"])

    def test_reply_with_every_character_escaped(self):
        text = "a\u00e9\u4e2d\U0001F600\"\n"
        msg = self.reply_as("Alice", text, escape=True)
        got = self.api("GET", f"messages/{msg['id']}")
        self.assertEqual(got.data["message"], text)  # the same text once decoded
        raw = got.raw.decode("utf-8")
        self.assertIn('"message":"\\u0061\\u00e9\\u4e2d\\ud83d\\ude00\\u0022\\u000a"', raw)
        plain = self.reply_as("Alice", text)
        raw = self.api("GET", f"messages/{plain['id']}").raw.decode("utf-8")
        self.assertIn('"message":"a\u00e9\u4e2d\U0001F600\\"\\n"', raw)

    def test_agents_get_stable_ids(self):
        a1 = self.reply_as("Alice", "1")["agent"]
        b = self.reply_as("Bob", "2")["agent"]
        a2 = self.reply_as("Alice", "3")["agent"]
        self.assertEqual(a1["id"], a2["id"])
        self.assertNotEqual(a1["id"], b["id"])

    def test_reply_errors(self):
        self.control("POST", "/conversations/nobody-here-123/reply", {"agent": "A", "message": "x"}, expect=404)
        for body in ({"agent": "A"}, {"agent": "A", "message": "x", "typeId": 1},
                     {"agent": "", "message": "x"}, {"agent": "A", "message": "x", "quickReplies": "no"},
                     {"agent": "A", "message": "x", "buttons": [{"type": "reply"}]}):
            self.control("POST", f"/conversations/{DEVICE}/reply", body, expect=400)

    def test_typing(self):
        self.control("POST", f"/conversations/{DEVICE}/typing", {"agent": "Alice", "typing": True})
        previous = self.reply_as("Bob", "earlier")
        body = self.api("GET", "messages").json
        self.assertEqual(body["agent"]["name"], "Alice")
        self.assertEqual(self.control("GET", f"/conversations/{DEVICE}")["agents_typing"], ["Alice"])
        self.reply_as("Alice", "done typing")
        body = self.api("GET", "messages").json
        self.assertNotIn("agent", body, "a reply ends typing")
        self.assertFalse(body["data"][0]["agent"]["isTyping"])
        self.control("POST", f"/conversations/{DEVICE}/typing", {"agent": "Bob"})
        self.assertTrue(self.api("GET", f"messages/{previous['id']}").data["agent"]["isTyping"])
        self.control("POST", f"/conversations/{DEVICE}/typing", {"agent": "Bob", "typing": False})
        self.assertNotIn("agent", self.api("GET", "messages").json)

    def test_messages_feed(self):
        self.register(device=OTHER_DEVICE)
        a = self.send("a")
        b = self.send("b", device=OTHER_DEVICE)
        feed = self.control("GET", f"/messages?after={a - 1}")["messages"]
        self.assertEqual([(i["device_id"], i["message"]["id"]) for i in feed], [(DEVICE, a), (OTHER_DEVICE, b)])

    def test_settings(self):
        settings = self.control("GET", "/settings")
        self.assertEqual(settings["page_size"], 50)
        self.assertEqual(self.control("POST", "/settings", {"bot_delay": 2})["bot_delay"], 2.0)
        for bad in ({"nope": 1}, {"page_size": 0}, {"bot": "yes"}, {"token_lifetime": -1},
                    {"unregistered_status": 200}, {"token_type": ""}):
            self.control("POST", "/settings", bad, expect=400)

    def test_reset(self):
        before = self.send("x")
        self.control("POST", "/settings", {"page_size": 2})
        self.fault(kind="delay", path="/x", seconds=1)
        result = self.control("POST", "/reset", {})
        self.assertEqual(self.control("GET", "/conversations")["conversations"], [])
        self.assertEqual(self.control("GET", "/faults")["faults"], [])
        self.assertEqual(self.control("GET", "/settings")["page_size"], 50)
        self.assertEqual(self.control("GET", "/stats")["requests"], {})
        self.assertGreater(result["next_message_id"], before, "ids keep increasing")
        self.register()
        self.assertGreater(self.send("y"), before)
        self.control("POST", "/reset", {"ids": True})
        self.register()
        self.assertEqual(self.send("z"), 10001)

    def test_stats_and_request_log(self):
        self.sim.stats.reset()
        self.send("x")
        self.api("GET", "messages/after:5")
        self.api("GET", "messages/after:6", dialect="parley")
        stats = self.control("GET", "/stats")
        self.assertEqual(stats["requests"]["GET /messages/after:{id}"], 2)
        self.assertEqual(stats["dialects"], {"kpn": 1, "parley": 2})
        self.assertEqual(stats["token_requests"], 1)
        log = self.control("GET", "/requests?limit=2")["requests"]
        self.assertEqual([e["target"] for e in log],
                         ["/communication/parley/secure-messenger/messages/after:5", "/clientApi/v1.9/messages/after:6"])
        self.assertEqual(log[1]["device_id"], DEVICE)
        self.assertNotIn("acct", log[1]["headers"]["x-iris-identification"], "secret not logged")
        since = self.control("GET", f"/requests?since={log[0]['seq']}")["requests"]
        self.assertEqual(len(since), 1)

    def test_errors(self):
        self.assertIn("error", self.control("GET", "/nothing", expect=404))
        self.control("PUT", "/faults", {}, expect=405)
        conn = http.client.HTTPConnection("127.0.0.1", self.sim.control_port, timeout=5)
        conn.request("POST", "/settings", body=b"{not json", headers={"Content-Type": "application/json"})
        resp = conn.getresponse()
        self.assertEqual(resp.status, 400)
        resp.read()
        conn.close()
        self.control("POST", "/settings", [1], expect=400)


class BotTest(SimTestCase):
    def setUp(self):
        super().setUp()
        self.control("POST", "/settings", {"bot": True, "bot_delay": 0.2, "bot_name": "Robo"})
        self.register()

    def wait_for_agent_messages(self, count, timeout=3):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            msgs = [m for m in self.control("GET", f"/conversations/{DEVICE}")["messages"] if m["typeId"] == 2]
            if len(msgs) >= count:
                return msgs
            time.sleep(0.02)
        self.fail(f"expected {count} bot replies")

    def test_reply_quotes_first_line(self):
        sent = self.send("My screen is blank\nsecond line")
        [reply] = self.wait_for_agent_messages(1)
        self.assertEqual(reply["message"], "Thanks, we received: My screen is blank. An agent will follow up.")
        self.assertEqual(reply["agent"]["name"], "Robo")
        self.assertGreater(reply["id"], sent)
        # Visible through the API's polling path too.
        page = self.api("GET", f"messages/after:{sent}").data
        self.assertEqual([m["id"] for m in page], [reply["id"]])

    def test_ticket(self):
        self.send("Printer FAULT on floor 2")
        self.send("please open a ticket")
        replies = self.wait_for_agent_messages(2)
        self.assertEqual(sorted(r["message"] for r in replies),
                         ["Ticket T-1001 opened for your report.", "Ticket T-1002 opened for your report."])

    def test_typing_before_reply(self):
        # Typing starts at half the delay and ends with the reply: the test waits for it
        # to show (not a fixed time, which a slow machine could carry past the reply),
        # and the delay leaves a window of a second to see it in.
        self.control("POST", "/settings", {"bot_delay": 2.0})
        sent = time.monotonic()
        self.send("hello")
        body = {}
        while "agent" not in body and time.monotonic() < sent + 2.0:
            body = self.api("GET", "messages").json
            time.sleep(0.02)
        self.assertEqual(body.get("agent", {}).get("name"), "Robo", "typing shown before the reply")
        self.assertGreaterEqual(time.monotonic() - sent, 1.0, "typing at half the delay")
        self.assertEqual([m["typeId"] for m in body["data"]], [1], "no reply yet while typing")
        self.wait_for_agent_messages(1)
        self.assertNotIn("agent", self.api("GET", "messages").json)

    def test_silent_and_agent_messages_not_answered(self):
        self.send("silent", type_id=4)
        self.reply_as("Alice", "from an agent")
        time.sleep(0.4)
        msgs = self.control("GET", f"/conversations/{DEVICE}")["messages"]
        self.assertEqual([m["message"] for m in msgs], ["silent", "from an agent"])

    def test_reset_cancels_pending_replies(self):
        self.send("hello")
        self.control("POST", "/reset", {})
        time.sleep(0.4)
        self.assertEqual(self.control("GET", "/conversations")["conversations"], [])

    def test_media_message(self):
        from parley_sim import multipart
        ctype, body = multipart.encode({}, [("media", "shot.png", "image/png", b"png")])
        media_id = self.api("POST", "media", body, content_type=ctype).data["media"]
        self.api("POST", "messages", {"media": {"id": media_id}})
        [reply] = self.wait_for_agent_messages(1)
        self.assertEqual(reply["message"], "Thanks, we received your file shot.png. An agent will follow up.")


if __name__ == "__main__":
    unittest.main()
