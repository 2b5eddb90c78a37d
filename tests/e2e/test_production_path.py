"""The production path end to end: two gunicorn instances (two workers each) on PostgreSQL, with
the rate limits and the page cache on Redis, migrated by ``flask db upgrade`` as a deploy would.
Runs in the PostgreSQL leg of ``make test`` (and so in CI)."""

from __future__ import annotations

import http.cookiejar
import json
import os
import re
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import IN_CI
from tests.databases import drop_database, fresh_database_url, using_postgres

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("PORTAL_TEST_REDIS_URL", "redis://127.0.0.1:6379/14")

pytestmark = pytest.mark.skipif(not using_postgres(), reason="runs in the PostgreSQL leg")


@dataclass
class Deployment:
    bases: list[str]
    env: dict[str, str]

    def flask(self, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "flask", "--app", "wsgi", *args],
            cwd=ROOT,
            env=self.env,
            check=True,
            capture_output=True,
            text=True,
        )


def _require_redis() -> None:
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except redis.RedisError as exc:
        message = f"Redis at {REDIS_URL} is needed for the production-path leg: {exc}"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_until_healthy(base: str, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            pytest.fail(f"gunicorn did not start at {base}")
        time.sleep(0.3)


@pytest.fixture(scope="module")
def deployment(tmp_path_factory):
    _require_redis()
    url = fresh_database_url("e2e", tmp_path_factory.mktemp("e2e"))
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "REDIS_URL": REDIS_URL,
        "SECRET_KEY": secrets.token_urlsafe(40),
        "PORTAL_ENV": "production",
        "PORTAL_SESSION_COOKIE_SECURE": "false",  # plain http on loopback in the test
        "PORTAL_RATELIMIT_KEY_PREFIX": f"e2e-{secrets.token_hex(4)}",
    }
    deployed = Deployment([], env)
    deployed.flask("db", "upgrade", "heads")
    deployed.flask("demo")
    processes = []
    for _ in range(2):
        port = _free_port()
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py", "wsgi:app"],
            cwd=ROOT,
            env={**env, "GUNICORN_BIND": f"127.0.0.1:{port}", "GUNICORN_WORKERS": "2"},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        processes.append(process)
        deployed.bases.append(f"http://127.0.0.1:{port}")
    for base, process in zip(deployed.bases, processes, strict=True):
        _wait_until_healthy(base, process)
    yield deployed
    for process in processes:
        process.terminate()
        process.wait(timeout=30)
    drop_database(url)


def get(url: str, headers: dict | None = None):
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.headers, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode()


def test_instances_are_healthy_with_production_headers(deployment):
    for base in deployment.bases:
        status, _headers, body = get(base + "/healthz")
        assert status == 200 and json.loads(body)["database"] == "ok"
        status, headers, _body = get(base + "/")
        assert status == 200
        assert headers["Strict-Transport-Security"].startswith("max-age=")


def test_page_cache_is_shared_and_never_stale_across_instances(deployment):
    first, second = deployment.bases
    _status, headers, _body = get(first + "/omraden")
    etag = headers["ETag"]
    status, _headers, _body = get(second + "/omraden", {"If-None-Match": etag})
    assert status == 304  # both instances agree on the data version kept in Redis
    geojson = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {"name": "E2E-området"},
                "geometry": {
                    "type": "Polygon",
                    "coordinates": [[[16.0, 59.0], [16.1, 59.0], [16.1, 59.1], [16.0, 59.0]]],
                },
            }
        ],
    }
    path = ROOT / "bench-results"
    path.mkdir(exist_ok=True)
    file = path / f"e2e-{secrets.token_hex(4)}.geojson"
    file.write_text(json.dumps(geojson))
    try:
        deployment.flask("areas", "import", str(file))  # a write from another process entirely
    finally:
        file.unlink()
    for base in deployment.bases:
        status, _headers, body = get(base + "/omraden", {"If-None-Match": etag})
        assert status == 200 and "E2E-området" in body


def _login_attempt(base: str, email: str, password: str) -> int:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    with opener.open(base + "/logga-in", timeout=10) as response:
        token = re.search(
            r'name="csrf_token" type="hidden" value="([^"]+)"', response.read().decode()
        ).group(1)
    data = urllib.parse.urlencode(
        {"csrf_token": token, "email": email, "password": password}
    ).encode()
    request = urllib.request.Request(base + "/logga-in", data=data)
    try:
        with opener.open(request, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_login_throttle_is_shared_by_every_instance(deployment):
    first, second = deployment.bases
    for attempt in range(5):
        base = first if attempt % 2 else second
        assert _login_attempt(base, "polis@demo.example", "fel-losenord") == 400
    assert _login_attempt(first, "polis@demo.example", "fel-losenord") == 429
    assert _login_attempt(second, "polis@demo.example", "demo-polis") == 429
