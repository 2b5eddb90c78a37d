"""Faults: a full disk or a read-only upload folder gives a clear error and stores nothing half-done.

Every photo upload is tried with the disk failing: a resident's place report (form), a walk pin
(form and the offline queue's JSON) and a staff progress update on a promise. In each case the
person sees a message that says what happened (503 with Retry-After: it is the installation's
fault, and the offline queue tries again later), the form keeps what they typed, and neither a
database row nor a file (not even a temporary one) is left. So is a database failure after the
photo was written: the files are removed again.

Tests run as root in CI, where ``chmod`` does not stop a write, so the failing disk is simulated
where ``portal.storage.LocalStorage`` writes; a real read-only folder is tried when not root, and a
real unusable folder (a file in the way) always.
"""

from __future__ import annotations

import errno
import io
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy.exc import OperationalError
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from portal.extensions import db
from portal.loften import commitments
from portal.loften.models import Update
from portal.map import categories as category_services
from portal.map.models import Observation
from portal.storage import LocalStorage, StorageUnavailable
from tests import factories
from tests.loften import helpers as loften_helpers
from tests.map.conftest import SODER, form_data
from tests.walks.conftest import make_walk

MESSAGE = "Bilden kunde inte sparas just nu"
TYPED = "Trasig lampa vid cykelbanan, mörkt hela kvällen."  # form_data's description


def _jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (320, 240), (30, 90, 200)).save(buffer, "JPEG")
    return buffer.getvalue()


def _files(root: Path) -> list[Path]:
    """Everything under the upload folder, temporary files included."""
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


@pytest.fixture
def storage(app, tmp_path):
    original = app.extensions["storage"]
    app.extensions["storage"] = LocalStorage(tmp_path / "uploads")
    yield app.extensions["storage"]
    app.extensions["storage"] = original


@pytest.fixture
def cats(app):
    category_services.ensure_defaults()
    db.session.commit()
    return {c.slug: c for c in category_services.all_categories()}


