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

from sqlalchemy import delete, insert, text
from sqlalchemy.exc import IntegrityError

from portal.dialog import tally, vocab
from portal.dialog.answering import (
    PointValue,
    area_choices,
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
        db.session.execute(text("UPDATE dialog_submission_key SET used_on = used_on WHERE 0"))


def end_reading() -> None:
    """On SQLite, end the read-only phase so that :func:`begin_write` starts a fresh transaction.

    Only called when nothing has been written yet in this request that must be kept.
    """
    if _sqlite():
        db.session.rollback()


def already_submitted(token: str) -> bool:
    if not valid_token(token):
        return False
    found = db.session.scalar(
        db.select(SubmissionKey.id).where(SubmissionKey.key_hash == token_hash(token))
    )
    return found is not None


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


def write(p: Plan, count: bool = True) -> int:
    """Write a planned response with a handful of statements; free text is masked here.

    ``count=False`` leaves the running tally alone (bulk loads call :func:`tally.rebuild`).
    """
    response_id = db.session.execute(
        insert(Response.__table__)
        .values(
            survey_id=p.survey_id,
            area_id=p.area_id,
            age_band=p.age_band,
            gender=p.gender,
            language=p.language,
            submitted_on=p.on,
        )
        .returning(Response.__table__.c.id)
    ).scalar_one()
    common = {"response_id": response_id, "survey_id": p.survey_id}
    strata = {"area_id": p.area_id, "age_band": p.age_band, "gender": p.gender}
    coded = [{**common, **strata, "question_id": q, "value": v} for q, v in p.coded]
    if coded:
        db.session.execute(insert(Answer.__table__), coded)  # Core: no per-row ORM work
    if p.texts:
        rows = []
        for question_id, raw in p.texts:
            masked = mask_personal_data(raw)
            rows.append(
                {
                    **common,
                    "question_id": question_id,
                    "text": masked.text,
                    "masked_kinds": list(masked.found),
                    "maybe_tip": looks_like_emergency_or_tip(raw),
                    "state": "vantar",
                }
            )
        db.session.execute(insert(TextAnswer.__table__), rows)
    if p.points:
        db.session.execute(
            insert(PointAnswer.__table__),
            [
                {**common, "question_id": q, "lon": lon, "lat": lat, "area_id": area}
                for q, lon, lat, area in p.points
            ],
        )
    if count:
        tally.add(
            p.survey_id,
            tally.cells_for_response(p.area_id, p.age_band, p.gender, coded, p.multiple),
        )
    return response_id


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
    if already_submitted(token):
        return None
    questions = list(survey.questions)
    shown = visible_steps(questions, raw)
    choices = area_choices(survey)
    clean, errors = validate([q for step in shown for q in step], questions, raw, survey, choices)
    if errors:
        first = next(i for i, step in enumerate(shown) if any(q.id in errors for q in step))
        raise InvalidAnswers(errors, first)
    planned = plan(survey, questions, clean, language, on)
    key = token_hash(token)
    end_reading()
    begin_write()
    try:
        with db.session.begin_nested():
            db.session.execute(
                insert(SubmissionKey).values(key_hash=key, survey_id=planned.survey_id, used_on=on)
            )
    except IntegrityError:
        return None
    response_id = write(planned)
    db.session.execute(delete(Draft).where(Draft.token_hash == key))
    return response_id
