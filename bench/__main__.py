"""``make bench``: one table of every figure, on SQLite and on PostgreSQL.

1. A bare Flask "hello world" under the same gunicorn settings: the physical limit for a page.
2. Per database: one large synthetic installation (:func:`bench.seed.seed_installation`), a
   lägesbild computed over it (:mod:`bench.lagesbild`), and the anonymous public pages (home,
   area, promise, place) under gunicorn with a real load generator (``wrk``; a stdlib fallback
   without it), with the page cache on (as deployed) and off (what a render costs), p95 latency
   and peak RSS per worker. The hello world is measured again right before each database's pages,
   since these machines are shared and noisy: only ratios within one run mean much.
3. The domain benchmarks (``bench/<domain>.py``, each ``run(report)`` with databases of its own).

``--quick`` runs everything with small sizes and short durations to check the harness.
"""

from __future__ import annotations

import argparse
import dataclasses
import importlib
import json
import os
import platform
import re
import statistics
import time
import urllib.request
from datetime import date

from bench.seed import Installation
from bench.server import (
    PG_BASE,
    RESULTS,
    ensure_wrk,
    fresh_postgres,
    fresh_sqlite,
    gunicorn,
    load,
    migrate,
    wants,
)

DOMAINS = ["dialog", "places", "walks", "loften"]
#: ``--quick``: module settings of each domain benchmark that make it small.
QUICK_DOMAINS = {
    "dialog": {"RESPONSES": 2_000, "SUBMISSIONS": 60, "CLIENTS": 4},
    "places": {"PLACES": 2_000, "IN_CITY": 600, "REQUESTS": 10},
    "walks": {"WALKERS": 10},
    "loften": {"COMMITMENTS": 3, "UPDATES_PER_COMMITMENT": 3, "LINKED_PLACES": 6, "ROUNDS": 3},
}
PAGE_TARGET = 0.5  # of hello world's requests per second
RSS_TARGET_MB = 200.0
SERVER_ENV = {
    "PORTAL_ENV": "production",
    "SECRET_KEY": "b" * 40,
    "PORTAL_SESSION_COOKIE_SECURE": "false",
    "PORTAL_TWO_FACTOR_ENFORCED": "false",
}


class Report:
    """The table: each row a measurement, its result, the target and whether it is met."""

    def __init__(self) -> None:
        self.rows: list[tuple[str, str, str, str]] = []

    def __call__(
        self, name: str, value: float, unit: str, target: str = "", met: bool | None = None
    ) -> None:
        shown = f"{value:,.1f}" if isinstance(value, float) else f"{value:,}"
        if met is None:
            met = _meets(value, target)
        verdict = "" if met is None else ("met" if met else "**not met**")
        self.rows.append((name, f"{shown} {unit}".strip(), target, verdict))
        print(f"  {name}: {shown} {unit}  {target}  {verdict}", flush=True)

    def table(self) -> str:
        lines = ["| measurement | result | target / notes | |", "|---|---|---|---|"]
        lines += [f"| {n} | {v} | {t} | {m} |" for n, v, t, m in self.rows]
        return "\n".join(lines)


_TARGET = re.compile(r"^(≤|≥|exactly)\s*([\d][\d,. ]*)")


def _meets(value: float, target: str) -> bool | None:
    """Read "≤ 1 s", "≥ 200; …" or "exactly 1000; …" at the start of ``target``."""
    match = _TARGET.match(target)
    if not match:
        return None
    limit = float(match.group(2).replace(",", "").replace(" ", "").rstrip("."))
    return {"≤": value <= limit, "≥": value >= limit, "exactly": value == limit}[match.group(1)]


def database_urls(reuse: bool = False) -> dict[str, str]:
    urls = {}
    if wants("SQLite"):
        urls["SQLite"] = (
            f"sqlite:///{RESULTS / 'bench.sqlite3'}" if reuse else fresh_sqlite("bench")
        )
    if wants("PostgreSQL"):
        url = reused_postgres("bench_portal") if reuse else fresh_postgres("bench_portal")
        if url:
            urls["PostgreSQL"] = url
        else:
            print("NOTE: PostgreSQL not reachable; the PostgreSQL column is not measured.")
    return urls


