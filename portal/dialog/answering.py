"""Answering a survey: steps, what the resident typed, validation and drafts.

What a resident typed is kept as typed (the "raw" values, one per question id) in a
:class:`Draft` between steps, so nothing is lost on a validation error or when going back.
Sending the answers in is :mod:`portal.dialog.submission`.
"""

from __future__ import annotations

import hashlib
import math
import re
import secrets
from dataclasses import dataclass
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import bindparam
from sqlalchemy.exc import IntegrityError

from portal.areas import lookup
from portal.areas import services as area_services
from portal.areas.models import Area
from portal.dialog import vocab
from portal.dialog.models import (
    Draft,
    Question,
    Survey,
)
from portal.extensions import db
from portal.timeutil import utcnow

_TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,64}$")
_SHORT = 100  # longest code or number accepted from a form field
_MAX_CHOICES_READ = 50


def new_token() -> str:
    return secrets.token_urlsafe(24)


def valid_token(token: Any) -> bool:
    return isinstance(token, str) and bool(_TOKEN.match(token))


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


# --- steps and conditions ---------------------------------------------------------------------


def steps(questions: list[Question]) -> list[list[Question]]:
    """Questions grouped by page, in order (a page number may repeat after another page)."""
    grouped: list[list[Question]] = []
    for question in questions:
        if grouped and grouped[-1][-1].page == question.page:
            grouped[-1].append(question)
        else:
            grouped.append([question])
    return grouped


def _by_key(questions: list[Question]) -> dict[str, Question]:
    return {q.key: q for q in questions}


def condition_met(question: Question, by_key: dict[str, Question], raw: dict[str, Any]) -> bool:
    """True when the question has no condition, or its parent got the answer it waits for."""
    seen = set()
    while question.show_if_key and question.key not in seen:
        seen.add(question.key)
        parent = by_key.get(question.show_if_key)
        if parent is None:
            return True
        if raw.get(str(parent.id)) != question.show_if_value:
            return False
        question = parent
    return True


def visible_steps(questions: list[Question], raw: dict[str, Any]) -> list[list[Question]]:
    """The steps to show given the answers so far.

    A follow-up on the same page as its parent is always shown (a page without JavaScript cannot
    react to a choice); it is labelled with its condition and its answer is only kept when the
    condition holds. A follow-up on a later page is left out when its condition does not hold,
    and a step left empty is skipped.
    """
    by_key = _by_key(questions)
    shown = []
    for step in steps(questions):
        on_page = {q.key for q in step}
        kept = [q for q in step if q.show_if_key in on_page or condition_met(q, by_key, raw)]
        if kept:
            shown.append(kept)
    return shown


# --- reading what was typed -------------------------------------------------------------------


def field_name(question: Question, part: str | None = None) -> str:
    return f"q{question.id}" + (f"-{part}" if part else "")


def read_raw(questions: list[Question], form: dict[str, list[str]]) -> dict[str, Any]:
    """What the resident sent for ``questions``, as typed (bounded in size), by question id.

    ``form`` maps field names to their list of values. A question without a field in the form
    (an unchecked group) reads as empty, so a choice can be taken back.
    """

    def first(name: str, limit: int = _SHORT) -> str:
        values = form.get(name) or [""]
        return str(values[0])[:limit]

    raw: dict[str, Any] = {}
    for q in questions:
        name = field_name(q)
        if q.kind == vocab.MULTIPLE:
            chosen = [str(v)[:_SHORT] for v in (form.get(name) or [])[:_MAX_CHOICES_READ]]
            raw[str(q.id)] = list(dict.fromkeys(chosen))
        elif q.kind == vocab.TEXT:
            raw[str(q.id)] = first(name, 2 * vocab.TEXT_MAX_LIMIT)
        elif q.kind == vocab.POINT:
            raw[str(q.id)] = {
                "lon": first(field_name(q, "lon"), 40),
                "lat": first(field_name(q, "lat"), 40),
                "area": first(field_name(q, "area")),
                "text": first(field_name(q, "text"), 2 * vocab.POINT_TEXT_MAX),
            }
        else:
            raw[str(q.id)] = first(name)
    return raw


