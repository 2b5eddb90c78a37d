"""Lägesbild in a real browser: a coordinator builds a quarter's lägesbild, writes the analysis,
fastställer it, and the public summary shows only aggregates with small cells withheld; the EST
pages for reporters and coordinators; axe on every page."""

from __future__ import annotations

import re
from datetime import date

from tests.browser.conftest import check_axe, login


def previous_quarter() -> tuple[int, int]:
    today = date.today()
    quarter = (today.month - 1) // 3 + 1
    return (today.year, quarter - 1) if quarter > 1 else (today.year - 1, 4)


def test_coordinator_builds_fixes_and_the_public_summary_withholds_small_cells(page):
    login(page, "samordnare@demo.example", "demo-samordnare")
    page.get_by_role("link", name="Lägesbild", exact=True).first.click()
    assert page.get_by_role("heading", level=1).inner_text() == "Lägesbilder"
    check_axe(page)
    year, quarter = previous_quarter()
    page.get_by_label("Område").select_option(label="Brynäs")
    page.get_by_label("Typ av period").select_option("kvartal")
    page.get_by_label("År", exact=True).fill(str(year))
    page.get_by_label("Nummer").fill(str(quarter))
    page.get_by_role("button", name="Visa lägesbilden").click()
    page.wait_for_url(f"**/hantera/lagesbild/brynas/{year}-k{quarter}")
    for heading in (
        "Källor och underlag",
        "EST: område och kategori",
        "Hot spots: där rapporterna samlas",
    ):
        assert page.get_by_role("heading", name=heading).count() == 1
    assert page.locator("#est table td a").count() > 0  # numbers link to the records behind them
    check_axe(page)

    page.locator("#est table td a").first.click()
    assert page.get_by_role("heading", level=1).inner_text() == "Underlaget bakom talet"
    check_axe(page)
    page.go_back()

    page.get_by_role("link", name="Skriv analys").click()
    check_axe(page)
    page.get_by_label("Problembeskrivning").fill("Internt: klotter vid gångtunneln ökar.")
    page.get_by_label("Orsaksanalys").fill("Internt: dålig belysning och skymd sikt.")
    page.get_by_label("Sammanfattning för allmänheten").fill(
        "Vi ser mer klotter i Brynäs och prioriterar det."
    )
    page.get_by_role("button", name="Spara analysen").click()
    assert "Internt: klotter vid gångtunneln ökar." in page.locator("#analys").inner_text()

    page.get_by_role("link", name="Beskriv ett problem").first.click()
    check_axe(page)
    page.get_by_label("Problem", exact=True).fill("Klotter i gångtunnlar")
    page.get_by_label("Prioriterat problem (fokusområde)").check()
    page.get_by_label("EST-kategori: Klotter").check()
    page.get_by_role("button", name="Spara problemet").click()
    assert "Klotter i gångtunnlar" in page.locator("#problem").inner_text()

    page.get_by_role("link", name="Fastställ", exact=True).click()
    check_axe(page)
    page.get_by_role("button", name=re.compile(r"Fastställ som version \d+")).click()
    assert page.get_by_role("heading", level=1).inner_text() == "Fastställd lägesbild för Brynäs"
    check_axe(page)
    public_url = page.get_by_role("link", name="Publik sammanfattning").get_attribute("href")

    page.context.clear_cookies()
    page.goto(public_url)
    assert page.get_by_role("heading", level=1).inner_text() == "Lägesbild för Brynäs"
    text = page.locator("main").inner_text()
    assert "Vi ser mer klotter i Brynäs" in text and "Klotter i gångtunnlar" in text
    assert "Internt:" not in text  # neither the problem description nor the orsaksanalys
    assert "Grupper samlas" not in text and "070-" not in text  # no EST notes
    withheld = page.locator("#est table .lb-withheld")
    assert withheld.count() > 0  # small cells are withheld …
    for cell in page.locator("#est table td.num").all():
        first = cell.inner_text().split()[0]
        assert first in ("–", "0") or int(first) >= 5, first  # … and nothing under 5 is shown
    assert page.locator(".hotspot-svg, #hotspots .empty").count() >= 1
    check_axe(page)
    page.goto("/lagesbild/")
    check_axe(page)


def test_reporter_files_an_est_report(page):
    login(page, "rapportor@demo.example", "demo-rapportor")
    page.get_by_role("link", name="EST-rapporter").first.click()
    check_axe(page)
    page.get_by_role("link", name="Sätra").click()
    check_axe(page)
    klotter = page.locator("fieldset.est-category").filter(has_text="Klotter")
    klotter.get_by_label("Återkommande").check()
    if klotter.locator("details").get_attribute("open") is None:  # open once a note is saved
        klotter.locator("summary").click()
    klotter.get_by_label("Anteckning om plats och situation").fill("Nytt klotter vid lekplatsen")
    page.get_by_role("button", name="Skicka rapporten").click()
    assert page.get_by_role("heading", level=1).inner_text() == "EST-rapport för Sätra"
    assert "Nytt klotter vid lekplatsen" in page.locator("table").inner_text()
    check_axe(page)
    page.goto("/hantera/est/mina")
    check_axe(page)


def test_coordinator_est_pages(page):
    login(page, "samordnare@demo.example", "demo-samordnare")
    page.goto("/hantera/est/")
    check_axe(page)
    page.goto("/hantera/est/omrade/demokommunen")
    assert page.get_by_role("heading", name="Har alla rapporterat?").count() == 1
    check_axe(page)
    page.goto("/hantera/est/import")
    check_axe(page)
    page.goto("/hantera/est/checklista")
    check_axe(page)
    page.goto("/hantera/lagesbild/")
    page.get_by_role("link", name=re.compile(r"Demokommunen.*version 1")).first.click()
    check_axe(page)
    page.get_by_role("link", name="Utskrift").click()
    assert page.locator("svg.hotspot-svg").count() == 1
    check_axe(page)
