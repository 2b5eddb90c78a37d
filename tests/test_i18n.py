"""Interface languages: choice (``?lang``, cookie, Accept-Language), direction, the switcher,
hreflang alternates, a missing catalogue, and numbers and dates in each language's notation."""

from __future__ import annotations

import re
from contextlib import contextmanager
from datetime import date

import pytest
from flask import render_template_string
from flask_babel import refresh

from portal import i18n

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
NBSP = "\xa0"


@contextmanager
def in_language(app, code: str):
    """A request in ``code`` (Flask-Babel caches the locale per app context: refresh it)."""
    with app.test_request_context(f"/?lang={code}"):
        refresh()
        yield
    refresh()


def html_tag(html: str) -> str:
    return re.search(r"<html[^>]*>", html).group(0)


def test_eight_languages_each_named_in_itself(app):
    assert app.config["LANGUAGES"] == LANGUAGES
    assert app.config["BABEL_DEFAULT_LOCALE"] == "sv"


@pytest.mark.parametrize("code", LANGUAGES)
def test_direction_per_language(client, code):
    html = client.get("/", query_string={"lang": code}).get_data(as_text=True)
    direction = "rtl" if code in ("ar", "fa") else "ltr"
    assert html_tag(html) == f'<html lang="{code}" dir="{direction}">'
    assert i18n.text_direction(code) == direction


def test_direction_of_unknown_and_regional_codes():
    assert i18n.text_direction("ar_SA") == "rtl"
    assert i18n.text_direction("fa-IR") == "rtl"
    assert i18n.text_direction("xx") == "ltr"
    assert i18n.text_direction("") == "ltr"


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("ar-SA,ar;q=0.9", "ar"),
        ("fa-IR", "fa"),
        ("so-SO,en;q=0.5", "so"),
        ("ti-ER", "ti"),
        ("fi-FI,sv;q=0.8", "fi"),
        ("uk-UA,ru;q=0.8", "uk"),
        ("de-DE,en;q=0.7,sv;q=0.5", "en"),  # the best the portal has, by the browser's order
        ("de-DE,fr", "sv"),  # nothing matches: Swedish
        ("", "sv"),
    ],
)
def test_accept_language_fallback(client, header, expected):
    html = client.get("/", headers={"Accept-Language": header}).get_data(as_text=True)
    assert f'lang="{expected}"' in html_tag(html)


def test_cookie_beats_accept_language_and_lang_parameter_beats_both(client):
    client.get("/sprak/fi?next=/omraden")
    html = client.get("/", headers={"Accept-Language": "ar"}).get_data(as_text=True)
    assert 'lang="fi"' in html_tag(html)
    html = client.get("/?lang=uk", headers={"Accept-Language": "ar"}).get_data(as_text=True)
    assert 'lang="uk"' in html_tag(html)
    html = client.get("/?lang=xx").get_data(as_text=True)  # unknown: ignored
    assert 'lang="fi"' in html_tag(html)


@pytest.mark.parametrize("code", LANGUAGES)
def test_switcher_sets_a_long_lived_cookie(client, code):
    response = client.get(f"/sprak/{code}", query_string={"next": "/omraden?sida=2"})
    assert response.status_code == 302 and response.headers["Location"] == "/omraden?sida=2"
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith(f"lang={code};") and "Max-Age=31536000" in cookie
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_switcher_names_each_language_in_itself_with_lang_and_dir(client):
    html = client.get("/?lang=ar").get_data(as_text=True)
    nav = re.search(r'<nav class="language".*?</nav>', html, re.DOTALL).group(0)
    links = re.findall(
        r'<a href="([^"]+)"\s+lang="(\w+)" hreflang="\w+" dir="(\w+)"\s*([^>]*)>([^<]+)</a>', nav
    )
    assert [(code, name) for _href, code, _dir, _current, name in links] == list(LANGUAGES.items())
    for href, code, direction, current, _name in links:
        assert href == f"/sprak/{code}?next=/"  # ?lang is not carried into the return address
        assert direction == ("rtl" if code in ("ar", "fa") else "ltr")
        assert ('aria-current="true"' in current) == (code == "ar")


def test_hreflang_alternates_on_public_pages(client, area):
    html = client.get(f"/omraden/{area.slug}?sida=2&lang=en").get_data(as_text=True)
    alternates = re.findall(r'<link rel="alternate" hreflang="([\w-]+)" href="([^"]+)">', html)
    assert [code for code, _ in alternates] == [*LANGUAGES, "x-default"]
    for code, href in alternates:
        expected = f"http://localhost/omraden/{area.slug}?sida=2"
        assert href == (expected if code == "x-default" else f"{expected}&amp;lang={code}")


