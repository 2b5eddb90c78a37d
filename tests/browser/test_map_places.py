"""Places in a real browser at phone size: report by map and without JavaScript, follow, moderate,
publish and find the place on the map and in the list; axe on every page on the way."""

from __future__ import annotations

import re
import secrets

import pytest
from playwright.sync_api import expect

from portal.extensions import db
from portal.map import categories, reports, vocab
from portal.map.models import Observation, Place
from tests.browser.conftest import PHONE, check_axe, login

CENTRUM = (17.145, 60.675)  # lon, lat inside the demo area Centrum


def tab_to(page, selector: str, limit: int = 120) -> None:
    """Press Tab until the focused element matches ``selector`` (keyboard only)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(
            "s => document.activeElement && document.activeElement.matches(s)", selector
        ):
            return
    pytest.fail(f"Tab never reached {selector}")


def check_axe_without_javascript(page, browser, live_server: str) -> None:
    """axe on what a browser without JavaScript shows.

    axe cannot run inside a page with JavaScript switched off (the evaluation never returns), so
    the page's HTML, without its scripts, is checked in a second phone-sized page that runs axe.
    """
    html = re.sub(r"<script\b.*?</script>", "", page.content(), flags=re.DOTALL | re.IGNORECASE)
    html = html.replace("<head>", f'<head><base href="{live_server}/">', 1)
    context = browser.new_context(viewport=PHONE, locale="sv-SE")
    try:
        checker = context.new_page()
        checker.set_content(html, wait_until="load")
        check_axe(checker)
    finally:
        context.close()


def observation_by_code(live_app, code: str) -> dict:
    with live_app.app_context():
        observation = reports.find_by_code(code)
        assert observation is not None
        place = observation.place
        return {
            "positioned": observation.positioned,
            "needs_positioning": place.needs_positioning,
            "location_text": observation.location_text,
            "area": place.area.slug,
            "category": place.category.slug,
            "published": place.published,
        }


def test_report_a_place_by_tapping_the_map(phone_page, live_app):
    page = phone_page
    page.goto("/platser/rapportera")
    canvas = page.locator("#report-map .map-canvas")
    canvas.wait_for(state="visible")
    check_axe(page)
    size = canvas.bounding_box()
    canvas.click(position={"x": size["width"] / 2, "y": size["height"] / 2})
    assert page.locator("#map-status").inner_text() == "Platsen är markerad på kartan."
    assert page.locator("input[name=lat]").input_value() != ""
    page.get_by_label("Ödslig plats").check()
    page.wait_for_timeout(300)  # the "is it this one?" question, if a place is near
    if page.locator("#attach_to").count():
        page.get_by_label("Nej, det är en annan plats").check()
    page.get_by_label("Beskriv platsen och vad du upplever där").fill(
        "Tomt och mörkt mellan husen på kvällarna."
    )
    page.get_by_label("Kväll", exact=True).check()
    page.get_by_label("Helg", exact=True).check()
    page.get_by_role("button", name="Skicka rapporten").click()
    page.wait_for_url(re.compile(r".*/platser/kvitto/\w+$"))
    assert page.get_by_role("heading", level=1).inner_text() == "Tack för din rapport"
    code = page.locator("#follow-code").inner_text()
    assert re.fullmatch(r"\w{3}-\w{3}-\w{3}", code)
    check_axe(page)
    stored = observation_by_code(live_app, code)
    assert stored["positioned"] and not stored["needs_positioning"]
    assert stored["category"] == "odslig-plats" and not stored["published"]


def test_report_without_javascript_with_the_keyboard_only(
    nojs_page, live_app, browser, live_server
):
    page = nojs_page
    page.goto("/platser/rapportera")
    assert page.locator("#report-map").is_hidden()  # the map needs JavaScript
    check_axe_without_javascript(page, browser, live_server)
    tab_to(page, "#area")
    for _ in range(3):
        page.keyboard.press("ArrowDown")
    assert page.locator("#area").input_value() != ""
    tab_to(page, "#location_text")
    page.keyboard.type("Gångtunneln vid stationen")
    tab_to(page, "input[name=category]")
    page.keyboard.press("Space")
    tab_to(page, "#description")
    page.keyboard.type("Lamporna i tunneln är trasiga.")
    tab_to(page, "input[name=time_of_day]")
    page.keyboard.press("Space")
    tab_to(page, "input[name=day_kind]")
    page.keyboard.press("Space")
    tab_to(page, "button[type=submit].primary")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    code = page.locator("#follow-code").inner_text()
    assert "Vi placerar platsen på kartan utifrån din beskrivning." in page.content()
    check_axe_without_javascript(page, browser, live_server)
    stored = observation_by_code(live_app, code)
    assert stored["needs_positioning"] and not stored["positioned"]
    assert stored["location_text"] == "Gångtunneln vid stationen"


def test_errors_without_javascript_are_shown_and_nothing_typed_is_lost(
    nojs_page, browser, live_server
):
    page = nojs_page
    page.goto("/platser/rapportera")
    page.get_by_label("Beskriv platsen och vad du upplever där").fill("Min text")
    with page.expect_navigation():
        page.get_by_role("button", name="Skicka rapporten").click()
    assert page.get_by_role("alert").is_visible()
    assert page.get_by_label("Beskriv platsen och vad du upplever där").input_value() == "Min text"
    assert "Markera platsen på kartan eller välj ett område." in page.content()
    check_axe_without_javascript(page, browser, live_server)


def _new_report(
    live_app, category_slug: str = "klotter", description: str = "Klotter på muren."
) -> str:
    with live_app.app_context():
        category = categories.by_slug(category_slug)
        observation = reports.create_report(
            category=category,
            description=description,
            time_of_day=vocab.KVALL,
            day_kind=vocab.VARDAG,
            lon=CENTRUM[0],
            lat=CENTRUM[1],
        )
        db.session.commit()
        return observation.follow_code


def test_follow_a_report_by_its_code(phone_page, live_app):
    code = _new_report(live_app)
    page = phone_page
    page.goto("/folj")
    check_axe(page)
    page.get_by_label("Uppföljningskod").fill(code.lower())
    page.get_by_role("button", name="Visa rapporten").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Din rapport"
    assert "Ny" in page.locator(".status").inner_text()
    check_axe(page)
    page.goto("/folj/AAAAAAAAA")
    assert page.get_by_role("heading", level=1).inner_text() == "Koden hittades inte"
    check_axe(page)


def test_staff_moderate_and_publish_then_everyone_sees_it(
    phone_page, live_app, browser, live_server
):
    name = "Testkategori " + secrets.token_hex(3)
    with live_app.app_context():
        category = categories.create_category(
            None, name_sv=name, name_en="Test category", colour="#0e7490", icon="punkt"
        )
        db.session.commit()
        category_slug = category.slug
    code = _new_report(live_app, category_slug, "Trasigt räcke vid trappan.")
    with live_app.app_context():
        place_id = db.session.scalar(
            db.select(Observation.place_id).where(Observation.follow_code == code)
        )

    page = phone_page
    login(page, "samordnare@demo.example", "demo-samordnare")
    page.goto("/hantera/platser/?page=9999")  # oldest first: the newest is on the last page
    check_axe(page)
    page.get_by_role("link", name=f"Hantera plats {place_id}").first.click()
    assert page.get_by_role("heading", level=1).inner_text().startswith(f"Plats {place_id}")
    check_axe(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Markera som granskad").click()
    expect(page.locator(".flash-area")).to_contain_text("Rapporten är granskad.")
    with page.expect_navigation():
        page.get_by_role("button", name="Publicera platsen").click()
    expect(page.locator(".flash-area")).to_contain_text("Platsen är publicerad.")
    check_axe(page)
    with live_app.app_context():
        assert db.session.get(Place, place_id).is_public

    context = browser.new_context(viewport=PHONE, base_url=live_server, locale="sv-SE")
    visitor = context.new_page()
    visitor.goto(f"/platser?category={category_slug}")
    marker = visitor.locator(f'.leaflet-marker-icon[title^="{name}"]')
    marker.wait_for()
    assert "1 platser visas" in visitor.locator("#map-summary").inner_text()
    check_axe(visitor)
    visitor.goto(f"/platser/lista?category={category_slug}")
    check_axe(visitor)
    visitor.get_by_role("link", name=name).click()
    assert "Trasigt räcke vid trappan." in visitor.locator("main").inner_text()
    check_axe(visitor)
    context.close()


def test_public_map_with_many_places_is_accessible(page):
    page.goto("/platser")
    page.wait_for_selector(".leaflet-marker-icon")
    assert page.locator("#map-summary").inner_text() != ""
    check_axe(page)
