"""Run an app under gunicorn and load it with wrk (or a stdlib fallback when wrk is missing)."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench-results"
PG_BASE = os.environ.get("BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "2"))
THREADS = int(os.environ.get("BENCH_THREADS", "4"))


def wants(database: str) -> bool:
    """Whether this run measures ``database`` ("SQLite" or "PostgreSQL"); ``BENCH_DB`` says."""
    chosen = os.environ.get("BENCH_DB", "both").lower()
    return chosen == "both" or chosen == database.lower().replace("postgresql", "postgres")


def fresh_sqlite(name: str) -> str:
    """A new, empty SQLite database in ``bench-results/``."""
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / f"{name}.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    return f"sqlite:///{path}"


def fresh_postgres(name: str) -> str | None:
    """Drop and create database ``name`` on ``BENCH_POSTGRES_URL``'s server; None if none answers."""
    try:
        import psycopg
        from sqlalchemy.engine import make_url
    except ImportError:  # pragma: no cover
        return None
    base = make_url(PG_BASE)
    try:
        with psycopg.connect(
            host=base.host or "127.0.0.1",
            port=base.port or 5432,
            user=base.username or "postgres",
            password=base.password,
            dbname=base.database or "postgres",
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


def migrate(url: str) -> None:
    """``flask db upgrade heads`` on ``url``, as a deploy does."""
    subprocess.run(
        [sys.executable, "-m", "flask", "--app", "wsgi", "db", "upgrade", "heads"],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": url},
        check=True,
        capture_output=True,
    )


def ensure_wrk() -> str:
    """Install Debian's ``wrk`` when it is missing and we are root; say which load tool is used."""
    if not shutil.which("wrk") and os.geteuid() == 0 and shutil.which("apt-get"):
        print("Installing Debian's wrk for the load tests …", flush=True)
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        for command in (["apt-get", "update", "-qq"], ["apt-get", "install", "-y", "-qq", "wrk"]):
            done = subprocess.run(command, env=env, capture_output=True, text=True)
            if done.returncode != 0:
                print(f"  could not install wrk ({done.stderr.strip()[-200:]})", flush=True)
                break
    if shutil.which("wrk"):
        return "wrk"
    print("NOTE: wrk is not available; using the slower stdlib load generator.", flush=True)
    return "python"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Server:
    base: str
    process: subprocess.Popen

    def worker_pids(self) -> list[int]:
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        try:
            return [int(pid) for pid in children.read_text().split()]
        except OSError:
            return []

    def peak_rss_mb(self) -> float:
        """Highest peak resident set size (VmHWM) among the workers, in MB."""
        peaks = []
        for pid in self.worker_pids():
            with contextlib.suppress(OSError):
                status = Path(f"/proc/{pid}/status").read_text()
                match = re.search(r"VmHWM:\s+(\d+) kB", status)
                if match:
                    peaks.append(int(match.group(1)) / 1024)
        return max(peaks, default=0.0)


@contextlib.contextmanager
def gunicorn(
    app_spec: str, env: dict[str, str] | None = None, workers: int = WORKERS
) -> Iterator[Server]:
    """Serve ``app_spec`` (e.g. ``wsgi:app``) on a free port until the block ends."""
    port = free_port()
    process = subprocess.Popen(
        [
            GUNICORN,
            "--workers",
            str(workers),
            "--threads",
            str(THREADS),
            "--worker-class",
            "gthread",
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
            app_spec,
        ],
        cwd=ROOT,
        env={**os.environ, **(env or {})},
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(base + "/", timeout=2):
                break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"gunicorn did not start for {app_spec}") from None
            time.sleep(0.2)
    try:
        yield Server(base, process)
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)


@dataclass
class LoadResult:
    requests_per_s: float
    p50_ms: float
    p95_ms: float
    errors: int
    tool: str


def load(url: str, seconds: int = 8, connections: int = 16) -> LoadResult:
    """Drive ``url`` for ``seconds`` with ``connections`` keep-alive connections."""
    if shutil.which("wrk"):
        return _wrk(url, seconds, connections)
    return _python_load(url, seconds, connections)


_WRK_LUA = """
done = function(summary, latency, requests)
  io.write(string.format("RESULT %f %f %f %d\\n", summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
"""


def _wrk(url: str, seconds: int, connections: int) -> LoadResult:
    script = ROOT / "bench-results" / "wrk-report.lua"
    script.parent.mkdir(exist_ok=True)
    script.write_text(_WRK_LUA)
    out = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", "-s", str(script), url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rps, p50, p95, errors = re.search(r"RESULT (\S+) (\S+) (\S+) (\d+)", out).groups()
    return LoadResult(float(rps), float(p50), float(p95), int(errors), "wrk")


def _python_load(url: str, seconds: int, connections: int) -> LoadResult:
    """A stdlib fallback (slower than wrk: compare only within one run)."""
    import http.client
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def worker() -> None:
        nonlocal errors
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        while time.monotonic() < stop:
            started = time.perf_counter()
            try:
                conn.request("GET", path)
                response = conn.getresponse()
                response.read()
                ok = response.status < 400
            except OSError:
                ok = False
                conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                latencies.append(elapsed)
                errors += 0 if ok else 1

    threads = [threading.Thread(target=worker) for _ in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    latencies.sort()
    p95 = latencies[int(len(latencies) * 0.95) - 1] if latencies else 0.0
    return LoadResult(
        len(latencies) / seconds, statistics.median(latencies or [0]), p95, errors, "python"
    )