def test_each_alternate_serves_its_language_without_a_cookie(app, area):
    client = app.test_client()
    for code in LANGUAGES:
        html = client.get(f"/omraden/{area.slug}", query_string={"lang": code}).get_data(
            as_text=True
        )
        assert f'lang="{code}"' in html_tag(html)
        assert "Set-Cookie" not in client.get("/", query_string={"lang": code}).headers


def test_no_alternates_on_staff_and_error_pages(client, login_as, area):
    assert 'rel="alternate"' not in client.get("/finns-inte").get_data(as_text=True)
    login_as("samordnare", area)
    assert 'rel="alternate"' not in client.get("/hantera/").get_data(as_text=True)


def test_content_language_header(client):
    assert client.get("/?lang=fa").headers["Content-Language"] == "fa"
    assert client.get("/").headers["Content-Language"] == "sv"


def test_a_language_without_a_compiled_catalogue_shows_swedish(app, client, monkeypatch):
    monkeypatch.setitem(app.config, "LANGUAGES", {**LANGUAGES, "de": "Deutsch"})
    assert "de" in i18n.missing_catalogues(app)
    response = client.get("/tillganglighet?lang=de")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert 'lang="de"' in html_tag(html) and "<h1>Tillgänglighetsredogörelse</h1>" in html


def test_missing_catalogues_are_named_at_start(app, monkeypatch, tmp_path):
    monkeypatch.setattr(i18n, "translations_dir", lambda: str(tmp_path))
    assert i18n.missing_catalogues(app) == [c for c in LANGUAGES if c != "sv"]
    (tmp_path / "en" / "LC_MESSAGES").mkdir(parents=True)
    (tmp_path / "en" / "LC_MESSAGES" / "messages.mo").write_bytes(b"")
    assert "en" not in i18n.missing_catalogues(app)


# --- numbers and dates ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "big", "share", "signed"),
    [
        ("sv", f"1{NBSP}234,5", f"34{NBSP}%", "+0,25"),
        ("en", "1,234.5", "34%", "+0.25"),
        ("fi", f"1{NBSP}234,5", f"34{NBSP}%", "+0,25"),
        ("uk", f"1{NBSP}234,5", "34%", "+0,25"),
        ("ar", "1,234.5", "34%", "+0.25"),
    ],
)
def test_numbers_in_each_languages_notation(app, code, big, share, signed):
    with in_language(app, code):
        assert i18n.number(1234.5, 1) == big
        assert i18n.percent(0.345) == share
        assert i18n.number(0.254, 2, fixed=True, signed=True) == signed
        assert i18n.number(None) == "–" and i18n.percent(None) == "–"


def test_number_details(app):
    with in_language(app, "sv"):
        assert i18n.number(1234) == f"1{NBSP}234"
        assert i18n.number(2.0, 1) == "2"  # at most one decimal: no "2,0"
        assert i18n.number(1.5, 2, fixed=True) == "1,50"
        assert i18n.number(-3, signed=True) == "-3"
        assert i18n.percent(0.3456, 1) == f"34,6{NBSP}%"
    with in_language(app, "en"):
        assert i18n.percent(0.3456, 1) == "34.6%"
        assert i18n.number(1234) == "1,234"


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("sv", "12 mars 2026"),
        ("en", "March 12, 2026"),
        ("fi", "12. maaliskuuta 2026"),
        ("uk", "12 березня 2026\u202fр."),
        ("ar", "12 مارس 2026"),
        ("so", "Maarso 12, 2026"),
    ],
)
def test_dates_in_each_language(app, code, expected):
    with in_language(app, code):
        assert i18n.day(date(2026, 3, 12), "long") == expected
        assert i18n.day(None) == ""
        assert i18n.day_range(date(2026, 3, 12), date(2026, 3, 13), "long").count("2026") == 2


def test_filters_in_templates(app):
    template = "{{ 1234.5|number(1) }} · {{ 0.5|percent }} · {{ d|day('long') }}"
    with in_language(app, "en"):
        assert render_template_string(template, d=date(2026, 1, 2)) == (
            "1,234.5 · 50% · January 2, 2026"
        )
    with in_language(app, "sv"):
        assert render_template_string(template, d=date(2026, 1, 2)) == (
            f"1{NBSP}234,5 · 50{NBSP}% · 2 januari 2026"
        )
