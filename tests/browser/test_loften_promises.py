"""Medborgarlöften in a real browser, at phone and desktop size: a coordinator creates a promise
from a fastställd lägesbild, publishes it and posts progress; a partner reports only on its own
commitment; a resident with a follow code sees that the report led to a promise. axe runs on
every promise page on the way."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from portal.auth.services import get_by_email
from portal.extensions import db
from portal.loften import commitments, vocab
from portal.loften.models import Commitment, Promise
from portal.map import categories, handling, reports
from portal.map import vocab as place_vocab
from tests.browser.conftest import check_axe, login

ROOT = Path(__file__).resolve().parents[2]
BRYNAS = (17.19, 60.67)  # lon, lat inside the demo area Brynäs


def _demo_promise(live_app) -> dict:
    """Ids of the demo's published promise and its commitments, by party."""
    with live_app.app_context():
        promise = db.session.scalar(
            db.select(Promise).where(Promise.state == vocab.PUBLICERAT).order_by(Promise.id)
        )
        by_party: dict[str, list[int]] = {}
        for commitment in promise.commitments:
            by_party.setdefault(commitment.organisation or commitment.party, []).append(
                commitment.id
            )
        return {"id": promise.id, "title": promise.title, "commitments": by_party}


def test_coordinator_creates_publishes_and_reports_progress(page, live_app):
    width = page.viewport_size["width"]
    title = f"Löfte från lägesbilden ({width} px)"
    login(page, "samordnare@demo.example", "demo-samordnare")
    page.goto("/hantera/loften/")
    check_axe(page)
    page.get_by_role("link", name="Nytt medborgarlöfte").click()
    check_axe(page)
    card = page.locator(".loften-cards > li").first
    card.get_by_label("Titel på löftet").fill(title)
    card.get_by_role("button", name="Skapa löfte från lägesbilden").click()
    page.wait_for_url(re.compile(r".*/hantera/loften/\d+$"))
    assert page.get_by_role("heading", level=1).inner_text() == title
    assert "Lägg till minst ett åtagande." in page.content()
    check_axe(page)
    promise_url = page.url

    page.get_by_role("link", name="Lägg till åtagande").click()
    page.get_by_label("Åtagande", exact=True).fill("Patrullera i parken vid minst 100 tillfällen")
    page.get_by_label("Polisen", exact=True).check()
    page.get_by_label("Mål (antal)").fill("100")
    page.get_by_label("Enhet").fill("patrulleringar")
    check_axe(page)
    page.get_by_role("button", name="Lägg till").click()
    page.wait_for_url(re.compile(r".*/hantera/loften/atagande/\d+$"))

    page.goto(promise_url + "/undertecknare")
    page.get_by_label("Namn").fill("Anna Andersson")
    page.get_by_label("Befattning").fill("Kommunstyrelsens ordförande")
    page.get_by_label("Organisation").fill("Demokommunen")
    page.get_by_role("button", name="Lägg till").click()
    check_axe(page)

    page.goto(promise_url + "/andra")
    page.get_by_label("Undertecknat den").fill("2026-11-01")
    check_axe(page)
    page.get_by_role("button", name="Spara").click()
    page.wait_for_url(promise_url)

    page.get_by_role("button", name="Publicera löftet").click()
    page.wait_for_url(promise_url)
    assert "Löftet är nu: Publicerat." in page.content()

    page.get_by_role("link", name=re.compile("^Rapportera framsteg")).first.click()
    page.get_by_label("Pågår", exact=True).check()
    page.get_by_label("Hittills genomfört (antal)").fill("40")
    page.get_by_label("Vad har gjorts?").fill("De första **40** kvällspatrullerna är gjorda.")
    check_axe(page)
    page.get_by_role("button", name="Publicera uppdateringen").click()
    page.wait_for_url(promise_url)
    assert "Uppdateringen är publicerad." in page.content()

    promise_id = promise_url.rsplit("/", 1)[1]
    page.goto(f"/loften/{promise_id}")
    body = page.content()
    assert "40 av 100 patrulleringar (40 %)." in body
    assert "<strong>40</strong>" in body
    assert "Fokusområden</h3>" in body  # taken over from the lägesbild
    check_axe(page)
    page.goto(f"/loften/{promise_id}/historik")
    assert "Löftet publicerades." in page.content()
    check_axe(page)


