"""Places benchmark: the GeoJSON bounding-box API with 100 000 places, and the map page's weight.

``run(report)`` builds its own SQLite database (and a PostgreSQL one when
``BENCH_POSTGRES_URL``'s server answers), seeds 100 000 places, serves the portal under gunicorn
and measures:

* the median response time of ``/api/places.geojson`` for a city-sized view (the whole bench
  city, 30 000 places in view: answered as grid clusters) and for a neighbourhood view (about
  1 km², single places), sequential requests over HTTP, each with a different box so no cache
  answers (the page cache is off, too);
* the map page's weight (HTML + every script and stylesheet it loads) with no places and with
  100 000 places.

Run alone with ``python -m bench.places``.
"""

from __future__ import annotations

import gzip
import http.client
import os
import random
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

from bench.server import fresh_postgres, fresh_sqlite, wants

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench-results"
PLACES = 100_000
IN_CITY = 30_000
TOWNS = 35
REQUESTS = 200
SEED = 7
CITY = (17.0, 60.6, 17.21, 60.705)  # the bench city (bench.seed.grid_areas), lon/lat


def _fresh_sqlite() -> str:
    return fresh_sqlite("places")


def _fresh_postgres() -> str | None:
    return fresh_postgres("bench_places")


def _migrate(url: str) -> None:
    subprocess.run(
        [sys.executable, "-m", "flask", "--app", "wsgi", "db", "upgrade", "heads"],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": url},
        check=True,
        capture_output=True,
    )


def _points(rng: random.Random) -> list[tuple[float, float]]:
    """30 000 points in the bench city, the rest in 35 towns across Sweden."""
    points = [
        (rng.uniform(CITY[0], CITY[2]), rng.uniform(CITY[1], CITY[3])) for _ in range(IN_CITY)
    ]
    towns = [(rng.uniform(12.0, 23.0), rng.uniform(55.5, 67.5)) for _ in range(TOWNS)]
    per_town = (PLACES - IN_CITY) // TOWNS
    for lon, lat in towns:
        points += [
            (lon + rng.uniform(-0.1, 0.1), lat + rng.uniform(-0.05, 0.05)) for _ in range(per_town)
        ]
    while len(points) < PLACES:
        points.append((rng.uniform(12.0, 23.0), rng.uniform(55.5, 67.5)))
    return points


