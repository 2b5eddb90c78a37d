"""Surveys for staff: create from a template, edit, reorder, open, close, copy as a new version.

Writes flush and never commit; the view commits. Every staff write is audited. Once a survey has
responses its questions are frozen (:class:`ChangeRefused`): changing wording or options would
make earlier answers mean something else, so staff copy the survey as a new version instead.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import func

from portal.areas import services as area_services
from portal.areas.models import Area
from portal.auth import audit
from portal.dialog import vocab
from portal.dialog.models import Question, Response, Survey
from portal.dialog.survey_templates import TEMPLATES
from portal.extensions import db
from portal.timeutil import utcnow


class ChangeRefused(Exception):
    """The change would corrupt results or is not allowed in the survey's state.

    ``copy_offered``: the way forward is "copy as a new version".
    """

    def __init__(self, message, copy_offered: bool = False) -> None:
        super().__init__(message)
        self.message = message
        self.copy_offered = copy_offered


FROZEN_MESSAGE = _l(
    "Enkäten har redan svar. Om frågorna ändras nu skulle de tidigare svaren betyda något annat "
    "och resultaten bli fel. Kopiera enkäten som en ny version och ändra i kopian."
)


# --- queries ------------------------------------------------------------------------------------


def get(survey_id: int) -> Survey | None:
    return db.session.get(Survey, survey_id)


def today() -> date:
    """Today in the installation's time zone (surveys open and close by date)."""
    return datetime.now(ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])).date()


def answer_status(survey: Survey, on: date | None = None) -> str:
    """``"oppen"``, ``"kommande"`` (not yet open), ``"stangd"`` or ``"utkast"``."""
    if survey.state == vocab.UTKAST:
        return "utkast"
    if survey.state != vocab.OPPEN:
        return "stangd"
    on = on or today()
    if survey.opens_on and on < survey.opens_on:
        return "kommande"
    if survey.closes_on and on > survey.closes_on:
        return "stangd"
    return "oppen"


def response_count(survey: Survey) -> int:
    return db.session.scalar(
        db.select(func.count(Response.id)).where(Response.survey_id == survey.id)
    )


def has_responses(survey: Survey) -> bool:
    return (
        db.session.scalar(db.select(Response.id).where(Response.survey_id == survey.id).limit(1))
        is not None
    )


def staff_query(areas: list[Area], state: str | None = None):
    """Surveys in the subtrees of ``areas``, newest first."""
    if not areas:
        return db.select(Survey).where(db.false())
    in_scope = db.or_(*(Area.path.startswith(a.path, autoescape=True) for a in areas))
    query = db.select(Survey).join(Survey.area).where(in_scope)
    if state in vocab.STATES:
        query = query.where(Survey.state == state)
    return query.order_by(Survey.created_at.desc(), Survey.id.desc())


def covering_area_ids(area: Area) -> list[int]:
    """The area, its ancestors and its descendants: surveys there concern this area."""
    return [a.id for a in area_services.ancestors(area)] + area_services.subtree_ids(area)


def open_surveys(area: Area | None = None) -> list[Survey]:
    """Surveys residents can answer now (for ``area``: those that concern it)."""
    query = db.select(Survey).where(Survey.state == vocab.OPPEN)
    if area is not None:
        query = query.where(Survey.area_id.in_(covering_area_ids(area)))
    on = today()
    found = db.session.scalars(query.order_by(Survey.closes_on, Survey.id))
    return [s for s in found if answer_status(s, on) == "oppen"]


def published_results(area: Area | None = None) -> list[Survey]:
    """Surveys whose results page is public (for ``area``: those that concern it)."""
    query = db.select(Survey).where(Survey.results_published_at.is_not(None))
    if area is not None:
        query = query.where(Survey.area_id.in_(covering_area_ids(area)))
    return list(db.session.scalars(query.order_by(Survey.results_published_at.desc())))


