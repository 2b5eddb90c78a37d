"""Test data for surveys: a survey from a template, and answers sent through the services."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import inspect as sa_inspect

from portal.dialog import services, submission, vocab
from portal.dialog.models import Question, Survey
from portal.extensions import db


def make_survey(
    area, template: str = "trygghetsmatning", state: str = vocab.OPPEN, **fields
) -> Survey:
    survey = services.create_from_template(template, area, ["sv", "en"], "test")
    survey.state = state
    for name, value in fields.items():
        setattr(survey, name, value)
    db.session.flush()
    return survey


def survey_id(survey: Survey) -> int:
    """The id, also of an instance a request has expired (answering ends its read phase)."""
    return sa_inspect(survey).identity[0]


def fresh(survey: Survey) -> Survey:
    return db.session.get(Survey, survey_id(survey))


def question(survey: Survey, key: str) -> Question:
    return next(q for q in fresh(survey).questions if q.key == key)


def store(survey: Survey, answers: dict[str, object], language: str = "sv", days_ago: int = 0):
    """Store one response with ``answers`` by question key (values already valid)."""
    survey = fresh(survey)
    clean = {question(survey, key).id: value for key, value in answers.items()}
    on = services.today() - timedelta(days=days_ago)
    return submission.store(survey, list(survey.questions), clean, language, on)


def form_for(survey: Survey, answers: dict[str, object]) -> dict[str, object]:
    """Form fields for ``answers`` by question key (lists for checkboxes, dicts for points)."""
    data: dict[str, object] = {}
    for key, value in answers.items():
        q = question(survey, key)
        if isinstance(value, dict):
            for part, v in value.items():
                data[f"q{q.id}-{part}"] = v
        else:
            data[f"q{q.id}"] = value
    return data


def matrix_objects(area, other) -> dict:
    """Objects for tests/test_access_matrix.py: a survey on ``area`` with one free-text answer."""
    survey = make_survey(area)
    store(survey, {"trygghet": "ganska_trygg", "mer_att_beratta": "Mörkt vid stationen."})
    db.session.commit()
    text = survey_text(survey)
    return {"survey": survey, "question": survey.questions[0], "text": text}


def survey_text(survey: Survey):
    from portal.dialog.models import TextAnswer

    return db.session.scalars(
        db.select(TextAnswer).where(TextAnswer.survey_id == survey.id)
    ).first()
