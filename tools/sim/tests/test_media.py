"""Media upload (multipart), media messages and download; the multipart parser."""

import base64
import unittest

from parley_sim import multipart

from .simtest import DEVICE, KPN, OTHER_DEVICE, PARLEY, SimTestCase

PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
       b"\x1f\x15\xc4\x89\r\n--not-a-boundary\r\n\x00\xff")


class MediaTest(SimTestCase):
    def setUp(self):
        super().setUp()
        self.register()
        self.register(device=OTHER_DEVICE)

    def upload(self, data=PNG, ctype="image/png", filename="photo.png", name="media", device=DEVICE,
               dialect="kpn"):
        content_type, body = multipart.encode({}, [(name, filename, ctype, data)])
        return self.api("POST", "media", body, device=device, dialect=dialect, content_type=content_type)

    def test_upload_send_download(self):
        reply = self.upload()
        self.assertEqual(reply.status, 200, reply)
        media_id = reply.data["media"]
        self.assertIsInstance(media_id, str)
        sent = self.api("POST", "messages", {"media": {"id": media_id, "description": "the screen"}})
        self.assertEqual(sent.status, 200, sent)
        msg = self.api("GET", f"messages/{sent.data['messageId']}").data
        self.assertIsNone(msg["message"])
        media = msg["media"]
        self.assertEqual(set(media), {"id", "mimeType", "year", "month", "day", "filename", "description"})
        self.assertEqual((media["id"], media["mimeType"], media["description"]),
                         (media_id, "image/png", "the screen"))
        path = f"media/{media['year']}/{media['month']}/{media['day']}/{media['filename']}"
        for dialect in ("kpn", "parley"):
            got = self.api("GET", path, dialect=dialect)
            self.assertEqual(got.status, 200)
            self.assertEqual(got.raw, PNG)
            self.assertEqual(got.headers["Content-Type"], "image/png")
            self.assertEqual(got.headers["Content-Length"], str(len(PNG)))

    def test_every_allowed_type(self):
        for ctype in ("image/jpeg", "image/png", "image/gif", "application/pdf"):
            self.assertEqual(self.upload(b"x" * 10, ctype, "f").status, 200, ctype)

    def test_invalid_type(self):
        reply = self.upload(b"text", "text/plain", "notes.txt")
        self.assertEqual((reply.status, reply.error), (400, "invalid_media_type"))

    def test_too_large(self):
        limit = 10 * 1024 * 1024
        self.assertEqual(self.upload(b"\0" * limit, "application/pdf", "max.pdf").status, 200)
        reply = self.upload(b"\0" * (limit + 1), "application/pdf", "big.pdf")
        self.assertEqual((reply.status, reply.error), (400, "media_too_large"))

    def test_missing_part(self):
        reply = self.upload(name="file")
        self.assertEqual((reply.status, reply.error), (400, "missing_media"))
        reply = self.api("POST", "media", {"media": "x"})
        self.assertEqual((reply.status, reply.error), (400, "missing_media"))

    def test_media_of_another_device(self):
        media_id = self.upload(device=OTHER_DEVICE).data["media"]
        reply = self.api("POST", "messages", {"media": {"id": media_id}})
        self.assertEqual((reply.status, reply.error), (400, "media_not_uploaded"))
        reply = self.api("POST", "messages", {"media": {"id": "nope.png"}})
        self.assertEqual((reply.status, reply.error), (400, "media_not_uploaded"))

    def test_text_and_media_together_rejected(self):
        media_id = self.upload().data["media"]
        reply = self.api("POST", "messages", {"message": "x", "media": {"id": media_id}})
        self.assertEqual((reply.status, reply.error), (400, "message_and_media_not_allowed"))

    def test_media_reference_in_form(self):
        media_id = self.upload().data["media"]
        reply = self.request("POST", f"{PARLEY}/messages", f"media[id]={media_id}&media[description]=d",
                             self.parley_headers(), content_type="application/x-www-form-urlencoded")
        self.assertEqual(reply.status, 200, reply)

    def test_download_not_found(self):
        media = self.upload().data["media"]
        for path in ("media/2000/01/01/" + media, "media/2024/01/01/none.png"):
            reply = self.api("GET", path)
            self.assertEqual((reply.status, reply.error), (404, "media_not_found"), path)
        rec = self.sim.state.media_record(media)
        path = f"media/{rec['year']}/{rec['month']}/{rec['day']}/{media}"
        self.assertEqual(self.api("GET", path, device=OTHER_DEVICE).error, "media_not_found")

    def test_legacy_image_part_on_messages(self):
        content_type, body = multipart.encode({"message": "see picture", "typeId": "1"},
                                              [("image", "p.png", "image/png", PNG)])
        reply = self.api("POST", "messages", body, content_type=content_type)
        self.assertEqual(reply.status, 200, reply)
        msg = self.api("GET", f"messages/{reply.data['messageId']}").data
        self.assertEqual(msg["message"], "see picture")
        self.assertTrue(msg["image"].startswith("media/"))
        self.assertEqual(self.api("GET", msg["image"]).raw, PNG)
        content_type, body = multipart.encode({}, [("image", "d.pdf", "application/pdf", b"%PDF")])
        self.assertEqual(self.api("POST", "messages", body, content_type=content_type).error, "invalid_image")

    def test_agent_media_reply(self):
        data = base64.b64encode(PNG).decode()
        self.control("POST", f"/conversations/{DEVICE}/reply",
                     {"agent": "Alice", "media": {"filename": "a.png", "mimeType": "image/png", "base64": data}})
        media = self.api("GET", "messages").data[0]["media"]
        path = f"{KPN}/media/{media['year']}/{media['month']}/{media['day']}/{media['filename']}"
        self.assertEqual(self.request("GET", path, headers=self.kpn_headers()).raw, PNG)

    def _agent_file(self, field, data=PNG, mime="image/png", name="photo.png", **extra):
        spec = {"filename": name, "mimeType": mime, "base64": base64.b64encode(data).decode()}
        body = {"agent": "Alice", field: spec}
        body.update(extra)
        return self.control("POST", f"/conversations/{DEVICE}/reply", body)["message"]

    def test_agent_media_downloads_with_its_type_in_both_dialects(self):
        pdf = b"%PDF-1.4\n" + bytes(range(256)) * 4
        self._agent_file("media", pdf, "application/pdf", "report.pdf", message="the report")
        for dialect in ("kpn", "parley"):
            msg = self.api("GET", "messages", dialect=dialect).data[0]
            self.assertEqual(msg["message"], "the report")
            self.assertIsNone(msg["image"])
            media = msg["media"]
            self.assertEqual(media["mimeType"], "application/pdf")
            got = self.api("GET", f"media/{media['year']}/{media['month']}/{media['day']}/"
                                  f"{media['filename']}", dialect=dialect)
            self.assertEqual((got.status, got.raw), (200, pdf), dialect)
            self.assertEqual(got.headers["Content-Type"], "application/pdf")
            self.assertEqual(got.headers["Content-Length"], str(len(pdf)))

    def test_agent_legacy_image_is_a_relative_media_path_in_both_dialects(self):
        self._agent_file("image", message="see the picture")
        for dialect in ("kpn", "parley"):
            msg = self.api("GET", "messages", dialect=dialect).data[0]
            self.assertIsNone(msg["media"])
            self.assertRegex(msg["image"], r"^media/\d{4}/\d{2}/\d{2}/[0-9a-f]+\.png$")
            got = self.api("GET", msg["image"], dialect=dialect)
            self.assertEqual((got.status, got.raw), (200, PNG), dialect)
            self.assertEqual(got.headers["Content-Type"], "image/png")

    def test_agent_legacy_image_alone_and_as_given(self):
        self._agent_file("image")
        self.assertIsNone(self.api("GET", "messages").data[0]["message"])
        self.control("POST", f"/conversations/{DEVICE}/reply",
                     {"agent": "Alice", "image": "https://elsewhere.example/x.png"})
        self.assertEqual(self.api("GET", "messages").data[0]["image"],
                         "https://elsewhere.example/x.png")

    def test_agent_image_needs_a_known_type(self):
        self.control("POST", f"/conversations/{DEVICE}/reply",
                     {"agent": "Alice", "image": {"filename": "a.txt", "mimeType": "text/plain",
                                                  "base64": ""}}, expect=400)