def comparable_surveys(survey: Survey) -> list[Survey]:
    """Other surveys with the trygghet question or problem items, in the same area tree."""
    root = area_services.ancestors(survey.area)[:1] or [survey.area]
    query = (
        db.select(Survey)
        .join(Survey.area)
        .where(Survey.id != survey.id, Area.path.startswith(root[0].path, autoescape=True))
        .where(Survey.state != vocab.UTKAST)
        .order_by(Survey.created_at.desc())
    )
    return list(db.session.scalars(query))


# --- creating ---------------------------------------------------------------------------------


def question_from(definition: dict[str, Any], position: int) -> Question:
    d = copy.deepcopy(definition)
    return Question(
        key=d["key"],
        kind=d["kind"],
        role=d.get("role"),
        text=d["text"],
        help=d.get("help", {}),
        options=d.get("options", []),
        required=d.get("required", False),
        max_length=d.get("max_length")
        or (vocab.TEXT_MAX_DEFAULT if d["kind"] == vocab.TEXT else None),
        max_choices=d.get("max_choices"),
        show_if_key=d.get("show_if_key"),
        show_if_value=d.get("show_if_value"),
        page=d.get("page", 1),
        position=position,
    )


def create_from_template(
    template_key: str,
    area: Area,
    languages: list[str],
    actor,
    title: str | None = None,
) -> Survey:
    """A draft survey with the template's questions, ready to edit."""
    template = TEMPLATES[template_key]
    languages = [lang for lang in languages if lang in current_app.config["LANGUAGES"]] or ["sv"]
    survey_title = {lang: template.title.get(lang, "") for lang in languages}
    if title:
        survey_title[languages[0]] = title.strip()
    survey = Survey(
        area=area,
        title=survey_title,
        intro={lang: template.intro.get(lang, "") for lang in languages},
        languages=languages,
        state=vocab.UTKAST,
        template=template_key,
        created_by_id=getattr(actor, "id", None),
    )
    survey.questions = [question_from(d, i) for i, d in enumerate(template.questions)]
    db.session.add(survey)
    db.session.flush()
    audit.record(
        actor, "dialog.survey.create", survey, area=area, detail={"template": template_key}
    )
    return survey


def check_editable(survey: Survey) -> None:
    """Raise :class:`ChangeRefused` unless the survey's questions may change."""
    if survey.state == vocab.ARKIVERAD:
        raise ChangeRefused(_l("Enkäten är arkiverad och kan inte ändras."))
    if has_responses(survey):
        raise ChangeRefused(FROZEN_MESSAGE, copy_offered=True)


# --- settings, states, versions ---------------------------------------------------------------


@dataclass
class SettingsChanges:
    title: dict[str, str]
    intro: dict[str, str]
    languages: list[str]
    area: Area
    opens_on: date | None
    closes_on: date | None


def update_settings(survey: Survey, changes: SettingsChanges, actor) -> None:
    """Title, introduction, languages, area and dates. The area is fixed once answers exist."""
    if survey.state == vocab.ARKIVERAD:
        raise ChangeRefused(_l("Enkäten är arkiverad och kan inte ändras."))
    if changes.area.id != survey.area_id and has_responses(survey):
        raise ChangeRefused(
            _l("Enkäten har redan svar från det här området; området kan inte bytas."),
            copy_offered=True,
        )
    if changes.opens_on and changes.closes_on and changes.closes_on < changes.opens_on:
        raise ChangeRefused(_l("Slutdatumet kan inte vara före startdatumet."))
    survey.title = {lang: t.strip() for lang, t in changes.title.items() if t.strip()}
    survey.intro = {lang: t.strip() for lang, t in changes.intro.items() if t.strip()}
    survey.languages = changes.languages or survey.languages
    survey.area = changes.area
    survey.opens_on, survey.closes_on = changes.opens_on, changes.closes_on
    db.session.flush()
    audit.record(actor, "dialog.survey.update", survey, area=survey.area)


