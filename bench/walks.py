"""Walks benchmark: 200 walkers each posting 5 pins at the same time, against gunicorn.

``run(report)`` builds its own SQLite database (and a PostgreSQL one when
``BENCH_POSTGRES_URL``'s server answers), creates one walk with 200 joined participants, serves
the portal under gunicorn (production settings: CSRF on) and lets 200 threads, one per walker,
each fetch a CSRF token and post 5 pins as the offline queue does (``Accept: application/json``,
a client key per pin, retrying on 503/429/network errors until the server says it has the pin).
Then every walker posts one of its pins again (a retry after a lost answer).

Reported: pins stored (target exactly 1 000: none lost, none duplicated), the p50/p95 latency
of a pin POST, and how many answers asked the queue to try again.

Run alone with ``python -m bench.walks``.
"""

from __future__ import annotations

import http.client
import os
import secrets
import statistics
import subprocess
import sys
import threading
import time
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from bench.server import fresh_postgres, fresh_sqlite, wants

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench-results"
WALKERS = int(os.environ.get("BENCH_WALKERS", "200"))
PINS_EACH = 5
SECRET = "w" * 40
MAX_TRIES = 30


def _fresh_sqlite() -> str:
    return fresh_sqlite("walks")


def _fresh_postgres() -> str | None:
    return fresh_postgres("bench_walks")


def seed(url: str) -> dict:
    """Migrate; one area, the default categories, a walk in progress and its walkers."""
    subprocess.run(
        [sys.executable, "-m", "flask", "--app", "wsgi", "db", "upgrade", "heads"],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": url},
        check=True,
        capture_output=True,
    )
    from itsdangerous import URLSafeSerializer

    from portal import create_app
    from portal.areas import services as area_services
    from portal.extensions import db
    from portal.map import categories
    from portal.timeutil import utcnow
    from portal.walks import services, vocab

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": SECRET})
    square = {
        "type": "Polygon",
        "coordinates": [[[17.0, 60.6], [17.3, 60.6], [17.3, 60.75], [17.0, 60.75], [17.0, 60.6]]],
    }
    with app.app_context():
        area = area_services.create_area("Benchkommun", "kommun", geometry=square)
        categories.ensure_defaults()
        start = utcnow() - timedelta(minutes=5)
        walk = services.create_walk(
            "bench",
            area=area,
            title="Benchvandring",
            starts_at=start,
            ends_at=start + timedelta(hours=2),
            light=vocab.MORKER,
            meeting_point="Torget",
            pin_opens_at=start,
            pin_closes_at=start + timedelta(hours=3),
            max_participants=WALKERS,
        )
        tokens = [services.join(walk, display_name=None)[1] for _ in range(WALKERS)]
        db.session.commit()
        serializer = URLSafeSerializer(SECRET, salt="walk-participant")
        info = {
            "walk_id": walk.id,
            "code": walk.join_code,
            "category": categories.by_slug("belysning").id,
            "cookies": [serializer.dumps({"w": walk.id, "t": t}) for t in tokens],
        }
        db.engine.dispose()
    return info


