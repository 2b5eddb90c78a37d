"""Surveys in several languages: staff translate and offer a language; answers combine."""

from __future__ import annotations

import pytest

from portal.auth.models import AuditEntry
from portal.dialog import translation_views, vocab
from portal.dialog.models import Answer, Response, Tally
from portal.extensions import db
from tests.dialog.helpers import form_for, fresh, make_survey, question, store, survey_id
from tests.test_content_i18n import EIGHT


@pytest.fixture
def eight_languages(app, monkeypatch):
    monkeypatch.setitem(app.config, "LANGUAGES", dict(EIGHT))


@pytest.fixture
def survey(area):
    s = make_survey(area)
    db.session.commit()
    return s


def answer(app, survey, lang: str, trygghet: str, token: str):
    """One resident answers the whole survey with the interface in ``lang``."""
    client = app.test_client()
    client.set_cookie("lang", lang)
    answers = {"trygghet": trygghet, "alder": "25-44", "kon": "kvinna"}
    data = {"steg": "alla", "token": token, **form_for(survey, answers)}
    response = client.post(f"/enkater/{survey_id(survey)}/svara", data=data)
    assert response.status_code == 302, response.text[:500]


def test_answers_in_two_languages_are_counted_together(app, client, survey):
    english = app.test_client()
    english.set_cookie("lang", "en")
    page = english.get(f"/enkater/{survey.id}/svara?steg=alla")
    assert "Fairly unsafe" in page.text and "Ganska otrygg" not in page.text
    answer(app, survey, "sv", "ganska_otrygg", "s" * 32)
    answer(app, survey, "en", "ganska_otrygg", "e" * 32)
    answer(app, survey, "en", "mycket_trygg", "f" * 32)
    trygghet = question(survey, "trygghet")
    # stored as option codes, never as labels, with the language only as a note on the response
    values = db.session.scalars(db.select(Answer.value).where(Answer.question_id == trygghet.id))
    assert sorted(values) == ["ganska_otrygg", "ganska_otrygg", "mycket_trygg"]
    languages = db.session.scalars(db.select(Response.language).order_by(Response.id))
    assert list(languages) == ["sv", "en", "en"]
    counted = db.session.scalar(
        db.select(db.func.sum(Tally.n)).where(
            Tally.question_id == trygghet.id,
            Tally.value == "ganska_otrygg",
            Tally.breakdown == "omrade",
        )
    )
    assert counted == 2


def test_staff_results_combine_the_languages(client, login_as, area, survey):
    store(survey, {"trygghet": "ganska_otrygg"}, language="sv")
    store(survey, {"trygghet": "ganska_otrygg"}, language="en")
    db.session.commit()
    login_as("samordnare", area)
    page = client.get(f"/hantera/enkater/{survey.id}/resultat")
    assert page.status_code == 200
    assert "Ganska otrygg" in page.text


def test_overview_lists_each_language_and_what_is_offered(
    client, login_as, area, survey, eight_languages
):
    login_as("samordnare", area)
    page = client.get(f"/hantera/enkater/{survey.id}/oversattningar")
    assert page.status_code == 200
    for name in ("English", "Soomaali", "українська"):
        assert name in page.text
    assert f"/hantera/enkater/{survey.id}/oversattningar/so" in page.text
    assert "Svenska</span>" not in page.text  # Swedish is the source, not a target
    assert "erbjuds inte" in page.text and "Klar" in page.text  # English is complete


def _full_translation(app, survey, lang: str) -> dict[str, str]:
    with app.test_request_context():
        items = translation_views.items(fresh(survey), lang)
    assert len(items) > 20
    return {item.key: f"[{lang}] {item.source}" for item in items}


def test_an_open_survey_is_offered_in_a_language_only_when_complete(
    app, client, login_as, area, survey, eight_languages
):
    login_as("samordnare", area)
    url = f"/hantera/enkater/{survey.id}/oversattningar/so"
    form = client.get(url)
    assert form.status_code == 200
    assert 'lang="so"' in form.text and 'lang="sv"' in form.text  # inputs and sources
    partial = client.post(url, data={"titel": "Sahanka amniga", "offered": "y"})
    assert partial.status_code == 400
    assert "först när allt är översatt" in partial.text
    assert "so" not in fresh(survey).languages
    assert "so" not in fresh(survey).title  # nothing was saved
    data = _full_translation(app, survey, "so")
    done = client.post(url, data={**data, "offered": "y"})
    assert done.status_code == 302
    saved = fresh(survey)
    assert saved.languages == ["sv", "en", "so"]
    assert saved.title["so"] == "[so] " + saved.title["sv"]
    trygghet = question(survey, "trygghet")
    labels = {o["code"]: o["label"]["so"] for o in trygghet.options}
    assert labels["ganska_otrygg"] == "[so] Ganska otrygg"
    entry = db.session.scalars(
        db.select(AuditEntry).where(AuditEntry.action == "dialog.survey.translate")
    ).one()
    assert entry.detail["lang"] == "so" and entry.detail["offered"] is True
    # a Somali-speaking resident now gets the Somali survey, with the same answer codes
    resident = app.test_client()
    resident.set_cookie("lang", "so")
    page = resident.get(f"/enkater/{survey.id}/svara?steg=alla")
    assert "[so] Ganska otrygg" in page.text
    assert f'name="q{trygghet.id}" value="ganska_otrygg"' in page.text