def seed_areas(url: str) -> None:
    """The bench city's areas (bench.seed.grid_areas) and the default categories."""
    from bench.seed import grid_areas
    from portal import create_app
    from portal.extensions import db
    from portal.map import categories

    app = create_app({"SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        grid_areas()
        categories.ensure_defaults()
        db.session.commit()
        db.engine.dispose()


def seed_places(url: str) -> None:
    """100 000 places, bulk inserted (90 % published, every public status)."""
    from sqlalchemy import insert

    from portal import create_app
    from portal.areas.models import Area
    from portal.extensions import db
    from portal.map import categories, vocab
    from portal.map.models import Place
    from portal.timeutil import utcnow

    app = create_app({"SQLALCHEMY_DATABASE_URI": url})
    rng = random.Random(SEED)
    with app.app_context():
        category_ids = [c.id for c in categories.all_categories()]
        area_ids = list(db.session.scalars(db.select(Area.id).where(Area.parent_id.is_not(None))))
        statuses = list(vocab.PUBLIC_STATUSES)
        now = utcnow()
        rows = []
        for lon, lat in _points(rng):
            rows.append(
                {
                    "area_id": rng.choice(area_ids),
                    "category_id": rng.choice(category_ids),
                    "lon": lon,
                    "lat": lat,
                    "status": rng.choice(statuses),
                    "status_changed_at": now,
                    "public_description": "Benchplats",
                    "published": rng.random() < 0.9,
                    "needs_positioning": False,
                    "time_mask": rng.randrange(1, 8),
                    "observation_count": 1,
                    "agree_count": 0,
                    "created_at": now,
                    "updated_at": now,
                }
            )
        for start in range(0, len(rows), 10_000):
            db.session.execute(insert(Place), rows[start : start + 10_000])
            db.session.commit()
        if db.engine.dialect.name == "postgresql":  # the steady state autovacuum reaches
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.exec_driver_sql("VACUUM ANALYZE place")
        db.engine.dispose()


def _get(conn: http.client.HTTPConnection, path: str) -> tuple[int, bytes]:
    conn.request("GET", path)
    response = conn.getresponse()
    return response.status, response.read()


def _timed(base: str, paths: list[str]) -> list[float]:
    parts = urlsplit(base)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    times = []
    for path in paths:
        started = time.perf_counter()
        status, _body = _get(conn, path)
        times.append((time.perf_counter() - started) * 1000)
        if status != 200:
            raise RuntimeError(f"{path} answered {status}")
    conn.close()
    return times


def _boxes(rng: random.Random, width: float, height: float, within=CITY) -> list[str]:
    boxes = []
    for _ in range(REQUESTS):
        west = rng.uniform(within[0], within[2] - width)
        south = rng.uniform(within[1], within[3] - height)
        boxes.append(f"{west:.5f},{south:.5f},{west + width:.5f},{south + height:.5f}")
    return boxes


def page_weight(base: str, path: str = "/platser") -> tuple[int, int]:
    """Bytes of the page's HTML plus every script and stylesheet it loads (raw, gzipped)."""
    parts = urlsplit(base)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    _status, html = _get(conn, path)
    assets = re.findall(rb'<script[^>]+src="([^"]+)"', html)
    assets += re.findall(rb'<link[^>]+rel="stylesheet"[^>]+href="([^"]+)"', html)
    assets += re.findall(rb'<link[^>]+href="([^"]+)"[^>]+rel="stylesheet"', html)
    raw, packed = len(html), len(gzip.compress(html))
    for asset in dict.fromkeys(assets):
        _status, body = _get(conn, asset.decode())
        raw += len(body)
        packed += len(gzip.compress(body))
    conn.close()
    return raw, packed


def measure(report, label: str, url: str) -> None:
    from bench.server import gunicorn

    _migrate(url)
    env = {
        "DATABASE_URL": url,
        "PORTAL_ENV": "production",
        "SECRET_KEY": "b" * 40,
        "PORTAL_SESSION_COOKIE_SECURE": "false",
        "PORTAL_PAGE_CACHE_ENABLED": "false",
        "PORTAL_TWO_FACTOR_ENFORCED": "false",
    }
    seed_areas(url)
    with gunicorn("wsgi:app", env) as server:
        empty_raw, empty_gzip = page_weight(server.base)
    print(f"  {label}: seeding {PLACES:,} places …", flush=True)
    seed_places(url)
    rng = random.Random(SEED)
    with gunicorn("wsgi:app", env) as server:
        full_raw, full_gzip = page_weight(server.base)
        api = "/api/places.geojson?grid=24&bbox="  # 24 cells across: a desktop-wide map
        _timed(server.base, [api + b for b in _boxes(rng, 0.2, 0.1)[:20]])  # warm up
        city = _boxes(rng, 0.2, 0.1)  # the whole city: ~30 000 places in view
        street = _boxes(rng, 0.018, 0.009)  # about 1 km × 1 km
        city_ms = _timed(server.base, [api + b for b in city])
        street_ms = _timed(server.base, [api + b for b in street])
        health_ms = _timed(server.base, ["/healthz"] * REQUESTS)
        filtered_ms = _timed(
            server.base, [api + b + "&category=belysning,klotter&time=natt" for b in city]
        )
        _status, first = _get_once(
            server.base, f"/api/places.geojson?bbox={','.join(map(str, CITY))}"
        )
    report(
        f"{label}: places.geojson, city view ({IN_CITY:,} of {PLACES:,} places, clustered), median",
        statistics.median(city_ms),
        "ms",
        f"≤ 50 ms; p95 {_p95(city_ms):.1f} ms",
    )
    report(
        f"{label}: places.geojson, city view with category and time filters, median",
        statistics.median(filtered_ms),
        "ms",
        f"≤ 50 ms; p95 {_p95(filtered_ms):.1f} ms",
    )
    report(
        f"{label}: places.geojson, 1 km² view (single places), median",
        statistics.median(street_ms),
        "ms",
        f"≤ 50 ms; p95 {_p95(street_ms):.1f} ms",
    )
    report(f"{label}: places.geojson for the city view, size", len(first) / 1024, "KB", "capped")
    report(
        f"{label}: /healthz in the same run (noise reference), median",
        statistics.median(health_ms),
        "ms",
        "one SELECT 1: what any request costs on this machine now",
    )
    report(
        f"{label}: map page HTML+JS+CSS, no places",
        empty_raw / 1024,
        "KB",
        f"≤ 250 KB; {empty_gzip / 1024:.1f} KB gzipped",
    )
    report(
        f"{label}: map page HTML+JS+CSS, {PLACES:,} places",
        full_raw / 1024,
        "KB",
        f"≤ 250 KB, same as with none; {full_gzip / 1024:.1f} KB gzipped",
    )


def _get_once(base: str, path: str) -> tuple[int, bytes]:
    parts = urlsplit(base)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    try:
        return _get(conn, path)
    finally:
        conn.close()


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, int(len(ordered) * 0.95) - 1)]


def run(report) -> None:
    if wants("SQLite"):
        measure(report, "SQLite", _fresh_sqlite())
    if not wants("PostgreSQL"):
        return
    postgres = _fresh_postgres()
    if postgres:
        measure(report, "PostgreSQL", postgres)
    else:
        print("  PostgreSQL not reachable: places measured on SQLite only.")


if __name__ == "__main__":

    def _print(name: str, value: float, unit: str, target: str = "") -> None:
        print(f"{name}: {value:,.1f} {unit}  {target}", flush=True)

    run(_print)
