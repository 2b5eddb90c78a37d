"""Browser tests: Playwright driving Debian's Chromium against a live portal in a subprocess.

Every page a test opens is watched: a request to any host but the portal (and the configured,
blocked map-tile host) fails the test. ``check_axe(page)`` fails on any WCAG 2.1 A/AA violation.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from portal import create_app
from portal.extensions import db
from tests.browser.serve import live_config
from tests.conftest import IN_CI, TEST_TILE_URL
from tests.databases import drop_database, fresh_database_url

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def live_database_url(tmp_path_factory):
    url = fresh_database_url("live", tmp_path_factory.mktemp("live"))
    yield url
    drop_database(url)


@pytest.fixture(scope="session")
def live_server(tmp_path_factory, live_database_url):
    """Base URL of a portal running in a subprocess, with the demo data."""
    url = live_database_url
    port = _free_port()
    log = (tmp_path_factory.mktemp("log") / "server.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.browser.serve", url, str(port)],
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 240  # seeding the demo on a busy 2-core machine
    while True:
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=2) as response:
                if response.status == 200:
                    break
        except OSError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            log.flush()
            why = "exited" if process.poll() is not None else "no answer within 240 s"
            pytest.fail(
                f"live server did not start ({why}):\n" + Path(log.name).read_text()[-3000:]
            )
        time.sleep(0.2)
    yield base
    process.terminate()
    process.wait(timeout=10)
    log.close()


@pytest.fixture(scope="session")
def live_app(live_server, live_database_url):
    """An app on the live server's database, for arranging data from the test."""
    application = create_app(live_config(live_database_url))
    yield application
    with application.app_context():
        db.engine.dispose()


@pytest.fixture(scope="session")
def _playwright():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        yield playwright


def _launch(playwright):
    executable = shutil.which("chromium") or shutil.which("chromium-browser")
    try:
        if executable:
            return playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        return playwright.chromium.launch(args=CHROMIUM_ARGS)
    except Exception as exc:
        message = f"no Chromium to run the browser tests ({exc.__class__.__name__}: {exc})"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message + "; install Debian's chromium or run `playwright install chromium`")


@pytest.fixture(scope="session")
def browser(_playwright):
    instance = _launch(_playwright)
    yield instance
    instance.close()


class ForeignRequests(list):
    """URLs a page tried to load from another host."""


class PolicyViolations(list):
    """Console messages in which the browser refused something under the Content-Security-Policy."""


def _watch_policy(page_) -> PolicyViolations:
    violations = PolicyViolations()

    def on_console(message):
        if "Content Security Policy" in message.text:
            violations.append(message.text)

    page_.on("console", on_console)
    return violations


def _watch(context, base: str) -> ForeignRequests:
    own = urlsplit(base).netloc
    tiles = urlsplit(TEST_TILE_URL).netloc
    foreign = ForeignRequests()

    def route(route_, request):
        parts = urlsplit(request.url)
        if parts.scheme in ("data", "blob") or parts.netloc == own:
            return route_.continue_()
        if parts.netloc != tiles:
            foreign.append(request.url)
        return route_.abort()

    context.route("**/*", route)
    return foreign


def _context_and_page(browser, live_server, viewport, javascript=True):
    context = browser.new_context(
        viewport=viewport, base_url=live_server, java_script_enabled=javascript, locale="sv-SE"
    )
    context.set_default_timeout(10_000)
    foreign = _watch(context, live_server)
    page_ = context.new_page()
    page_.policy_violations = _watch_policy(page_)
    return context, page_, foreign


@pytest.fixture(params=[PHONE, DESKTOP], ids=["phone", "desktop"])
def page(request, browser, live_server):
    """A page at phone and at desktop size (each test runs twice)."""
    context, page_, foreign = _context_and_page(browser, live_server, request.param)
    yield page_
    _finish(request, context, page_, foreign)


@pytest.fixture
def phone_page(request, browser, live_server):
    context, page_, foreign = _context_and_page(browser, live_server, PHONE)
    yield page_
    _finish(request, context, page_, foreign)


@pytest.fixture
def nojs_page(request, browser, live_server):
    """A phone-sized page with JavaScript switched off."""
    context, page_, foreign = _context_and_page(browser, live_server, PHONE, javascript=False)
    yield page_
    _finish(request, context, page_, foreign)


def _finish(request, context, page_, foreign):
    failed = getattr(request.node, "rep_call", None)
    if failed is not None and failed.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        page_.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()
    assert not foreign, f"the page loaded resources from other hosts: {foreign}"
    violations = getattr(page_, "policy_violations", [])
    assert not violations, f"the Content-Security-Policy refused: {violations}"


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call":
        item.rep_call = report
    return report


def check_axe(page, context: str | None = None) -> None:
    """Fail with a readable report on any axe violation of WCAG 2.1 A and AA."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(
        page, context=context, options={"runOnly": {"type": "tag", "values": AXE_TAGS}}
    )
    if results.violations_count:
        pytest.fail(f"axe found violations on {page.url}:\n{results.generate_report()}")


def login(page, email: str, password: str) -> None:
    page.goto("/logga-in")
    page.get_by_label("E-postadress").fill(email)
    page.get_by_label("Lösenord").fill(password)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url("**/hantera/**")
