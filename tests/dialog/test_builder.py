"""The survey builder: templates, editing, reordering, states, and refusals once answers exist."""

from __future__ import annotations

from datetime import timedelta

import pytest

from portal.auth.models import AuditEntry
from portal.dialog import questions, services, vocab
from portal.dialog.models import Question, Survey
from portal.dialog.survey_templates import TEMPLATES
from portal.extensions import db
from tests.dialog.helpers import make_survey, question, store


def fresh(survey: Survey) -> Survey:
    """The survey as stored now (each request closes the session the test's objects came from)."""
    return db.session.get(Survey, survey.id)


def audit_actions() -> list[str]:
    return list(db.session.scalars(db.select(AuditEntry.action)))


@pytest.mark.parametrize("template", ["trygghetsmatning", "medborgardialog"])
def test_templates_are_complete_in_swedish_and_english(template):
    definition = TEMPLATES[template]
    assert definition.title["sv"] and definition.title["en"]
    keys = [q["key"] for q in definition.questions]
    assert len(keys) == len(set(keys))
    for q in definition.questions:
        assert q["text"]["sv"] and q["text"]["en"], q["key"]
        for o in q.get("options", []):
            assert o["label"]["sv"] and o["label"]["en"], (q["key"], o["code"])


def test_trygghetsmatning_has_the_indicator_questions():
    roles = [q.get("role") for q in TEMPLATES["trygghetsmatning"].questions]
    assert roles.count(vocab.TRYGGHET) == 1 and roles.count(vocab.TRYGGHET_ORSAK) == 1
    assert roles.count(vocab.PROBLEM) == 12
    assert {vocab.ALDER, vocab.KON, vocab.BOSTADSOMRADE} <= set(roles)
    keys = {q["key"] for q in TEMPLATES["trygghetsmatning"].questions}
    assert {"polisen_bryr_sig", "fortroende"} <= keys
    medborgardialog = {q["kind"] for q in TEMPLATES["medborgardialog"].questions}
    assert {vocab.POINT, vocab.MULTIPLE, vocab.AREA} <= medborgardialog


def test_create_from_template_in_one_step(client, login_as, area):
    login_as("samordnare", area)
    form = client.get("/hantera/enkater/ny")
    assert form.status_code == 200 and "Trygghetsmätning" in form.text
    response = client.post(
        "/hantera/enkater/ny",
        data={"template": "trygghetsmatning", "area": str(area.id), "languages": ["sv", "en"]},
    )
    assert response.status_code == 302
    survey = db.session.scalars(db.select(Survey)).one()
    assert survey.state == vocab.UTKAST and survey.languages == ["sv", "en"]
    assert len(survey.questions) == len(TEMPLATES["trygghetsmatning"].questions)
    assert survey.title == {"sv": "Trygghetsmätning", "en": "Community safety survey"}
    assert "dialog.survey.create" in audit_actions()
    builder = client.get(response.headers["Location"])
    assert builder.status_code == 200 and "Om du går ut ensam sent en kväll" in builder.text


def test_create_refuses_bad_input_and_other_areas(client, login_as, area):
    login_as("polis", area)
    other = area.children[0]
    bad = client.post(
        "/hantera/enkater/ny", data={"template": "nope", "area": "x", "languages": ["xx"]}
    )
    assert bad.status_code == 400
    assert "Välj en av mallarna." in bad.text and "Välj ett område i listan." in bad.text
    assert db.session.scalar(db.select(db.func.count(Survey.id))) == 0
    ok = client.post(
        "/hantera/enkater/ny",
        data={"template": "tom", "area": str(other.id), "languages": ["sv"], "title": "Egen"},
    )
    assert ok.status_code == 302
    assert db.session.scalars(db.select(Survey)).one().title == {"sv": "Egen"}


def test_edit_question_wording_options_and_condition(client, login_as, area):
    login_as("samordnare", area)
    survey = make_survey(area, "tom", state=vocab.UTKAST)
    db.session.commit()
    added = client.post(f"/hantera/enkater/{survey.id}/fragor", data={"kind": "single"})
    assert added.status_code == 302
    q_id = db.session.scalars(db.select(Question.id)).one()
    response = client.post(
        f"/hantera/enkater/{survey.id}/fragor/{q_id}",
        data={
            "text_sv": "Hur ofta går du ut?",
            "text_en": "How often do you go out?",
            "options_sv": "Ofta\nSällan",
            "options_en": "Often\nSeldom",
            "page": "2",
            "required": "y",
        },
    )
    assert response.status_code == 302, response.text[:2000]
    q = db.session.get(Question, q_id)
    assert q.text == {"sv": "Hur ofta går du ut?", "en": "How often do you go out?"}
    assert [o["code"] for o in q.options] == ["ofta", "sallan"]
    assert q.options[1]["label"] == {"sv": "Sällan", "en": "Seldom"}
    assert q.required and q.page == 2
    mismatch = client.post(
        f"/hantera/enkater/{survey.id}/fragor/{q_id}",
        data={"text_sv": "X", "options_sv": "A\nB\nC", "options_en": "A\nB", "page": "x"},
    )
    assert mismatch.status_code == 400
    assert "Skriv lika många alternativ på varje språk" in mismatch.text
    assert "Skriv ett heltal från 1 till 50." in mismatch.text