def reused_postgres(name: str) -> str:
    from sqlalchemy.engine import make_url

    base = make_url(PG_BASE).set(drivername="postgresql+psycopg", database=name)
    return base.render_as_string(hide_password=False)


def prepare(report: Report, label: str, url: str, sizes):
    """Migrate, seed the large installation and compute its lägesbild (as staff would first)."""
    from bench import lagesbild
    from bench.seed import seed_installation
    from portal import create_app
    from portal.areas.models import Area
    from portal.extensions import db

    migrate(url)
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "PAGE_CACHE_ENABLED": False})
    with app.app_context():
        installation = seed_installation(sizes)
        report(f"{label}: seeding ({sizes.describe()})", installation.seconds, "s", "bulk inserts")
        kommun = db.session.scalar(db.select(Area).filter_by(slug=installation.kommun_slug))
        area = db.session.scalar(db.select(Area).filter_by(slug=installation.area_slug))
        first = lagesbild._first(kommun, lagesbild.YEAR)
        report(
            f"{label}: first lägesbild after seeding (fills the survey day tally once)",
            first,
            "s",
            "once",
        )
        for name, where, period in (
            (f"kommun, kvartal {lagesbild.QUARTER}", kommun, lagesbild.QUARTER),
            (f"kommun, år {lagesbild.YEAR}", kommun, lagesbild.YEAR),
            (f"ett område, kvartal {lagesbild.QUARTER}", area, lagesbild.QUARTER),
        ):
            report(f"{label}: lägesbild, {name}", lagesbild._time(where, period), "s", "≤ 1 s")
        db.session.remove()
        db.engine.dispose()
    return installation


def pages(installation) -> dict[str, str]:
    return {
        "home": "/",
        "area page": f"/omraden/{installation.area_slug}",
        "promise page": f"/loften/{installation.promise_id}",
        "place page": f"/platser/{installation.place_id}",
    }


def time_in_process(app, path: str, requests: int = 20) -> tuple[float, str]:
    """Median milliseconds of ``requests`` anonymous GETs of ``path`` through the WSGI stack in
    this process (no server, no network), and the last answer's ``X-Cache`` header. For profiling
    a page and for the harness's own test; the table's figures come from gunicorn."""
    client = app.test_client(use_cookies=False)
    timings, cache = [], ""
    for _ in range(requests + 1):
        started = time.perf_counter()
        response = client.get(path)
        timings.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            raise RuntimeError(f"{path} answered {response.status_code}")
        cache = response.headers.get("X-Cache", "")
    return statistics.median(timings[1:]), cache


def warm_up(url: str, cached: bool, patience: float = 120) -> None:
    """Load ``url`` briefly; with the cache on, go on until 20 answers in a row are hits.

    Otherwise the measured seconds would start while the workers' threads are still rendering
    the page for the first time, all at once (on this shared machine that takes seconds).
    """
    load(url, 1)
    if not cached:
        return
    deadline, hits = time.monotonic() + patience, 0
    while hits < 20 and time.monotonic() < deadline:
        with urllib.request.urlopen(url, timeout=30) as response:
            hits = hits + 1 if response.headers.get("X-Cache") == "hit" else 0


def measure_hello(report: Report, seconds: int, when: str) -> float:
    with gunicorn("bench.hello:app") as hello:
        load(hello.base + "/", 1)
        baseline = load(hello.base + "/", seconds)
    report(
        f"hello world (gunicorn, same settings), {when}",
        baseline.requests_per_s,
        "req/s",
        f"p95 {baseline.p95_ms:.1f} ms, {baseline.tool}",
    )
    return baseline.requests_per_s


