"""Every public page in every interface language, at phone size: axe (WCAG 2.1 A and AA) finds
nothing, the page is in that language and direction, and nothing scrolls sideways at 320 px width
or at 200 % zoom. Arabic and Persian pages are mirrored (right to left), map controls included;
every map has an alternative without the map.

Kept fast: one browser context for all languages (the language is the cookie the switcher sets),
two tabs that take turns, so one tab's axe run overlaps the next page's load in the other; axe is
injected as an init script instead of being evaluated into each page.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from axe_playwright_python.base import AXE_SCRIPT, AxeResults

from portal.config import Defaults
from portal.extensions import db
from tests.browser.conftest import AXE_TAGS, PHONE, _watch

LANGUAGES = list(Defaults.LANGUAGES)
RIGHT_TO_LEFT = {"ar", "fa"}
NARROW = {"width": 320, "height": 640}  # WCAG 1.4.10: 320 CSS px wide
ZOOMED = {"width": 640, "height": 450}  # a 1280 × 900 window at 200 % zoom
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}

# What the page looks like to the test: language, direction, one h1, and how far it scrolls
# sideways (with the elements that stick out, to make a failure easy to fix).
PAGE_FACTS = """() => {
  const root = document.documentElement;
  return {lang: root.lang, dir: root.dir, h1: document.querySelectorAll('h1').length,
          title: document.title.trim(), current: document.querySelectorAll(
            '.language a[aria-current="true"]').length};
}"""
OVERFLOW = """() => {
  const root = document.documentElement, width = root.clientWidth;
  const wide = [];
  if (root.scrollWidth > width) {
    for (const el of document.body.querySelectorAll('*')) {
      const box = el.getBoundingClientRect();
      if ((box.right > width + 1 || box.left < -1) && box.width > 0 && wide.length < 5
          && !el.closest('.table-wrap, .leaflet-container, .visually-hidden, .lb-hidden, .honeypot')) {
        wide.push(el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
                  (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\\s+/).join('.') : ''));
      }
    }
  }
  return {scroll: root.scrollWidth - width, wide};
}"""


def _now_open_walk(live_app) -> str:
    """The join code of a walk whose pin window is open (the demo's trial walk, or a new one)."""
    from portal.areas import services as area_services
    from portal.timeutil import utcnow
    from portal.walks import services, vocab
    from portal.walks.models import Walk

    with live_app.app_context():
        now = utcnow()
        walk = db.session.scalar(
            db.select(Walk).where(Walk.pin_opens_at <= now, Walk.pin_closes_at > now).limit(1)
        )
        if walk is None:
            start = now - timedelta(minutes=5)
            walk = services.create_walk(
                "browsertest",
                area=area_services.get_by_slug("centrum"),
                title="Vandring för språktestet",
                starts_at=start,
                ends_at=start + timedelta(hours=2),
                light=vocab.MORKER,
                meeting_point="Vid stationen",
                meeting_lon=17.145,
                meeting_lat=60.675,
                route=None,
                pin_opens_at=start,
                pin_closes_at=start + timedelta(hours=3),
            )
            db.session.commit()
        return walk.join_code


@pytest.fixture(scope="module")
def public_pages(live_app) -> dict[str, str]:
    """Name → path of every public page the issue names, with ids from the demo data."""
    from portal.dialog.models import Survey
    from portal.lagesbild.models import Snapshot
    from portal.loften import vocab as loften_vocab
    from portal.loften.models import Promise
    from portal.map.models import Place

    with live_app.app_context():
        survey = db.session.scalar(
            db.select(Survey.id).where(Survey.state == "oppen").order_by(Survey.id)
        )
        place = db.session.scalar(db.select(Place.id).where(Place.published).order_by(Place.id))
        snapshot = db.session.scalar(db.select(Snapshot.id).order_by(Snapshot.id))
        promise = db.session.scalar(
            db.select(Promise.id)
            .where(Promise.state == loften_vocab.PUBLICERAT)
            .order_by(Promise.id)
        )
    assert survey and place and snapshot and promise, "the demo data has changed"
    return {
        "home": "/",
        "area": "/omraden/andersberg",
        "surveys": "/enkater",
        "survey form": f"/enkater/{survey}/svara",
        "report a place": "/platser/rapportera",
        "place": f"/platser/{place}",
        "walks": "/vandringar",
        "join a walk": f"/vandring/{_now_open_walk(live_app)}",
        "lägesbild": f"/lagesbild/{snapshot}",
        "promises": "/loften/",
        "promise": f"/loften/{promise}",
        "tillgänglighet": "/tillganglighet",
        "personuppgifter": "/personuppgifter",
        "login": "/logga-in",
    }


@pytest.fixture(scope="module")
def tabs(browser, live_server):
    """Two phone-sized tabs in one context, axe loaded into every page they open."""
    context = browser.new_context(viewport=PHONE, base_url=live_server)
    context.set_default_timeout(15_000)
    context.add_init_script(AXE_SCRIPT)
    foreign = _watch(context, live_server)
    pages = [context.new_page(), context.new_page()]
    yield context, pages
    context.close()
    assert not foreign, f"pages loaded resources from other hosts: {foreign}"


def _start(page, path: str) -> dict:
    page.set_viewport_size(PHONE)
    response = page.goto(path)
    assert response is not None
    facts = page.evaluate(PAGE_FACTS)
    facts["status"] = response.status
    page.evaluate("o => { window.__axeRun = axe.run(document, o); }", AXE_OPTIONS)
    return facts


def _finish(page) -> tuple[dict, dict, dict]:
    """axe's answer, then the sideways scroll at 320 px and at 200 % zoom (same page, resized)."""
    results = page.evaluate("() => window.__axeRun")
    page.set_viewport_size(NARROW)
    narrow = page.evaluate(OVERFLOW)
    page.set_viewport_size(ZOOMED)
    zoomed = page.evaluate(OVERFLOW)
    return results, narrow, zoomed


@pytest.mark.parametrize("code", LANGUAGES)
def test_every_public_page_in_every_language(tabs, public_pages, live_server, code):
    context, pages = tabs
    context.add_cookies([{"name": "lang", "value": code, "url": live_server}])
    problems: list[str] = []

    def check(name: str, page, facts: dict) -> None:
        results, narrow, zoomed = _finish(page)
        where = f"[{code}] {name} ({page.url})"
        if facts["status"] != 200:
            problems.append(f"{where}: HTTP {facts['status']}")
        expected_dir = "rtl" if code in RIGHT_TO_LEFT else "ltr"
        if (facts["lang"], facts["dir"]) != (code, expected_dir):
            problems.append(f"{where}: lang={facts['lang']} dir={facts['dir']}")
        if facts["h1"] != 1 or not facts["title"] or facts["current"] != 1:
            problems.append(f"{where}: {facts}")
        if results["violations"]:
            problems.append(f"{where}:\n" + AxeResults(results).generate_report())
        for label, found in (("320 px", narrow), ("200 % zoom", zoomed)):
            if found["scroll"] > 0:
                problems.append(
                    f"{where}: scrolls {found['scroll']} px sideways at {label}: {found['wide']}"
                )

    pending = None
    for number, (name, path) in enumerate(public_pages.items()):
        page = pages[number % 2]
        facts = _start(page, path)
        if pending:
            check(*pending)
        pending = (name, page, facts)
    check(*pending)
    assert not problems, "\n".join(problems)


ZOOM_PAGES = ("home", "survey form", "join a walk", "lägesbild", "promise")


def test_real_200_percent_zoom_does_not_scroll_sideways(browser, live_server, public_pages):
    """The check above resizes the page; here the browser is really zoomed: a device scale of 2
    in a 640 px wide window is a 1280 px window at 200 %, on the pages with the widest content."""
    context = browser.new_context(viewport=ZOOMED, device_scale_factor=2, base_url=live_server)
    page = context.new_page()
    try:
        for code in ("sv", "ar"):
            for name in ZOOM_PAGES:
                page.goto(public_pages[name] + f"?lang={code}")
                assert page.evaluate("devicePixelRatio") == 2
                found = page.evaluate(OVERFLOW)
                assert found["scroll"] <= 0, f"[{code}] {name} scrolls sideways: {found}"
    finally:
        context.close()


def test_arabic_pages_are_mirrored(browser, live_server, public_pages):
    """Right to left: the brand at the right, the zoom buttons at the right edge of the map, the
    progress bars filling from the right, form fields and labels starting at the right."""
    context = browser.new_context(viewport=PHONE, base_url=live_server)
    context.add_cookies([{"name": "lang", "value": "ar", "url": live_server}])
    page = context.new_page()
    try:
        page.goto(public_pages["promise"])
        width = page.viewport_size["width"]
        brand = page.locator(".brand").bounding_box()
        assert brand["x"] + brand["width"] > width - 24  # starts at the right edge
        heading = page.locator("h1").bounding_box()
        assert heading["x"] + heading["width"] > width - 24
        fill = page.locator(".loften-fill").first.bounding_box()
        track = page.locator(".loften-track").first.bounding_box()
        assert abs((fill["x"] + fill["width"]) - (track["x"] + track["width"])) < 2  # from right
        zoom = page.locator(".leaflet-control-zoom").first
        zoom.wait_for()
        map_box = page.locator(".map-canvas").first.bounding_box()
        zoom_box = zoom.bounding_box()
        assert zoom_box["x"] > map_box["x"] + map_box["width"] / 2  # the start edge: right
        attribution = page.locator(".leaflet-control-attribution").first.bounding_box()
        assert attribution["x"] < map_box["x"] + map_box["width"] / 2

        page.goto(public_pages["survey form"])
        progress = page.locator("progress").first
        assert progress.evaluate("e => getComputedStyle(e).direction") == "rtl"
        label = page.locator(".choice").first.bounding_box()
        radio = page.locator(".choice input").first.bounding_box()
        assert radio["x"] > label["x"] + label["width"] / 2  # the radio button at the right
    finally:
        context.close()


# Each map and where the same information is without the map.
MAP_ALTERNATIVES = {
    "area": ".card-list a",  # the sub-areas, as links
    "place": ".facts",  # category, status, area and place in words
    "promise": ".loften-places a",  # "the same places as in the map, as a list"
    "report a place": "#area, #location_text",  # choose an area and describe the place
}


def test_every_map_has_an_alternative_without_the_map(browser, live_server, public_pages):
    context = browser.new_context(viewport=PHONE, base_url=live_server, locale="sv-SE")
    page = context.new_page()
    try:
        for name, alternative in MAP_ALTERNATIVES.items():
            page.goto(public_pages[name])
            assert page.locator(".map-canvas").count() >= 1, name
            assert page.locator(alternative).count() >= 1, f"{name}: no {alternative}"
        page.goto("/platser")  # the map of all places links to the same places as a list
        assert page.locator(".map-canvas").count() == 1
        assert page.locator('main a[href^="/platser/lista"]').count() >= 1
        page.goto("/platser/lista")
        assert page.locator(".place-list > li").count() >= 1
    finally:
        context.close()