def test_fixed_indicator_options_can_be_reworded_not_changed(app, area):
    survey = make_survey(area, state=vocab.UTKAST)
    trygghet = question(survey, "trygghet")
    lines = {
        lang: "\n".join(o["label"][lang] for o in trygghet.options if o["scored"])
        for lang in ("sv", "en")
    }
    extra = {
        lang: "\n".join(o["label"][lang] for o in trygghet.options if not o["scored"])
        for lang in ("sv", "en")
    }
    reworded = {**lines, "sv": lines["sv"].replace("Mycket trygg", "Väldigt trygg")}
    options = questions.build_options(trygghet, reworded, extra)
    assert [o["code"] for o in options] == trygghet.codes
    assert options[0]["label"]["sv"] == "Väldigt trygg"
    with (
        app.test_request_context(),
        pytest.raises(ValueError, match="lägg inte till eller ta bort"),
    ):
        questions.build_options(trygghet, {k: v + "\nNy" for k, v in lines.items()}, extra)


def test_reorder_across_pages_and_delete(client, login_as, area):
    login_as("samordnare", area)
    survey = make_survey(area, state=vocab.UTKAST)
    db.session.commit()
    first, second = survey.questions[0].id, survey.questions[1].id
    home = question(survey, "bostadsomrade").id
    client.post(f"/hantera/enkater/{survey.id}/fragor/{second}/flytta", data={"riktning": "upp"})
    assert [q.key for q in fresh(survey).questions[:2]] == ["trygghet_orsak", "trygghet"]
    assert db.session.get(Question, home).page == 1
    client.post(f"/hantera/enkater/{survey.id}/fragor/{home}/flytta", data={"riktning": "ned"})
    assert db.session.get(Question, home).page == 2  # moved onto the next page
    client.post(f"/hantera/enkater/{survey.id}/fragor/{first}/ta-bort")
    now = fresh(survey)
    assert "trygghet" not in {q.key for q in now.questions}
    # the follow-up lost its condition with its parent
    assert question(now, "trygghet_orsak").show_if_key is None
    assert [q.position for q in now.questions] == list(range(len(now.questions)))


def test_preview_shows_every_question_and_cannot_submit(client, login_as, area):
    login_as("polis", area)
    survey = make_survey(area, "medborgardialog", state=vocab.UTKAST)
    db.session.commit()
    page = client.get(f"/hantera/enkater/{survey.id}/forhandsvisning?sprak=en")
    assert page.status_code == 200
    assert "Förhandsvisning" in page.text
    assert "Mark where you feel unsafe" in page.text and "What should the police" in page.text
    assert "Skicka svaren" not in page.text


def test_publish_needs_a_complete_survey_then_close_and_archive(client, login_as, area):
    login_as("samordnare", area)
    survey = make_survey(area, "tom", state=vocab.UTKAST)
    db.session.commit()
    refused = client.post(
        f"/hantera/enkater/{survey.id}/status", data={"atgard": "oppna"}, follow_redirects=True
    )
    assert "Enkäten har inga frågor." in refused.text
    assert fresh(survey).state == vocab.UTKAST
    full = make_survey(area, state=vocab.UTKAST)
    db.session.commit()
    for action, state in (
        ("oppna", "oppen"),
        ("stang", "stangd"),
        ("oppna-igen", "oppen"),
        ("stang", "stangd"),
        ("arkivera", "arkiverad"),
    ):
        client.post(f"/hantera/enkater/{full.id}/status", data={"atgard": action})
        assert fresh(full).state == state
    wrong = client.post(
        f"/hantera/enkater/{full.id}/status", data={"atgard": "oppna"}, follow_redirects=True
    )
    assert "Det går inte att göra så" in wrong.text
    assert "dialog.survey.arkivera" in audit_actions()


