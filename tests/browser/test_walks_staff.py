"""Walks for staff in a real browser: plan a walk (route drawn on the map), its code, poster and
live view; build, edit and publish the protocol from the pins. axe on every staff walk page."""

from __future__ import annotations

import re
from datetime import timedelta

from portal.areas import services as area_services
from portal.extensions import db
from portal.map import categories
from portal.timeutil import utcnow
from portal.walks import pins, services, vocab
from portal.walks.models import Walk
from tests.browser.conftest import check_axe, login


def test_plan_a_walk_with_a_drawn_route(page, live_app):
    login(page, "vandring@demo.example", "demo-vandringsledare")
    page.goto("/hantera/vandringar/")
    check_axe(page)
    page.get_by_role("link", name="Planera en ny vandring").click()
    page.locator("#route-draw .map-canvas").wait_for(state="visible")
    check_axe(page)
    page.get_by_label("Namn på vandringen").fill("Webbläsarvandring i Andersberg")
    page.get_by_label("Område").select_option(label="Andersberg")
    day = (utcnow() + timedelta(days=14)).strftime("%Y-%m-%d")
    page.get_by_label("Start", exact=True).fill(f"{day}T19:00")
    page.get_by_label("Slut", exact=True).fill(f"{day}T21:00")
    page.get_by_label("Efter solnedgången").check()
    page.get_by_label("Samlingsplats", exact=True).fill("Vid biblioteket")
    canvas = page.locator("#route-draw .map-canvas")
    box = canvas.bounding_box()
    for dx, dy in ((-60, -20), (0, 10), (60, 30)):
        canvas.click(position={"x": box["width"] / 2 + dx, "y": box["height"] / 2 + dy})
    assert page.locator("#route-status").inner_text() == "Rutten har 3 punkter."
    page.get_by_role("button", name="Sätt samlingsplats").click()
    canvas.click(position={"x": box["width"] / 2 - 60, "y": box["height"] / 2 - 20})
    assert page.get_by_label("Samlingsplatsens latitud (frivilligt)").input_value() != ""
    page.get_by_label("Belysning saknas/trasig").check()
    page.get_by_role("button", name="Skapa vandringen").click()
    page.wait_for_url(re.compile(r".*/hantera/vandringar/\d+$"))
    code = page.locator("#join-code").inner_text()
    assert re.fullmatch(r"\w{3}-\w{3}", code)
    assert page.locator("svg.walk-qr").count() == 1
    check_axe(page)
    walk_id = int(page.url.rsplit("/", 1)[1])
    with live_app.app_context():
        walk = db.session.get(Walk, walk_id)
        assert walk.route["type"] == "LineString" and len(walk.route["coordinates"]) == 3
        assert walk.meeting_lat is not None and walk.area.slug == "andersberg"
        assert [c.slug for c in walk.categories] == ["belysning"]
        db.session.remove()
    page.get_by_role("link", name="Skriv ut affisch med QR-kod").click()
    assert page.locator(".poster-code").inner_text() == code
    check_axe(page)
    page.goto(f"/hantera/vandringar/{walk_id}/redigera")
    check_axe(page)
    page.goto(f"/hantera/vandringar/{walk_id}/live")
    check_axe(page)
    page.goto(f"/vandringar/{walk_id}")
    assert "Webbläsarvandring i Andersberg" in page.locator("h1").inner_text()
    assert code not in page.locator("main").inner_text()  # the code is for those who come
    check_axe(page)


def walk_with_pins(live_app) -> int:
    """A walk that ended yesterday with three pins (one positive, one without the map)."""
    with live_app.app_context():
        start = utcnow() - timedelta(days=1)
        area = area_services.get_by_slug("andersberg")
        walk = services.create_walk(
            "browsertest",
            area=area,
            title="Vandring att skriva protokoll för",
            starts_at=start,
            ends_at=start + timedelta(hours=2),
            light=vocab.MORKER,
            meeting_point="Torget",
            pin_opens_at=start,
            pin_closes_at=start + timedelta(hours=3),
        )
        participant, _ = services.join(walk, display_name="Lina", now=start)
        moment = start + timedelta(minutes=20)
        for slug, lon, lat, text in (
            ("belysning", 17.125, 60.655, "Lampan vid gångvägen är trasig"),
            ("tryggt", 17.14, 60.65, "Upplyst och bra vid torget"),
            ("skymd-sikt", 17.15, 60.645, "Höga buskar"),
        ):
            pins.add_pin(
                walk,
                participant,
                category=categories.by_slug(slug),
                description=text,
                now=moment,
                lon=lon,
                lat=lat,
            )
        db.session.commit()
        return walk.id


def test_build_edit_and_publish_the_protocol(page, live_app):
    walk_id = walk_with_pins(live_app)
    login(page, "samordnare@demo.example", "demo-samordnare")
    page.goto(f"/hantera/vandringar/{walk_id}/protokoll")
    assert "3 markerade platser finns inte i protokollet än." in page.locator("main").inner_text()
    check_axe(page)
    page.get_by_role("button", name="Lägg till dem i protokollet").click()
    page.locator("#punkt-3").wait_for()
    assert page.locator("article.protocol-point").count() == 3
    check_axe(page)

    point = page.locator("#punkt-1")
    point.get_by_label("Beskrivning i protokollet").fill("Trasig belysning längs gångvägen.")
    point.get_by_label("Prioritet").select_option(label="Hög")
    point.get_by_label("Ansvarig").fill("Kommunens tekniska förvaltning")
    point.get_by_label("Status").select_option(label="Ingen åtgärd")
    point.get_by_role("button", name="Spara punkt 1").click()
    assert (
        "Skriv ett offentligt skäl till att ingen åtgärd görs."
        in page.locator("#error-summary").first.inner_text()
    )
    check_axe(page)
    point = page.locator("#punkt-1")
    point.get_by_label("Status").select_option(label="Åtgärd planerad")
    point.get_by_label("Offentlig kommentar (frivillig)").fill("Nya armaturer är beställda.")
    point.get_by_role("button", name="Spara punkt 1").click()
    assert "Punkt 1 är sparad." in page.locator(".flash-area").inner_text()
    page.get_by_label("Sammanfattning (visas överst i protokollet)").fill(
        "Åtta deltagare, torrt väder."
    )
    page.get_by_role("button", name="Spara sammanfattningen").click()
    page.get_by_role("button", name="Publicera protokollet").click()
    assert "Protokollet är publicerat med 3 punkter." in page.locator(".flash-area").inner_text()
    check_axe(page)

    page.get_by_role("link", name="Utskriftsversion").click()
    assert page.locator("svg.walk-overview").count() == 1
    check_axe(page)
    page.emulate_media(media="print")
    assert page.locator(".site-header").is_hidden()
    page.emulate_media(media="screen")

    page.goto(f"/vandringar/{walk_id}/protokoll")
    text = page.locator("main").inner_text()
    assert "Trasig belysning längs gångvägen." in text and "Åtgärd planerad" in text
    assert "Nya armaturer är beställda." in text and "Åtta deltagare, torrt väder." in text
    assert "Lampan vid gångvägen är trasig" not in text  # the participant's own words stay private
    check_axe(page)