# --- validation -------------------------------------------------------------------------------


@dataclass(frozen=True)
class PointValue:
    lon: float | None
    lat: float | None
    area_id: int | None
    text: str


def area_choices(survey: Survey) -> list[tuple[Area, int]]:
    """Areas a respondent can pick: the survey area's subtree (without it, if it has children).

    In tree order (siblings by name), with the depth below the survey area (0 = its children).
    """
    rows = list(db.session.scalars(area_services.subtree_query(survey.area)))
    by_parent: dict[int | None, list[Area]] = {}
    for area in rows:
        by_parent.setdefault(area.parent_id, []).append(area)
    ordered: list[tuple[Area, int]] = []

    def walk(parent_id: int, depth: int) -> None:
        for child in sorted(by_parent.get(parent_id, []), key=lambda a: a.name.lower()):
            ordered.append((child, depth))
            walk(child.id, depth + 1)

    walk(survey.area_id, 0)
    return ordered or [(survey.area, 0)]


_SUBTREE_IDS = db.select(Area.__table__.c.id, Area.__table__.c.parent_id).where(
    Area.__table__.c.path.like(bindparam("pattern"), escape="/")
)


def _prefix_pattern(prefix: str) -> str:
    """A LIKE pattern for strings starting with ``prefix`` (as ``startswith(autoescape=True)``)."""
    return prefix.replace("/", "//").replace("%", "/%").replace("_", "/_") + "%"


def area_choice_ids(
    survey: Survey, questions: list[Question] | None = None, raw: dict[str, Any] | None = None
) -> set[int]:
    """The ids of :func:`area_choices`, from one query of ids (no Area objects are built).

    Given ``questions`` and ``raw``, the query is made only if one of them names an area or a
    map point (there is nothing to check otherwise, and the set is empty).
    """
    if questions is not None and not any(
        q.kind in (vocab.AREA, vocab.POINT) and (raw or {}).get(str(q.id)) for q in questions
    ):
        return set()
    rows = db.session.execute(_SUBTREE_IDS, {"pattern": _prefix_pattern(survey.area.path)})
    by_parent: dict[int | None, list[int]] = {}
    for area_id, parent_id in rows:
        by_parent.setdefault(parent_id, []).append(area_id)
    found: set[int] = set()
    waiting = [survey.area_id]
    while waiting:
        for child in by_parent.get(waiting.pop(), []):
            if child not in found:
                found.add(child)
                waiting.append(child)
    return found or {survey.area_id}


def _clean_text(text: str) -> str:
    return text.replace("\x00", "").strip()


def _parse_coordinate(value: str, low: float, high: float) -> float | None:
    try:
        number = float(value.replace(",", "."))
    except ValueError:
        return None
    return number if math.isfinite(number) and low <= number <= high else None


def validate(
    questions: list[Question],
    all_questions: list[Question],
    raw: dict[str, Any],
    survey: Survey,
    choices: list[tuple[Area, int]] | set[int],
) -> tuple[dict[int, Any], dict[int, str]]:
    """Check ``questions`` against ``raw``; return clean values and error messages by question id.

    ``choices`` are the areas a respondent can pick (:func:`area_choices`, or only their ids from
    :func:`area_choice_ids`). A question whose condition does not hold is skipped (neither
    required nor kept).
    """
    by_key = _by_key(all_questions)
    ids = choices if isinstance(choices, set) else {a.id for a, _depth in choices}
    area_ids = {str(area_id) for area_id in ids}
    clean: dict[int, Any] = {}
    errors: dict[int, str] = {}
    for q in questions:
        if not condition_met(q, by_key, raw):
            continue
        value = raw.get(str(q.id))
        try:
            result = _validate_one(q, value, survey, area_ids)
        except _Invalid as problem:
            errors[q.id] = str(problem.message)
            continue
        if result is None or result == []:
            if q.required:
                errors[q.id] = str(
                    _l("Välj ett alternativ.")
                    if q.kind in (vocab.SCALE, vocab.SINGLE, vocab.AREA)
                    else _l("Den här frågan behöver ett svar.")
                )
            continue
        clean[q.id] = result
    return clean, errors