def test_partner_updates_only_its_own_commitment(page, live_app):
    demo = _demo_promise(live_app)
    own = demo["commitments"]["Demobostäder AB"][0]
    police = demo["commitments"][vocab.POLISEN][0]
    login(page, "partner@demo.example", "demo-partner")
    page.goto("/hantera/loften/")
    assert "Åtaganden du rapporterar om" in page.content()
    assert "Patrullera vid centrumhuset" not in page.content()
    check_axe(page)
    page.goto(f"/hantera/loften/atagande/{own}/uppdatering")
    page.get_by_label("Pågår", exact=True).check()
    page.get_by_label("Vad har gjorts?").fill("Klotter på tre fastigheter är borttaget.")
    check_axe(page)
    page.get_by_role("button", name="Publicera uppdateringen").click()
    page.wait_for_url(re.compile(r".*/hantera/loften/$"))
    assert "Uppdateringen är publicerad." in page.content()
    refused = page.goto(f"/hantera/loften/atagande/{police}/uppdatering")
    assert refused.status == 403
    assert page.goto(f"/hantera/loften/{demo['id']}").status == 403
    page.goto(f"/loften/{demo['id']}")
    assert "Klotter på tre fastigheter är borttaget." in page.content()
    assert "Rapporterat av Demobostäder AB" in page.content()


def _linked_report(live_app) -> dict:
    """A resident's published report in Brynäs, its place linked to the demo's lighting commitment."""
    with live_app.app_context():
        actor = get_by_email("samordnare@demo.example")
        categories.ensure_defaults()
        observation = reports.create_report(
            category=categories.by_slug("belysning"),
            description="Lampan vid lekplatsen är trasig.",
            time_of_day=place_vocab.KVALL,
            day_kind=place_vocab.VARDAG,
            lon=BRYNAS[0],
            lat=BRYNAS[1],
        )
        handling.review_observation(actor, observation, observation.description)
        handling.set_published(actor, observation.place, True)
        commitment = db.session.scalar(
            db.select(Commitment).where(Commitment.title.startswith("Byta ut gamla armaturer"))
        )
        commitments.add_link(actor, commitment, vocab.PLACE, observation.place_id, "Belysning")
        db.session.commit()
        return {
            "code": observation.follow_code,
            "place": observation.place_id,
            "promise": commitment.promise.title,
            "commitment": commitment.title,
        }


def _renders_slot(template: str, slot: str) -> bool:
    return f'page_sections("{slot}"' in (ROOT / template).read_text(encoding="utf-8")


def test_resident_sees_that_the_report_led_to_a_promise(page, live_app):
    report = _linked_report(live_app)
    if not _renders_slot("portal/map/templates/map/follow.html", "follow"):
        pytest.skip(
            "the follow page does not render the 'follow' section slot yet; "
            "tests/loften/test_pages.py checks the section itself"
        )
    page.goto(f"/folj/{report['code']}")
    body = page.content()
    assert "Det här ledde till ett medborgarlöfte" in body
    assert report["promise"] in body and report["commitment"] in body
    check_axe(page)
    page.get_by_role("link", name=report["promise"]).first.click()
    page.wait_for_url(re.compile(r".*/loften/\d+$"))
    check_axe(page)


def test_place_page_shows_the_promise(page, live_app):
    report = _linked_report(live_app)
    if not _renders_slot("portal/map/templates/map/place.html", "place"):
        pytest.skip(
            "the place page does not render the 'place' section slot yet; "
            "tests/loften/test_pages.py checks the section itself"
        )
    page.goto(f"/platser/{report['place']}")
    assert "Det här ledde till ett medborgarlöfte" in page.content()
    assert report["promise"] in page.content()
    check_axe(page)


def test_public_promise_pages_pass_axe(page, live_app):
    demo = _demo_promise(live_app)
    page.goto("/loften/")
    assert demo["title"] in page.content()
    check_axe(page)
    page.goto(f"/loften/{demo['id']}")
    page.locator(".map-canvas").first.wait_for(state="visible")
    check_axe(page)
    page.get_by_text("Visa löftet på din webbplats").click()
    if page.get_by_role("button", name="Kopiera koden").is_visible():
        page.get_by_role("button", name="Kopiera koden").click()
    assert "iframe" in page.get_by_label("Kod att klistra in").input_value()
    check_axe(page)
    page.goto(f"/loften/{demo['id']}/historik")
    assert "Version 2" in page.content()
    check_axe(page)
    page.goto(f"/loften/widget/{demo['id']}")
    check_axe(page)
    page.goto("/omraden/brynas")
    assert demo["title"] in page.content()
    check_axe(page)
