"""A survey as plain, frozen values for taking answers: questions read once per process.

Every POST of an answer needs the survey's state and dates, its area, and what each question
accepts. Building ORM objects for the survey and all its questions (with their JSON texts and
options) took a large share of a submission, and a step or a submission never changes them.
:func:`for_answering` reads the survey's own row (with its area's path and name) on every call
and reuses the questions this process read before while the survey's ``updated_at`` is
unchanged: every change to a question dates its survey (``_questions_date_their_survey`` in
:mod:`portal.dialog.models`), so no process can go on validating against old questions.

The values have the attribute names of :class:`~portal.dialog.models.Survey` and
:class:`~portal.dialog.models.Question` that answering, validation and submission use, so those
functions take either. Pages are rendered from the ORM objects.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import bindparam

from portal.areas.models import Area
from portal.dialog.models import Question, Survey
from portal.extensions import db

_SIZE = 256  # surveys whose questions a process keeps; it starts afresh when more are asked for


@dataclass(frozen=True)
class AreaValues:
    id: int
    path: str
    name: str


@dataclass(frozen=True)
class QuestionValues:
    """What answering needs of a question (no texts: they are read only to render a page)."""

    id: int
    key: str
    kind: str
    role: str | None
    page: int
    required: bool
    max_length: int | None
    max_choices: int | None
    show_if_key: str | None
    show_if_value: str | None
    codes: tuple[str, ...]


@dataclass(frozen=True)
class SurveyValues:
    id: int
    state: str
    opens_on: date | None
    closes_on: date | None
    languages: tuple[str, ...]
    area_id: int
    area: AreaValues
    questions: tuple[QuestionValues, ...]


_questions: dict[tuple[str, int], tuple[str, tuple[QuestionValues, ...]]] = {}


def _read_questions(survey_id: int) -> tuple[QuestionValues, ...]:
    q = Question.__table__.c
    rows = db.session.execute(
        db.select(
            q.id,
            q.key,
            q.kind,
            q.role,
            q.page,
            q.required,
            q.max_length,
            q.max_choices,
            q.show_if_key,
            q.show_if_value,
            q.options,
        )
        .where(q.survey_id == survey_id)
        .order_by(q.position)  # as Survey.questions
    )
    return tuple(
        QuestionValues(*row[:10], codes=tuple(o["code"] for o in row.options or ())) for row in rows
    )


_s, _a = Survey.__table__.c, Area.__table__.c
_SURVEY_ROW = (
    db.select(
        _s.state,
        _s.opens_on,
        _s.closes_on,
        _s.languages,
        _s.area_id,
        _s.updated_at,
        _a.path,
        _a.name,
    )
    .join_from(Survey.__table__, Area.__table__, _s.area_id == _a.id)
    .where(_s.id == bindparam("survey_id"))
)


def for_answering(survey_id: int) -> SurveyValues | None:
    """The survey as it is now (None if there is none), its questions from this process's cache."""
    row = db.session.execute(_SURVEY_ROW, {"survey_id": survey_id}).first()
    if row is None:
        return None
    key, version = (str(db.engine.url), survey_id), str(row.updated_at)
    cached = _questions.get(key)
    if cached is None or cached[0] != version:
        if len(_questions) >= _SIZE:
            _questions.clear()
        cached = _questions[key] = (version, _read_questions(survey_id))
    return SurveyValues(
        id=survey_id,
        state=row.state,
        opens_on=row.opens_on,
        closes_on=row.closes_on,
        languages=tuple(row.languages or ()),
        area_id=row.area_id,
        area=AreaValues(row.area_id, row.path, row.name),
        questions=cached[1],
    )
