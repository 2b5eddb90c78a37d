"""Sending answers in: validate everything again, claim the token, mask free text, write once.

A second submit with the same token stores nothing (the token is claimed in a table with a
unique key, hashed and not linked to the response). No IP address, user agent or cookie value
reaches the database, and a response is dated by day only.

Writing is planned first (plain values, no ORM objects) and done with a few bulk statements,
so that on SQLite, where one writer works at a time, the write lock is held only for the
inserts: :func:`submit` ends the read phase before it asks for the lock (see
:func:`begin_write`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import bindparam, delete, insert, select, text
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from portal.dialog import tally, vocab
from portal.dialog.answering import (
    PointValue,
    area_choice_ids,
    token_hash,
    valid_token,
    validate,
    visible_steps,
)
from portal.dialog.models import (
    Answer,
    Draft,
    PointAnswer,
    Question,
    Response,
    SubmissionKey,
    Survey,
    TextAnswer,
)
from portal.dialog.services import answer_status
from portal.extensions import db
from portal.privacy.masking import looks_like_emergency_or_tip, mask_personal_data


class SurveyNotOpen(Exception):
    """The survey does not take answers now; ``status`` says why (see ``answer_status``)."""

    def __init__(self, status: str) -> None:
        super().__init__(status)
        self.status = status


class InvalidAnswers(Exception):
    """Some answers need correcting; ``step`` is the first step (0-based) with an error."""

    def __init__(self, errors: dict[int, str], step: int) -> None:
        super().__init__(f"{len(errors)} errors")
        self.errors = errors
        self.step = step


# Statements built once (building them cost more than running them); values are bound per call.
_KEY_USED = select(SubmissionKey.__table__.c.id).where(
    SubmissionKey.__table__.c.key_hash == bindparam("key")
)
_DELETE_DRAFT = delete(Draft.__table__).where(Draft.__table__.c.token_hash == bindparam("key"))
_ASK_FOR_WRITE_LOCK = text("UPDATE dialog_submission_key SET used_on = used_on WHERE 0")
_INSERT_RESPONSE = insert(Response.__table__).returning(Response.__table__.c.id)
_INSERT_ANSWERS = insert(Answer.__table__)
_INSERT_TEXTS = insert(TextAnswer.__table__)
_INSERT_POINTS = insert(PointAnswer.__table__)


def _sqlite() -> bool:
    return db.session.get_bind().dialect.name == "sqlite"


def begin_write() -> None:
    """On SQLite, take the write lock before reading anything (as ``BEGIN IMMEDIATE`` would).

    SQLite has one writer at a time. A transaction that reads first and writes later fails at
    once ("database is locked") when another writer committed in between; one that asks for the
    write lock first simply waits its turn (the busy timeout). PostgreSQL needs nothing of the
    kind: there this does nothing.
    """
    if _sqlite():
        db.session.execute(_ASK_FOR_WRITE_LOCK)


def end_reading() -> None:
    """On SQLite, end the read-only phase so that :func:`begin_write` starts a fresh transaction.

    Only called when nothing has been written yet in this request that must be kept.
    """
    if _sqlite():
        db.session.rollback()


_CLAIMS: dict[str, Any] = {}


def _claim_key():
    """``INSERT … ON CONFLICT (key_hash) DO NOTHING RETURNING id``: a row only if the key was free.

    No savepoint is needed to survive a taken key. Built once per dialect.
    """
    dialect = db.session.get_bind().dialect.name
    statement = _CLAIMS.get(dialect)
    if statement is None:
        table = SubmissionKey.__table__
        insert = (pg_insert if dialect == "postgresql" else sqlite_insert)(table)
        statement = _CLAIMS[dialect] = insert.on_conflict_do_nothing(
            index_elements=["key_hash"]
        ).returning(table.c.id)
    return statement


def already_submitted(token: str) -> bool:
    if not valid_token(token):
        return False
    return db.session.scalar(_KEY_USED, {"key": token_hash(token)}) is not None


@dataclass
class Plan:
    """One response as plain values, ready to be written."""

    survey_id: int
    area_id: int | None
    age_band: str | None
    gender: str | None
    language: str
    on: date
    coded: list[tuple[int, str]] = field(default_factory=list)
    texts: list[tuple[int, str]] = field(default_factory=list)
    points: list[tuple[int, float, float, int | None]] = field(default_factory=list)
    multiple: set[int] = field(default_factory=set)


def plan(
    survey: Survey, questions: Iterable[Question], clean: dict[int, Any], language: str, on: date
) -> Plan:
    """What to write for validated values (by question id)."""
    questions = list(questions)
    by_role = {q.role: q for q in questions if q.role}
    home = by_role.get(vocab.BOSTADSOMRADE)
    home_value = clean.get(home.id) if home else None
    age = clean.get(by_role[vocab.ALDER].id) if vocab.ALDER in by_role else None
    gender = clean.get(by_role[vocab.KON].id) if vocab.KON in by_role else None
    result = Plan(
        survey_id=survey.id,
        area_id=int(home_value) if home_value and home_value.isdigit() else survey.area_id,
        age_band=None if age in (None, vocab.NOT_SAID) else age,
        gender=None if gender in (None, vocab.NOT_SAID) else gender,
        language=language[:8],
        on=on,
        multiple={q.id for q in questions if q.kind == vocab.MULTIPLE},
    )
    for q in questions:
        value = clean.get(q.id)
        if value is None:
            continue
        if q.kind == vocab.TEXT:
            result.texts.append((q.id, value))
        elif q.kind == vocab.MULTIPLE:
            result.coded += [(q.id, code) for code in value]
        elif q.kind == vocab.POINT:
            assert isinstance(value, PointValue)
            place = str(value.area_id) if value.area_id is not None else vocab.NO_PLACE
            result.coded.append((q.id, place))
            if value.lon is not None and value.lat is not None:
                result.points.append((q.id, value.lon, value.lat, value.area_id))
            if value.text:
                result.texts.append((q.id, value.text))
        else:
            result.coded.append((q.id, value))
    return result


@dataclass
class Rows:
    """A planned response as the rows to insert; ``response_id`` is filled in when written."""

    response: dict[str, Any]
    coded: list[dict[str, Any]]
    texts: list[dict[str, Any]]
    points: list[dict[str, Any]]
    tally: list[dict[str, Any]]


def rows_for(p: Plan, count: bool = True) -> Rows:
    """Everything :func:`write_rows` inserts, free text masked, built before any write.

    On SQLite, where one writer works at a time, :func:`submit` builds these before it asks for
    the write lock, so that the lock is held only for the inserts.
    """
    survey = {"survey_id": p.survey_id}
    strata = {"area_id": p.area_id, "age_band": p.age_band, "gender": p.gender}
    coded = [{**survey, **strata, "question_id": q, "value": v} for q, v in p.coded]
    texts = []
    for question_id, raw in p.texts:
        masked = mask_personal_data(raw)
        texts.append(
            {
                **survey,
                "question_id": question_id,
                "text": masked.text,
                "masked_kinds": list(masked.found),
                "maybe_tip": looks_like_emergency_or_tip(raw),
                "state": "vantar",
            }
        )
    points = [
        {**survey, "question_id": q, "lon": lon, "lat": lat, "area_id": area}
        for q, lon, lat, area in p.points
    ]
    counts = (
        tally.cells_for_response(p.area_id, p.age_band, p.gender, coded, p.multiple)
        if count
        else None
    )
    return Rows(
        response={**survey, **strata, "language": p.language, "submitted_on": p.on},
        coded=coded,
        texts=texts,
        points=points,
        tally=tally.rows(p.survey_id, counts) if counts else [],
    )


def write_rows(rows: Rows) -> int:
    """Insert a response's rows with a handful of statements (Core: no per-row ORM work)."""
    response_id = db.session.execute(_INSERT_RESPONSE, rows.response).scalar_one()
    for statement, batch in (
        (_INSERT_ANSWERS, rows.coded),
        (_INSERT_TEXTS, rows.texts),
        (_INSERT_POINTS, rows.points),
    ):
        if batch:
            for row in batch:
                row["response_id"] = response_id
            db.session.execute(statement, batch)
    tally.add_rows(rows.tally)
    return response_id