def publish_problems(survey: Survey) -> list[str]:
    """What must be fixed before the survey can open (empty when it can)."""
    problems = []
    missing_title = [lang for lang in survey.languages if not survey.title.get(lang)]
    if missing_title:
        problems.append(_l("Titeln saknas på: %(langs)s.", langs=", ".join(missing_title)))
    if not survey.questions:
        problems.append(_l("Enkäten har inga frågor."))
    keys_before: dict[str, Question] = {}
    for number, question in enumerate(survey.questions, start=1):
        missing = [lang for lang in survey.languages if not question.text.get(lang)]
        if missing:
            problems.append(
                _l("Fråga %(n)s saknar text på: %(langs)s.", n=number, langs=", ".join(missing))
            )
        if question.kind in vocab.CHOICE_KINDS:
            if len(question.options) < 2:
                problems.append(_l("Fråga %(n)s har färre än två svarsalternativ.", n=number))
            elif any(
                not o["label"].get(lang) for o in question.options for lang in survey.languages
            ):
                problems.append(
                    _l("Fråga %(n)s har svarsalternativ utan text på alla språk.", n=number)
                )
        if question.show_if_key:
            parent = keys_before.get(question.show_if_key)
            if parent is None or question.show_if_value not in parent.codes:
                problems.append(
                    _l("Fråga %(n)s visas bara efter en fråga som inte kommer före den.", n=number)
                )
        keys_before[question.key] = question
    return [str(p) for p in problems]


def transition(survey: Survey, action: str, actor) -> None:
    """Open, close, reopen or archive."""
    if action not in vocab.TRANSITIONS:
        raise ChangeRefused(_l("Okänd åtgärd."))
    sources, target = vocab.TRANSITIONS[action]
    if survey.state not in sources:
        raise ChangeRefused(_l("Det går inte att göra så i enkätens nuvarande läge."))
    if target == vocab.OPPEN:
        problems = publish_problems(survey)
        if problems:
            raise ChangeRefused(" ".join(problems))
        if survey.closes_on and survey.closes_on < today():
            raise ChangeRefused(_l("Slutdatumet har redan passerat. Ändra det först."))
    before = survey.state
    survey.state = target
    db.session.flush()
    audit.record(
        actor,
        f"dialog.survey.{action}",
        survey,
        area=survey.area,
        detail={"from": before, "to": target},
    )


def copy_as_new_version(survey: Survey, actor) -> Survey:
    """A draft copy with the same questions (same keys, so the versions can be compared)."""
    copy_ = Survey(
        area=survey.area,
        title=dict(survey.title),
        intro=dict(survey.intro),
        languages=list(survey.languages),
        state=vocab.UTKAST,
        template=survey.template,
        version=survey.version + 1,
        previous_id=survey.id,
        created_by_id=getattr(actor, "id", None),
    )
    copy_.questions = [
        Question(
            key=q.key,
            kind=q.kind,
            role=q.role,
            text=dict(q.text),
            help=dict(q.help),
            options=copy.deepcopy(q.options),
            required=q.required,
            max_length=q.max_length,
            max_choices=q.max_choices,
            show_if_key=q.show_if_key,
            show_if_value=q.show_if_value,
            page=q.page,
            position=q.position,
        )
        for q in survey.questions
    ]
    db.session.add(copy_)
    db.session.flush()
    audit.record(
        actor, "dialog.survey.copy", copy_, area=survey.area, detail={"from_survey": survey.id}
    )
    return copy_


def set_results_published(survey: Survey, published: bool, actor) -> None:
    """Publish (or withdraw) the public results page (aggregates with disclosure control)."""
    if published and survey.state == vocab.UTKAST:
        raise ChangeRefused(_l("Ett utkast har inga resultat att publicera."))
    survey.results_published_at = utcnow() if published else None
    db.session.flush()
    audit.record(
        actor,
        "dialog.results.publish" if published else "dialog.results.withdraw",
        survey,
        area=survey.area,
    )
