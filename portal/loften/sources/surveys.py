"""Surveys behind a promise and the indicator before and after (:mod:`portal.dialog`).

Only surveys with published results give numbers, and only with n at least the disclosure
minimum; the before/after comparison is the surveys' own (:func:`portal.dialog.compare.compare_indicator`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from flask import url_for
from flask_babel import gettext as _

from portal.areas.models import Area
from portal.dialog import compare as survey_compare
from portal.dialog import results as survey_results
from portal.dialog import services as survey_services
from portal.dialog import vocab as survey_vocab
from portal.dialog.models import Survey
from portal.extensions import db


@dataclass(frozen=True)
class SurveyInfo:
    id: int
    title: str
    area_name: str
    results_published: bool

    @property
    def url(self) -> str | None:
        """The public results page, when published."""
        return url_for("dialog.results", survey_id=self.id) if self.results_published else None


@dataclass(frozen=True)
class IndicatorValue:
    """A published share (n at least the disclosure minimum) with its 95 % interval."""

    label: str
    share: float
    low: float
    high: float
    n: int


@dataclass(frozen=True)
class IndicatorComparison:
    label: str
    before: IndicatorValue
    after: IndicatorValue
    sentence: str  # plain words, uncertainty included
    significant: bool


def _survey_info(survey: Survey, lang: str) -> SurveyInfo:
    return SurveyInfo(
        id=survey.id,
        title=survey.title_in(lang),
        area_name=survey.area.name,
        results_published=survey.results_published,
    )


def survey(survey_id: int | None, lang: str) -> SurveyInfo | None:
    found = db.session.get(Survey, survey_id) if survey_id else None
    return _survey_info(found, lang) if found is not None else None


def surveys(ids: Iterable[int], lang: str) -> list[SurveyInfo]:
    wanted = [i for i in ids if i]
    if not wanted:
        return []
    found = db.session.scalars(db.select(Survey).where(Survey.id.in_(wanted)))
    by_id = {s.id: s for s in found}
    return [_survey_info(by_id[i], lang) for i in wanted if i in by_id]


def survey_choices(area: Area, lang: str) -> list[SurveyInfo]:
    """Surveys that concern ``area`` (its ancestors' and descendants'), drafts left out."""
    query = (
        db.select(Survey)
        .where(Survey.area_id.in_(survey_services.covering_area_ids(area)))
        .where(Survey.state != survey_vocab.UTKAST)
        .order_by(Survey.created_at.desc(), Survey.id.desc())
    )
    return [_survey_info(s, lang) for s in db.session.scalars(query)]


def newest_published_survey(area: Area) -> int | None:
    """The newest survey with published results and the otrygghet question, for ``area``."""
    for found in survey_services.published_results(area):
        if survey_results.role_question(found, survey_vocab.TRYGGHET) is not None:
            return found.id
    return None


def indicator_choices(survey_id: int | None, lang: str) -> list[tuple[str, str]]:
    """``(key, label)``: the otrygghet indicator and the survey's problem items."""
    choices = [(survey_vocab.TRYGGHET, _("Andel otrygga (går ut ensam sent en kväll)"))]
    found = db.session.get(Survey, survey_id) if survey_id else None
    if found is not None:
        for question in found.questions:
            if question.role == survey_vocab.PROBLEM:
                label = survey_results.short_label(question, lang)
                choices.append((question.key, _("Stort problem: %(item)s", item=label)))
    return choices


def indicator_label(survey_id: int | None, key: str, lang: str) -> str:
    return dict(indicator_choices(survey_id, lang)).get(key, key)


def _subject(key: str) -> str:
    if key == survey_vocab.TRYGGHET:
        return _("Andelen otrygga")
    return _("Andelen som svarar stort problem")


def _value(share: Any, label: str) -> IndicatorValue:
    return IndicatorValue(label, share.share, share.low, share.high, share.n)


def indicator(survey_id: int | None, key: str, minimum: int, lang: str) -> IndicatorValue | None:
    """A survey's indicator, if its results are published and ``n >= minimum``."""
    found = db.session.get(Survey, survey_id) if survey_id else None
    if found is None or not found.results_published:
        return None
    share = survey_compare.indicator_share(found, key)
    if share is None or share.n < minimum:
        return None
    return _value(share, indicator_label(survey_id, key, lang))


def comparison(
    before_id: int | None, after_id: int | None, key: str, minimum: int, lang: str
) -> IndicatorComparison | None:
    """Before and after from the surveys' comparison, when both are published with n ≥ minimum."""
    before = db.session.get(Survey, before_id) if before_id else None
    after = db.session.get(Survey, after_id) if after_id else None
    if before is None or after is None or before.id == after.id:
        return None
    if not (before.results_published and after.results_published):
        return None
    a = survey_compare.indicator_share(before, key)
    b = survey_compare.indicator_share(after, key)
    if a is None or b is None or a.n < minimum or b.n < minimum:
        return None
    found = survey_compare.compare_indicator(before, after, key)
    if found is None:
        return None
    label = indicator_label(after.id, key, lang)
    return IndicatorComparison(
        label=label,
        before=_value(a, label),
        after=_value(b, label),
        sentence=survey_compare.describe(found, _subject(key)),
        significant=found.significant,
    )
