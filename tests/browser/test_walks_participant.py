"""Walks in a real browser at phone size: join with the code, pin by tapping the map, pin while
offline (the queue sends when the connection is back, each pin once), pin without JavaScript;
the leader's live view shows every pin. axe on every page on the way."""

from __future__ import annotations

import re
from datetime import timedelta

from portal.areas import services as area_services
from portal.extensions import db
from portal.map.models import Observation
from portal.timeutil import utcnow
from portal.walks import pins, services, vocab
from portal.walks.models import Walk
from tests.browser.conftest import check_axe, login

ANDERSBERG_ROUTE = {
    "type": "LineString",
    "coordinates": [[17.12, 60.655], [17.14, 60.65], [17.155, 60.645]],
}


def new_walk(live_app, title: str) -> dict:
    """A walk in progress in Andersberg (the demo walk leader's area)."""
    with live_app.app_context():
        start = utcnow() - timedelta(minutes=20)
        walk = services.create_walk(
            "browsertest",
            area=area_services.get_by_slug("andersberg"),
            title=title,
            starts_at=start,
            ends_at=start + timedelta(hours=2),
            light=vocab.MORKER,
            meeting_point="Vid biblioteket",
            meeting_lon=17.12,
            meeting_lat=60.655,
            route=ANDERSBERG_ROUTE,
            pin_opens_at=start - timedelta(minutes=15),
            pin_closes_at=start + timedelta(hours=3),
        )
        db.session.commit()
        return {"id": walk.id, "code": walk.join_code, "display": walk.display_code}


def stored(live_app, walk_id: int) -> list[dict]:
    with live_app.app_context():
        walk = db.session.get(Walk, walk_id)
        rows = [
            {
                "who": r.display_name or r.number,
                "positioned": r.observation.positioned,
                "category": r.observation.place.category.slug,
                "text": r.observation.description,
            }
            for r in pins.walk_pins(walk)
        ]
        assert pins.observation_count(walk) == len(rows)
        db.session.remove()
        return rows


def axe_nojs(page, browser, live_server) -> None:
    """axe on what a browser without JavaScript shows: axe cannot run in a page with JavaScript
    switched off (its evaluation never returns), so that page's HTML, without scripts, is checked
    in a second page of the same size that runs axe."""
    html = re.sub(r"<script\b.*?</script>", "", page.content(), flags=re.DOTALL | re.IGNORECASE)
    html = html.replace("<head>", f'<head><base href="{live_server}/">', 1)
    context = browser.new_context(viewport=page.viewport_size, locale="sv-SE")
    try:
        checker = context.new_page()
        checker.set_content(html, wait_until="load")
        check_axe(checker)
    finally:
        context.close()


def join(page, code_text: str, name: str | None, check=check_axe) -> None:
    page.goto("/vandring")
    check(page)
    page.get_by_label("Vandringens kod").fill(code_text)
    page.get_by_role("button", name="Gå vidare").click()
    page.wait_for_url(re.compile(r".*/vandring/\w{6}$"))
    check(page)
    if name:
        page.get_by_label("Visningsnamn (frivilligt)").fill(name)
    page.get_by_label("Jag har läst vad som sparas och vill vara med").check()
    page.get_by_role("button", name="Gå med i vandringen").click()
    page.wait_for_url(re.compile(r".*/markera$"))


def tap_and_pin(page, dx: float, dy: float, category: str, text: str) -> None:
    canvas = page.locator("#pin-map .map-canvas")
    size = canvas.bounding_box()
    canvas.click(position={"x": size["width"] / 2 + dx, "y": size["height"] / 2 + dy})
    assert page.locator("#map-status").inner_text() == "Platsen är markerad på kartan."
    page.locator("label.choice", has_text=category).click()
    page.get_by_label("Kort beskrivning (frivillig)").fill(text)
    page.get_by_role("button", name="Spara platsen").click()


def wait_for_status(page, pattern: str) -> None:
    page.wait_for_function(
        "p => new RegExp(p).test(document.getElementById('queue-status').textContent)",
        arg=pattern,
        timeout=15_000,
    )