class Disk:
    """Makes ``LocalStorage`` fail like a full disk (half a file written, then ENOSPC) or a
    read-only folder (EROFS before anything is written), after ``ok`` successful writes."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.monkeypatch = monkeypatch
        self.writes = 0

    def full(self, ok: int = 0) -> None:
        real = LocalStorage._write

        def write(file, data: bytes) -> None:
            self.writes += 1
            if self.writes <= ok:
                return real(file, data)
            file.write(data[: len(data) // 2])
            file.flush()
            raise OSError(errno.ENOSPC, "No space left on device")

        self.monkeypatch.setattr(LocalStorage, "_write", staticmethod(write))

    def read_only(self) -> None:
        def temporary(folder: Path):
            raise OSError(errno.EROFS, "Read-only file system", str(folder))

        self.monkeypatch.setattr(LocalStorage, "_temporary", staticmethod(temporary))


@pytest.fixture
def disk(monkeypatch) -> Disk:
    return Disk(monkeypatch)


# --- the storage itself --------------------------------------------------------------------


def test_a_full_disk_leaves_no_partial_file(tmp_path, disk):
    storage = LocalStorage(tmp_path)
    storage.save("photos/ab/old.webp", b"old", "image/webp")
    disk.full()
    with pytest.raises(StorageUnavailable) as raised:
        storage.save("photos/ab/new.webp", b"x" * 10_000, "image/webp")
    assert raised.value.errno == errno.ENOSPC
    assert isinstance(raised.value, OSError)
    with pytest.raises(StorageUnavailable):
        storage.save("photos/ab/old.webp", b"new", "image/webp")
    assert _files(tmp_path) == [tmp_path / "photos/ab/old.webp"]  # no .part file
    assert storage.open("photos/ab/old.webp") == b"old"


def test_a_read_only_folder_raises_storage_unavailable(tmp_path, disk):
    disk.read_only()
    with pytest.raises(StorageUnavailable) as raised:
        LocalStorage(tmp_path).save("photos/ab/new.webp", b"x", "image/webp")
    assert raised.value.errno == errno.EROFS
    assert _files(tmp_path) == []


def test_an_unusable_folder_raises_storage_unavailable(tmp_path):
    (tmp_path / "not-a-folder").write_bytes(b"")  # a real failure, even for root
    with pytest.raises(StorageUnavailable) as raised:
        LocalStorage(tmp_path / "not-a-folder" / "uploads").save("p/ab/x.webp", b"x", "i/webp")
    assert raised.value.errno == errno.ENOTDIR


def _chmod_stops_writes(folder: Path) -> bool:
    """False for root (CAP_DAC_OVERRIDE), which writes into read-only folders anyway."""
    folder.mkdir()
    folder.chmod(0o500)
    try:
        (folder / "probe").write_bytes(b"")
    except PermissionError:
        return True
    finally:
        folder.chmod(0o700)
    return False


def test_a_really_read_only_folder_raises_storage_unavailable(tmp_path):
    if not _chmod_stops_writes(tmp_path / "probe"):
        pytest.skip("running as root: chmod does not stop the writes")
    root = tmp_path / "uploads"
    (root / "photos" / "ab").mkdir(parents=True)
    for folder in (root / "photos" / "ab", root / "photos", root):
        folder.chmod(0o500)
    try:
        with pytest.raises(StorageUnavailable) as raised:
            LocalStorage(root).save("photos/ab/x.webp", b"x", "image/webp")
        with pytest.raises(StorageUnavailable):
            LocalStorage(root).save("photos/cd/x.webp", b"x", "image/webp")
        assert raised.value.errno in (errno.EACCES, errno.EPERM, errno.EROFS)
        assert _files(root) == []
    finally:
        for folder in (root, root / "photos", root / "photos" / "ab"):
            folder.chmod(0o700)


# --- a resident's place report -------------------------------------------------------------


def _report(client, cats, photo: bytes | None = None):
    fields = form_data(cats["klotter"], SODER, location_text="Vid cykelbanan")
    if photo is not None:
        fields["photo"] = FileStorage(io.BytesIO(photo), "bild.jpg", content_type="image/jpeg")
    boundary, body = encode_multipart(fields)
    return client.post(
        "/platser/rapportera", data=body, content_type=f"multipart/form-data; boundary={boundary}"
    )


def _refused_clearly(response) -> str:
    assert response.status_code == 503
    assert int(response.headers["Retry-After"]) > 0
    html = response.get_data(as_text=True)
    assert MESSAGE in html and "Traceback" not in html
    return html


@pytest.mark.parametrize("fault", ["full", "full-at-thumbnail", "read-only"])
def test_place_report_with_photo_on_a_failing_disk(client, area, cats, storage, disk, fault):
    {"full": disk.full, "read-only": disk.read_only}.get(fault, lambda: disk.full(ok=1))()
    html = _refused_clearly(_report(client, cats, _jpeg()))
    assert TYPED in html and "Vid cykelbanan" in html  # what the resident typed is kept
    assert db.session.scalar(db.select(db.func.count(Observation.id))) == 0
    assert _files(storage.root) == []


def test_place_report_into_an_unusable_folder(app, client, area, cats, tmp_path):
    (tmp_path / "file").write_bytes(b"")
    original = app.extensions["storage"]
    app.extensions["storage"] = LocalStorage(tmp_path / "file" / "uploads")
    try:
        html = _refused_clearly(_report(client, cats, _jpeg()))
    finally:
        app.extensions["storage"] = original
    assert TYPED in html
    assert db.session.scalar(db.select(db.func.count(Observation.id))) == 0


def test_place_report_into_a_really_read_only_folder(app, client, area, cats, tmp_path):
    if not _chmod_stops_writes(tmp_path / "probe"):
        pytest.skip("running as root: chmod does not stop the writes")
    root = tmp_path / "uploads"
    root.mkdir()
    root.chmod(0o500)
    original = app.extensions["storage"]
    app.extensions["storage"] = LocalStorage(root)
    try:
        html = _refused_clearly(_report(client, cats, _jpeg()))
    finally:
        app.extensions["storage"] = original
        root.chmod(0o700)
    assert TYPED in html
    assert _files(root) == []
    assert db.session.scalar(db.select(db.func.count(Observation.id))) == 0


def test_a_report_without_photo_is_stored_although_the_disk_is_full(client, area, cats, disk):
    disk.full()
    response = _report(client, cats)
    assert response.status_code == 302 and "/platser/kvitto/" in response.headers["Location"]


def test_photos_are_removed_when_the_database_fails_after_they_were_written(
    client, area, cats, storage, monkeypatch
):
    from portal.map import report_views

    def commit_fails(work):
        work()
        raise OperationalError("COMMIT", {}, Exception("server closed the connection"))

    monkeypatch.setattr(report_views, "commit_retrying", commit_fails)
    response = _report(client, cats, _jpeg())
    assert response.status_code == 503  # the database page, not a traceback
    assert _files(storage.root) == []
    assert db.session.scalar(db.select(db.func.count(Observation.id))) == 0


def test_a_failing_cleanup_does_not_hide_the_error(client, area, cats, storage, disk, monkeypatch):
    disk.full(ok=1)  # the photo is written, its thumbnail is not …

    def delete_fails(self, key):
        raise OSError(errno.EROFS, "Read-only file system")  # … nor can the photo be removed

    monkeypatch.setattr(LocalStorage, "delete", delete_fails)
    _refused_clearly(_report(client, cats, _jpeg()))
    assert db.session.scalar(db.select(db.func.count(Observation.id))) == 0


# --- a walk pin ----------------------------------------------------------------------------


@pytest.fixture
def walk(area, cats):
    leader = factories.make_user(vandringsledare=area)
    db.session.commit()
    return make_walk(leader, area)


def _pin(client, walk, cats, *, json: bool):
    joined = client.post(
        f"/vandring/{walk.join_code}", data={"consent": "y", "display_name": "Kim"}
    )
    assert joined.status_code == 302
    data = {
        "category": str(cats["belysning"].id),
        "description": "Lampan vid trappan är trasig",
        "client_key": "c3" * 16,
        "lon": str(SODER[0]),
        "lat": str(SODER[1]),
        "photo": (io.BytesIO(_jpeg()), "lampa.jpg"),
    }
    headers = {"Accept": "application/json"} if json else {}
    return client.post(
        f"/vandring/{walk.join_code}/markera",
        data=data,
        headers=headers,
        content_type="multipart/form-data",
    )


def test_walk_pin_form_on_a_full_disk(client, walk, cats, storage, disk):
    disk.full()
    html = _refused_clearly(_pin(client, walk, cats, json=False))
    assert "Lampan vid trappan är trasig" in html
    assert db.session.scalar(db.select(db.func.count(Observation.id))) == 0
    assert _files(storage.root) == []


def test_walk_pin_from_the_offline_queue_is_kept_for_later(client, walk, cats, storage, disk):
    disk.read_only()
    response = _pin(client, walk, cats, json=True)
    assert response.status_code == 503 and response.headers["Retry-After"]
    body = response.get_json()
    assert body["ok"] is False and body["retry"] is True  # the queue keeps the pin and its photo
    assert MESSAGE in body["message"]
    assert db.session.scalar(db.select(db.func.count(Observation.id))) == 0
    assert _files(storage.root) == []


# --- a staff progress update with a photo --------------------------------------------------


@pytest.fixture
def commitment(client, area):
    coordinator = factories.make_user(samordnare=area)
    promise = loften_helpers.published_promise(area, coordinator)
    db.session.commit()
    with client.session_transaction() as session:
        session["_user_id"] = str(coordinator.id)
        session["_fresh"] = True
    return promise.commitments[0]


def _update(client, commitment):
    return client.post(
        f"/hantera/loften/atagande/{commitment.id}/uppdatering",
        data={
            "happened_on": "2026-03-01",
            "status": "pagar",
            "text": "Nya lampor är uppsatta längs gångvägen.",
            "photo": (io.BytesIO(_jpeg()), "lampor.jpg"),
            "photo_alt": "Nya lampor längs gångvägen",
        },
        content_type="multipart/form-data",
    )


@pytest.mark.parametrize("fault", ["full", "full-at-thumbnail", "read-only"])
def test_progress_update_with_photo_on_a_failing_disk(client, commitment, storage, disk, fault):
    {"full": disk.full, "read-only": disk.read_only}.get(fault, lambda: disk.full(ok=1))()
    html = _refused_clearly(_update(client, commitment))
    assert "Nya lampor är uppsatta längs gångvägen." in html
    assert "Nya lampor längs gångvägen" in html
    assert db.session.scalar(db.select(db.func.count(Update.id))) == 0
    assert _files(storage.root) == []


def test_update_photos_are_removed_when_storing_the_update_fails(
    client, commitment, storage, monkeypatch
):
    def fails(*args, **kwargs):
        raise OperationalError("INSERT", {}, Exception("server closed the connection"))

    monkeypatch.setattr(commitments, "post_update", fails)
    assert _update(client, commitment).status_code == 503
    assert _files(storage.root) == []
    assert db.session.scalar(db.select(db.func.count(Update.id))) == 0
