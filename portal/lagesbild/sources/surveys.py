"""Source: trygghetsmätningar and medborgardialoger (``portal.dialog``'s answer tables).

Counts the coded answers of the questions with the roles ``trygghet``, ``trygghet_orsak`` and
``problem`` for respondents who live in the area's subtree and answered within the period, and
turns them into the NTU otrygghet indicator and Polisen's problem index with
:mod:`portal.dialog.stats` and :func:`portal.dialog.results.otrygghet_from` (so the numbers are
computed exactly as on a survey's own results page). ``results.tally`` counts one whole survey;
a lägesbild needs the answers of a period across surveys, rolled up by sub-area, so they are
counted here. Questions are matched across surveys by their stable ``key``.

Speed: answers are read from the per-day tally kept by
:mod:`portal.lagesbild.sources.survey_tally` (brought up to date first), so the cost depends on
the number of days, areas and answer codes, not on the number of respondents.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

from sqlalchemy import func

from portal.dialog import results, stats, vocab
from portal.dialog.models import Question, Response, Survey
from portal.extensions import db
from portal.lagesbild.models import SurveyTally, SurveyTotal
from portal.lagesbild.sources import (
    BEFORE,
    NOW,
    Scope,
    Window,
    count_if,
    count_unless,
    grouped,
    survey_tally,
)

ROLES = (vocab.TRYGGHET, vocab.TRYGGHET_ORSAK, vocab.PROBLEM)
TRYGGHET_CODES = stats.TRYGGHET_ANSWERS
PROBLEM_CODES = frozenset(stats.PROBLEM_SCORES) | {stats.PROBLEM_NO_OPINION}


def _responses(window: Window) -> tuple[dict, dict[int, int]]:
    """Respondents per period, survey and row; and each of those surveys' respondents in the
    subtree at any date (a survey whose respondents all fall in one period is read from totals)."""
    in_now = window.date_in_now(Response.submitted_on)
    found = grouped(
        db.select(Response.survey_id, Response.area_id, count_if(in_now), count_unless(in_now))
        .where(window.dates(Response.submitted_on), Response.area_id.in_(window.area_ids))
        .group_by(Response.survey_id, Response.area_id)
    ).all()
    per_period: dict[str, dict[int, dict[str, int]]] = {
        NOW: defaultdict(lambda: defaultdict(int)),
        BEFORE: defaultdict(lambda: defaultdict(int)),
    }
    for survey_id, area_id, now, before in found:
        for period, count in ((NOW, now), (BEFORE, before)):
            if count:
                per_period[period][survey_id][window.row(area_id)] += int(count)
    surveys = {sid for per_survey in per_period.values() for sid in per_survey}
    totals = {}
    if surveys:
        totals = dict(
            grouped(
                db.select(Response.survey_id, func.count())
                .where(Response.survey_id.in_(surveys), Response.area_id.in_(window.area_ids))
                .group_by(Response.survey_id)
            ).all()
        )
    return per_period, totals


def _answer_counts(window: Window, per_period: dict, totals: dict, question_ids: list[int]):
    """``(period, question_id, area_id, value, count)`` for both periods, from the tally.

    A survey whose respondents in the subtree all answered within one period is read from
    :class:`SurveyTotal`; one that straddles a period's edge from the day rows of the window.
    """
    survey_tally.refresh(totals)
    rows = []
    whole = {
        period: [sid for sid, counts in per_survey.items() if sum(counts.values()) == totals[sid]]
        for period, per_survey in per_period.items()
    }
    for period, surveys in whole.items():
        if surveys:
            rows += [
                (period, *row)
                for row in grouped(
                    db.select(
                        SurveyTotal.question_id,
                        SurveyTotal.area_id,
                        SurveyTotal.value,
                        func.sum(SurveyTotal.n),
                    )
                    .where(
                        SurveyTotal.survey_id.in_(surveys),
                        SurveyTotal.area_id.in_(window.area_ids),
                        SurveyTotal.question_id.in_(question_ids),
                    )
                    .group_by(SurveyTotal.question_id, SurveyTotal.area_id, SurveyTotal.value)
                )
            ]
    straddling = sorted(set(totals) - set(whole[NOW]) - set(whole[BEFORE]))
    if straddling:
        in_now = window.date_in_now(SurveyTally.day)
        for question_id, area_id, value, now, before in grouped(
            db.select(
                SurveyTally.question_id,
                SurveyTally.area_id,
                SurveyTally.value,
                count_if(in_now, SurveyTally.n),
                count_unless(in_now, SurveyTally.n),
            )
            .where(
                SurveyTally.survey_id.in_(straddling),
                window.dates(SurveyTally.day),
                SurveyTally.area_id.in_(window.area_ids),
                SurveyTally.question_id.in_(question_ids),
            )
            .group_by(SurveyTally.question_id, SurveyTally.area_id, SurveyTally.value)
        ):
            rows += [
                (period, question_id, area_id, value, count)
                for period, count in ((NOW, now), (BEFORE, before))
                if count
            ]
    return rows


def collect(window: Window) -> dict[str, dict[str, Any]]:
    """Per period: respondents per row, and answer counts per question key and row."""
    per_period, totals = _responses(window)
    surveys = sorted(totals)
    questions = []
    if surveys:
        questions = grouped(
            db.select(Question.id, Question.key, Question.role, Question.text).where(
                Question.survey_id.in_(surveys), Question.role.in_(ROLES)
            )
        ).all()
    key_of = {qid: (key, role) for qid, key, role, _text in questions}
    items = {key: text for _qid, key, role, text in questions if role == vocab.PROBLEM}
    counts: dict[str, dict] = {
        name: defaultdict(lambda: defaultdict(lambda: defaultdict(int))) for name in (NOW, BEFORE)
    }
    titles = {}
    if surveys and key_of:
        for period, question_id, area_id, value, count in _answer_counts(
            window, per_period, totals, list(key_of)
        ):
            key, _role = key_of[question_id]
            counts[period][key][window.row(area_id)][value] += int(count)
        titles = dict(
            grouped(db.select(Survey.id, Survey.title).where(Survey.id.in_(surveys))).all()
        )
    return {
        period: _one_period(per_period[period], counts[period], key_of, items, titles)
        for period in (NOW, BEFORE)
    }


def _one_period(per_survey, counts, key_of, items, titles) -> dict[str, Any]:
    if not per_survey:
        return {"surveys": [], "respondents": {}, "counts": {}, "items": {}, "roles": {}}
    respondents: dict[str, int] = defaultdict(int)
    for rows in per_survey.values():
        for row, n in rows.items():
            respondents[row] += n
    return {
        "surveys": [
            {"id": sid, "title": titles.get(sid) or {}, "n": sum(rows.values())}
            for sid, rows in sorted(per_survey.items())
        ],
        "respondents": dict(respondents),
        "counts": {k: {r: dict(v) for r, v in rows.items()} for k, rows in counts.items()},
        "items": {k: v for k, v in items.items() if k in counts},
        "roles": {key: role for key, role in key_of.values() if key in counts},
    }


def surveys_with_respondents(
    scope: Scope, area_ids: list[int] | None = None
) -> list[dict[str, Any]]:
    """Surveys answered in the period by respondents in ``area_ids`` (default: the subtree)."""
    rows = grouped(
        db.select(Response.survey_id, func.count())
        .where(
            Response.area_id.in_(area_ids if area_ids is not None else scope.area_ids),
            Response.submitted_on >= scope.start,
            Response.submitted_on <= scope.end,
        )
        .group_by(Response.survey_id)
        .order_by(Response.survey_id)
    ).all()
    if not rows:
        return []
    titles = dict(
        grouped(db.select(Survey.id, Survey.title).where(Survey.id.in_([r[0] for r in rows]))).all()
    )
    return [{"id": sid, "title": titles.get(sid) or {}, "n": n} for sid, n in rows]


# --- indicators ------------------------------------------------------------------------------------


def _share_dict(s: stats.Share) -> dict[str, float]:
    return {"count": s.count, "n": s.n, "share": s.share, "low": s.low, "high": s.high}


def _index_dict(r: stats.IndexResult) -> dict[str, Any]:
    return {"value": r.value, "n": r.n, "sd": r.sd, "low": r.low, "high": r.high}


def _sum(rows: dict[str, dict[str, int]], keep: frozenset[str]) -> dict[str, int]:
    total: dict[str, int] = defaultdict(int)
    for values in rows.values():
        for value, count in values.items():
            if value in keep:
                total[value] += count
    return dict(total)


def _otrygghet(answers: dict[str, int], reasons: dict[str, int]) -> stats.Share:
    answers = Counter({k: v for k, v in answers.items() if k in TRYGGHET_CODES})
    reasons = Counter({k: v for k, v in reasons.items() if k in stats.GAR_ALDRIG_UT_REASONS})
    never = answers.get("gar_aldrig_ut", 0)
    if reasons.get("otrygghet", 0) > never:  # answers outside the show-if rule (hand-edited data)
        reasons = Counter({"otrygghet": never})
    return results.otrygghet_from(answers, reasons)


def indicators(collected: dict[str, Any], row_keys: list[str]) -> dict[str, Any]:
    """Otrygghet per row and overall; problem index per row (totalindex) and per item."""
    counts = collected.get("counts", {})
    roles = collected.get("roles", {})
    trygghet_keys = [k for k, r in roles.items() if r == vocab.TRYGGHET]
    orsak_keys = [k for k, r in roles.items() if r == vocab.TRYGGHET_ORSAK]
    problem_keys = sorted(k for k, r in roles.items() if r == vocab.PROBLEM)

    def merged(keys: list[str], row: str | None, keep: frozenset[str]) -> dict[str, int]:
        total: dict[str, int] = defaultdict(int)
        for key in keys:
            rows = counts.get(key, {})
            selected = rows if row is None else {row: rows.get(row, {})}
            for value, count in _sum(selected, keep).items():
                total[value] += count
        return dict(total)

    def otrygghet(row: str | None) -> dict[str, float]:
        return _share_dict(
            _otrygghet(
                merged(trygghet_keys, row, TRYGGHET_CODES),
                merged(orsak_keys, row, stats.GAR_ALDRIG_UT_REASONS),
            )
        )

    def item_index(key: str, row: str | None) -> stats.IndexResult:
        return stats.problem_index_from_counts(merged([key], row, PROBLEM_CODES))

    def row_index(row: str | None) -> dict[str, Any]:
        per_item = [item_index(k, row) for k in problem_keys]
        value = stats.total_index(per_item)
        return {
            "value": value,
            "n": max((r.n for r in per_item), default=0),
            "items": sum(1 for r in per_item if r.n),
        }

    items = []
    for key in problem_keys:
        counts_all = merged([key], None, PROBLEM_CODES)
        items.append(
            {
                "key": key,
                "text": collected["items"].get(key, {}),
                "index": _index_dict(stats.problem_index_from_counts(counts_all)),
                "stort": _share_dict(stats.andel_stort_problem_from_counts(counts_all)),
            }
        )
    return {
        "respondents": collected.get("respondents", {}),
        "n": sum(collected.get("respondents", {}).values()),
        "surveys": collected.get("surveys", []),
        "otrygghet": {"total": otrygghet(None), "rows": {r: otrygghet(r) for r in row_keys}},
        "problemindex": {"total": row_index(None), "rows": {r: row_index(r) for r in row_keys}},
        "items": items,
        "has_trygghet": bool(trygghet_keys),
        "has_problem": bool(problem_keys),
    }
