"""Interface language: which one a visitor gets, its writing direction, and numbers and dates.

The language is chosen, in order, by ``?lang=xx`` in the address (the ``hreflang`` alternates
use it, so a search engine or a shared link gets that language without a cookie), the cookie the
language switcher sets, the browser's ``Accept-Language``, and finally Swedish.

A language whose compiled catalogue (``messages.mo``) is missing still works: Flask-Babel then
shows the Swedish source text, and a warning at start-up names the missing catalogues.
"""

from __future__ import annotations

import os
import re
from datetime import date, datetime
from functools import lru_cache
from urllib.parse import urlencode

from babel import Locale, UnknownLocaleError
from flask import Flask, current_app, request
from flask_babel import format_date, format_decimal, format_percent, get_locale
from flask_babel import lazy_gettext as _l

LOGIN_MESSAGE = _l("Logga in för att se den sidan.")
LANGUAGE_PARAMETER = "lang"  # ?lang=xx in a URL shows that page in that language
STAFF_PREFIX = "/hantera"  # staff pages get no hreflang alternates
_LAST_ZERO = re.compile(r"0(?!.*0)")


def translations_dir() -> str:
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    return os.path.join(root, "translations")


def select_locale() -> str:
    """The visitor's language: ``?lang=``, then the cookie, then the browser, then the default."""
    languages = current_app.config["LANGUAGES"]
    asked = request.args.get(LANGUAGE_PARAMETER)
    if asked in languages:
        return asked
    chosen = request.cookies.get(current_app.config["LANGUAGE_COOKIE"])
    if chosen in languages:
        return chosen
    return browser_language(languages) or current_app.config["BABEL_DEFAULT_LOCALE"]


def browser_language(languages) -> str | None:
    """The first of the browser's languages, in its order of preference, that the portal has;
    a regional tag counts as its language ("so-SO" is "so", even when "en" comes later)."""
    for value, quality in request.accept_languages:
        if quality <= 0:
            continue
        tag = value.replace("_", "-").lower()
        for candidate in (tag, tag.split("-")[0]):
            if candidate in languages:
                return candidate
    return None


@lru_cache(maxsize=64)
def text_direction(locale: str) -> str:
    """``"rtl"`` for languages written right to left (Arabic, Persian …), else ``"ltr"``."""
    try:
        return Locale.parse(locale.replace("-", "_")).text_direction
    except (ValueError, UnknownLocaleError):
        return "ltr"


def missing_catalogues(app: Flask) -> list[str]:
    """Configured languages (other than the source language) without a compiled catalogue."""
    folder = translations_dir()
    return [
        code
        for code in app.config["LANGUAGES"]
        if code != app.config["BABEL_DEFAULT_LOCALE"]
        and not os.path.exists(os.path.join(folder, code, "LC_MESSAGES", "messages.mo"))
    ]


# --- links: the switcher and the hreflang alternates ------------------------------------------


def _arguments_without_language() -> list[tuple[str, str]]:
    return [(k, v) for k, v in request.args.items(multi=True) if k != LANGUAGE_PARAMETER]


def current_path_without_language() -> str:
    """This page's path and query without ``lang``: where the switcher returns to."""
    query = urlencode(_arguments_without_language())
    return request.path + ("?" + query if query else "")


def alternate_links() -> list[tuple[str, str]]:
    """``(hreflang, absolute URL)`` for this page in every language, and ``x-default``.

    Only for public pages answered normally: staff pages and error pages are not alternates.
    """
    if request.path.startswith(STAFF_PREFIX) or request.endpoint is None:
        return []
    base = request.base_url
    kept = _arguments_without_language()
    links = [
        (code, base + "?" + urlencode([*kept, (LANGUAGE_PARAMETER, code)]))
        for code in current_app.config["LANGUAGES"]
    ]
    links.append(("x-default", base + ("?" + urlencode(kept) if kept else "")))
    return links


# --- numbers and dates in the visitor's notation ------------------------------------------------


def number(
    value: float | int | None, decimals: int = 0, *, fixed: bool = False, signed: bool = False
) -> str:
    """``1234.5`` as "1 234,5" (sv), "1,234.5" (en) …, at most ``decimals`` decimals (exactly
    that many with ``fixed``); ``signed`` shows "+" before positive numbers (differences)."""
    if value is None:
        return "–"
    fraction = ("0" if fixed else "#") * decimals
    pattern = "#,##0" + ("." + fraction if decimals > 0 else "")
    if signed:
        pattern = f"+{pattern};-{pattern}"
    return format_decimal(value, format=pattern)


def percent(value: float | None, decimals: int = 0) -> str:
    """A proportion (0.345) as a percentage in the visitor's notation: "34 %" (sv), "34%" (en)."""
    if value is None:
        return "–"
    if not decimals:
        return format_percent(value)
    locale = get_locale() or Locale.parse("sv")
    pattern = locale.percent_formats[None].pattern  # the locale's own, e.g. "#,##0\xa0%"
    return format_percent(value, format=_LAST_ZERO.sub("0." + "#" * decimals, pattern, count=1))


def day(value: date | datetime | None, width: str = "medium") -> str:
    """A date ("12 mars 2026", "12 Mar 2026" …); ``width`` is short, medium, long or full."""
    return "" if value is None else format_date(value, width)


def day_range(start: date | None, end: date | None, width: str = "medium") -> str:
    """Two dates as a period, "1 jan. 2026 – 31 mars 2026"."""
    return f"{day(start, width)} – {day(end, width)}"


def init_app(app: Flask) -> None:
    missing = missing_catalogues(app)
    if missing:
        app.logger.warning(
            "No compiled catalogue for %s: these languages show Swedish until "
            "`make i18n-compile` has run.",
            ", ".join(missing),
        )
    app.jinja_env.filters.update(number=number, percent=percent, day=day, day_range=day_range)

    @app.context_processor
    def language_context() -> dict:
        locale = str(get_locale() or app.config["BABEL_DEFAULT_LOCALE"])
        return {
            "current_language": locale,
            "text_direction": text_direction(locale),
            "languages": app.config["LANGUAGES"],
            "language_direction": text_direction,
            "alternate_links": alternate_links,
            "current_path_without_language": current_path_without_language,
        }

    @app.after_request
    def content_language(response):
        if response.mimetype == "text/html" and "Content-Language" not in response.headers:
            response.headers["Content-Language"] = str(
                get_locale() or app.config["BABEL_DEFAULT_LOCALE"]
            )
        return response
