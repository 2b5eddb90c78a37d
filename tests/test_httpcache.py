"""Anonymous pages are cached and revalidated by ETag, and never stale after a write."""

import pytest

from portal.extensions import db
from tests.factories import make_area


@pytest.fixture
def cached(app, client):
    app.config["PAGE_CACHE_ENABLED"] = True
    yield client
    app.config["PAGE_CACHE_ENABLED"] = False


def test_second_visit_is_served_from_cache_with_validators(cached, area):
    first = cached.get("/omraden")
    assert first.headers["X-Cache"] == "miss"
    assert first.headers["ETag"].startswith('W/"') and "Last-Modified" in first.headers
    assert first.headers["Cache-Control"] == "public, no-cache"
    second = cached.get("/omraden")
    assert second.headers["X-Cache"] == "hit"
    assert second.get_data() == first.get_data()


def test_conditional_get_gives_304(cached, area):
    etag = cached.get("/omraden").headers["ETag"]
    response = cached.get("/omraden", headers={"If-None-Match": etag})
    assert response.status_code == 304 and response.get_data() == b""


def test_a_write_makes_the_next_visit_render_afresh(cached, area):
    etag = cached.get("/omraden").headers["ETag"]
    make_area("Helt nytt område", parent=area)
    db.session.commit()
    response = cached.get("/omraden", headers={"If-None-Match": etag})
    assert response.status_code == 200 and response.headers["X-Cache"] == "miss"
    assert "Helt nytt område" in response.get_data(as_text=True)
    assert response.headers["ETag"] != etag


def test_language_is_part_of_the_key(cached, area):
    swedish = cached.get("/omraden").get_data(as_text=True)
    english = cached.get("/omraden", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "Områden" in swedish and "Areas" in english


def test_visitors_with_a_session_and_staff_pages_are_not_cached(cached, area, login_as):
    cached.get("/logga-in")
    assert "X-Cache" not in cached.get("/logga-in").headers  # its form holds a CSRF token
    login_as("samordnare", area)
    response = cached.get("/omraden")
    assert "X-Cache" not in response.headers and "ETag" not in response.headers


def test_errors_are_not_cached(cached):
    assert "X-Cache" not in cached.get("/omraden/finns-inte").headers


def test_cached_page_allows_its_inline_scripts_by_hash_not_by_a_reused_nonce(cached, area):
    import base64
    import hashlib
    import re

    first = cached.get("/omraden/testkommun")
    second = cached.get("/omraden/testkommun")
    assert second.headers["X-Cache"] == "hit"
    header = next(k for k, _v in second.headers if k.startswith("Content-Security-Policy"))
    policy = second.headers[header]
    assert "'nonce-" not in policy
    script = re.search(rb"<script nonce=[^>]*>(.*?)</script>", second.get_data(), re.DOTALL).group(
        1
    )
    digest = base64.b64encode(hashlib.sha256(script).digest()).decode()
    assert f"'sha256-{digest}'" in policy
    assert "'nonce-" in first.headers[header]


def test_a_cookieless_hit_is_answered_before_flask_with_the_same_headers(app, cached, area):
    fast = app.wsgi_app
    while not hasattr(fast, "pages"):  # the FastHits layer, inside any other middleware
        fast = fast.wsgi_app
    first = cached.get("/omraden")
    second = cached.get("/omraden")
    assert second.headers["X-Cache"] == "hit" and second.get_data() == first.get_data()
    assert any("/omraden" in key for key in fast.pages.items)
    for name in ("ETag", "Cache-Control", "Vary", "X-Content-Type-Options", "Content-Language"):
        assert second.headers[name] == first.headers[name]
    make_area("Ännu ett område", parent=area)
    db.session.commit()
    after = cached.get("/omraden")
    assert after.headers["X-Cache"] == "miss" and "Ännu ett område" in after.get_data(as_text=True)


def test_a_visitor_with_any_cookie_but_the_language_gets_their_own_page(cached, area):
    cached.get("/omraden")
    cached.set_cookie("lang", "en")
    assert cached.get("/omraden").headers["X-Cache"] == "miss"  # a page in English, then kept
    assert cached.get("/omraden").headers["X-Cache"] == "hit"
    cached.set_cookie("platser_haller_med", "x")
    assert "X-Cache" not in cached.get("/omraden").headers