def _counts(url: str, walk_id: int) -> tuple[int, int, int]:
    from portal import create_app
    from portal.extensions import db
    from portal.map.models import Observation
    from portal.walks import pins
    from portal.walks.models import Walk

    app = create_app({"SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        walk = db.session.get(Walk, walk_id)
        keys = db.session.scalar(
            db.select(db.func.count(db.distinct(Observation.client_key))).where(
                Observation.walk_id == walk_id
            )
        )
        counted = (pins.observation_count(walk), pins.pin_count(walk), keys or 0)
        db.engine.dispose()
    return counted


class Walker(threading.Thread):
    """One phone: fetch a CSRF token, then send each pin until the server has it."""

    def __init__(self, base: str, info: dict, index: int, barrier: threading.Barrier) -> None:
        super().__init__(daemon=True)
        self.base, self.info, self.index, self.barrier = base, info, index, barrier
        self.latencies: list[float] = []
        self.retries = 0
        self.failed = 0
        self.keys = [secrets.token_hex(16) for _ in range(PINS_EACH)]
        self.cookie = f"vandring-{info['walk_id']}={info['cookies'][index]}"

    def _connection(self) -> http.client.HTTPConnection:
        parts = urlsplit(self.base)
        return http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)

    def _token(self, conn) -> str:
        import json

        conn.request(
            "GET",
            f"/vandring/{self.info['code']}/nyckel",
            headers={"Cookie": self.cookie, "Accept": "application/json"},
        )
        response = conn.getresponse()
        body = response.read()
        session = response.getheader("Set-Cookie", "").split(";", 1)[0]
        self.cookie = f"{self.cookie}; {session}" if session else self.cookie
        return json.loads(body)["csrf_token"]

    def post(self, conn, token: str, key: str, number: int) -> None:
        lon = 17.05 + (self.index % 20) * 0.01 + number * 0.001
        lat = 60.62 + (self.index // 20) * 0.01
        body = urlencode(
            {
                "csrf_token": token,
                "category": self.info["category"],
                "lon": f"{lon:.6f}",
                "lat": f"{lat:.6f}",
                "description": f"Walker {self.index} pin {number}",
                "client_key": key,
            }
        )
        headers = {
            "Cookie": self.cookie,
            "Accept": "application/json",
            "Content-Type": "application/x-www-form-urlencoded",
        }
        for _attempt in range(MAX_TRIES):
            started = time.perf_counter()
            try:
                conn.request("POST", f"/vandring/{self.info['code']}/markera", body, headers)
                response = conn.getresponse()
                response.read()
                status = response.status
            except (OSError, http.client.HTTPException):
                conn.close()
                status = 0
            self.latencies.append((time.perf_counter() - started) * 1000)
            if status in (200, 201):
                return
            self.retries += 1
            time.sleep(0.2)
        self.failed += 1

    def run(self) -> None:
        conn = self._connection()
        token = self._token(conn)
        self.barrier.wait()
        for number, key in enumerate(self.keys):
            self.post(conn, token, key, number)
        self.post(conn, token, self.keys[0], 0)  # the answer was lost: the queue sends it again
        conn.close()


def measure(report, label: str, url: str) -> None:
    from bench.server import gunicorn

    info = seed(url)
    env = {
        "DATABASE_URL": url,
        "PORTAL_ENV": "production",
        "SECRET_KEY": SECRET,
        "PORTAL_SESSION_COOKIE_SECURE": "false",
        "PORTAL_WALK_PIN_RATE_LIMIT": "1000000 per hour",
        "PORTAL_WALK_JOIN_RATE_LIMIT": "1000000 per hour",
        "PORTAL_TWO_FACTOR_ENFORCED": "false",
    }
    with gunicorn("wsgi:app", env) as server:
        barrier = threading.Barrier(WALKERS)
        walkers = [Walker(server.base, info, i, barrier) for i in range(WALKERS)]
        started = time.perf_counter()
        for walker in walkers:
            walker.start()
        for walker in walkers:
            walker.join(600)
        elapsed = time.perf_counter() - started
    stored, pinned, keys = _counts(url, info["walk_id"])
    expected = WALKERS * PINS_EACH
    latencies = sorted(t for w in walkers for t in w.latencies)
    p95 = latencies[int(0.95 * (len(latencies) - 1))] if latencies else 0.0
    retries = sum(w.retries for w in walkers)
    failed = sum(w.failed for w in walkers)
    report(
        f"walks {label}: {WALKERS} walkers × {PINS_EACH} pins at once, stored",
        stored,
        "pins",
        f"exactly {expected}; lost {expected - min(stored, expected)}, "
        f"duplicated {stored - keys}, walk pins {pinned}, given up {failed}",
    )
    report(
        f"walks {label}: pin POST latency p95",
        p95,
        "ms",
        f"p50 {statistics.median(latencies):.0f} ms over {len(latencies)} answers, "
        f"{retries} asked to retry (503/429), {elapsed:.1f} s in all",
    )


def run(report) -> None:
    if wants("SQLite"):
        measure(report, "SQLite", _fresh_sqlite())
    if not wants("PostgreSQL"):
        return
    url = _fresh_postgres()
    if url:
        measure(report, "PostgreSQL", url)
    else:
        print("NOTE: PostgreSQL not reachable; the walks PostgreSQL figures are not measured.")


if __name__ == "__main__":

    def _print(name: str, value: float, unit: str, target: str = "") -> None:
        print(f"  {name}: {value:,.1f} {unit}  {target}", flush=True)

    run(_print)
