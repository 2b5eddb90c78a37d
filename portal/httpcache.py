"""HTTP caching for anonymous visitors, never stale after a write.

Every commit that changed data bumps a *data version* shared by all workers (a file in
``instance/`` by default; a Redis key when ``REDIS_URL`` is set, for several instances). Anonymous
GET responses carry an ``ETag`` and ``Last-Modified`` derived from that version, so a browser
revalidates cheaply (304), and a page rendered for a visitor without a session is kept in a
server-side cache (per worker in memory, or in Redis) under the current version. A write changes
the version, so the next request renders afresh.

A response is only cached when rendering it left the session empty: a page that put a CSRF token
or a flash message in the session belongs to that visitor and is never shared.

:class:`FastHits` answers the commonest case, a plain GET from a visitor without cookies, from a
per-worker copy of the finished response before Flask runs at all (no request context, session,
limiter or template hooks): a cache hit then costs about what a bare WSGI "hello world" does.
"""

from __future__ import annotations

import base64
import hashlib
import os
import re
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime

from flask import Flask, current_app, g, has_app_context, request, session
from sqlalchemy import event
from sqlalchemy.orm import Session
from werkzeug.http import parse_cookie

from portal import i18n

# Paths whose answers depend on more than the URL and language, or must always be live.
NEVER_CACHED_PREFIXES = (
    "/hantera",
    "/logga-in",
    "/logga-ut",
    "/sprak",
    "/healthz",
    "/static/debug",
)


class FileVersion:
    """A version counter shared by the workers on one host: the mtime of a file."""

    def __init__(self, path: str) -> None:
        self.path = path
        os.makedirs(os.path.dirname(path), exist_ok=True)
        if not os.path.exists(path):
            self.bump()

    def current(self) -> int:
        try:
            return os.stat(self.path).st_mtime_ns
        except FileNotFoundError:
            self.bump()
            return os.stat(self.path).st_mtime_ns

    def bump(self) -> None:
        now = time.time_ns()
        with open(self.path, "a"):
            pass
        try:
            previous = os.stat(self.path).st_mtime_ns
        except FileNotFoundError:
            previous = 0
        stamp = max(now, previous + 1000)  # strictly increasing even within one clock tick
        os.utime(self.path, ns=(stamp, stamp))


