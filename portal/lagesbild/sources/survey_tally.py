"""Survey answers counted per day: a cache that :mod:`portal.lagesbild.sources.surveys` reads.

Counting every coded answer of a period on each view costs a scan of hundreds of thousands of
answers (a join per answer when a survey straddles the period's edge). Coded answers never
change once sent in, so they are counted once into :class:`SurveyTally` per survey, question,
area, answer and day (and, summed over the days, into :class:`SurveyTotal`), and only responses
newer than :class:`SurveyMark` are added later. When a survey has fewer responses than counted
(gallring deleted some), it is counted again from scratch.

:func:`refresh` writes (flushes); the view that computes a lägesbild commits. Two processes
refreshing the same survey at once cannot both add the same responses: the mark is moved with a
compare-and-set inside a savepoint, and the loser's rows are rolled back.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import delete, func, insert, update
from sqlalchemy.exc import IntegrityError

from portal.dialog import vocab
from portal.dialog.models import Answer, Question, Response
from portal.extensions import db
from portal.lagesbild.models import SurveyMark, SurveyTally, SurveyTotal
from portal.lagesbild.sources import grouped

ROLES = (vocab.TRYGGHET, vocab.TRYGGHET_ORSAK, vocab.PROBLEM)


def refresh(survey_ids: Iterable[int]) -> int:
    """Count new responses of these surveys into the tally; returns how many were added."""
    ids = sorted(set(survey_ids))
    if not ids:
        return 0
    current = {
        sid: (int(count), int(last or 0))
        for sid, count, last in grouped(
            db.select(Response.survey_id, func.count(), func.max(Response.id))
            .where(Response.survey_id.in_(ids))
            .group_by(Response.survey_id)
        )
    }
    marks = {
        sid: (last, count)
        for sid, last, count in grouped(
            db.select(
                SurveyMark.survey_id, SurveyMark.last_response_id, SurveyMark.responses
            ).where(SurveyMark.survey_id.in_(ids))
        )
    }
    added = 0
    for sid in ids:
        count, last = current.get(sid, (0, 0))
        mark = marks.get(sid)
        if mark == (last, count):
            continue
        added += _bring_up_to_date(sid, mark, last, count)
    return added


def _bring_up_to_date(sid: int, mark: tuple[int, int] | None, last: int, count: int) -> int:
    base_last, base_count = mark or (0, 0)
    if mark is not None:
        newer = db.session.scalar(
            db.select(func.count()).where(
                Response.survey_id == sid, Response.id > base_last, Response.id <= last
            )
        )
        if base_count + newer != count:  # responses were deleted: count the survey again
            base_last, base_count = 0, 0
    savepoint = db.session.begin_nested()
    try:
        if (base_last, base_count) == (0, 0) and mark is not None:
            db.session.execute(delete(SurveyTally).where(SurveyTally.survey_id == sid))
        _add(sid, base_last, last)
        _sum_days(sid)
        if mark is None:
            db.session.add(SurveyMark(survey_id=sid, last_response_id=last, responses=count))
            db.session.flush()
        else:
            moved = db.session.execute(
                update(SurveyMark)
                .where(
                    SurveyMark.survey_id == sid,
                    SurveyMark.last_response_id == mark[0],
                    SurveyMark.responses == mark[1],
                )
                .values(last_response_id=last, responses=count)
            )
            if moved.rowcount != 1:  # someone else counted them meanwhile
                savepoint.rollback()
                return 0
        savepoint.commit()
    except IntegrityError:  # another process made the mark first
        savepoint.rollback()
        return 0
    return count - base_count


def _sum_days(sid: int) -> None:
    """Replace the survey's totals with its day tally summed over the days."""
    db.session.execute(delete(SurveyTotal).where(SurveyTotal.survey_id == sid))
    summed = (
        db.select(
            SurveyTally.survey_id,
            SurveyTally.question_id,
            SurveyTally.area_id,
            SurveyTally.value,
            func.sum(SurveyTally.n),
        )
        .where(SurveyTally.survey_id == sid)
        .group_by(
            SurveyTally.survey_id, SurveyTally.question_id, SurveyTally.area_id, SurveyTally.value
        )
    )
    db.session.execute(
        insert(SurveyTotal).from_select(
            ["survey_id", "question_id", "area_id", "value", "n"], summed
        )
    )


def _add(sid: int, after_id: int, up_to_id: int) -> None:
    """Insert the counts of responses ``after_id < id <= up_to_id`` (one grouped INSERT…SELECT)."""
    questions = db.select(Question.id).where(Question.survey_id == sid, Question.role.in_(ROLES))
    counted = (
        db.select(
            Answer.survey_id,
            Answer.question_id,
            Answer.area_id,
            Answer.value,
            Response.submitted_on,
            func.count(),
        )
        .join(Response, Answer.response_id == Response.id)
        .where(
            Answer.survey_id == sid,
            Answer.question_id.in_(questions),
            Response.id > after_id,
            Response.id <= up_to_id,
        )
        .group_by(
            Answer.survey_id,
            Answer.question_id,
            Answer.area_id,
            Answer.value,
            Response.submitted_on,
        )
    )
    db.session.execute(
        insert(SurveyTally).from_select(
            ["survey_id", "question_id", "area_id", "value", "day", "n"], counted
        )
    )
