"""Public pages, language choice, health check and error pages."""

import pytest
from sqlalchemy.exc import OperationalError

from portal.extensions import db


@pytest.mark.parametrize(
    "url", ["/", "/omraden", "/tillganglighet", "/personuppgifter", "/logga-in"]
)
def test_public_pages_render_in_swedish_by_default(client, url):
    response = client.get(url)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert '<html lang="sv" dir="ltr">' in html
    assert 'href="#main"' in html and '<main id="main"' in html
    assert "Tillgänglighetsredogörelse" in html and "Personuppgifter" in html


def test_accessibility_statement_has_a_way_to_report_problems(client):
    html = client.get("/tillganglighet").get_data(as_text=True)
    assert "mailto:tillganglighet@kommun.example" in html and "Digg" in html


def test_language_from_accept_language_and_cookie(client, app):
    html = client.get("/", headers={"Accept-Language": "en-GB,en;q=0.9"}).get_data(as_text=True)
    assert '<html lang="en"' in html
    response = client.get("/sprak/sv?next=/omraden")
    assert response.headers["Location"] == "/omraden"
    assert "lang=sv" in response.headers["Set-Cookie"]
    html = client.get("/", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert '<html lang="sv"' in html  # the explicit choice wins


def test_language_switch_refuses_foreign_next_and_unknown_language(client):
    response = client.get("/sprak/xx?next=https://evil.example/")
    assert response.headers["Location"] == "/"
    assert "Set-Cookie" not in response.headers


def test_pages_name_languages_in_themselves_with_hreflang(client):
    html = client.get("/").get_data(as_text=True)
    assert 'lang="en" hreflang="en"' in html and ">English<" in html and ">svenska<" in html
    assert 'rel="alternate" hreflang="en"' in html


def test_english_translation_is_used(client):
    html = client.get("/", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "Skip to content" in html


def test_healthz(client):
    assert client.get("/healthz").get_json() == {"status": "ok", "database": "ok"}


def test_healthz_reports_database_down(client, monkeypatch):
    def broken(*_args, **_kwargs):
        raise OperationalError("SELECT 1", {}, Exception("connection refused"))

    monkeypatch.setattr(db.session, "execute", broken)
    response = client.get("/healthz")
    assert response.status_code == 503 and response.get_json()["database"] == "unreachable"


def test_friendly_404(client):
    response = client.get("/finns/inte")
    assert response.status_code == 404
    assert "Sidan finns inte" in response.get_data(as_text=True)


def test_500_is_friendly_and_rolls_back(app, client, monkeypatch):
    from portal.pages import views

    rolled_back = []
    monkeypatch.setattr(db.session, "rollback", lambda: rolled_back.append(True))

    def boom():
        raise RuntimeError("kaboom")

    monkeypatch.setattr(views.area_services, "tree", boom)
    response = client.get("/")
    assert response.status_code == 500
    assert "Något gick fel hos oss" in response.get_data(as_text=True)
    assert rolled_back


def test_too_large_body_is_413(client, app):
    response = client.post(
        "/logga-in", data={"email": "x" * (app.config["MAX_CONTENT_LENGTH"] + 10)}
    )
    assert response.status_code == 413
    assert "för stor" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    "url",
    [
        "/vendor/leaflet/leaflet.js",
        "/vendor/leaflet-markercluster/leaflet.markercluster.js",
        "/static/css/portal.css",
    ],
)
def test_assets_are_served_locally(client, url):
    with client.get(url) as response:
        assert response.status_code == 200
