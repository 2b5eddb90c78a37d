"""The public results page: aggregates only, with disclosure control on every number.

Rules (``minimum`` = the ``DISCLOSURE_MINIMUM`` setting, at least 5):

* No count between 1 and ``minimum − 1`` is shown, and enough other cells are hidden that no
  hidden count can be found by subtracting shown ones from a shown total
  (:func:`stats.suppress` and :func:`stats.suppress_table`).
* A question published by area uses one suppressed two-way table; its overall distribution is
  that table's column totals, so the two views cannot be played against each other.
* A derived figure (an indicator, a share, a problem index) is shown only when every count it
  is computed from is shown, so it adds nothing to what the table already tells.
* Free text, points and background questions are never published here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flask_babel import gettext as _

from portal.dialog import results, stats, vocab
from portal.dialog.models import Question, Survey


@dataclass
class Cell:
    code: str
    label: str
    count: int | None
    share: stats.Share | None


@dataclass
class AreaRow:
    label: str
    cells: list[int | None]
    total: int | None
    derived: Any = None  # indicator or index for the row, None when not publishable


@dataclass
class PublicQuestion:
    question: Question
    text: str
    n: int | None
    cells: list[Cell]
    area_rows: list[AreaRow] = field(default_factory=list)
    area_totals: list[int | None] = field(default_factory=list)
    derived: Any = None  # overall indicator / (andel, index) for problem items
    raw_rows: dict[str, dict[str, int | None]] = field(default_factory=dict, repr=False)
    short: str = ""


@dataclass
class PublicReport:
    total: int | None
    minimum: int
    questions: list[PublicQuestion]
    otrygghet: stats.Share | None = None
    problems: list[PublicQuestion] = field(default_factory=list)
    total_index: float | None = None


def _share(count: int | None, n: int | None) -> stats.Share | None:
    if count is None or not n:
        return None
    return stats.share(count, n)


def _one_way(t: results.Tally, q: Question, lang: str, minimum: int) -> PublicQuestion:
    options = results.answer_options(t, q, lang)
    counts = results.counts_by(t, q)["alla"]
    n = results.answered_by(t, q)["alla"]
    cells = {code: counts.get(code, 0) for code, _label in options}
    if q.kind == vocab.MULTIPLE:
        shown = stats.suppress(cells, None, minimum)
        n_shown = n if not 0 < n < minimum else None
        if n_shown is None:
            shown = dict.fromkeys(cells)
    else:
        shown = stats.suppress(cells, n, minimum)
        n_shown = None if 0 < n < minimum else n
    return PublicQuestion(
        q,
        q.text_in(lang),
        n_shown,
        [Cell(code, label, shown[code], _share(shown[code], n_shown)) for code, label in options],
    )


def _by_area(t: results.Tally, q: Question, lang: str, minimum: int) -> PublicQuestion:
    options = results.answer_options(t, q, lang)
    codes = [code for code, _label in options]
    per_area = results.counts_by(t, q, "omrade")
    groups = [
        (key, label)
        for key, label in results.group_labels(t, "omrade", lang)
        if key is not None or per_area.get(key)
    ]
    table = stats.suppress_table(
        {key: {code: per_area.get(key, {}).get(code, 0) for code in codes} for key, _l in groups},
        minimum,
    )
    n = table.grand_total
    cells = [
        Cell(code, label, table.col_totals[code], _share(table.col_totals[code], n))
        for code, label in options
    ]
    rows = [
        AreaRow(label, [table.cells[key][code] for code in codes], table.row_totals[key])
        for key, label in groups
    ]
    return PublicQuestion(
        q,
        q.text_in(lang),
        n,
        cells,
        rows,
        [table.col_totals[c] for c in codes],
        raw_rows={label: table.cells[key] for key, label in groups},
        short=results.short_label(q, lang),
    )


def _all_shown(values) -> bool:
    return all(v is not None for v in values)


def build(survey: Survey, lang: str, minimum: int) -> PublicReport:
    """Everything the public results page shows, already suppressed."""
    minimum = max(int(minimum), stats.PORTAL_MINIMUM_CELL)
    t = results.tally(survey)
    total = t.total
    if 0 < total < minimum:
        return PublicReport(None, minimum, [])
    report = PublicReport(total, minimum, [])
    main = results.role_question(survey, vocab.TRYGGHET)
    reason = results.role_question(survey, vocab.TRYGGHET_ORSAK)
    reason_result = _one_way(t, reason, lang, minimum) if reason else None
    for q in survey.questions:
        if q.kind == vocab.TEXT or q.is_background or q.kind == vocab.POINT:
            continue
        if q.role == vocab.PROBLEM:
            item = _by_area(t, q, lang, minimum)
            _problem_figures(item)
            report.problems.append(item)
        elif q.role == vocab.TRYGGHET:
            item = _by_area(t, q, lang, minimum)
            report.questions.append(item)
        elif q.role == vocab.TRYGGHET_ORSAK and reason_result is not None:
            report.questions.append(reason_result)
        else:
            report.questions.append(_one_way(t, q, lang, minimum))
    if main is not None:
        _otrygghet_figures(report, t, main, reason, reason_result)
    indices = [p.derived[1] for p in report.problems if p.derived and p.derived[1] is not None]
    if report.problems and len(indices) == len(report.problems):
        report.total_index = stats.total_index(indices)
    return report


def _otrygghet_figures(report, t, main, reason, reason_result) -> None:
    """The indicator, overall and per area, only where every input count is shown."""
    item = next(p for p in report.questions if p.question is main)
    answers = {c.code: c.count for c in item.cells if c.code in stats.TRYGGHET_ANSWERS}
    reasons = (
        {c.code: c.count for c in reason_result.cells if c.code in stats.GAR_ALDRIG_UT_REASONS}
        if reason_result
        else {}
    )
    if _all_shown(answers.values()) and _all_shown(reasons.values()):
        report.otrygghet = stats.otrygghet_from_counts(answers, reasons)
        item.derived = report.otrygghet
    if reason is not None:
        return  # the follow-up is not broken down by area publicly, so neither is the indicator
    for row in item.area_rows:
        raw = item.raw_rows[row.label]
        if _all_shown(raw.values()):
            row.derived = stats.otrygghet_from_counts(
                {k: v for k, v in raw.items() if k in stats.TRYGGHET_ANSWERS}
            )


def _problem_figures(item: PublicQuestion) -> None:
    """Andel stort problem and problemindex, overall and per area, where publishable."""
    overall = {c.code: c.count for c in item.cells}
    if _all_shown(overall.values()):
        counts = results.problem_counter(overall)
        item.derived = (
            stats.andel_stort_problem_from_counts(counts),
            stats.problem_index_from_counts(counts).value,
        )
    for row in item.area_rows:
        raw = item.raw_rows[row.label]
        if _all_shown(raw.values()) and row.total:
            row.derived = stats.problem_index_from_counts(results.problem_counter(raw)).value


def chart_width(share: stats.Share | None) -> str:
    """CSS width for a bar (decorative; the numbers are in the text and the table)."""
    return f"{0 if share is None else round(share.share * 100, 1)}%"


def suppressed_note(minimum: int) -> str:
    return _(
        "– betyder dolt: färre än %(n)s svar, eller dolt så att ett sådant värde inte kan "
        "räknas fram ur de andra.",
        n=minimum,
    )