def test_a_language_not_offered_shows_the_swedish_survey_marked_as_swedish(
    app, survey, eight_languages
):
    resident = app.test_client()
    resident.set_cookie("lang", "fi")
    intro = resident.get(f"/enkater/{survey.id}")
    title = fresh(survey).title["sv"]
    assert f'<h1 lang="sv">{title}</h1>' in intro.text
    answer_page = resident.get(f"/enkater/{survey.id}/svara")
    assert f'<h1 lang="sv">{title}</h1>' in answer_page.text
    listing = resident.get("/enkater")
    assert f'<span lang="sv">{title}</span>' in listing.text
    assert "content-fallback-note" in listing.text
    english = app.test_client()
    english.set_cookie("lang", "en")
    assert "content-fallback-note" not in english.get("/enkater").text
    assert f"<h1>{fresh(survey).title['en']}</h1>" in english.get(f"/enkater/{survey.id}").text


def test_translations_can_be_added_after_answers_came_in(
    app, client, login_as, area, survey, eight_languages
):
    store(survey, {"trygghet": "mycket_otrygg"})
    db.session.commit()
    login_as("samordnare", area)
    trygghet = question(survey, "trygghet")
    index = trygghet.codes.index("mycket_otrygg")
    key = f"q{trygghet.id}_option{index}"
    response = client.post(
        f"/hantera/enkater/{survey.id}/oversattningar/fi", data={key: "Hyvin turvaton"}
    )
    assert response.status_code == 302
    option = question(survey, "trygghet").options[index]
    assert option["code"] == "mycket_otrygg" and option["label"]["fi"] == "Hyvin turvaton"
    assert "fi" not in fresh(survey).languages  # saved, not offered
    value = db.session.scalar(db.select(Answer.value).where(Answer.question_id == trygghet.id))
    assert value == "mycket_otrygg"


def test_a_draft_may_be_offered_before_it_is_complete(client, login_as, area, eight_languages):
    draft = make_survey(area, state=vocab.UTKAST)
    db.session.commit()
    login_as("samordnare", area)
    url = f"/hantera/enkater/{draft.id}/oversattningar/uk"
    response = client.post(url, data={"titel": "Опитування", "offered": "y"})
    assert response.status_code == 302
    assert "uk" in fresh(draft).languages
    page = client.get(f"/hantera/enkater/{draft.id}")
    assert "Fråga 1 saknar text på: uk." in page.text  # checked when it opens
    # and a language can be taken away again, but not the last one
    assert client.post(url, data={"titel": "Опитування"}).status_code == 302
    assert fresh(draft).languages == ["sv", "en"]


def test_the_last_language_cannot_be_taken_away(client, login_as, area, eight_languages):
    only_english = make_survey(area, state=vocab.UTKAST, languages=["en"])
    db.session.commit()
    login_as("samordnare", area)
    response = client.post(f"/hantera/enkater/{only_english.id}/oversattningar/en", data={})
    assert response.status_code == 400
    assert fresh(only_english).languages == ["en"]


def test_archived_surveys_and_unknown_languages_are_refused(client, login_as, area, survey):
    login_as("samordnare", area)
    assert client.get(f"/hantera/enkater/{survey.id}/oversattningar/xx").status_code == 404
    assert client.get(f"/hantera/enkater/{survey.id}/oversattningar/sv").status_code == 404
    fresh(survey).state = vocab.ARKIVERAD
    db.session.commit()
    response = client.post(f"/hantera/enkater/{survey.id}/oversattningar/en", data={"titel": "X"})
    assert response.status_code == 409
    assert fresh(survey).title["en"] != "X"


def test_only_coordinators_of_the_area_translate(client, login_as, survey):
    from tests.factories import make_area

    elsewhere = make_area("Annanstans", kind="kommun", bbox=(14.0, 58.0, 14.3, 58.2))
    db.session.commit()
    login_as("samordnare", elsewhere)
    assert client.get(f"/hantera/enkater/{survey.id}/oversattningar").status_code == 403
    response = client.post(f"/hantera/enkater/{survey.id}/oversattningar/en", data={"titel": "X"})
    assert response.status_code == 403
