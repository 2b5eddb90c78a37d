"""Promises in several languages: coordinators translate; residents read their language."""

from __future__ import annotations

import pytest

from portal.auth.models import AuditEntry
from portal.extensions import db
from portal.loften import commitments, vocab
from portal.loften.models import Commitment, Promise, PromiseVersion
from tests.loften import helpers
from tests.test_content_i18n import EIGHT


@pytest.fixture
def eight_languages(app, monkeypatch):
    monkeypatch.setitem(app.config, "LANGUAGES", dict(EIGHT))


@pytest.fixture
def promise(area, coordinator):
    found = helpers.published_promise(area, coordinator)
    found.summary = "Vi lovar att göra **gångvägarna** tryggare."
    commitment = found.commitments[0]
    helpers.update(coordinator, commitment, text="Vi har patrullerat 40 gånger.", value=40)
    delayed = found.commitments[1]
    helpers.update(
        coordinator,
        delayed,
        status=vocab.FORSENAD,
        text="Saneringen har börjat.",
        reason="Leverantören är sen.",
    )
    db.session.commit()
    return found


def fresh(promise: Promise) -> Promise:
    return db.session.get(Promise, promise.id)


def english(promise: Promise) -> dict[str, str]:
    """A complete English translation, as form data."""
    promise = fresh(promise)
    first, second = promise.commitments
    data = {
        "lofte_title": "Citizen promise for Testkommun",
        "lofte_summary": "We promise to make the **footpaths** safer.",
        f"atagande{first.id}_title": "Patrol at least 200 times",
        f"atagande{first.id}_description": "Evenings and weekends.",
        f"atagande{second.id}_title": "Remove graffiti within 24 hours",
        f"atagande{second.id}_description": "Evenings and weekends.",
        f"uppdatering{first.updates[0].id}_text": "We have patrolled 40 times.",
        f"uppdatering{second.updates[0].id}_text": "The clean-up has started.",
        f"uppdatering{second.updates[0].id}_reason": "The supplier is late.",
    }
    return data


def test_coordinator_translates_a_promise(client, sign_in, promise, coordinator):
    sign_in(coordinator)
    overview = client.get(f"/hantera/loften/{promise.id}/oversattningar")
    assert overview.status_code == 200
    assert f"/hantera/loften/{promise.id}/oversattningar/en" in overview.text
    page = client.get(f"/hantera/loften/{promise.id}/oversattningar/en")
    assert page.status_code == 200
    assert 'name="lofte_title"' in page.text and "Vi har patrullerat 40 gånger." in page.text
    versions_before = db.session.scalar(db.select(db.func.count()).select_from(PromiseVersion))
    response = client.post(f"/hantera/loften/{promise.id}/oversattningar/en", data=english(promise))
    assert response.status_code == 302
    saved = fresh(promise)
    assert saved.tr("title", "en").text == "Citizen promise for Testkommun"
    assert saved.title == "Medborgarlöfte Testkommun"  # the Swedish promise is unchanged
    entry = db.session.scalars(
        db.select(AuditEntry).where(AuditEntry.action == "loften.translate")
    ).one()
    assert entry.detail["lang"] == "en" and "lofte_title" in entry.detail["changed"]
    # a translation is not a new version of the promise
    versions_after = db.session.scalar(db.select(db.func.count()).select_from(PromiseVersion))
    assert versions_after == versions_before


def test_residents_read_the_promise_in_their_language(app, client, sign_in, promise, coordinator):
    sign_in(coordinator)
    client.post(f"/hantera/loften/{promise.id}/oversattningar/en", data=english(promise))
    resident = app.test_client()
    resident.set_cookie("lang", "en")
    page = resident.get(f"/loften/{promise.id}")
    assert page.status_code == 200
    assert "<h1>Citizen promise for Testkommun</h1>" in page.text
    assert "<strong>footpaths</strong>" in page.text
    assert "Patrol at least 200 times" in page.text
    assert "We have patrolled 40 times." in page.text
    assert "The supplier is late." in page.text  # the update's reason and the current reason
    assert "Vi har patrullerat" not in page.text
    assert "content-fallback-note" not in page.text
    listing = resident.get("/loften/")
    assert "Citizen promise for Testkommun" in listing.text
    feed = resident.get(f"/loften/{promise.id}/feed.atom")
    assert (
        "Citizen promise for Testkommun" in feed.text and "The clean-up has started." in feed.text
    )
    widget = resident.get(f"/loften/widget/{promise.id}")
    assert "Citizen promise for Testkommun" in widget.text


def test_untranslated_text_is_swedish_marked_with_a_note(
    app, client, sign_in, promise, coordinator, eight_languages
):
    sign_in(coordinator)
    client.post(
        f"/hantera/loften/{promise.id}/oversattningar/fi",
        data={"lofte_title": "Kansalaislupaus Testkommun"},
    )
    resident = app.test_client()
    resident.set_cookie("lang", "fi")
    page = resident.get(f"/loften/{promise.id}")
    assert "<h1>Kansalaislupaus Testkommun</h1>" in page.text
    assert '<h4 lang="sv">Patrullera vid minst 200 tillfällen</h4>' in page.text
    assert '<div class="loften-text lead" lang="sv">' in page.text
    assert page.text.count("content-fallback-note") == 1
    swedish = app.test_client().get(f"/loften/{promise.id}")
    assert "content-fallback-note" not in swedish.text and 'lang="sv">' not in swedish.text
    listing = resident.get("/loften/")
    assert "Kansalaislupaus Testkommun" in listing.text


def test_a_changed_swedish_text_hides_the_old_translation(
    app, client, sign_in, promise, coordinator
):
    sign_in(coordinator)
    client.post(f"/hantera/loften/{promise.id}/oversattningar/en", data=english(promise))
    commitment = db.session.get(Commitment, fresh(promise).commitments[0].id)
    commitments.update_commitment(
        coordinator,
        commitment,
        helpers.commitment_input(title="Patrullera vid minst 150 tillfällen"),
    )
    db.session.commit()
    resident = app.test_client()
    resident.set_cookie("lang", "en")
    page = resident.get(f"/loften/{promise.id}")
    assert "Patrol at least 200 times" not in page.text
    assert '<h4 lang="sv">Patrullera vid minst 150 tillfällen</h4>' in page.text
    assert "content-fallback-note" in page.text
    staff_page = client.get(f"/hantera/loften/{promise.id}/oversattningar/en")
    assert "Den svenska texten har ändrats" in staff_page.text
    assert "Patrol at least 200 times" in staff_page.text  # kept, to be corrected


def test_only_coordinators_of_the_promise_translate(client, sign_in, area, promise):
    partner = helpers.partner(area)
    db.session.commit()
    sign_in(partner)
    assert client.get(f"/hantera/loften/{promise.id}/oversattningar").status_code == 403
    response = client.post(
        f"/hantera/loften/{promise.id}/oversattningar/en", data={"lofte_title": "X"}
    )
    assert response.status_code == 403
    assert fresh(promise).translations == {}


def test_unknown_language_and_too_long_text(client, sign_in, promise, coordinator):
    sign_in(coordinator)
    assert client.get(f"/hantera/loften/{promise.id}/oversattningar/sv").status_code == 404
    assert client.get(f"/hantera/loften/{promise.id}/oversattningar/xx").status_code == 404
    response = client.post(
        f"/hantera/loften/{promise.id}/oversattningar/en", data={"lofte_title": "x" * 201}
    )
    assert response.status_code == 400
    assert fresh(promise).translations == {}