class _Invalid(Exception):
    def __init__(self, message) -> None:
        super().__init__(message)
        self.message = message


def _validate_one(q: Question, value: Any, survey: Survey, area_ids: set[str]) -> Any:
    if q.kind in (vocab.SCALE, vocab.SINGLE):
        if not value:
            return None
        if value not in q.codes:
            raise _Invalid(_l("Välj ett av alternativen i listan."))
        return value
    if q.kind == vocab.MULTIPLE:
        chosen = [v for v in (value or []) if v]
        if any(v not in q.codes for v in chosen):
            raise _Invalid(_l("Välj bland alternativen i listan."))
        if q.max_choices and len(chosen) > q.max_choices:
            raise _Invalid(_l("Välj högst %(n)s alternativ.", n=q.max_choices))
        return chosen
    if q.kind == vocab.TEXT:
        text = _clean_text(value or "")
        limit = q.max_length or vocab.TEXT_MAX_DEFAULT
        if len(text) > limit:
            raise _Invalid(
                _l(
                    "Svaret är för långt: högst %(max)s tecken (du har skrivit %(count)s).",
                    max=limit,
                    count=len(text),
                )
            )
        return text or None
    if q.kind == vocab.AREA:
        if not value:
            return None
        if value in (vocab.AREA_ELSEWHERE, vocab.AREA_NOT_SAID) or value in area_ids:
            return value
        raise _Invalid(_l("Välj ett område i listan."))
    if q.kind == vocab.POINT:
        return _validate_point(value or {}, survey, area_ids)
    return None


def _validate_point(value: dict[str, Any], survey: Survey, area_ids: set[str]) -> Any:
    text = _clean_text(str(value.get("text") or ""))
    if len(text) > vocab.POINT_TEXT_MAX:
        raise _Invalid(
            _l(
                "Beskrivningen är för lång: högst %(max)s tecken (du har skrivit %(count)s).",
                max=vocab.POINT_TEXT_MAX,
                count=len(text),
            )
        )
    chosen = str(value.get("area") or "")
    if chosen and chosen not in area_ids:
        raise _Invalid(_l("Välj ett område i listan."))
    lon_text, lat_text = str(value.get("lon") or ""), str(value.get("lat") or "")
    lon = lat = None
    area_id = int(chosen) if chosen else None
    if lon_text or lat_text:
        lon = _parse_coordinate(lon_text, -180.0, 180.0)
        lat = _parse_coordinate(lat_text, -90.0, 90.0)
        found = lookup.area_for_point(lon, lat) if lon is not None and lat is not None else None
        if found is None or not found.path.startswith(survey.area.path):
            raise _Invalid(
                _l(
                    "Punkten ligger utanför %(area)s. Flytta den, välj ett område i listan "
                    "eller beskriv platsen med ord.",
                    area=survey.area.name,
                )
            )
        area_id = found.id
    if lon is None and area_id is None and not text:
        return None
    return PointValue(lon, lat, area_id, text)


# --- drafts -----------------------------------------------------------------------------------


def load_draft(survey: Survey, token: str) -> dict[str, Any]:
    """What the resident has typed so far (empty for a new or unknown token)."""
    if not valid_token(token):
        return {}
    draft = db.session.scalar(
        db.select(Draft).where(Draft.token_hash == token_hash(token), Draft.survey_id == survey.id)
    )
    return dict(draft.values) if draft else {}


def save_draft(survey: Survey, token: str, raw: dict[str, Any]) -> None:
    """Merge ``raw`` into the resident's draft."""
    if not valid_token(token):
        raise ValueError("invalid token")
    key = token_hash(token)
    draft = db.session.scalar(db.select(Draft).where(Draft.token_hash == key))
    if draft is not None and draft.survey_id != survey.id:
        return
    if draft is None:
        try:
            with db.session.begin_nested():
                db.session.add(Draft(survey_id=survey.id, token_hash=key, values=raw))
        except IntegrityError:  # the same token saved by a parallel request: merge into it
            draft = db.session.scalar(db.select(Draft).where(Draft.token_hash == key))
    if draft is not None:
        draft.values = {**draft.values, **raw}
        draft.updated_at = utcnow()
    db.session.flush()
