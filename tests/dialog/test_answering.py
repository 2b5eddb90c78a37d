"""Answering a survey through the views: steps, errors next to the field, drafts, submission."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import inspect as sa_inspect

from portal.dialog import answering, services, vocab
from portal.dialog.models import (
    Answer,
    Draft,
    PointAnswer,
    Response,
    SubmissionKey,
    TextAnswer,
)
from portal.extensions import db
from tests.dialog.helpers import form_for, fresh, make_survey, question, survey_id

TOKEN = "t" * 32


def count(model) -> int:
    return db.session.scalar(db.select(db.func.count()).select_from(model))


@pytest.fixture
def survey(area):
    s = make_survey(area)
    db.session.commit()
    return s


def full_answers(survey, **overrides) -> dict:
    answers = {"trygghet": "ganska_otrygg", "alder": "25-44", "kon": "kvinna"}
    answers.update(overrides)
    return answers


def post_all(client, survey, answers: dict, token: str = TOKEN, **extra):
    data = {"steg": "alla", "token": token, **form_for(survey, answers), **extra}
    return client.post(f"/enkater/{survey_id(survey)}/svara", data=data)


def test_intro_and_first_step_work_without_javascript(client, survey):
    intro = client.get(f"/enkater/{survey.id}")
    assert intro.status_code == 200
    assert "Börja svara" in intro.text and "IP-adress" in intro.text
    page = client.get(f"/enkater/{survey.id}/svara")
    assert page.status_code == 200
    assert "Steg 1 av 6" in page.text
    trygghet = question(survey, "trygghet")
    assert f'name="q{trygghet.id}" value="mycket_trygg"' in page.text
    assert 'class="honeypot"' in page.text
    # the follow-up on the same page says when to answer it (no script needed)
    assert "Svara bara om du valde ”Går aldrig ut ensam sent på kvällen” i fråga 1." in page.text


def test_required_question_error_is_next_to_the_field_and_input_is_kept(client, survey):
    home = question(survey, "bostadsomrade")
    area_id = home.survey.area.children[0].id
    data = {"steg": "1", "token": TOKEN, f"q{home.id}": str(area_id)}
    response = client.post(f"/enkater/{survey.id}/svara", data=data)
    assert response.status_code == 400
    trygghet = question(survey, "trygghet")
    assert f'id="q{trygghet.id}-error"' in response.text
    assert "Välj ett alternativ." in response.text
    assert 'class="error-summary"' in response.text
    assert f'href="#q{trygghet.id}-0"' in response.text
    # what was chosen is still chosen
    assert re.search(rf'value="{area_id}" checked', response.text)
    assert count(Response) == 0


def test_steps_keep_answers_in_a_draft_going_back_and_forth(client, survey):
    trygghet = question(survey, "trygghet")
    first = client.post(
        f"/enkater/{survey.id}/svara",
        data={"steg": "1", "token": TOKEN, f"q{trygghet.id}": "mycket_otrygg"},
    )
    assert first.status_code == 302 and first.headers["Location"].endswith("steg=2")
    back = client.post(
        f"/enkater/{survey.id}/svara", data={"steg": "2", "token": TOKEN, "riktning": "tillbaka"}
    )
    assert back.headers["Location"].endswith("steg=1")
    page = client.get(f"/enkater/{survey.id}/svara?steg=1")
    assert 'value="mycket_otrygg" checked' in page.text
    assert count(Draft) == 1
    draft = db.session.scalars(db.select(Draft)).one()
    assert draft.token_hash != TOKEN and len(draft.token_hash) == 64  # only a hash is stored


def test_walking_every_step_stores_one_response(client, survey):
    answers = full_answers(survey)
    steps = answering.visible_steps(list(survey.questions), {})
    response = None
    for number, step in enumerate(steps, start=1):
        keys = {q.key for q in step}
        data = {"steg": str(number), "token": TOKEN}
        data.update(form_for(survey, {k: v for k, v in answers.items() if k in keys}))
        response = client.post(f"/enkater/{survey.id}/svara", data=data)
        assert response.status_code == 302, response.text[:500]
    assert response.headers["Location"].endswith(f"/enkater/{survey.id}/tack")
    assert count(Response) == 1
    stored = db.session.scalars(db.select(Response)).one()
    assert (stored.age_band, stored.gender) == ("25-44", "kvinna")
    assert count(Draft) == 0  # the draft is gone once sent in
    thanks = client.get(response.headers["Location"])
    assert "Tack för dina svar!" in thanks.text and "Vad händer nu?" in thanks.text


def test_double_submit_stores_one_response(client, survey):
    first = post_all(client, survey, full_answers(survey))
    second = post_all(client, survey, full_answers(survey))
    assert first.status_code == second.status_code == 302
    assert second.headers["Location"].endswith("/tack")
    assert count(Response) == 1
    assert count(SubmissionKey) == 1
    # a new token (another person on the same device) is a new response
    post_all(client, survey, full_answers(survey), token="u" * 32)
    assert count(Response) == 2


def test_second_submit_after_validation_of_the_first_is_still_one(client, survey):
    """Even with incomplete data, a repeated token answers "thanks" and stores nothing."""
    post_all(client, survey, full_answers(survey))
    again = post_all(client, survey, {})
    assert again.status_code == 302 and again.headers["Location"].endswith("/tack")
    assert count(Response) == 1


def test_honeypot_stores_nothing(client, survey):
    response = post_all(client, survey, full_answers(survey), website="http://spam.example")
    assert response.status_code == 302
    assert count(Response) == 0 and count(Answer) == 0


def test_answered_cookie_encourages_one_response(client, survey):
    post_all(client, survey, full_answers(survey))
    again = client.get(f"/enkater/{survey_id(survey)}")
    assert "Du har redan svarat på den här enkäten" in again.text
    assert "no-store" in again.headers["Cache-Control"]  # never served to someone else
    client.set_cookie("enkater_besvarade", "forged-value")
    forged = client.get(f"/enkater/{survey_id(survey)}")
    assert "Du har redan svarat" not in forged.text


@pytest.mark.parametrize(
    ("state", "fields", "status", "text"),
    [
        (vocab.STANGD, {}, 410, "Enkäten är stängd"),
        (vocab.ARKIVERAD, {}, 410, "Enkäten är stängd"),
        (vocab.UTKAST, {}, 404, "Enkäten är inte öppen"),
        (vocab.OPPEN, {"opens_on": 5}, 403, "Enkäten har inte öppnat ännu"),
        (vocab.OPPEN, {"closes_on": -1}, 410, "Enkäten är stängd"),
    ],
)
def test_closed_draft_and_future_surveys_refuse_answers(client, area, state, fields, status, text):
    dates = {name: services.today() + timedelta(days=days) for name, days in fields.items()}
    survey = make_survey(area, state=state, **dates)
    db.session.commit()
    for response in (
        client.get(f"/enkater/{survey.id}/svara"),
        post_all(client, survey, full_answers(survey)),
    ):
        assert response.status_code == status
        assert text in response.text
    assert count(Response) == 0 and count(Draft) == 0


def test_no_ip_address_or_user_agent_is_stored(client, survey):
    ip, agent = "203.0.113.77", "Mozilla/5.0 (Sekretess-test) Unik/4711"
    home = question(survey, "bostadsomrade")
    answers = full_answers(survey, mer_att_beratta="Mörkt vid stationen.")
    answers["bostadsomrade"] = str(survey.area.children[0].id)
    response = client.post(
        f"/enkater/{survey.id}/svara",
        data={"steg": "alla", "token": TOKEN, **form_for(survey, answers)},
        environ_base={"REMOTE_ADDR": ip, "HTTP_USER_AGENT": agent},
    )
    assert response.status_code == 302 and count(Response) == 1
    forbidden = {"ip", "ip_address", "remote_addr", "user_agent", "agent", "cookie", "token"}
    for model in (Response, Answer, TextAnswer, PointAnswer, SubmissionKey, Draft):
        columns = {c.key for c in sa_inspect(model).columns}
        assert not columns & forbidden, (model, columns & forbidden)
    # nothing the request carried about the client ended up in any row of any table
    dumped = []
    for table in db.metadata.sorted_tables:
        for row in db.session.execute(table.select()):
            dumped.append(repr(tuple(row)))
    everything = "\n".join(dumped)
    assert ip not in everything and agent not in everything and "Sekretess-test" not in everything
    # the home-area answer went in as the respondent's area
    assert db.session.scalars(db.select(Response)).one().area_id == int(answers["bostadsomrade"])
    assert home


def test_follow_up_is_kept_only_when_its_condition_holds(client, survey):
    post_all(
        client, survey, full_answers(survey, trygghet="ganska_trygg", trygghet_orsak="otrygghet")
    )
    reason = question(survey, "trygghet_orsak").id
    assert db.session.scalar(db.select(Answer).where(Answer.question_id == reason)) is None
    post_all(
        client,
        survey,
        full_answers(survey, trygghet="gar_aldrig_ut", trygghet_orsak="otrygghet"),
        token="v" * 32,
    )
    kept = db.session.scalars(db.select(Answer.value).where(Answer.question_id == reason)).all()
    assert kept == ["otrygghet"]


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("trygghet", "finns-inte", "Välj ett av alternativen i listan."),
        (
            "mer_att_beratta",
            "x" * 1001,
            "Svaret är för långt: högst 1000 tecken (du har skrivit 1001).",
        ),
        ("bostadsomrade", "999999", "Välj ett område i listan."),
    ],
)
def test_bad_values_are_explained_not_stored(client, survey, key, value, message):
    response = post_all(client, survey, full_answers(survey, **{key: value}))
    assert response.status_code == 400
    assert message in response.text
    assert count(Response) == 0


def test_wrong_types_and_huge_values_never_give_500(client, survey):
    trygghet = question(survey, "trygghet")
    for data in (
        {"steg": "alla", "token": "x", f"q{trygghet.id}": ["a", "b"] * 50},
        {"steg": "9999", "token": TOKEN * 10},
        {"steg": "-1", f"q{trygghet.id}": "\x00" * 5000},
        {"steg": "abc", "riktning": "tillbaka"},
    ):
        response = client.post(f"/enkater/{survey.id}/svara", data=data)
        assert response.status_code < 500


@pytest.fixture
def dialog_survey(area):
    s = make_survey(area, "medborgardialog")
    db.session.commit()
    return s


def dialog_answers(**extra) -> dict:
    return {"storsta_problem": "belysning", **extra}


def test_map_point_is_stored_with_its_area(client, dialog_survey):
    target = dialog_survey.area.children[0]
    target_id, lon, lat = target.id, 17.15, (target.min_lat + target.max_lat) / 2
    answers = dialog_answers(
        otrygg_plats={"lon": str(lon), "lat": str(lat), "area": "", "text": ""}
    )
    response = post_all(client, dialog_survey, answers)
    assert response.status_code == 302, response.text[:1000]
    point = db.session.scalars(db.select(PointAnswer)).one()
    assert (point.lon, point.lat, point.area_id) == (lon, lat, target_id)
    counted = db.session.scalars(
        db.select(Answer.value).where(
            Answer.question_id == question(dialog_survey, "otrygg_plats").id
        )
    ).one()
    assert counted == str(target_id)


def test_map_point_has_non_map_alternatives(client, dialog_survey):
    target = dialog_survey.area.children[1]
    answers = dialog_answers(
        otrygg_plats={
            "lon": "",
            "lat": "",
            "area": str(target.id),
            "text": "Gångtunneln vid skolan",
        }
    )
    assert post_all(client, dialog_survey, answers).status_code == 302
    assert count(PointAnswer) == 0
    text = db.session.scalars(db.select(TextAnswer)).one()
    assert text.text == "Gångtunneln vid skolan" and text.state == "vantar"


@pytest.mark.parametrize(
    ("lon", "lat"),
    [("14.0", "58.0"), ("abc", "60.65"), ("NaN", "60.65"), ("1e309", "60.65"), ("17.15", "")],
)
def test_point_outside_or_malformed_is_an_error_next_to_the_field(client, dialog_survey, lon, lat):
    answers = dialog_answers(otrygg_plats={"lon": lon, "lat": lat, "area": "", "text": ""})
    response = post_all(client, dialog_survey, answers)
    assert response.status_code == 400
    point = question(dialog_survey, "otrygg_plats")
    assert f'id="q{point.id}-error"' in response.text
    assert "Punkten ligger utanför" in response.text
    assert count(Response) == 0


def test_multiple_choice_limit(client, dialog_survey):
    too_many = dialog_answers(prioritera=["synlig_polis", "belysning", "unga", "trafik"])
    response = post_all(client, dialog_survey, too_many)
    assert response.status_code == 400 and "Välj högst 3 alternativ." in response.text
    ok = post_all(
        client, dialog_survey, dialog_answers(prioritera=["belysning", "unga"]), token="w" * 32
    )
    assert ok.status_code == 302
    values = db.session.scalars(
        db.select(Answer.value).where(
            Answer.question_id == question(dialog_survey, "prioritera").id
        )
    ).all()
    assert sorted(values) == ["belysning", "unga"]


def test_submissions_are_rate_limited_per_client(app, client, survey):
    app.config["DIALOG_SUBMIT_LIMIT"] = "2 per hour"
    try:
        codes = [
            post_all(client, survey, full_answers(survey), token=f"{letter}" * 32).status_code
            for letter in "abc"
        ]
    finally:
        app.config["DIALOG_SUBMIT_LIMIT"] = "30 per hour"
    assert codes[:2] == [302, 302]
    assert codes[2] == 429
    assert count(Response) == 2


def test_survey_in_english(client, survey):
    client.set_cookie("lang", "en")
    page = client.get(f"/enkater/{survey.id}/svara")
    assert "If you go out alone late one evening" in page.text
    assert "Step 1 of 6" in page.text


nasty = st.one_of(
    st.text(max_size=30),
    st.sampled_from(["", "0", "-1", "1e309", "NaN", "null", "\x00", "é" * 600, "17.1", "60.65"]),
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_no_answer_form_input_gives_a_server_error(client, dialog_survey, data):
    ids = [q.id for q in fresh(dialog_survey).questions]
    names = [f"q{i}" for i in ids] + [
        f"q{i}-{p}" for i in ids for p in ("lon", "lat", "area", "text")
    ]
    names += ["steg", "riktning", "token", "website"]
    form = data.draw(
        st.dictionaries(st.sampled_from(names), nasty | st.lists(nasty, max_size=3), max_size=10)
    )
    response = client.post(f"/enkater/{survey_id(dialog_survey)}/svara", data=form)
    assert response.status_code < 500, (form, response.status_code)