def test_questions_are_frozen_once_there_are_answers(client, login_as, area):
    login_as("samordnare", area)
    survey = make_survey(area)
    store(survey, {"trygghet": "ganska_trygg"})
    db.session.commit()
    trygghet = question(survey, "trygghet")
    before, keys = dict(trygghet.text), [q.key for q in survey.questions]
    page = client.get(f"/hantera/enkater/{survey.id}/fragor/{trygghet.id}")
    assert "Enkäten har redan svar" in page.text and "Kopiera som ny version" in page.text
    refused = client.post(
        f"/hantera/enkater/{survey.id}/fragor/{trygghet.id}",
        data={"text_sv": "Ny formulering", "text_en": "New", "page": "1"},
    )
    assert refused.status_code == 409
    assert db.session.get(Question, trygghet.id).text == before
    for url, data in (
        (f"/hantera/enkater/{survey.id}/fragor", {"kind": "text"}),
        (f"/hantera/enkater/{survey.id}/fragor/{trygghet.id}/ta-bort", {}),
    ):
        response = client.post(url, data=data, follow_redirects=True)
        assert "Enkäten har redan svar" in response.text
    assert len(fresh(survey).questions) == len(TEMPLATES["trygghetsmatning"].questions)
    # reordering does not change what an answer means, so it stays allowed
    moved = client.post(
        f"/hantera/enkater/{survey.id}/fragor/{trygghet.id}/flytta", data={"riktning": "ned"}
    )
    assert moved.status_code == 302
    # the way forward: a new version, with the same question keys
    copied = client.post(f"/hantera/enkater/{survey.id}/kopiera")
    new = db.session.get(Survey, int(copied.headers["Location"].rsplit("/", 1)[1]))
    assert new.state == vocab.UTKAST and new.version == 2 and new.previous_id == survey.id
    assert sorted(q.key for q in new.questions) == sorted(keys)
    services.check_editable(new)  # the copy can be edited


def test_area_cannot_change_once_answered_and_dates_are_checked(app, area):
    survey = make_survey(area)
    store(survey, {"trygghet": "ganska_trygg"})
    changes = services.SettingsChanges(
        title={"sv": "T"},
        intro={},
        languages=["sv"],
        area=area.children[0],
        opens_on=None,
        closes_on=None,
    )
    with pytest.raises(services.ChangeRefused):
        services.update_settings(survey, changes, "test")
    changes.area = area
    changes.opens_on, changes.closes_on = services.today(), services.today() - timedelta(days=1)
    with app.test_request_context(), pytest.raises(services.ChangeRefused, match="Slutdatumet"):
        services.update_settings(survey, changes, "test")


def test_settings_form_saves_texts_and_dates(client, login_as, area):
    login_as("samordnare", area)
    survey = make_survey(area, state=vocab.UTKAST)
    db.session.commit()
    response = client.post(
        f"/hantera/enkater/{survey.id}/installningar",
        data={
            "title_sv": "Trygghet i Norr",
            "title_en": "Safety in Norr",
            "intro_sv": "Välkommen",
            "intro_en": "",
            "languages": ["sv", "en"],
            "area": str(area.id),
            "opens_on": "2026-01-01",
            "closes_on": "2026-02-30",
        },
    )
    assert response.status_code == 400 and "Skriv datumet som ÅÅÅÅ-MM-DD." in response.text
    response = client.post(
        f"/hantera/enkater/{survey.id}/installningar",
        data={
            "title_sv": "Trygghet i Norr",
            "title_en": "Safety in Norr",
            "intro_sv": "Välkommen",
            "languages": ["sv", "en"],
            "area": str(area.id),
            "closes_on": "2030-02-28",
        },
    )
    assert response.status_code == 302
    survey = fresh(survey)
    assert survey.title == {"sv": "Trygghet i Norr", "en": "Safety in Norr"}
    assert survey.intro == {"sv": "Välkommen"} and str(survey.closes_on) == "2030-02-28"


def test_public_list_and_area_section_show_only_open_surveys(client, area):
    open_survey = make_survey(area)
    open_survey.title = {"sv": "Öppen enkät", "en": "Open survey"}
    draft = make_survey(area, state=vocab.UTKAST)
    draft.title = {"sv": "Hemligt utkast"}
    closed = make_survey(area, state=vocab.STANGD, results_published_at=None)
    closed.title = {"sv": "Stängd förra året"}
    db.session.commit()
    listing = client.get(f"/enkater?omrade={area.children[0].slug}")
    assert "Öppen enkät" in listing.text
    assert "Hemligt utkast" not in listing.text and "Stängd förra året" not in listing.text
    section = client.get(f"/omraden/{area.children[0].slug}")
    assert "Öppen enkät" in section.text and "Hemligt utkast" not in section.text
