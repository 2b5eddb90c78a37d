"""Every resident and staff flow with the keyboard only, at phone size with JavaScript on: answer a
survey (in Arabic, right to left), report a place without the map, follow a report, join a walk,
read a promise, moderate a place and publish an update.

Only keys: Tab (and Shift+Tab) to move, Enter and Space to act, arrow keys inside a radio group or
a select, and typing into fields. No clicks; ``goto`` stands for following a link or a bookmark
from elsewhere. Every element reached must show where the focus is (WCAG 2.4.7), and a message
after a form was sent is in a live region (role="status") and read out once the page has loaded.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from portal.extensions import db
from tests.browser.conftest import check_axe

CENTRUM = (17.145, 60.675)  # lon, lat inside the demo area Centrum

FOCUS_SHOWN = """() => {
  const e = document.activeElement, s = getComputedStyle(e);
  return (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none';
}"""


def tab_to(page, selector: str, limit: int = 250) -> None:
    """Press Tab until the focused element matches ``selector``; it must show its focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(
            "s => !!document.activeElement && document.activeElement.matches(s)", selector
        ):
            assert page.evaluate(FOCUS_SHOWN), f"no visible focus on {selector}"
            return
    pytest.fail(f"the Tab key never reached {selector} on {page.url}")


def enter(page, key: str = "Enter") -> None:
    """Press ``key`` on the focused link or button and wait for the page it leads to."""
    with page.expect_navigation():
        page.keyboard.press(key)


def assert_announced(page, text: str) -> None:
    """``text`` is shown in the live region and added to it again once the page has loaded."""
    region = page.locator('.flash-area[role="status"][aria-live="polite"]')
    assert text in region.inner_text()
    spoken = region.locator(".visually-hidden")
    spoken.wait_for(state="attached")
    assert text in spoken.text_content()


def login_with_keyboard(page, email: str, password: str) -> None:
    page.goto("/logga-in")
    tab_to(page, "#email")
    page.keyboard.type(email)
    tab_to(page, "#password")
    page.keyboard.type(password)
    with page.expect_navigation(url=re.compile(r".*/hantera/.*")):
        page.keyboard.press("Enter")


def _new_report(live_app, description: str) -> dict:
    from portal.map import categories, reports, vocab

    with live_app.app_context():
        observation = reports.create_report(
            category=categories.by_slug("klotter"),
            description=description,
            time_of_day=vocab.KVALL,
            day_kind=vocab.VARDAG,
            lon=CENTRUM[0],
            lat=CENTRUM[1],
        )
        db.session.commit()
        return {
            "code": observation.follow_code,
            "observation": observation.id,
            "place": observation.place_id,
        }


def test_answer_a_survey_in_arabic(phone_page, live_app, live_server):
    from portal.dialog.models import Response, Survey

    with live_app.app_context():
        survey_id = db.session.scalar(
            db.select(Survey.id).where(Survey.state == "oppen").order_by(Survey.id)
        )
        before = db.session.scalar(
            db.select(db.func.count(Response.id)).where(Response.survey_id == survey_id)
        )
    page = phone_page
    page.context.add_cookies([{"name": "lang", "value": "ar", "url": live_server}])
    page.goto("/enkater")
    assert page.locator("html").get_attribute("dir") == "rtl"
    tab_to(page, f'main a[href="/enkater/{survey_id}"]')
    enter(page)
    tab_to(page, "main a.button.primary")
    enter(page)
    for _step in range(12):
        if page.url.endswith("/tack"):
            break
        groups = page.locator("fieldset.question:visible").evaluate_all(
            "sets => sets.map(s => s.querySelector('input[type=radio]')).filter(Boolean)"
            ".map(r => r.id)"
        )
        for first in groups:  # the first answer in each group: Tab to it, Space chooses it
            tab_to(page, f"#{first}")
            page.keyboard.press("Space")
            assert page.locator(f"#{first}").is_checked()
        tab_to(page, 'button[type="submit"][value="nasta"]')
        enter(page)
    assert page.url.endswith("/tack"), page.url
    assert page.locator("html").get_attribute("dir") == "rtl"
    with live_app.app_context():
        after = db.session.scalar(
            db.select(db.func.count(Response.id)).where(Response.survey_id == survey_id)
        )
    assert after == before + 1


def test_report_a_place_without_the_map(phone_page, live_app):
    page = phone_page
    page.goto("/platser/rapportera")
    page.locator("#report-map .map-canvas").wait_for(state="visible")  # the map is there …
    tab_to(page, 'button[type="submit"].primary')  # … but not needed: send nothing first
    enter(page)
    assert page.evaluate("document.activeElement.classList.contains('error-summary')")
    tab_to(page, "#area")
    for _ in range(3):
        page.keyboard.press("ArrowDown")
    assert page.locator("#area").input_value() != ""
    tab_to(page, "#location_text")
    page.keyboard.type("Gångtunneln under järnvägen")
    tab_to(page, "input[name=category]")
    page.keyboard.press("Space")
    tab_to(page, "#description")
    page.keyboard.type("Mörkt och klotter på väggarna.")
    tab_to(page, "input[name=time_of_day]")
    page.keyboard.press("Space")
    tab_to(page, "input[name=day_kind]")
    page.keyboard.press("Space")
    tab_to(page, 'button[type="submit"].primary')
    enter(page)
    assert re.search(r"/platser/kvitto/\w+$", page.url)
    code = page.locator("#follow-code").inner_text()
    from portal.map import reports

    with live_app.app_context():
        observation = reports.find_by_code(code)
        assert observation.location_text == "Gångtunneln under järnvägen"
        assert observation.place.needs_positioning


def test_follow_a_report(phone_page, live_app):
    report = _new_report(live_app, "Klotter på busskuren.")
    page = phone_page
    page.goto("/folj")
    tab_to(page, "#code")
    page.keyboard.type(report["code"].lower())
    enter(page)
    assert page.locator("h1").inner_text() == "Din rapport"
    assert page.locator(".status").first.is_visible()
    assert "Klotter på busskuren." in page.locator(".quote-block").inner_text()


def test_join_a_walk(phone_page, live_app):
    from portal.areas import services as area_services
    from portal.timeutil import utcnow
    from portal.walks import services, vocab

    with live_app.app_context():
        start = utcnow() - timedelta(minutes=10)
        walk = services.create_walk(
            "browsertest",
            area=area_services.get_by_slug("centrum"),
            title="Vandring med tangentbordet",
            starts_at=start,
            ends_at=start + timedelta(hours=2),
            light=vocab.MORKER,
            meeting_point="Vid stationen",
            meeting_lon=CENTRUM[0],
            meeting_lat=CENTRUM[1],
            pin_opens_at=start,
            pin_closes_at=start + timedelta(hours=3),
        )
        db.session.commit()
        display = walk.display_code
    page = phone_page
    page.goto("/vandring")
    tab_to(page, "#kod")
    page.keyboard.type(display)
    enter(page)
    assert page.url.endswith("/vandring/" + display.replace("-", ""))
    tab_to(page, "#display_name")
    page.keyboard.type("Tangent")
    tab_to(page, "#consent")
    page.keyboard.press("Space")
    assert page.locator("#consent").is_checked()
    tab_to(page, 'button[type="submit"].walk-primary')
    enter(page)
    assert page.url.endswith("/markera")
    assert "Tangent" in page.locator("main").inner_text()


def test_read_a_promise(phone_page, live_app):
    from portal.loften import vocab
    from portal.loften.models import Promise

    with live_app.app_context():
        promise_id = db.session.scalar(
            db.select(Promise.id).where(Promise.state == vocab.PUBLICERAT).order_by(Promise.id)
        )
    page = phone_page
    page.goto("/loften/")
    tab_to(page, f'main a[href="/loften/{promise_id}"]')
    enter(page)
    assert page.url.endswith(f"/loften/{promise_id}")
    tab_to(page, '.loften-toc a[href="#lovar"]')
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*#lovar$"))
    page.keyboard.press("Tab")  # the next stop is inside "Det här lovar vi", not back at the top
    assert page.evaluate(
        "() => !!(document.getElementById('lovar').compareDocumentPosition(document.activeElement)"
        " & Node.DOCUMENT_POSITION_FOLLOWING)"
    )
    assert page.evaluate(FOCUS_SHOWN)


def test_moderate_a_place(phone_page, live_app):
    from portal.map.models import Place

    report = _new_report(live_app, "Sprayat klotter på elskåpet.")
    page = phone_page
    login_with_keyboard(page, "samordnare@demo.example", "demo-samordnare")
    tab_to(page, 'main a[href="/hantera/platser/"]')  # the dashboard links to the queue
    enter(page)
    page.goto(f"/hantera/platser/{report['place']}")
    review = f'form[action="/hantera/platser/rapport/{report["observation"]}/granska"]'
    tab_to(page, f'{review} button[type="submit"]')
    enter(page)
    assert_announced(page, "Rapporten är granskad.")
    tab_to(page, f'form[action="/hantera/platser/{report["place"]}/publicera"] button[value="ja"]')
    enter(page)
    assert_announced(page, "Platsen är publicerad.")
    check_axe(page)
    with live_app.app_context():
        assert db.session.get(Place, report["place"]).is_public


def test_publish_an_update(phone_page, live_app):
    from portal.loften import vocab
    from portal.loften.models import Commitment, Promise

    with live_app.app_context():
        commitment_id, promise_id = db.session.execute(
            db.select(Commitment.id, Commitment.promise_id)
            .join(Promise)
            .where(Promise.state == vocab.PUBLICERAT, Commitment.organisation == "Demobostäder AB")
            .order_by(Commitment.id)
        ).first()
    page = phone_page
    login_with_keyboard(page, "partner@demo.example", "demo-partner")
    tab_to(page, 'main a[href="/hantera/loften/"]')
    enter(page)
    tab_to(page, f'main a[href="/hantera/loften/atagande/{commitment_id}/uppdatering"]')
    enter(page)
    tab_to(page, "input[name=status]")  # into the group: arrow keys choose within it
    for _ in range(len(vocab.STATUSES)):
        if page.evaluate("document.activeElement.value") == vocab.PAGAR:
            break
        page.keyboard.press("ArrowDown")
    assert page.locator(f'input[name=status][value="{vocab.PAGAR}"]').is_checked()
    tab_to(page, "#text")
    page.keyboard.type("Tre trapphus har fått ny belysning.")
    tab_to(page, 'button[type="submit"].primary')
    enter(page)
    assert_announced(page, "Uppdateringen är publicerad.")
    page.goto(f"/loften/{promise_id}")
    assert "Tre trapphus har fått ny belysning." in page.locator("main").inner_text()
