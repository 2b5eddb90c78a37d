"""Public map, list, place page and "Jag håller med"; public output is masked."""

from __future__ import annotations

from portal.extensions import db
from portal.map import handling, vocab
from portal.map.models import Place
from tests.map.conftest import NORR, SODER, published, report

SECRET = "Ring 0701234567 eller mejla kalle@example.se, bilen ABC 123 står vid Storgatan 12."


def text(client, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, url
    return response.get_data(as_text=True)


def test_map_page_weight_does_not_grow_with_the_places(client, area, cats, handler):
    empty = text(client, "/platser")
    for step in range(30):
        published(cats["belysning"], handler, (17.01 + step * 0.009, 60.65))
    full = text(client, "/platser")
    assert abs(len(full) - len(empty)) < 200  # only nonces and the like differ
    assert "/api/places.geojson" in full and "leaflet.markercluster.js" in full
    assert "/static/js/map-places.js" in full


def test_list_shows_published_places_with_the_same_filters(client, area, cats, handler):
    published(cats["belysning"], handler, SODER, description="Mörkt vid skolan")
    night = published(
        cats["klotter"], handler, NORR, description="Klotter på bron", time_of_day=vocab.NATT
    )
    report(cats["klotter"], NORR, description="Opublicerad text")
    html = text(client, "/platser/lista")
    assert "Mörkt vid skolan" in html and "Klotter på bron" in html
    assert "Opublicerad text" not in html
    filtered = text(client, "/platser/lista?time=natt&category=klotter")
    assert "Klotter på bron" in filtered and "Mörkt vid skolan" not in filtered
    assert f"/platser/{night.id}" in filtered
    assert "Mörkt vid skolan" not in text(client, "/platser/lista?area=norr")
    lenient = text(client, "/platser/lista?category=finns-inte&status=x&page=abc")
    assert "Klotter på bron" in lenient  # unknown filter values are ignored on HTML pages


def test_public_output_is_masked_everywhere(client, area, cats, handler):
    place = published(cats["belysning"], handler, SODER, description=SECRET)
    handling.change_status(handler, place, vocab.BEDOMD, note="Ring 08-123 456 78 för svar")
    db.session.commit()
    pages = [
        text(client, f"/platser/{place.id}"),
        text(client, "/platser/lista"),
        client.get("/api/places.geojson").get_data(as_text=True),
        text(client, f"/folj/{place.observations[0].follow_code}"),
    ]
    for html in pages:
        for secret in (
            "0701234567",
            "kalle@example.se",
            "ABC 123",
            "Storgatan 12",
            "08-123 456 78",
        ):
            assert secret not in html
    assert "[telefonnummer borttaget]" in pages[0]


def test_unpublished_place_page_is_404_and_merged_one_redirects(client, area, cats, handler):
    hidden = report(cats["klotter"], NORR).place
    text(client, f"/platser/{hidden.id}", 404)
    target = published(cats["klotter"], handler, SODER)
    hidden = db.session.get(Place, hidden.id)
    handling.merge(handler, hidden, target)
    db.session.commit()
    response = client.get(f"/platser/{hidden.id}")
    assert response.status_code == 301 and response.headers["Location"] == f"/platser/{target.id}"
    text(client, "/platser/999999", 404)


def test_place_page_shows_status_updates_and_suppresses_small_breakdowns(
    client, area, cats, handler
):
    place = published(cats["belysning"], handler, SODER)
    handling.change_status(handler, place, vocab.BEDOMD, note="Vi har tittat på platsen.")
    handling.set_handling(handler, place, responsible="Tekniska förvaltningen", deadline=None)
    db.session.commit()
    html = text(client, f"/platser/{place.id}")
    assert "Vi har tittat på platsen." in html and "Tekniska förvaltningen" in html
    assert "Bedömd" in html
    assert "Rapporter efter tid på dygnet" not in html  # fewer than 5 reports
    assert "färre än 5" in html
    for _ in range(5):
        report(
            cats["belysning"],
            SODER,
            attach_to=db.session.get(Place, place.id),
            time_of_day=vocab.KVALL,
        )
    html = text(client, f"/platser/{place.id}")
    assert "Rapporter efter tid på dygnet" in html
    # 6 in the evening, none by day or night: zeros are shown, nothing small is left alone
    assert '<td class="num">6</td>' in html


def test_agree_once_per_client(client, area, cats, handler):
    place = published(cats["belysning"], handler, SODER)
    url = f"/platser/{place.id}/hall-med"
    assert client.post(url).status_code == 302
    assert client.post(url).status_code == 302  # remembered in the signed cookie
    assert db.session.get(Place, place.id).agree_count == 1
    assert "Du har sagt att du håller med." in text(client, f"/platser/{place.id}")
    other = client.application.test_client()
    other.post(url)
    assert db.session.get(Place, place.id).agree_count == 2


def test_agree_cookie_cannot_be_forged(client, area, cats, handler):
    place = published(cats["belysning"], handler, SODER)
    client.set_cookie("platser_haller_med", "[1,2,3]")
    client.post(f"/platser/{place.id}/hall-med")
    assert db.session.get(Place, place.id).agree_count == 1


def test_agree_must_come_from_this_site_and_the_place_page_holds_no_session(
    app, client, area, cats, handler
):
    place = published(cats["belysning"], handler, SODER)
    url = f"/platser/{place.id}/hall-med"
    page = client.get(f"/platser/{place.id}")
    assert "Set-Cookie" not in page.headers  # no CSRF token in a session: the page can be cached
    assert client.post(url, headers={"Origin": "https://elak.example"}).status_code == 400
    assert client.post(url, headers={"Referer": "https://elak.example/x"}).status_code == 400
    assert client.post(url, headers={"Origin": "null"}).status_code == 400
    assert client.post(url, headers={"Referer": "http://["}).status_code == 400
    assert db.session.get(Place, place.id).agree_count == 0
    app.config["WTF_CSRF_ENABLED"] = True  # as in production: the route needs no token
    try:
        assert client.post(url, headers={"Origin": "http://localhost"}).status_code == 302
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    assert db.session.get(Place, place.id).agree_count == 1


def test_agree_with_an_unpublished_place_is_404(client, area, cats):
    place = report(cats["belysning"]).place
    assert client.post(f"/platser/{place.id}/hall-med").status_code == 404
    assert client.get(f"/platser/{place.id}/hall-med").status_code == 405


def test_area_page_has_a_places_section(client, area, cats, handler):
    published(cats["belysning"], handler, SODER)
    html = text(client, "/omraden/soder")
    assert "Platser i området" in html and "1 publicerad plats." in html
    assert "/platser/lista?area=soder" in html


HUGE = "99999999999999999999"


def test_huge_or_odd_ids_are_404_not_500(client, area, cats, login_as):
    for url in (
        f"/platser/{HUGE}",
        f"/platser/bild/{HUGE}/bild",
        "/platser/0",
        "/folj/%00",
        "/platser/kvitto/%ff",
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(f"/platser/{HUGE}/hall-med").status_code == 404
    nearby = f"/platser/rapportera/nara?lon=17&lat=60&category={HUGE}"
    assert client.get(nearby).status_code == 400
    login_as("admin", area)
    for url in (
        f"/hantera/platser/{HUGE}",
        f"/hantera/platser/rapport/{HUGE}/bild/bild",
        f"/hantera/platser/kategorier/{HUGE}",
    ):
        assert client.get(url).status_code == 404, url
    place = report(cats["klotter"], NORR).place
    merge = client.post(f"/hantera/platser/{place.id}/sla-ihop", data={"target": HUGE})
    assert merge.status_code == 400
