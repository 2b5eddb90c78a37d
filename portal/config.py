"""Configuration: defaults, then ``instance/portal.cfg``, then the environment, then overrides.

Environment variables: ``DATABASE_URL``, ``SECRET_KEY``, ``REDIS_URL`` and any ``PORTAL_<NAME>``
(sets ``<NAME>``; values that parse as JSON are decoded, so ``PORTAL_DISCLOSURE_MINIMUM=5`` is an int).
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from typing import Any

from flask import Flask

DEV_SECRET_KEY = "dev-only-not-secret"


class Defaults:
    """Settings every installation starts from."""

    ENV = "development"
    SECRET_KEY = DEV_SECRET_KEY
    SQLALCHEMY_DATABASE_URI: str | None = None  # default: SQLite file in instance/
    SQLALCHEMY_ENGINE_OPTIONS: dict[str, Any] = {"pool_pre_ping": True}
    SQLITE_BUSY_TIMEOUT_MS = 10_000
    MAX_CONTENT_LENGTH = 16 * 1024 * 1024
    CSP_REPORT_ONLY = False  # True only to try a policy change without enforcing it
    CSP_FRAME_ANCESTORS = "'none'"
    PROXY_COUNT = 0  # reverse proxies in front (nginx: 1): trust their X-Forwarded-* headers

    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE: bool | None = None  # None: True in production (HTTPS), else False
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_SECURE: bool | None = None
    PERMANENT_SESSION_LIFETIME = 8 * 3600
    WTF_CSRF_TIME_LIMIT = None  # a long survey must not expire under a resident's thumb

    # Interface languages, each named in itself (the switcher shows these names). Arabic and
    # Persian are written right to left; portal/i18n.py reads the direction from Babel.
    LANGUAGES = {
        "sv": "svenska",
        "en": "English",
        "ar": "العربية",
        "fa": "فارسی",
        "so": "Soomaali",
        "ti": "ትግርኛ",
        "fi": "suomi",
        "uk": "українська",
    }
    BABEL_DEFAULT_LOCALE = "sv"
    BABEL_DEFAULT_TIMEZONE = "Europe/Stockholm"
    LANGUAGE_COOKIE = "lang"

    RATELIMIT_STORAGE_URI = "portal-memory://"  # memory:// without a thread per request
    RATELIMIT_HEADERS_ENABLED = True
    LOGIN_LIMIT_PER_CLIENT = "20 per 10 minutes"
    LOGIN_LIMIT_PER_ACCOUNT = "5 per 10 minutes"
    TWO_FACTOR_ENFORCED: bool | None = None  # None: required in production only
    # Roles that can read unmoderated input (and admins) must sign in with two factors.
    TWO_FACTOR_REQUIRED_ROLES = ("admin", "samordnare", "polis", "vandringsledare")

    MAP_TILE_URL = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
    MAP_TILE_ATTRIBUTION = (
        '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors'
    )
    MAP_DEFAULT_CENTER = (62.0, 15.0)  # lat, lon: Sweden
    MAP_DEFAULT_ZOOM = 5

    PAGE_CACHE_ENABLED = True  # anonymous GETs: ETag + server-side cache, bumped on every write
    PAGE_CACHE_SIZE = 2000  # pages per worker (in-process); Redis when REDIS_URL is set

    # Gallring (flask gallra): days each kind of data is kept; None keeps it until further notice.
    RETENTION_DAYS: dict[str, int | None] = {"audit": 5 * 365}

    DISCLOSURE_MINIMUM = 5
    ACCESSIBILITY_CONTACT = "tillganglighet@kommun.example"
    PRIVACY_CONTACT = "dataskydd@kommun.example"
    ORGANISATION_NAME = "Demokommunen och Polisen"
    PAGE_SIZE = 25

    # Places (portal/map): uploads, reporting and the GeoJSON API.
    UPLOAD_FOLDER: str | None = None  # default: instance/uploads (photos, via portal.storage)
    PHOTO_MAX_BYTES = 10 * 1024 * 1024  # per photo; keep below MAX_CONTENT_LENGTH
    PHOTO_MAX_PIXELS = 40_000_000  # larger images are refused as decompression bombs
    # Reports this close to a place of the same category are asked "is it this one?".
    PLACE_MERGE_RADIUS_M = 25
    PLACE_DESCRIPTION_MAX = 2000  # characters in a resident's description
    REPORT_RATE_LIMIT = "30 per hour"  # anonymous place reports per client
    AGREE_RATE_LIMIT = "60 per hour"  # anonymous "Jag håller med" per client
    PLACES_API_MAX_FEATURES = 1500  # above this a bbox answer is grid clusters, not single places
    PLACE_PUBLIC_DECIMALS = 4  # public coordinates are rounded (4 decimals ≈ 10 m): no exact pin

    # Lägesbild and EST reports (portal/lagesbild).
    EST_PERIOD_KIND = "vecka"  # reporters' default period: "vecka" or "tvavecka" (fortnight)
    EST_COUNT_LEVELS = (
        1,
        3,
        10,
    )  # a count of at least 1/3/10 reads as enstaka/återkommande/omfattande
    EST_NOTE_MAX = 1000  # characters in one EST note
    EST_IMPORT_ERRORS_SHOWN = 200  # errors listed on the upload page (all of them are counted)
    LAGESBILD_HOTSPOT_CELL_M = 250  # side of a hot-spot grid cell in metres (SWEREF 99 TM)
    LAGESBILD_CHANGES_SHOWN = 8  # how many "utvecklingar som går åt fel håll" are listed

    # Walks (portal/walks): joining by code, pinning during the walk, the leader's live view.
    WALK_DEFAULT_MAX_PARTICIPANTS = 20  # about 20 per group (split larger groups into walks)
    WALK_PIN_OPENS_BEFORE_MIN = 15  # default pin window: opens this long before the start …
    WALK_PIN_CLOSES_AFTER_MIN = 60  # … and closes this long after the planned end
    WALK_OFFLINE_GRACE_HOURS = 12  # pins made in the window may arrive this late (offline queue)
    WALK_JOIN_RATE_LIMIT = "30 per 10 minutes"  # joins (and wrong codes) per client
    WALK_PIN_RATE_LIMIT = "300 per hour"  # pins per client (a group may share one mobile NAT)
    WALK_LIVE_POLL_SECONDS = 10  # how often the leader's live view asks for new pins
    WALK_ROUTE_MAX_POINTS = 5000  # positions in an imported or drawn route
    WALK_COOKIE_DAYS = 2  # a participant's cookie lasts this long after the pin window closes

    # Medborgarlöften (portal/loften): review cycle, feeds and the embeddable widget.
    LOFTEN_REVIEW_MONTHS = 6  # review cycle of a new promise (3, 6 or 12 months)
    LOFTEN_REVIEW_NOTICE_DAYS = 14  # the staff dashboard warns this long before a review is due
    LOFTEN_FEED_ENTRIES = 50  # newest updates in an Atom feed
    # Atom ids are tag: URIs; set the authority (your domain) once and never change it, nor the date.
    LOFTEN_FEED_TAG_AUTHORITY: str | None = None  # None: the host name the feed is served under
    LOFTEN_FEED_TAG_DATE = "2025-01-01"
    # Blueprints whose pages other sites may show in an iframe (portal/security.py): the widget.
    EMBEDDABLE_BLUEPRINTS = ("loften_embed",)


def _from_environment(environ: Mapping[str, str]) -> dict[str, Any]:
    """Read DATABASE_URL, SECRET_KEY, REDIS_URL and PORTAL_* into config keys."""
    found: dict[str, Any] = {}
    if environ.get("DATABASE_URL"):
        found["SQLALCHEMY_DATABASE_URI"] = environ["DATABASE_URL"]
    if environ.get("SECRET_KEY"):
        found["SECRET_KEY"] = environ["SECRET_KEY"]
    if environ.get("REDIS_URL"):
        found["REDIS_URL"] = environ["REDIS_URL"]
        found["RATELIMIT_STORAGE_URI"] = environ["REDIS_URL"]
    for name, raw in environ.items():
        if name.startswith("PORTAL_") and len(name) > len("PORTAL_"):
            try:
                value: Any = json.loads(raw)
            except ValueError:
                value = raw
            found[name.removeprefix("PORTAL_")] = value
    return found


def load_config(app: Flask, overrides: Mapping[str, Any] | None = None) -> None:
    """Fill ``app.config`` in order: defaults, instance file, environment, overrides."""
    app.config.from_object(Defaults)
    app.config.from_pyfile("portal.cfg", silent=True)
    app.config.update(_from_environment(os.environ))
    if overrides:
        app.config.update(overrides)
    if not app.config.get("SQLALCHEMY_DATABASE_URI"):
        os.makedirs(app.instance_path, exist_ok=True)
        path = os.path.join(app.instance_path, "portal.sqlite3")
        app.config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{path}"
    production = app.config["ENV"] == "production"
    if production:
        check_production(app.config)
    for name in ("SESSION_COOKIE_SECURE", "REMEMBER_COOKIE_SECURE"):
        if app.config[name] is None:
            app.config[name] = production


class ConfigurationError(RuntimeError):
    """The configuration cannot run safely; the message says what to change."""


def check_production(config: Mapping[str, Any]) -> None:
    """Refuse production settings that would be unsafe."""
    key = config.get("SECRET_KEY") or ""
    if key == DEV_SECRET_KEY or len(key) < 32:
        raise ConfigurationError(
            "PORTAL_ENV=production needs a real SECRET_KEY: set the environment variable "
            "SECRET_KEY to a random string of at least 32 characters, e.g. "
            "python -c 'import secrets; print(secrets.token_urlsafe(48))'."
        )