def test_join_by_code_and_pin_online_and_offline(phone_page, live_app, browser, live_server):
    walk = new_walk(live_app, "Testvandring med täckningsglapp")
    page = phone_page
    join(page, walk["display"].lower(), "Kim")
    assert "Du är med som Kim." in page.locator("main").inner_text()
    page.locator("#pin-map .map-canvas").wait_for(state="visible")
    check_axe(page)

    tap_and_pin(page, -40, -30, "Belysning saknas", "Mörk gångväg")
    wait_for_status(page, "Alla 1 markeringar")
    tap_and_pin(page, 30, 20, "Tryggt och trivsamt", "Upplyst och bra")
    wait_for_status(page, "Alla 2 markeringar")
    assert len(stored(live_app, walk["id"])) == 2

    # The service worker keeps the page: it reloads without coverage.
    page.wait_for_function(
        "() => navigator.serviceWorker && navigator.serviceWorker.controller !== null"
    )
    page.wait_for_function(
        "() => caches.open('vandring-v1').then(c => c.match(location.pathname)).then(r => !!r)",
        polling=300,
    )
    page.context.set_offline(True)
    page.reload()
    page.locator("#pin-map .map-canvas").wait_for(state="visible")
    assert "Du är med som Kim." in page.locator("main").inner_text()
    for number, (dx, dy) in enumerate(((-60, 40), (50, -50), (0, 60)), start=1):
        tap_and_pin(page, dx, dy, "Skymd sikt", f"Offline {number}")
        wait_for_status(page, f"{number} väntar på att skickas")
    assert page.locator("#queued-pins li").count() == 3
    assert len(stored(live_app, walk["id"])) == 2  # nothing reached the server
    check_axe(page)

    page.context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    wait_for_status(page, "Alla 5 markeringar")
    rows = stored(live_app, walk["id"])
    assert len(rows) == 5  # exactly five: none lost, none doubled
    assert sorted(r["text"] for r in rows) == [
        "Mörk gångväg",
        "Offline 1",
        "Offline 2",
        "Offline 3",
        "Upplyst och bra",
    ]
    assert all(r["positioned"] and r["who"] == "Kim" for r in rows)
    assert page.locator("#queued-pins li").count() == 0

    # A reload does not send anything again.
    page.reload()
    page.wait_for_timeout(1500)
    assert len(stored(live_app, walk["id"])) == 5

    # The leader's live view shows all five, with who pinned them.
    leader = browser.new_context(
        viewport={"width": 1280, "height": 900}, base_url=live_server, locale="sv-SE"
    )
    leader_page = leader.new_page()
    try:
        login(leader_page, "vandring@demo.example", "demo-vandringsledare")
        leader_page.goto(f"/hantera/vandringar/{walk['id']}/live")
        leader_page.wait_for_function(
            "() => document.querySelectorAll('#live-list li').length === 5"
        )
        assert leader_page.locator("#live-list li", has_text="Kim").count() == 5
        assert leader_page.locator(".leaflet-marker-icon .place-pin").count() == 5
        check_axe(leader_page)
    finally:
        leader.close()


