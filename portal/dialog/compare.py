"""Before/after: the same indicator in two surveys, with the difference said in plain words.

Questions are matched by their stable ``key`` (kept by templates and by "copy as new version"),
so a trygghetsmätning can be compared with last year's. The promises (löften) use
:func:`compare_indicator` to follow up what was promised.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from flask_babel import format_decimal
from flask_babel import gettext as _

from portal.dialog import results, stats, vocab
from portal.dialog.models import Survey


@dataclass
class ComparisonRow:
    label: str
    comparison: stats.Comparison
    sentence: str


def _pp(x: float) -> str:
    """Procentenheter, whole numbers (one decimal below 1), in the visitor's notation."""
    value = abs(x) * 100
    return format_decimal(round(value, 1) if 0 < value < 1 else round(value), format="#,##0.#")


def describe(c: stats.Comparison, subject: str) -> str:
    """Plain words: what changed, how sure we can be, and whether it could be chance."""
    level = f"{round(c.level * 100)} %"
    if round(abs(c.difference) * 100) == 0:
        low, high = c.low, c.high
        head = _(
            "%(subject)s är i stort sett oförändrad "
            "(skillnad %(low)s till %(high)s procentenheter, %(level)s konfidensintervall).",
            subject=subject,
            low=("−" if low < 0 else "") + _pp(low),
            high=("−" if high < 0 else "") + _pp(high),
            level=level,
        )
    else:
        sign = 1.0 if c.difference > 0 else -1.0
        low, high = sorted((sign * c.low, sign * c.high))
        span = {
            "low": ("−" if low < 0 else "") + _pp(low),
            "high": ("−" if high < 0 else "") + _pp(high),
        }
        if c.difference > 0:
            head = _(
                "%(subject)s har ökat med %(diff)s procentenheter (%(level)s konfidensintervall: %(low)s till %(high)s).",
                subject=subject,
                diff=_pp(c.difference),
                level=level,
                **span,
            )
        else:
            head = _(
                "%(subject)s har minskat med %(diff)s procentenheter (%(level)s konfidensintervall: %(low)s till %(high)s).",
                subject=subject,
                diff=_pp(c.difference),
                level=level,
                **span,
            )
    verdict = (
        _(
            "Skillnaden är statistiskt säkerställd: den är för stor för att troligen bero på slumpen."
        )
        if c.significant
        else _(
            "Skillnaden kan bero på slumpen: med så här många svar går det inte att säga att något har ändrats."
        )
    )
    return f"{head} {verdict}"


def _problem_key_share(t: results.Tally, key: str) -> stats.Share | None:
    question = next((q for q in t.survey.questions if q.key == key), None)
    if question is None or question.role != vocab.PROBLEM:
        return None
    counts = results.counts_by(t, question)["alla"]
    return stats.andel_stort_problem_from_counts(results.problem_counter(counts))


def _otrygghet_share(t: results.Tally, area_id: int | None = None) -> stats.Share | None:
    if results.role_question(t.survey, vocab.TRYGGHET) is None:
        return None
    if area_id is None:
        answers, reasons = results.trygghet_counts(t)
        return results.otrygghet_from(answers["alla"], reasons["alla"])
    answers, reasons = results.trygghet_counts(t, "omrade")
    return results.otrygghet_from(answers.get(area_id, Counter()), reasons.get(area_id, Counter()))


def indicator_share(
    survey: Survey, key: str = vocab.TRYGGHET, area_id: int | None = None
) -> stats.Share | None:
    """The otrygghet indicator (``key="trygghet"``) or a problem item's andel stort problem."""
    t = results.tally(survey)
    if key == vocab.TRYGGHET:
        return _otrygghet_share(t, area_id)
    return _problem_key_share(t, key)


def compare_indicator(
    before: Survey, after: Survey, key: str = vocab.TRYGGHET, area_id: int | None = None
) -> stats.Comparison | None:
    """``after − before`` for one indicator (None when either survey lacks it)."""
    a, b = indicator_share(before, key, area_id), indicator_share(after, key, area_id)
    if a is None or b is None or a.n == 0 or b.n == 0:
        return None
    return stats.compare_shares(a, b)


def compare(before: Survey, after: Survey, lang: str) -> list[ComparisonRow]:
    """Every indicator both surveys have: otrygghet (overall and per area), problem items."""
    tb, ta = results.tally(before), results.tally(after)
    rows: list[ComparisonRow] = []

    def add(label: str, subject: str, b: stats.Share | None, a: stats.Share | None) -> None:
        if b is not None and a is not None and b.n and a.n:
            comparison = stats.compare_shares(b, a)
            rows.append(ComparisonRow(label, comparison, describe(comparison, subject)))

    add(
        _("Andel otrygga"),
        _("Andelen otrygga"),
        _otrygghet_share(tb),
        _otrygghet_share(ta),
    )
    shared_areas = [
        (key, label)
        for key, label in results.group_labels(ta, "omrade", lang)
        if key is not None and key in tb.area_names
    ]
    for key, label in shared_areas:
        add(
            _("Andel otrygga: %(area)s", area=label),
            _("Andelen otrygga i %(area)s", area=label),
            _otrygghet_share(tb, key),
            _otrygghet_share(ta, key),
        )
    before_keys = {q.key for q in before.questions if q.role == vocab.PROBLEM}
    for question in after.questions:
        if question.role == vocab.PROBLEM and question.key in before_keys:
            text = results.short_label(question, lang)
            add(
                _("Stort problem: %(item)s", item=text),
                _("Andelen som svarar stort problem"),
                _problem_key_share(tb, question.key),
                _problem_key_share(ta, question.key),
            )
    return rows