def measure_pages(
    report: Report, label: str, url: str, installation, hello_rps: float, seconds: int
) -> None:
    """Each public page under load, page cache on (as deployed) and off (the render itself)."""
    for cached in (True, False):
        env = {**SERVER_ENV, "DATABASE_URL": url, "PORTAL_PAGE_CACHE_ENABLED": str(cached).lower()}
        how = "cache on" if cached else "cache off"
        with gunicorn("wsgi:app", env) as server:
            for name, path in pages(installation).items():
                warm_up(server.base + path, cached)
                result = load(server.base + path, seconds)
                share = result.requests_per_s / hello_rps
                errors = f", {result.errors} errors" if result.errors else ""
                report(
                    f"{label}: {name} ({how})",
                    result.requests_per_s,
                    "req/s",
                    f"{'≥ 50 % of hello: ' if cached else ''}{100 * share:.0f} % of hello, "
                    f"p95 {result.p95_ms:.1f} ms{errors}",
                    (share >= PAGE_TARGET and not result.errors) if cached else None,
                )
            rss = server.peak_rss_mb()
        report(f"{label}: peak RSS per worker ({how})", rss, "MB", f"≤ {RSS_TARGET_MB:.0f} MB")


def _domain(name: str, quick: bool):
    module = importlib.import_module(f"bench.{name}")
    if quick:
        for setting, value in QUICK_DOMAINS.get(name, {}).items():
            setattr(module, setting, value)
    return module


def main() -> None:
    from bench.seed import FULL, QUICK

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--db", choices=["sqlite", "postgres", "both"], help="both (--quick: sqlite)"
    )
    parser.add_argument("--seconds", type=int, help="load duration per page (8; --quick: 2)")
    parser.add_argument("--quick", action="store_true", help="small sizes, short durations")
    parser.add_argument(
        "--reuse", action="store_true", help="measure the installation the last run seeded"
    )
    parser.add_argument(
        "--domains", default=",".join(DOMAINS), help="domain benchmarks to run ('' for none)"
    )
    args = parser.parse_args()
    os.environ["BENCH_DB"] = args.db or ("sqlite" if args.quick else "both")
    seconds = args.seconds or (2 if args.quick else 8)
    sizes = QUICK if args.quick else FULL
    report = Report()
    started = time.perf_counter()
    tool = ensure_wrk()
    machine = (
        f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"load generator {tool}"
    )
    print(f"Machine: {machine}", flush=True)
    hellos = []
    for label, url in database_urls(args.reuse).items():
        saved = RESULTS / f"installation-{label.lower()}{'-quick' if args.quick else ''}.json"
        if args.reuse:
            installation = Installation(**json.loads(saved.read_text()))
            print(f"== {label}: reusing the installation seeded before ({saved.name})", flush=True)
        else:
            print(f"== {label}: seeding {sizes.describe()} …", flush=True)
            installation = prepare(report, label, url, sizes)
            saved.write_text(json.dumps(dataclasses.asdict(installation)))
        hellos.append(measure_hello(report, seconds, f"before the {label} pages"))
        measure_pages(report, label, url, installation, hellos[-1], seconds)
    for name in filter(None, args.domains.split(",")):
        print(f"== {name} …", flush=True)
        _domain(name, args.quick).run(report)
    RESULTS.mkdir(exist_ok=True)
    spread = (
        f"; hello world varied {min(hellos):,.0f}–{max(hellos):,.0f} req/s within the run"
        if len(hellos) > 1
        else ""
    )
    text = (
        f"Benchmark {date.today().isoformat()}{' (--quick)' if args.quick else ''} on "
        f"{platform.node()}: {machine}; {time.perf_counter() - started:.0f} s "
        f"in all{spread}\n\n{report.table()}\n"
    )
    name = "quick.md" if args.quick else "pages.md" if args.reuse else "latest.md"
    (RESULTS / name).write_text(text)
    print("\n" + text)


if __name__ == "__main__":
    main()
