"""Running counts of coded answers (:class:`~portal.dialog.models.Tally`), kept in step with them.

Every answer is counted in two cells: by the respondent's area, and by age band × gender
(the staff page shows one breakdown at a time, and weighting needs only age × gender), which
keeps the tally to a few thousand rows per survey.

:func:`add` runs in the same transaction as the response it counts (an upsert per cell, in a
fixed order so concurrent PostgreSQL transactions cannot deadlock). :func:`recount` counts the
same cells straight from the answers with one GROUP BY; :func:`rebuild` replaces a survey's
tally with that recount (after bulk loads, or to repair).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import delete, func
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from portal.dialog import vocab
from portal.dialog.models import Answer, Question, Response, Survey, Tally
from portal.extensions import db

RESPONSES = 0  # question_id of the row that counts responses
RESPONDENTS = "*"  # value of the row that counts a multiple-choice question's respondents
ALL = "*"
BY_AREA, BY_BACKGROUND = "omrade", "bakgrund"

Cell = tuple[str, int, str, int, str, str]  # breakdown, question_id, value, area, age, gender
KEY = ("survey_id", "breakdown", "question_id", "value", "area_id", "age_band", "gender")


def cells(question_id: int, value: str, area_id: Any, age: Any, gender: Any) -> tuple[Cell, Cell]:
    """The two cells an answer counts in: by area, and by age band × gender."""
    return (
        (BY_AREA, question_id, value, area_id or 0, "", ""),
        (BY_BACKGROUND, question_id, value, 0, age or "", gender or ""),
    )


def _count(found: Counter, question_id: int, value: str, area_id, age, gender, n: int) -> None:
    for key in cells(question_id, value, area_id, age, gender):
        found[key] += n


def cells_for_response(
    area_id: int | None,
    age: str | None,
    gender: str | None,
    coded: Iterable[Mapping[str, Any]],
    multiple: set[int],
) -> Counter:
    """The cells one response adds: its coded answers, itself, and its multiple-choice answers."""
    counts: Counter = Counter()
    _count(counts, RESPONSES, ALL, area_id, age, gender, 1)
    answered_multiple = set()
    for row in coded:
        _count(counts, row["question_id"], row["value"], area_id, age, gender, 1)
        if row["question_id"] in multiple:
            answered_multiple.add(row["question_id"])
    for question_id in answered_multiple:
        _count(counts, question_id, RESPONDENTS, area_id, age, gender, 1)
    return counts


_UPSERTS: dict[str, Any] = {}


def _upsert():
    """``INSERT … ON CONFLICT DO UPDATE SET n = n + excluded.n`` for this database (Core).

    Built once per dialect: the statement is immutable, and building it costs more than running
    it for one response.
    """
    dialect = db.session.get_bind().dialect.name
    statement = _UPSERTS.get(dialect)
    if statement is None:
        table = Tally.__table__
        insert = (pg_insert if dialect == "postgresql" else sqlite_insert)(table)
        statement = _UPSERTS[dialect] = insert.on_conflict_do_update(
            index_elements=list(KEY), set_={"n": table.c.n + insert.excluded.n}
        )
    return statement


def add(survey_id: int, counts: Counter) -> None:
    """Add ``counts`` to the survey's tally (insert new cells, increase existing ones)."""
    add_rows(rows(survey_id, counts))


def rows(survey_id: int, counts: Counter) -> list[dict[str, Any]]:
    """The rows :func:`add_rows` adds for ``counts``, in key order."""
    return [
        dict(zip(KEY, (survey_id, *key), strict=True), n=n) for key, n in sorted(counts.items())
    ]


def add_rows(rows: list[dict[str, Any]]) -> None:
    """Add tally rows: one statement executed for many rows (built once per process).

    The rows come in key order (:func:`rows`), so concurrent PostgreSQL transactions lock them
    in the same order and cannot deadlock.
    """
    if rows:
        db.session.execute(_upsert(), rows)


def counts(survey: Survey) -> Counter:
    """The survey's tally as stored."""
    rows = db.session.execute(
        db.select(
            Tally.breakdown,
            Tally.question_id,
            Tally.value,
            Tally.area_id,
            Tally.age_band,
            Tally.gender,
            Tally.n,
        ).where(Tally.survey_id == survey.id)
    )
    return Counter({tuple(row[:6]): row[6] for row in rows if row[6]})


def recount(survey: Survey) -> Counter:
    """The same cells counted from the answers themselves (one scan of the covering index)."""
    found: Counter = Counter()
    answers = db.session.execute(
        db.select(
            Answer.question_id,
            Answer.value,
            Answer.area_id,
            Answer.age_band,
            Answer.gender,
            func.count(),
        )
        .where(Answer.survey_id == survey.id)
        .group_by(Answer.question_id, Answer.value, Answer.area_id, Answer.age_band, Answer.gender)
    )
    for question_id, value, area_id, age, gender, n in answers:
        _count(found, question_id, value, area_id, age, gender, n)
    responses = db.session.execute(
        db.select(Response.area_id, Response.age_band, Response.gender, func.count())
        .where(Response.survey_id == survey.id)
        .group_by(Response.area_id, Response.age_band, Response.gender)
    )
    for area_id, age, gender, n in responses:
        _count(found, RESPONSES, ALL, area_id, age, gender, n)
    multiple = [q.id for q in survey.questions if q.kind == vocab.MULTIPLE]
    if multiple:
        respondents = db.session.execute(
            db.select(
                Answer.question_id,
                Answer.area_id,
                Answer.age_band,
                Answer.gender,
                func.count(func.distinct(Answer.response_id)),
            )
            .where(Answer.survey_id == survey.id, Answer.question_id.in_(multiple))
            .group_by(Answer.question_id, Answer.area_id, Answer.age_band, Answer.gender)
        )
        for question_id, area_id, age, gender, n in respondents:
            _count(found, question_id, RESPONDENTS, area_id, age, gender, n)
    return found


def rebuild(survey: Survey) -> None:
    """Replace the survey's tally with a recount of its answers."""
    db.session.execute(delete(Tally).where(Tally.survey_id == survey.id))
    rows = [
        dict(zip(KEY, (survey.id, *key), strict=True), n=n)
        for key, n in sorted(recount(survey).items())
    ]
    if rows:
        db.session.execute(db.insert(Tally.__table__), rows)
    db.session.flush()


def multiple_choice_ids(questions: Iterable[Question]) -> set[int]:
    return {q.id for q in questions if q.kind == vocab.MULTIPLE}
