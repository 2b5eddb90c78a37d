"""Surveys in a real browser: answering on a phone with the keyboard only and without JavaScript,
axe on every survey page (public and staff), the map point, and publishing results."""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import check_axe, login


def _surveys(live_app) -> dict[str, int]:
    from portal.dialog.models import Survey
    from portal.extensions import db

    with live_app.app_context():
        return {s.title["sv"]: s.id for s in db.session.scalars(db.select(Survey))}


def _responses(live_app, survey_id: int) -> int:
    from portal.dialog.models import Response
    from portal.extensions import db

    with live_app.app_context():
        return db.session.scalar(
            db.select(db.func.count(Response.id)).where(Response.survey_id == survey_id)
        )


@pytest.fixture(scope="module")
def ids(live_app) -> dict[str, int]:
    found = _surveys(live_app)
    return {
        "current": found["Trygghetsmätning 2025"],
        "earlier": found["Trygghetsmätning 2024"],
        "dialog": found["Medborgardialog Andersberg: vad ska vi lova?"],
        "draft": found["Trygghetsmätning Sätra (under arbete)"],
    }


def tab_to(page, selector: str, limit: int = 250) -> None:
    """Press Tab until the focused element matches ``selector`` (as a keyboard user would)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(
            "(s) => document.activeElement && document.activeElement.matches(s)", selector
        ):
            return
    pytest.fail(f"could not reach {selector} with the Tab key")


def choose(page, group_first_id: str, steps: int) -> None:
    """Select the option ``steps`` below the first in a radio group, with Tab and arrow keys."""
    tab_to(page, f"#{group_first_id}")
    if steps == 0:
        page.keyboard.press("Space")
    for _ in range(steps):
        page.keyboard.press("ArrowDown")


def press_button(page, name: str) -> None:
    tab_to(page, f'button[type="submit"][value="{name}"]')
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_resident_answers_on_a_phone_with_keyboard_only_and_no_javascript(nojs_page, live_app, ids):
    page = nojs_page  # axe needs JavaScript: these pages are checked in the tests below
    survey_id = ids["current"]
    before = _responses(live_app, survey_id)
    page.goto(f"/enkater/{survey_id}")
    tab_to(page, "a.button.primary")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "Steg 1 av 6" in page.locator(".progress-label").inner_text()
    # sending step 1 without the required answer: the error is next to the question
    press_button(page, "nasta")
    assert page.get_by_role("alert").is_visible()
    error = page.locator(".question.has-error .error-message").first.inner_text()
    assert "Välj ett alternativ." in error
    # the error summary links to the question
    trygghet_first = page.locator(".question.has-error input[type=radio]").first.get_attribute("id")
    choose(page, trygghet_first, 2)  # Ganska otrygg
    assert page.locator(f"#{trygghet_first.rsplit('-', 1)[0]}-2").is_checked()
    home = (
        page.locator("fieldset.question")
        .nth(2)
        .locator("input[type=radio]")
        .first.get_attribute("id")
    )
    choose(page, home, 3)
    press_button(page, "nasta")
    assert "Steg 2 av 6" in page.locator(".progress-label").inner_text()
    # back and forth keeps what was chosen
    press_button(page, "tillbaka")
    assert page.locator(f"#{trygghet_first.rsplit('-', 1)[0]}-2").is_checked()
    press_button(page, "nasta")
    for step in range(2, 6):
        assert f"Steg {step} av 6" in page.locator(".progress-label").inner_text()
        first = page.locator("fieldset.question input[type=radio]").first.get_attribute("id")
        choose(page, first, 1)
        press_button(page, "nasta")
    assert "Steg 6 av 6" in page.locator(".progress-label").inner_text()
    age = page.locator("fieldset.question").nth(0).locator("input").first.get_attribute("id")
    choose(page, age, 1)
    press_button(page, "nasta")  # "Skicka svaren"
    assert page.get_by_role("heading", level=1).inner_text() == "Tack för dina svar!"
    assert _responses(live_app, survey_id) == before + 1
    # the browser is reminded that it has answered
    page.goto(f"/enkater/{survey_id}")
    assert "Du har redan svarat" in page.content()


PUBLIC_PAGES = [
    "/enkater",
    "/enkater?omrade=andersberg",
    "/enkater/{current}",
    "/enkater/{current}/svara",
    "/enkater/{current}/svara?steg=3",
    "/enkater/{current}/svara?steg=alla",
    "/enkater/{dialog}/svara?steg=3",
    "/enkater/{current}/tack",
    "/enkater/{earlier}/resultat",
    "/enkater/{earlier}/svara",
    "/enkater/{draft}",
    "/omraden/andersberg",
]


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_survey_pages_are_accessible(page, ids, path):
    page.goto(path.format(**ids))
    assert page.locator("h1").count() == 1
    check_axe(page)


def test_validation_errors_are_accessible(phone_page, ids):
    page = phone_page
    page.goto(f"/enkater/{ids['current']}/svara")
    page.get_by_role("button", name="Nästa").click()
    assert page.get_by_role("alert").is_visible()
    invalid = page.locator("[aria-invalid=true]").first
    assert invalid.get_attribute("aria-describedby")
    check_axe(page)
    page.get_by_role("link", name=re.compile("Fråga 1")).click()
    assert page.evaluate("location.hash").startswith("#q")


def test_map_point_with_javascript_fills_the_point(phone_page, ids):
    page = phone_page
    page.goto(f"/enkater/{ids['dialog']}/svara?steg=3")
    page.wait_for_selector(".dialog-point-map .leaflet-container")
    box = page.locator(".dialog-point-map")
    assert box.is_visible()
    page.get_by_role("button", name="Markera kartans mittpunkt").click()
    lon = page.locator("input[name$='-lon']").input_value()
    lat = page.locator("input[name$='-lat']").input_value()
    assert re.match(r"^17\.\d+$", lon) and re.match(r"^60\.\d+$", lat)
    assert "Punkt markerad" in page.locator(".point-status").inner_text()
    check_axe(page)


def test_follow_up_appears_only_for_its_answer_with_javascript(phone_page, ids):
    page = phone_page
    page.goto(f"/enkater/{ids['current']}/svara")
    follow_up = page.locator("[data-show-if-name]")
    assert follow_up.is_hidden()
    page.get_by_label("Går aldrig ut ensam sent på kvällen").check()
    assert follow_up.is_visible()
    page.get_by_label("Mycket trygg").check()
    assert follow_up.is_hidden()


STAFF_PAGES = [
    "/hantera/enkater/",
    "/hantera/enkater/ny",
    "/hantera/enkater/{current}",
    "/hantera/enkater/{current}/installningar",
    "/hantera/enkater/{draft}",
    "/hantera/enkater/{dialog}/forhandsvisning",
    "/hantera/enkater/{current}/resultat?jamfor={earlier}",
    "/hantera/enkater/{current}/resultat?per=alder",
    "/hantera/enkater/{dialog}/resultat",
    "/hantera/enkater/moderering",
]


@pytest.mark.parametrize("path", STAFF_PAGES)
def test_staff_survey_pages_are_accessible(phone_page, ids, path):
    login(phone_page, "samordnare@demo.example", "demo-samordnare")
    phone_page.goto(path.format(**ids))
    assert phone_page.locator("h1").count() == 1
    check_axe(phone_page)


def test_question_editor_is_accessible(page, live_app, ids):
    from portal.dialog.models import Survey
    from portal.extensions import db

    with live_app.app_context():
        survey = db.session.get(Survey, ids["draft"])
        question_id = survey.questions[0].id
    login(page, "polis@demo.example", "demo-polis")
    page.goto(f"/hantera/enkater/{ids['draft']}/fragor/{question_id}")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Fråga")
    check_axe(page)


def test_coordinator_publishes_results(page, ids):
    survey_id = ids["current"]
    assert page.request.get(f"/enkater/{survey_id}/resultat").status == 404
    login(page, "samordnare@demo.example", "demo-samordnare")
    page.goto(f"/hantera/enkater/{survey_id}")
    page.get_by_role("button", name="Publicera resultatsidan").click()
    assert "Resultatsidan är publicerad." in page.locator(".flash-area").inner_text()
    page.get_by_role("link", name="Den publika resultatsidan").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Resultat: Trygghetsmätning 2025"
    assert page.locator("figure.chart").count() > 5
    page.get_by_text("Visa som tabell").first.click()
    assert page.locator("details[open] table").first.is_visible()
    check_axe(page)
    # withdraw again, so the page is private as before
    page.goto(f"/hantera/enkater/{survey_id}")
    page.get_by_role("button", name="Ta bort publik resultatsida").click()
    assert page.request.get(f"/enkater/{survey_id}/resultat").status == 404


def test_moderator_approves_masked_text(phone_page):
    page = phone_page
    login(page, "samordnare@demo.example", "demo-samordnare")
    page.goto("/hantera/enkater/moderering")
    card = page.locator("article.text-card").filter(has_text="[telefonnummer borttaget]").first
    assert "070-123" not in card.inner_text()
    check_axe(page)
    card.get_by_label("Dölj mer text").fill("gärna")
    card.get_by_role("button", name="Godkänn").click()
    assert "Svaret är godkänt." in page.locator(".flash-area").inner_text()


def test_survey_pages_have_no_horizontal_scroll_at_320px(browser, live_server, ids):
    context = browser.new_context(
        viewport={"width": 320, "height": 640}, base_url=live_server, locale="sv-SE"
    )
    page = context.new_page()
    paths = [
        "/enkater",
        f"/enkater/{ids['current']}/svara",
        f"/enkater/{ids['current']}/svara?steg=alla",
        f"/enkater/{ids['earlier']}/resultat",
    ]
    for path in paths:
        page.goto(path)
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), path
    login(page, "samordnare@demo.example", "demo-samordnare")
    for path in [
        "/hantera/enkater/",
        f"/hantera/enkater/{ids['current']}",
        f"/hantera/enkater/{ids['current']}/resultat?jamfor={ids['earlier']}",
    ]:
        page.goto(path)
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), path
    context.close()
