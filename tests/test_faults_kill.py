"""Faults: the server killed with SIGKILL during a burst of submissions loses nothing it confirmed.

The portal runs under gunicorn (two workers, four threads each) on the leg's database: a fresh
SQLite file in the SQLite leg, a fresh PostgreSQL database in the PostgreSQL leg. Residents send
place reports through the form without JavaScript (CSRF token and all, as a browser would). In the
middle of the burst the whole server (the master and its workers) is killed with SIGKILL. After a
restart:

* every report that was answered with the receipt redirect is in the database, exactly once, under
  the follow code the resident was given;
* sending again what was cut off (as a resident pressing "Skicka" once more would: same form,
  same idempotency key) stores each of those at most once, never twice.
"""

from __future__ import annotations

import contextlib
import http.client
import http.cookiejar
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from portal import create_app
from portal.extensions import db
from portal.map import categories as category_services
from portal.map.models import Observation
from tests import factories
from tests.conftest import app_config
from tests.databases import drop_database, fresh_database_url

ROOT = Path(__file__).resolve().parents[1]
THREADS = 8  # concurrent residents
KILL_AFTER = 25  # confirmed reports before the kill
MARKER = "SIGKILL-prov"

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs SIGKILL")


@dataclass
class Submission:
    key: str  # the form's idempotency key (client_key)
    resident: Resident
    code: str | None = None  # the follow code, when the server answered with success
    failure: str | None = None


@dataclass
class Resident:
    """One browser: its own cookie jar and the CSRF token of the form it loaded."""

    opener: urllib.request.OpenerDirector
    token: str = ""
    submissions: list[Submission] = field(default_factory=list)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # the 302 itself is the answer we look at


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Server:
    env: dict[str, str]
    log: Path  # gunicorn's own log and the portal's errors, for a failing run
    base: str = ""
    process: subprocess.Popen | None = None

    def start(self) -> None:
        port = _free_port()
        self.base = f"http://127.0.0.1:{port}"
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                [
                    *(sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py"),
                    *("--no-control-socket", "wsgi:app"),  # several servers run side by side
                ],
                cwd=ROOT,
                env={**self.env, "GUNICORN_BIND": f"127.0.0.1:{port}"},
                stdout=subprocess.DEVNULL,
                stderr=log,
                start_new_session=True,  # its own process group: the kill takes every worker
            )
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(self.base + "/healthz", timeout=2) as response:
                    if response.status == 200:
                        return
            except OSError:
                pass
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.kill()
                pytest.fail(f"gunicorn did not start at {self.base}")
            time.sleep(0.2)

    def kill(self) -> None:
        """SIGKILL to the master and every worker at once: no graceful anything."""
        if self.process is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)
        self.process = None


@pytest.fixture
def installation(tmp_path) -> Iterator[tuple[str, dict]]:
    """A fresh database with the schema, the default categories and one area."""
    url = fresh_database_url("sigkill", tmp_path)
    app = create_app(app_config(url))
    with app.app_context():
        db.create_all()
        category_services.ensure_defaults()
        area = factories.make_area("Kraschområde", kind="kommun", bbox=(17.0, 60.6, 17.3, 60.75))
        db.session.commit()
        form = {
            "category": str(category_services.all_categories()[0].id),
            "area": area.slug,
            "time_of_day": "kvall",
            "day_kind": "vardag",
        }
    try:
        yield url, form
    finally:
        with app.app_context():
            db.engine.dispose()
        drop_database(url)


def _environment(url: str, uploads: Path) -> dict[str, str]:
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("PORTAL_", "GUNICORN_")) and name != "REDIS_URL"
    }
    env.update(
        {
            "DATABASE_URL": url,
            "SECRET_KEY": "sigkill-test-" + secrets.token_urlsafe(32),
            "PORTAL_UPLOAD_FOLDER": str(uploads),
            "PORTAL_REPORT_RATE_LIMIT": "100000 per hour",
            "PORTAL_PAGE_CACHE_ENABLED": "false",
            "GUNICORN_WORKERS": "2",
            "GUNICORN_THREADS": "4",
        }
    )
    return env


def _new_resident(base: str) -> Resident:
    jar = http.cookiejar.CookieJar()
    resident = Resident(
        urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), _NoRedirect)
    )
    _load_form(resident, base)
    return resident


def _load_form(resident: Resident, base: str) -> None:
    with resident.opener.open(base + "/platser/rapportera", timeout=60) as response:
        html = response.read().decode()
    resident.token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)