def test_pin_without_javascript_and_the_live_view_picks_it_up(
    nojs_page, live_app, browser, live_server
):
    walk = new_walk(live_app, "Testvandring utan JavaScript")
    leader = browser.new_context(
        viewport={"width": 1280, "height": 900}, base_url=live_server, locale="sv-SE"
    )
    leader_page = leader.new_page()
    try:
        login(leader_page, "vandring@demo.example", "demo-vandringsledare")
        leader_page.goto(f"/hantera/vandringar/{walk['id']}/live")
        leader_page.locator("#live-empty").wait_for()

        page = nojs_page
        nojs_check = lambda p: axe_nojs(p, browser, live_server)  # noqa: E731
        join(page, walk["code"], None, check=nojs_check)
        assert page.locator("#pin-map").is_hidden()
        assert "Du är med som deltagare 1." in page.locator("main").inner_text()
        nojs_check(page)
        # Forgetting the place keeps what was typed and says what is missing.
        page.locator("label.choice", has_text="Nedskräpning").click()
        page.get_by_label("Kort beskrivning (frivillig)").fill("Skräp vid lekplatsen")
        page.get_by_role("button", name="Spara platsen").click()
        assert (
            "Markera platsen på kartan eller välj del av området."
            in page.locator("#error-summary").inner_text()
        )
        assert (
            page.get_by_label("Kort beskrivning (frivillig)").input_value()
            == "Skräp vid lekplatsen"
        )
        nojs_check(page)
        page.get_by_label("Del av området").select_option(label="— Andersberg södra")
        page.get_by_label("Var är platsen?").fill("Lekplatsen vid skolan")
        page.get_by_role("button", name="Spara platsen").click()
        page.wait_for_url(re.compile(r".*/markera#mina-punkter$"))
        assert "Platsen är sparad." in page.locator(".flash-area").inner_text()
        assert "Skräp vid lekplatsen" in page.locator("#my-pins").inner_text()
        nojs_check(page)
        rows = stored(live_app, walk["id"])
        assert rows == [
            {
                "who": 1,
                "positioned": False,
                "category": "nedskrapning",
                "text": "Skräp vid lekplatsen",
            }
        ]

        # The live view (polling) shows the new pin and announces it politely.
        leader_page.wait_for_function(
            "() => document.querySelectorAll('#live-list li').length === 1", timeout=20_000
        )
        item = leader_page.locator("#live-list li").first.inner_text()
        assert "deltagare 1" in item and "Lekplatsen vid skolan" in item
        assert leader_page.locator("#live-announce").inner_text() == "1 ny markering."
    finally:
        leader.close()


def test_wrong_and_late_codes_get_clear_pages(phone_page, live_app):
    page = phone_page
    page.goto("/vandring?kod=QQQ-QQQ")
    assert "Det finns ingen vandring med koden QQQQQQ" in page.locator("main").inner_text()
    check_axe(page)
    with live_app.app_context():
        start = utcnow() - timedelta(days=2)
        walk = services.create_walk(
            "browsertest",
            area=area_services.get_by_slug("andersberg"),
            title="Förra veckans vandring",
            starts_at=start,
            ends_at=start + timedelta(hours=2),
            light=vocab.DAGSLJUS,
            meeting_point="Torget",
            pin_opens_at=start,
            pin_closes_at=start + timedelta(hours=3),
        )
        db.session.commit()
        code = walk.join_code
    page.goto(f"/vandring/{code}")
    assert page.get_by_role("heading", level=1).inner_text() == "Vandringen är avslutad"
    check_axe(page)
    # Joining without ticking the consent box: the error is next to the box and in a summary.
    open_walk = new_walk(live_app, "Vandring för samtyckestest")
    page.goto(f"/vandring/{open_walk['code']}")
    page.get_by_label("Visningsnamn (frivilligt)").fill("Ali")
    page.get_by_role("button", name="Gå med i vandringen").click()
    assert "Kryssa i rutan för att vara med." in page.locator("#consent-error").inner_text()
    assert page.get_by_label("Visningsnamn (frivilligt)").input_value() == "Ali"
    check_axe(page)


def test_public_walk_pages(page, live_app):
    """The list, a walk, its protocol, the area page: on phone and desktop."""
    page.goto("/vandringar")
    check_axe(page)
    page.get_by_role("link", name="Kvällsvandring i Andersberg").first.click()
    page.wait_for_url(re.compile(r".*/vandringar/\d+/protokoll$"))
    assert page.locator(".protocol-point").count() >= 5
    assert page.locator("svg.walk-overview").count() == 1
    check_axe(page)
    page.goto("/vandringar")
    page.get_by_role("link", name="Uppföljande trygghetsvandring i Andersberg").click()
    assert "Uppföljning av vandringen" in page.locator("main").inner_text()
    check_axe(page)
    page.goto("/omraden/andersberg")
    assert page.locator(".area-walks").count() == 1
    check_axe(page, ".area-walks")
    with live_app.app_context():
        assert db.session.scalar(db.select(db.func.count(Observation.id))) > 0