def write(p: Plan, count: bool = True) -> int:
    """Write a planned response with a handful of statements; free text is masked here.

    ``count=False`` leaves the running tally alone (bulk loads call :func:`tally.rebuild`).
    """
    return write_rows(rows_for(p, count))


def store(
    survey: Survey,
    questions: Iterable[Question],
    clean: dict[int, Any],
    language: str,
    on: date,
    count: bool = True,
) -> int:
    """Write one response from validated values (by question id); returns its id."""
    return write(plan(survey, questions, clean, language, on), count)


def submit(survey: Survey, token: str, raw: dict[str, Any], language: str, on: date) -> int | None:
    """Store one response from ``raw``; its id, or ``None`` when this token was already used.

    On SQLite the read phase is ended before writing (nothing may have been written earlier in
    the request that has to be kept; a draft saved just before is deleted here anyway).

    Raises:
        SurveyNotOpen: if the survey does not take answers on ``on``.
        InvalidAnswers: if an answer needs correcting.
        ValueError: on a malformed token.
    """
    if not valid_token(token):
        raise ValueError("invalid token")
    status = answer_status(survey, on)
    if status != "oppen":
        raise SurveyNotOpen(status)
    questions = list(survey.questions)
    shown = visible_steps(questions, raw)
    asked = [q for step in shown for q in step]
    choices = area_choice_ids(survey, asked, raw)
    clean, errors = validate(asked, questions, raw, survey, choices)
    if errors:
        if already_submitted(token):  # a repeated token is thanked, whatever it sends
            return None
        first = next(i for i, step in enumerate(shown) if any(q.id in errors for q in step))
        raise InvalidAnswers(errors, first)
    rows = rows_for(plan(survey, questions, clean, language, on))
    key = token_hash(token)
    end_reading()
    # The claim is the new transaction's first statement and a write, so on SQLite it asks for
    # the write lock before reading anything, as begin_write() would (waiting its turn).
    claimed = db.session.execute(
        _claim_key(), {"key_hash": key, "survey_id": survey.id, "used_on": on}
    ).first()
    if claimed is None:  # the token was used before (a double submit): store nothing
        return None
    response_id = write_rows(rows)
    db.session.execute(_DELETE_DRAFT, {"key": key})
    return response_id