def _send(base: str, form: dict, submission: Submission) -> None:
    """POST the report; success is the 302 to the receipt page, carrying the follow code."""
    data = {
        **form,
        "csrf_token": submission.resident.token,
        "client_key": submission.key,
        "description": f"{MARKER} {submission.key}: mörk gångtunnel.",
    }
    request = urllib.request.Request(
        base + "/platser/rapportera", data=urllib.parse.urlencode(data).encode()
    )
    submission.code = submission.failure = None
    try:
        with submission.resident.opener.open(request, timeout=20) as response:
            submission.failure = f"HTTP {response.status}"
    except urllib.error.HTTPError as error:
        found = re.search(r"/platser/kvitto/([A-Za-z0-9]+)$", error.headers.get("Location", ""))
        if error.code in (302, 303) and found:
            submission.code = found.group(1)
        else:
            submission.failure = f"HTTP {error.code}"
    except (OSError, http.client.HTTPException) as error:  # reset, refused, cut-off answer
        submission.failure = type(error).__name__


def _burst(base: str, form: dict, server: Server) -> list[Submission]:
    """Residents send reports as fast as they can until the server is killed under them."""
    residents = [_new_resident(base) for _ in range(THREADS)]
    confirmed = threading.Semaphore(0)
    dead = threading.Event()
    early: list[str] = []  # failures while the server still lived: bugs

    def resident_sends(resident: Resident) -> None:
        while not dead.is_set():
            submission = Submission(secrets.token_hex(16), resident)
            resident.submissions.append(submission)
            _send(base, form, submission)
            if submission.code:
                confirmed.release()
            elif dead.is_set():
                return
            else:
                early.append(submission.failure or "?")
                return

    threads = [threading.Thread(target=resident_sends, args=(r,)) for r in residents]
    for thread in threads:
        thread.start()
    for _ in range(KILL_AFTER):
        if not confirmed.acquire(timeout=20):
            break
    dead.set()
    server.kill()
    for thread in threads:
        thread.join(timeout=30)
    assert not early, f"reports failed before the kill: {early}"
    return [s for r in residents for s in r.submissions]


def _stored(url: str) -> dict[str, list[str]]:
    """client_key → follow codes of the test's reports, read straight from the database."""
    app = create_app(app_config(url))
    with app.app_context():
        rows = db.session.execute(
            db.select(Observation.client_key, Observation.follow_code).where(
                Observation.description.startswith(MARKER)
            )
        ).all()
        db.session.remove()
        db.engine.dispose()
    stored: dict[str, list[str]] = {}
    for key, code in rows:
        stored.setdefault(key, []).append(code)
    return stored


def test_sigkill_mid_burst_loses_no_confirmed_report(installation, tmp_path, request):
    url, form = installation
    server = Server(_environment(url, tmp_path / "uploads"), tmp_path / "gunicorn.log")
    request.addfinalizer(  # shown when the test fails
        lambda: server.log.exists() and print(server.log.read_text(errors="replace")[-4000:])
    )
    server.start()
    try:
        submissions = _burst(server.base, form, server)
    finally:
        server.kill()
    confirmed = [s for s in submissions if s.code]
    cut_off = [s for s in submissions if not s.code]
    assert len(confirmed) >= KILL_AFTER and cut_off, "the kill must land in the middle"
    print(f"{len(confirmed)} confirmed, cut off: {sorted(str(s.failure) for s in cut_off)}")

    server.start()  # the restart: SQLite recovers its WAL, PostgreSQL its log
    try:
        stored = _stored(url)
        lost = [s.key for s in confirmed if s.key not in stored]
        assert not lost, f"{len(lost)} confirmed reports were lost: {lost}"
        for submission in confirmed:
            assert stored[submission.key] == [submission.code], "stored once, under its code"
        assert all(len(codes) == 1 for codes in stored.values()), "a report stored twice"
        assert set(stored) <= {s.key for s in submissions}

        # Each resident sends what was cut off once more (same page, same key).
        before = {s.key: s.failure for s in cut_off}
        for submission in cut_off:
            _send(server.base, form, submission)
            assert submission.code, f"resend failed: {submission.failure} (was {before})"
        with urllib.request.urlopen(
            f"{server.base}/platser/kvitto/{confirmed[0].code}", timeout=10
        ) as response:
            assert response.status == 200
    finally:
        server.kill()
    stored = _stored(url)
    assert sorted(stored) == sorted(s.key for s in submissions)
    for submission in submissions:
        assert stored[submission.key] == [submission.code]


def test_a_busy_sqlite_write_is_run_again_not_refused(app, monkeypatch):
    """Concurrent submissions on SQLite: the loser of the write lock starts again (no 503)."""
    from sqlalchemy.exc import OperationalError

    from portal import database

    monkeypatch.setattr(database.time, "sleep", lambda _s: None)
    calls = []

    def work():
        calls.append(1)
        if len(calls) < 3:
            raise OperationalError("INSERT", {}, Exception("database is locked"))
        return "stored"

    assert database.commit_retrying(work) == "stored" and len(calls) == 3

    def gone():
        calls.append(1)
        raise OperationalError("INSERT", {}, Exception("server closed the connection"))

    calls.clear()
    with pytest.raises(OperationalError):
        database.commit_retrying(gone)
    assert len(calls) == 1  # a database that went away is not retried here: 503 at once
