"""``make bench``: one table of every figure, on SQLite and on PostgreSQL.

Each measurement is compared with the bare Flask "hello world" measured in the same run under the
same gunicorn settings, since these machines are noisy and only ratios within one run mean much.
Domain benchmarks live in ``bench/<domain>.py`` as ``run(report)``.
"""

from __future__ import annotations

import argparse
import importlib
import os
import platform
import subprocess
import sys
from datetime import date
from pathlib import Path

from bench.server import ROOT, gunicorn, load

RESULTS = ROOT / "bench-results"
PG_BASE = os.environ.get("BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
DOMAINS = ["dialog", "places"]


class Report:
    def __init__(self) -> None:
        self.rows: list[tuple[str, str, str, str]] = []

    def __call__(self, name: str, value: float, unit: str, target: str = "") -> None:
        shown = f"{value:,.1f}" if isinstance(value, float) else f"{value:,}"
        self.rows.append((name, f"{shown} {unit}".strip(), target, ""))
        print(f"  {name}: {shown} {unit}  {target}", flush=True)

    def table(self) -> str:
        lines = ["| measurement | result | target |", "|---|---|---|"]
        lines += [f"| {n} | {v} | {t} |" for n, v, t, _ in self.rows]
        return "\n".join(lines)


def database_urls(which: str) -> dict[str, str]:
    urls = {}
    if which in ("sqlite", "both"):
        RESULTS.mkdir(exist_ok=True)
        path = RESULTS / "bench.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        urls["SQLite"] = f"sqlite:///{path}"
    if which in ("postgres", "both"):
        from tests.databases import POSTGRES_URL  # noqa: F401 - ensures psycopg is importable

        url = _fresh_postgres("bench_portal")
        if url:
            urls["PostgreSQL"] = url
        else:
            print("NOTE: PostgreSQL not reachable; the PostgreSQL column is not measured.")
    return urls


def _fresh_postgres(name: str) -> str | None:
    import psycopg
    from sqlalchemy.engine import make_url

    base = make_url(PG_BASE)
    try:
        with psycopg.connect(
            host=base.host,
            port=base.port or 5432,
            user=base.username,
            dbname=base.database,
            autocommit=True,
            connect_timeout=3,
        ) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{name}"')
    except psycopg.Error:
        return None
    return base.set(drivername="postgresql+psycopg", database=name).render_as_string(
        hide_password=False
    )


def prepare(url: str) -> None:
    """Migrate and seed a large installation into ``url``."""
    env = {**os.environ, "DATABASE_URL": url}
    subprocess.run(
        [sys.executable, "-m", "flask", "--app", "wsgi", "db", "upgrade", "heads"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )
    from bench.seed import grid_areas
    from portal import create_app

    app = create_app({"SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        grid_areas()
        for domain in DOMAINS:
            module = _domain(domain)
            if module and hasattr(module, "seed_large"):
                module.seed_large()


def _domain(name: str):
    try:
        return importlib.import_module(f"bench.{name}")
    except ModuleNotFoundError:
        return None


PAGES = {"home": "/", "area page": "/omraden/omrade-3-3"}


def measure_pages(report: Report, label: str, url: str, hello_rps: float, seconds: int) -> None:
    env = {
        "DATABASE_URL": url,
        "PORTAL_ENV": "production",
        "SECRET_KEY": "b" * 40,
        "PORTAL_SESSION_COOKIE_SECURE": "false",
    }
    with gunicorn("wsgi:app", env) as server:
        for name, path in PAGES.items():
            result = load(server.base + path, seconds)
            report(
                f"{label}: {name} ({path})",
                result.requests_per_s,
                "req/s",
                f"≥ 50 % of hello: {100 * result.requests_per_s / hello_rps:.0f} %, p95 {result.p95_ms:.1f} ms",
            )
        report(f"{label}: peak RSS per worker", server.peak_rss_mb(), "MB", "≤ 200 MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--seconds", type=int, default=8)
    args = parser.parse_args()
    report = Report()
    print(
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    )
    with gunicorn("bench.hello:app") as hello:
        baseline = load(hello.base + "/", args.seconds)
    report(
        "hello world (gunicorn, same settings)",
        baseline.requests_per_s,
        "req/s",
        f"p95 {baseline.p95_ms:.1f} ms, {baseline.tool}",
    )
    for label, url in database_urls(args.db).items():
        print(f"== {label}: seeding …", flush=True)
        prepare(url)
        measure_pages(report, label, url, baseline.requests_per_s, args.seconds)
    for domain in DOMAINS:
        module = _domain(domain)
        if module is not None:
            print(f"== {domain} …", flush=True)
            module.run(report)
    RESULTS.mkdir(exist_ok=True)
    text = (
        f"Benchmark {date.today().isoformat()} on {platform.node()} "
        f"({os.cpu_count()} cores, {platform.machine()})\n\n{report.table()}\n"
    )
    (RESULTS / "latest.md").write_text(text)
    print("\n" + text)


if __name__ == "__main__":
    main()
