"""CSV export for staff: one row per response, anonymised, streamed.

Rows are produced in batches of responses (keyset pagination on the id), so a survey with
200 000 responses is written without holding them in memory. Anonymised: responses are
numbered 1, 2, 3 … instead of database ids, dated by day, points are rounded to about 100 m,
and free text is included only once approved in moderation (and always masked).

``excel=True`` gives what Swedish Excel opens directly: ``;`` between fields, decimal comma,
and a UTF-8 byte order mark.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from flask_babel import gettext as _

from portal.areas.models import Area
from portal.dialog import vocab
from portal.dialog.models import Answer, PointAnswer, Question, Response, Survey, TextAnswer
from portal.dialog.moderation import APPROVED
from portal.extensions import db

BATCH = 500
POINT_DECIMALS = 3  # ≈ 100 m north–south: enough for a place, too coarse for a door


class _Line:
    """A file-like object that hands back what csv.writer wrote."""

    def __init__(self) -> None:
        self.buffer = io.StringIO()

    def take(self) -> str:
        value = self.buffer.getvalue()
        self.buffer.seek(0)
        self.buffer.truncate()
        return value

    def write(self, text: str) -> int:
        return self.buffer.write(text)


def _columns(survey: Survey, lang: str) -> list[tuple[str, Question | None, str | None]]:
    """``(header, question, part)`` for every column after the fixed ones."""
    columns = []
    for number, q in enumerate(survey.questions, start=1):
        title = f"{number}. {q.text_in(lang)}"
        if q.kind == vocab.MULTIPLE:
            columns += [
                (f"{title}: {vocab.pick(o['label'], lang)}", q, o["code"]) for o in q.options
            ]
        elif q.kind == vocab.POINT:
            columns += [
                (f"{title}: {_('område')}", q, "area"),
                (f"{title}: {_('longitud')}", q, "lon"),
                (f"{title}: {_('latitud')}", q, "lat"),
                (f"{title}: {_('beskrivning')}", q, "text"),
            ]
        else:
            columns.append((title, q, None))
    return columns


def _batches(survey: Survey) -> Iterator[list[tuple[int, Any, Any, str]]]:
    last = 0
    while True:
        batch = db.session.execute(
            db.select(Response.id, Response.submitted_on, Response.area_id, Response.language)
            .where(Response.survey_id == survey.id, Response.id > last)
            .order_by(Response.id)
            .limit(BATCH)
        ).all()
        if not batch:
            return
        yield [tuple(row) for row in batch]
        last = batch[-1][0]


def _area_names(survey: Survey) -> dict[str, str]:
    """Area id (as text) → name, for the survey's area tree."""
    rows = db.session.execute(
        db.select(Area.id, Area.name).where(Area.path.startswith(survey.area.path, autoescape=True))
    )
    return {str(area_id): name for area_id, name in rows}


def rows(survey: Survey, lang: str, excel: bool = False) -> Iterator[list[str]]:
    """The header, then one list of strings per response."""
    columns = _columns(survey, lang)
    yield [_("svar nr"), _("datum"), _("område"), _("språk")] + [h for h, _q, _p in columns]
    areas = _area_names(survey)
    special = {
        vocab.AREA_ELSEWHERE: _("Någon annanstans"),
        vocab.NOT_SAID: _("Vill inte ange"),
        vocab.NO_PLACE: "",
    }
    pending = _("[ej granskad]")
    # Plain tuples for the loop below: (question id, kind, part, labels by code).
    plan = []
    for _header, q, part in columns:
        if q.kind in (vocab.AREA, vocab.POINT):
            labels = {**areas, **special}
        else:
            labels = {o["code"]: vocab.pick(o["label"], lang) for o in q.options}
        plan.append((q.id, q.kind, part, labels))

    def decimal(value: float) -> str:
        text = f"{round(value, POINT_DECIMALS):.{POINT_DECIMALS}f}"
        return text.replace(".", ",") if excel else text

    number = 0
    for batch in _batches(survey):
        ids = [row[0] for row in batch]
        coded: dict[int, dict[int, list[str]]] = defaultdict(lambda: defaultdict(list))
        for response_id, question_id, value in db.session.execute(
            db.select(Answer.response_id, Answer.question_id, Answer.value).where(
                Answer.response_id.in_(ids)
            )
        ):
            coded[response_id][question_id].append(value)
        texts: dict[tuple[int, int], list[str]] = defaultdict(list)
        for response_id, question_id, state, text in db.session.execute(
            db.select(
                TextAnswer.response_id, TextAnswer.question_id, TextAnswer.state, TextAnswer.text
            ).where(TextAnswer.response_id.in_(ids))
        ):
            texts[(response_id, question_id)].append(text if state == APPROVED else pending)
        points = {
            (response_id, question_id): (lon, lat)
            for response_id, question_id, lon, lat in db.session.execute(
                db.select(
                    PointAnswer.response_id,
                    PointAnswer.question_id,
                    PointAnswer.lon,
                    PointAnswer.lat,
                ).where(PointAnswer.response_id.in_(ids))
            )
        }
        for response_id, submitted_on, area_id, language in batch:
            number += 1
            answers = coded.get(response_id, {})
            line = [
                str(number),
                submitted_on.isoformat(),
                areas.get(str(area_id), ""),
                language,
            ]
            for question_id, kind, part, labels in plan:
                values = answers.get(question_id)
                if kind == vocab.MULTIPLE:
                    line.append("" if not values else ("1" if part in values else "0"))
                elif kind == vocab.TEXT or part == "text":
                    line.append(" | ".join(texts.get((response_id, question_id), ())))
                elif part in ("lon", "lat"):
                    point = points.get((response_id, question_id))
                    line.append(decimal(point[0 if part == "lon" else 1]) if point else "")
                else:
                    line.append(labels.get(values[0], values[0]) if values else "")
            yield line


def stream(survey: Survey, lang: str, excel: bool = False) -> Iterator[str]:
    """CSV text in chunks (one batch of responses per chunk)."""
    out = _Line()
    writer = csv.writer(out, delimiter=";" if excel else ",", lineterminator="\r\n")
    if excel:
        yield "\ufeff"
    chunk: list[str] = []
    for count, line in enumerate(rows(survey, lang, excel), start=1):
        writer.writerow(line)
        chunk.append(out.take())
        if count % BATCH == 0:
            yield "".join(chunk)
            chunk = []
    if chunk:
        yield "".join(chunk)
