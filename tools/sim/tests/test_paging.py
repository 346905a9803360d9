"""Paging (docs/protocol.md section 8): pages of 50 newest first; before: and after: are
exclusive; after: returns the oldest 50 newer messages so a poller catches up."""

import re
import unittest

from .simtest import DEVICE, OTHER_DEVICE, SimTestCase


class PagingTest(SimTestCase):
    def setUp(self):
        super().setUp()
        self.register()
        self.register(device=OTHER_DEVICE)
        self.conn = self.connect()

    def fill(self, count, device=DEVICE):
        ids = []
        for i in range(count):
            if i % 3 == 2:
                msg = self.sim.state.add_message(device, type_id=2, text=f"agent {i}", agent="Alice")
            else:
                msg = self.sim.state.add_message(device, type_id=1, text=f"user {i}", from_device=True)
            ids.append(msg["id"])
        return ids

    def page(self, path):
        reply = self.api("GET", path.lstrip("/"), conn=self.conn)
        self.assertEqual(reply.status, 200, reply)
        return [m["id"] for m in reply.data], reply.json["paging"]

    def test_empty(self):
        ids, paging = self.page("messages")
        self.assertEqual(ids, [])
        self.assertEqual(paging, {"before": "", "after": "/messages/after:0"})

    def test_newest_page(self):
        all_ids = self.fill(120)
        self.fill(5, device=OTHER_DEVICE)
        ids, paging = self.page("messages")
        self.assertEqual(ids, list(reversed(all_ids[-50:])))
        self.assertEqual(paging["before"], f"/messages/before:{all_ids[70]}")
        self.assertEqual(paging["after"], f"/messages/after:{all_ids[-1]}")

    def test_before_chain_reaches_everything(self):
        all_ids = self.fill(120)
        seen, path = [], "messages"
        while path:
            ids, paging = self.page(path)
            self.assertLessEqual(len(ids), 50)
            self.assertEqual(ids, sorted(ids, reverse=True), "newest first")
            seen += ids
            path = paging["before"]
        self.assertEqual(seen, list(reversed(all_ids)))

    def test_before_is_exclusive(self):
        all_ids = self.fill(10)
        ids, paging = self.page(f"messages/before:{all_ids[5]}")
        self.assertEqual(ids, list(reversed(all_ids[:5])))
        self.assertEqual(paging["before"], "")

    def test_after_is_exclusive(self):
        all_ids = self.fill(10)
        ids, paging = self.page(f"messages/after:{all_ids[4]}")
        self.assertEqual(ids, list(reversed(all_ids[5:])))
        self.assertEqual(paging["after"], f"/messages/after:{all_ids[-1]}")
        self.assertEqual(paging["before"], f"/messages/before:{all_ids[5]}")
        ids, paging = self.page(f"messages/after:{all_ids[-1]}")
        self.assertEqual(ids, [])
        self.assertEqual(paging["after"], f"/messages/after:{all_ids[-1]}", "keep polling from here")

    def test_after_catch_up_without_gaps(self):
        all_ids = self.fill(130)
        seen, path, pages = [], "messages/after:0", 0
        while True:
            ids, paging = self.page(path)
            pages += 1
            self.assertEqual(ids, sorted(ids, reverse=True))
            seen += ids
            if len(ids) < 50:
                break
            path = paging["after"]
        self.assertEqual(sorted(seen), all_ids, "every message exactly once")
        self.assertEqual(pages, 3)
        # The first after: page is the 50 oldest newer messages, not the newest 50.
        ids, _ = self.page("messages/after:0")
        self.assertEqual(ids, list(reversed(all_ids[:50])))

    def test_ids_of_other_conversations_are_skipped(self):
        mine = self.fill(2)
        self.fill(3, device=OTHER_DEVICE)
        mine += self.fill(2)
        ids, _ = self.page(f"messages/after:{mine[1]}")
        self.assertEqual(ids, [mine[3], mine[2]])

    def test_bad_anchor(self):
        for path in ("messages/after:abc", "messages/before:-1", "messages/after:"):
            reply = self.api("GET", path, conn=self.conn)
            self.assertEqual((reply.status, reply.error), (400, "invalid_message_id"), path)

    def test_page_size_setting(self):
        all_ids = self.fill(7)
        self.control("POST", "/settings", {"page_size": 3})
        ids, paging = self.page("messages")
        self.assertEqual(ids, list(reversed(all_ids[-3:])))
        ids, _ = self.page(paging["before"])
        self.assertEqual(ids, list(reversed(all_ids[1:4])))
        ids, _ = self.page("messages/after:0")
        self.assertEqual(ids, list(reversed(all_ids[:3])))

    def test_paging_links_are_relative_paths(self):
        self.fill(60)
        _, paging = self.page("messages")
        for link in paging.values():
            self.assertRegex(link, r"^/messages/(before|after):\d+$")
            self.assertIsNotNone(re.match(r"^/messages/", link))


if __name__ == "__main__":
    unittest.main()