class RedisVersion:
    """A version counter shared by every instance: a Redis key holding a microsecond stamp
    (microseconds stay exact in Lua's double-precision numbers)."""

    _BUMP = (
        "local v = tonumber(redis.call('GET', KEYS[1]) or '0');"
        "local n = math.max(tonumber(ARGV[1]), v + 1);"
        "redis.call('SET', KEYS[1], string.format('%.0f', n)); return 1"
    )

    def __init__(self, client, key: str) -> None:
        self.client, self.key = client, key

    def current(self) -> int:
        value = self.client.get(self.key)
        if value is None:
            self.bump()
            value = self.client.get(self.key)
        return int(value) * 1000  # as nanoseconds, like FileVersion

    def bump(self) -> None:
        self.client.eval(self._BUMP, 1, self.key, time.time_ns() // 1000)


@dataclass
class CachedPage:
    body: bytes
    content_type: str
    version: int
    csp: str = ""  # the policy with the inline scripts' hashes in place of the render's nonce


class MemoryPages:
    """An LRU of rendered pages, per worker process."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.items: OrderedDict[str, CachedPage] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: str) -> CachedPage | None:
        with self.lock:
            page = self.items.get(key)
            if page is not None:
                self.items.move_to_end(key)
            return page

    def put(self, key: str, page: CachedPage) -> None:
        with self.lock:
            self.items[key] = page
            self.items.move_to_end(key)
            while len(self.items) > self.size:
                self.items.popitem(last=False)


class RedisPages:
    """Rendered pages in Redis, shared by every instance; they expire after ``ttl`` seconds."""

    def __init__(self, client, prefix: str, ttl: int = 600) -> None:
        self.client, self.prefix, self.ttl = client, prefix, ttl

    def get(self, key: str) -> CachedPage | None:
        raw = self.client.hgetall(self.prefix + key)
        if not raw:
            return None
        return CachedPage(
            raw[b"body"], raw[b"type"].decode(), int(raw[b"version"]), raw.get(b"csp", b"").decode()
        )

    def put(self, key: str, page: CachedPage) -> None:
        name = self.prefix + key
        pipe = self.client.pipeline()
        pipe.hset(
            name, mapping={"body": page.body, "type": page.content_type, "version": page.version}
        )
        pipe.expire(name, self.ttl)
        pipe.execute()


#: Where the Flask path leaves the page it stored (or served) for :class:`FastHits` to keep.
ENVIRON_PAGE = "portal.httpcache.page"


@dataclass
class FinishedResponse:
    version: int
    status: str
    headers: list[tuple[str, str]]
    body: bytes


class FastHits:
    """WSGI middleware: serve a cached page to a cookie-less plain GET before Flask runs.

    The key is everything such a request's page can depend on (scheme, host and forwarded host,
    path, query, the language cookie, Accept-Language). A response is kept, headers and all, only
    when the Flask path put it in the page cache (so the same rules decide what may be shared) and
    it set no cookie and no rate-limit header. Every hit checks the data version first, so a page
    is never served after a write it does not show. Conditional and HEAD requests, and visitors
    with any other cookie, take the Flask path.
    """

    _VARIES = (
        "wsgi.url_scheme",
        "HTTP_HOST",
        "HTTP_X_FORWARDED_HOST",
        "HTTP_X_FORWARDED_PROTO",
        "HTTP_X_FORWARDED_PREFIX",
        "SCRIPT_NAME",
        "PATH_INFO",
        "QUERY_STRING",
        "HTTP_ACCEPT_LANGUAGE",
    )
    _NOT_REPLAYED = ("set-cookie", "x-ratelimit", "retry-after")

    def __init__(self, app: Flask, wsgi_app, version, size: int) -> None:
        self.app, self.wsgi_app, self.version = app, wsgi_app, version
        self.pages = MemoryPages(size)

    def _key(self, environ) -> tuple | None:
        if environ.get("REQUEST_METHOD") != "GET" or not self.app.config["PAGE_CACHE_ENABLED"]:
            return None
        if environ.get("HTTP_IF_NONE_MATCH") or environ.get("HTTP_IF_MODIFIED_SINCE"):
            return None
        language = ""
        if environ.get("HTTP_COOKIE"):
            cookies = parse_cookie(environ["HTTP_COOKIE"])
            name = self.app.config["LANGUAGE_COOKIE"]
            if any(other != name for other in cookies):
                return None
            language = cookies.get(name, "")
        return (language, *(environ.get(name, "") for name in self._VARIES))

    def __call__(self, environ, start_response):
        key = self._key(environ)
        if key is None:
            return self.wsgi_app(environ, start_response)
        page = self.pages.get(key)
        if page is not None:
            try:
                current = self.version.current()
            except Exception:  # e.g. Redis down: the Flask path serves uncached
                current = None
            if current == page.version:
                start_response(page.status, list(page.headers))
                return [page.body]
        captured: list = []

        def capture(status, headers, exc_info=None):
            captured[:] = [status, headers]
            return start_response(status, headers, exc_info)

        body = self.wsgi_app(environ, capture)
        stored = environ.get(ENVIRON_PAGE)
        if stored is not None and captured:
            self._keep(key, stored, *captured)
        return body

    def _keep(self, key: tuple, stored: CachedPage, status: str, headers: list) -> None:
        names = {name.lower() for name, _value in headers}
        if not status.startswith("200") or any(n.startswith(self._NOT_REPLAYED) for n in names):
            return
        csp = _csp_header(self.app)
        kept = [(n, v) for n, v in headers if n.lower() not in ("x-cache", csp.lower())]
        if {n.lower(): v for n, v in kept}.get("content-length") != str(len(stored.body)):
            return
        kept.append(("X-Cache", "hit"))
        if stored.csp:
            kept.append((csp, stored.csp))
        self.pages.put(key, FinishedResponse(stored.version, status, kept, stored.body))


def _store(app: Flask) -> tuple[object, object]:
    database = app.config["SQLALCHEMY_DATABASE_URI"]
    scope = hashlib.sha1(database.encode()).hexdigest()[:10]
    redis_url = app.config.get("REDIS_URL")
    if redis_url:
        import redis

        client = redis.Redis.from_url(redis_url)
        return RedisVersion(client, f"portal:{scope}:version"), RedisPages(
            client, f"portal:{scope}:page:"
        )
    path = os.path.join(app.instance_path, f"data-version-{scope}")
    return FileVersion(path), MemoryPages(app.config["PAGE_CACHE_SIZE"])


def bump(app: Flask | None = None) -> None:
    """Mark every cached page as outdated (called after each commit that changed data)."""
    state = (app or current_app).extensions.get("httpcache")
    if state is not None:
        state["version"].bump()


# --- Which commits changed data -------------------------------------------------------------


@event.listens_for(Session, "after_flush")
def _remember_changes(session: Session, _context) -> None:
    if session.new or session.dirty or session.deleted:
        session.info["portal_changed"] = True


@event.listens_for(Session, "do_orm_execute")
def _remember_bulk_writes(state) -> None:
    if state.is_insert or state.is_update or state.is_delete:
        state.session.info["portal_changed"] = True


@event.listens_for(Session, "after_commit")
def _bump_after_commit(session: Session) -> None:
    if not session.info.pop("portal_changed", False) or not has_app_context():
        return
    try:
        bump()
    except Exception:  # the write has committed; a cache outage must not undo that
        current_app.logger.exception("could not bump the page-cache version")


@event.listens_for(Session, "after_rollback")
def _forget_changes(session: Session) -> None:
    session.info.pop("portal_changed", None)


# --- Request handling -------------------------------------------------------------------------


def _eligible() -> bool:
    if request.method not in ("GET", "HEAD") or request.path.startswith(NEVER_CACHED_PREFIXES):
        return False
    if request.path.startswith("/vendor/") or request.path.startswith("/static/"):
        return False
    # any cookie but the language (a session, "you agreed" on a place, a walk) can change the page
    language = current_app.config["LANGUAGE_COOKIE"]
    return all(name == language for name in request.cookies)


def _key(version: int) -> str:
    locale = i18n.select_locale()
    return hashlib.sha1(f"{request.full_path}|{locale}|{version}".encode()).hexdigest()


def _etag(version: int) -> str:
    return _key(version)[:20]


def _last_modified(version: int) -> str:
    return format_datetime(datetime.fromtimestamp(version // 1_000_000_000, UTC), usegmt=True)


def _not_modified(version: int) -> bool:
    """Only the ETag decides: Last-Modified has one-second granularity, writes do not."""
    return bool(request.if_none_match) and request.if_none_match.contains_weak(_etag(version))


def init_app(app: Flask) -> None:
    app.config.setdefault("PAGE_CACHE_ENABLED", True)
    app.config.setdefault("PAGE_CACHE_SIZE", 2000)
    version, pages = _store(app)
    app.extensions["httpcache"] = {"version": version, "pages": pages}
    app.wsgi_app = FastHits(app, app.wsgi_app, version, app.config["PAGE_CACHE_SIZE"])  # type: ignore[method-assign]

    @app.before_request
    def serve_from_cache():
        if not app.config["PAGE_CACHE_ENABLED"] or not _eligible():
            return None
        try:
            current = version.current()
        except Exception:  # e.g. Redis down: serve uncached rather than fail
            app.logger.warning("page cache unavailable; serving uncached", exc_info=True)
            return None
        g.cache_version = current
        if _not_modified(current):
            response = app.response_class(status=304)
            _validators(response, current)
            return response
        try:
            page = pages.get(_key(current))
        except Exception:
            page = None
        if page is None or page.version != current:
            return None
        response = app.response_class(page.body, content_type=page.content_type)
        request.environ[ENVIRON_PAGE] = page
        response.headers["X-Cache"] = "hit"
        if page.csp:
            response.headers[_csp_header(app)] = page.csp
        _validators(response, current)
        return response

    @app.after_request
    def store_in_cache(response):
        current = g.pop("cache_version", None)
        if current is None or request.method != "GET" or response.status_code != 200:
            return response
        if response.headers.get("X-Cache") == "hit" or response.direct_passthrough:
            return response
        if session.modified or len(session) or response.headers.get("Set-Cookie"):
            return response  # this visitor's own page (CSRF token, flash, cookie)
        if "no-store" in (response.headers.get("Cache-Control") or ""):
            return response
        body = response.get_data()
        csp = _csp_with_hashes(response.headers.get(_csp_header(app), ""), body)
        page = CachedPage(body, response.content_type, current, csp)
        try:
            pages.put(_key(current), page)
        except Exception:  # a cache outage only costs speed
            app.logger.warning("could not store a page in the cache", exc_info=True)
            return response
        request.environ[ENVIRON_PAGE] = page
        response.headers["X-Cache"] = "miss"
        _validators(response, current)
        return response


_INLINE_SCRIPT = re.compile(
    rb"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", re.DOTALL | re.IGNORECASE
)
_NONCE = re.compile(r"'nonce-[^']*'")


def _csp_header(app: Flask) -> str:
    report_only = app.config.get("CSP_REPORT_ONLY")
    return "Content-Security-Policy-Report-Only" if report_only else "Content-Security-Policy"


def _csp_with_hashes(policy: str, body: bytes) -> str:
    """A cached page is served to many visitors: its inline scripts are allowed by hash, not by
    the nonce of the one render that produced it."""
    if not policy:
        return ""
    hashes = " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(script).digest()).decode() + "'"
        for script in _INLINE_SCRIPT.findall(body)
    )
    return _NONCE.sub(hashes or "", policy).replace("  ", " ")


def _validators(response, version: int) -> None:
    response.set_etag(_etag(version), weak=True)
    response.headers["Last-Modified"] = _last_modified(version)
    response.headers["Cache-Control"] = "public, no-cache"
    response.vary.add("Accept-Language")
    response.vary.add("Cookie")
