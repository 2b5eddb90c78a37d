"""Photos uploaded with a report, through the real view: cleaned, refused clearly, never public early."""

from __future__ import annotations

import io
import struct
import zlib

from PIL import Image
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from portal.extensions import db
from portal.map import handling
from portal.map.models import Observation
from tests.map.conftest import SODER, form_data


def jpeg_with_gps() -> bytes:
    """A JPEG carrying EXIF with a GPS position and a camera name."""
    image = Image.new("RGB", (640, 480), (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "Testkamera"  # Make
    exif[0x8825] = {1: "N", 2: (60.0, 40.0, 12.0), 3: "E", 4: (17.0, 8.0, 30.0)}  # GPSInfo
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif)
    data = buffer.getvalue()
    assert b"Exif" in data and b"Testkamera" in data
    return data


def png_header(width: int, height: int) -> bytes:
    """A tiny PNG that claims a huge size (a decompression bomb's header)."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\0" * 64))
        + chunk(b"IEND", b"")
    )


def post_with_photo(client, cats, data: bytes, filename: str = "bild.jpg"):
    """Post the form as a browser would (the body is built in memory: large bodies would
    otherwise be spooled by the test client to a temporary file it never closes)."""
    fields = form_data(cats["klotter"], SODER)
    fields["photo"] = FileStorage(io.BytesIO(data), filename, content_type="image/jpeg")
    boundary, body = encode_multipart(fields)
    return client.post(
        "/platser/rapportera", data=body, content_type=f"multipart/form-data; boundary={boundary}"
    )


def stored_files(storage) -> list:
    return [p for p in storage.root.rglob("*") if p.is_file()] if storage.root.exists() else []


def test_exif_and_gps_are_gone_after_upload(client, area, cats, storage):
    response = post_with_photo(client, cats, jpeg_with_gps())
    assert response.status_code == 302
    observation = db.session.scalar(db.select(Observation))
    assert observation.photo_state == "pending"
    stored = storage.open(observation.photo_key)
    thumb = storage.open(observation.thumb_key)
    for data in (stored, thumb):
        assert b"Exif" not in data and b"Testkamera" not in data
        with Image.open(io.BytesIO(data)) as image:
            assert image.format == "WEBP"
            assert not image.getexif()
            assert "exif" not in image.info
    assert len(stored_files(storage)) == 2


def test_a_non_image_is_refused_with_a_clear_message_and_nothing_stored(
    client, area, cats, storage
):
    response = post_with_photo(client, cats, b"%PDF-1.4 not a photo at all", "bild.jpg")
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Bildformatet stöds inte." in html
    assert "Trasig lampa vid cykelbanan" in html  # the typed text is kept
    assert stored_files(storage) == []
    assert db.session.scalar(db.select(Observation)) is None


def test_random_bytes_are_refused(client, area, cats, storage):
    response = post_with_photo(client, cats, b"hej hej" * 100, "bild.png")
    assert response.status_code == 400
    assert "Filen är ingen bild som vi kan läsa." in response.get_data(as_text=True)
    assert stored_files(storage) == []


def test_an_oversize_file_is_refused_with_the_limit(app, client, area, cats, storage, monkeypatch):
    monkeypatch.setitem(app.config, "PHOTO_MAX_BYTES", 1024 * 1024)
    big = jpeg_with_gps() + b"\0" * (1024 * 1024)
    response = post_with_photo(client, cats, big)
    assert response.status_code == 400
    assert "Bilden är för stor. Den får vara högst 1 MB." in response.get_data(as_text=True)
    assert stored_files(storage) == []
    assert db.session.scalar(db.select(Observation)) is None


def test_a_decompression_bomb_is_refused(client, area, cats, storage):
    response = post_with_photo(client, cats, png_header(50_000, 50_000), "bomb.png")
    assert response.status_code == 400
    assert "Bilden har för många bildpunkter." in response.get_data(as_text=True)
    assert stored_files(storage) == []
    assert db.session.scalar(db.select(Observation)) is None


def test_a_body_over_the_request_limit_is_a_413_not_a_500(app, client, area, cats, monkeypatch):
    monkeypatch.setitem(app.config, "MAX_CONTENT_LENGTH", 1000)
    body = (
        b"--x\r\nContent-Disposition: form-data; name=photo; filename=a.jpg\r\n\r\n" + b"0" * 5000
    )
    response = client.post(
        "/platser/rapportera", data=body, content_type="multipart/form-data; boundary=x"
    )
    assert response.status_code == 413


def test_a_photo_is_never_public_before_approval(client, area, cats, storage, handler):
    post_with_photo(client, cats, jpeg_with_gps())
    observation = db.session.scalar(db.select(Observation))
    url = f"/platser/bild/{observation.id}/miniatyr"
    handling.review_observation(handler, observation, "Klotter")
    handling.set_published(handler, observation.place, True)
    db.session.commit()
    assert client.get(url).status_code == 404  # published place, photo not approved
    assert f"/platser/bild/{observation.id}/" not in client.get(
        f"/platser/{observation.place_id}"
    ).get_data(as_text=True)
    observation = db.session.get(Observation, observation.id)
    handling.set_photo_state(handler, observation, True, storage)
    db.session.commit()
    response = client.get(url)
    assert response.status_code == 200 and response.mimetype == "image/webp"
    assert client.get(f"/platser/bild/{observation.id}/annat").status_code == 404
    observation = db.session.get(Observation, observation.id)
    handling.set_published(handler, observation.place, False)
    db.session.commit()
    assert client.get(url).status_code == 404  # approved, but the place is not public


def test_staff_see_pending_photos_in_their_areas_only(client, area, cats, storage, login_as):
    from tests.factories import make_area

    post_with_photo(client, cats, jpeg_with_gps())
    observation = db.session.scalar(db.select(Observation))
    url = f"/hantera/platser/rapport/{observation.id}/bild/bild"
    login_as("samordnare", make_area("Annanstans", kind="kommun", bbox=(14.0, 58.0, 14.3, 58.2)))
    assert client.get(url).status_code == 403
    login_as("samordnare", area)
    response = client.get(url)
    assert response.status_code == 200 and "no-store" in response.headers["Cache-Control"]