class MultipartParserTest(unittest.TestCase):
    def test_round_trip_binary(self):
        ctype, body = multipart.encode({"a": "1"}, [("media", "x.bin", "image/png", PNG)])
        parts = multipart.parse(body, multipart.boundary_of(ctype))
        self.assertEqual([(p.name, p.filename, p.content_type) for p in parts],
                         [("a", None, None), ("media", "x.bin", "image/png")])
        self.assertEqual(parts[1].data, PNG)

    def test_quoted_boundary_preamble_epilogue_rfc2231(self):
        body = (b"preamble\r\n--b:1\r\n"
                b"Content-Disposition: form-data; name=\"media\"; filename*=UTF-8''gr%C3%BC%C3%9Fe.png\r\n"
                b"Content-Type: IMAGE/PNG; x=y\r\n\r\ndata\r\n--b:1--\r\nepilogue")
        boundary = multipart.boundary_of('multipart/form-data; boundary="b:1"')
        self.assertEqual(boundary, "b:1")
        [part] = multipart.parse(body, boundary)
        self.assertEqual((part.filename, part.content_type, part.data), ("grüße.png", "image/png", b"data"))

    def test_malformed(self):
        for body in (b"no delimiter", b"--b\r\nContent-Disposition: form-data\r\n\r\nunterminated"):
            with self.assertRaises(multipart.MultipartError):
                multipart.parse(body, "b")

    def test_not_multipart(self):
        self.assertIsNone(multipart.boundary_of("application/json"))
        self.assertIsNone(multipart.boundary_of("multipart/form-data"))


if __name__ == "__main__":
    unittest.main()
