"""Editing a survey's questions: add (a kind or a preset), change, delete, reorder.

Once a survey has responses its questions are frozen (:class:`ChangeRefused` from
:func:`check_editable`): changing wording or options would make earlier answers mean something
else. Reordering stays allowed; the order is not part of any result.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from typing import Any

from flask_babel import lazy_gettext as _l

from portal.areas import services as area_services
from portal.auth import audit
from portal.dialog import vocab
from portal.dialog.models import Question, Survey
from portal.dialog.services import ChangeRefused, check_editable, question_from
from portal.dialog.survey_templates import PRESETS
from portal.extensions import db


def _unique_key(survey: Survey, base: str) -> str:
    taken = {question.key for question in survey.questions}
    base = re.sub(r"[^a-z0-9_]+", "_", base.lower()).strip("_")[:50] or "fraga"
    key, number = base, 2
    while key in taken:
        key, number = f"{base}_{number}", number + 1
    return key


def add_questions(survey: Survey, preset_or_kind: str, actor) -> list[Question]:
    """Add a preset's questions, or one empty question of a kind, at the end (last page)."""
    check_editable(survey)
    page = max((question.page for question in survey.questions), default=1)
    if preset_or_kind in PRESETS:
        definitions = PRESETS[preset_or_kind][1]
    elif preset_or_kind in vocab.KINDS:
        definitions = [
            {"key": "fraga", "kind": preset_or_kind, "text": dict.fromkeys(survey.languages, "")}
        ]
    else:
        raise ChangeRefused(_l("Okänd frågetyp."))
    renamed: dict[str, str] = {}
    added = []
    for definition in definitions:
        d = copy.deepcopy(definition)
        renamed[d["key"]] = d["key"] = _unique_key(survey, d["key"])
        if d.get("show_if_key"):
            d["show_if_key"] = renamed.get(d["show_if_key"], d["show_if_key"])
        d["page"] = page
        question = question_from(d, len(survey.questions))
        survey.questions.append(question)
        added.append(question)
    db.session.flush()
    audit.record(
        actor,
        "dialog.question.add",
        survey,
        area=survey.area,
        detail={"keys": [question.key for question in added]},
    )
    return added


@dataclass
class QuestionChanges:
    """What the question form sends. ``options`` is None for kinds without options."""

    text: dict[str, str]
    help: dict[str, str]
    options: list[dict[str, Any]] | None
    required: bool
    page: int
    max_length: int | None = None
    max_choices: int | None = None
    show_if: str | None = None  # "key=code"


def build_options(
    question: Question, lines: dict[str, str], extra_lines: dict[str, str]
) -> list[dict[str, Any]]:
    """Options from one textarea per language (one option per line, same order in each).

    Existing codes are kept by position; new lines get new codes. On a question whose codes the
    indicators read (e.g. the trygghet question) only the wording may change.

    Raises:
        ValueError: with a message for the form when the lines do not fit.
    """

    def split(text: str) -> list[str]:
        return [line.strip() for line in (text or "").splitlines() if line.strip()]

    groups = [(True, {lang: split(t) for lang, t in lines.items()})]
    if question.kind == vocab.SCALE:
        groups.append((False, {lang: split(t) for lang, t in extra_lines.items()}))
    old = {True: [], False: []}
    for o in question.options:
        old[bool(o.get("scored", True)) or question.kind != vocab.SCALE].append(o)
    options: list[dict[str, Any]] = []
    taken = set()
    for scored, by_lang in groups:
        counts = {len(v) for v in by_lang.values() if v}
        if len(counts) > 1:
            raise ValueError(_l("Skriv lika många alternativ på varje språk, i samma ordning."))
        count = counts.pop() if counts else 0
        if question.role in vocab.FIXED_OPTION_ROLES and count != len(old[scored]):
            raise ValueError(
                _l(
                    "Den här frågan används i indikatorerna: formulera om alternativen, "
                    "men lägg inte till eller ta bort några."
                )
            )
        for index in range(count):
            label = {lang: v[index] for lang, v in by_lang.items() if v}
            if index < len(old[scored]):
                code = old[scored][index]["code"]
            else:
                code = _option_code(label.get("sv") or next(iter(label.values())), taken)
            taken.add(code)
            options.append({"code": code, "label": label, "scored": scored})
    if question.kind in vocab.CHOICE_KINDS and sum(o["scored"] for o in options) < 2:
        raise ValueError(_l("Skriv minst två svarsalternativ."))
    return options


def _option_code(label: str, taken: set[str]) -> str:
    base = area_services.slugify(label).replace("-", "_")[:36] or "alternativ"
    code, number = base, 2
    while code in taken:
        code, number = f"{base}_{number}", number + 1
    return code


def update_question(question: Question, changes: QuestionChanges, actor) -> None:
    """Change a question's wording, options and settings (only before any response)."""
    survey = question.survey
    check_editable(survey)
    question.text = {lang: t.strip() for lang, t in changes.text.items()}
    question.help = {lang: t.strip() for lang, t in changes.help.items() if t.strip()}
    if changes.options is not None and question.kind in vocab.CHOICE_KINDS:
        question.options = changes.options
    question.required = changes.required
    question.page = max(1, min(changes.page, 50))
    if question.kind == vocab.TEXT:
        question.max_length = max(
            1, min(changes.max_length or vocab.TEXT_MAX_DEFAULT, vocab.TEXT_MAX_LIMIT)
        )
    if question.kind == vocab.MULTIPLE:
        question.max_choices = changes.max_choices or None
    key, _sep, value = (changes.show_if or "").partition("=")
    valid = {f"{k}={c}" for k, c, _label in condition_choices(question, "sv")}
    if changes.show_if and changes.show_if in valid:
        question.show_if_key, question.show_if_value = key, value
    else:
        question.show_if_key = question.show_if_value = None
    db.session.flush()
    audit.record(actor, "dialog.question.update", question, area=survey.area)


def condition_choices(question: Question, lang: str) -> list[tuple[str, str, str]]:
    """``(key, code, label)`` for every answer of an earlier single-choice or scale question."""
    found = []
    for other in question.survey.questions:
        if other.position >= question.position:
            break
        if other.kind in (vocab.SCALE, vocab.SINGLE):
            for o in other.options:
                label = f"{other.text_in(lang)} → {vocab.pick(o['label'], lang)}"
                found.append((other.key, o["code"], label))
    return found


def delete_question(question: Question, actor) -> None:
    survey = question.survey
    check_editable(survey)
    dependants = [q for q in survey.questions if q.show_if_key == question.key]
    for dependant in dependants:
        dependant.show_if_key = dependant.show_if_value = None
    survey.questions.remove(question)
    _renumber(survey)
    db.session.flush()
    audit.record(
        actor, "dialog.question.delete", survey, area=survey.area, detail={"key": question.key}
    )


def move_question(question: Question, direction: str, actor) -> None:
    """Move one step ``"upp"`` or ``"ned"`` (allowed with responses: the order is not a result).

    Moving across a page boundary takes the question to the neighbouring page.
    """
    survey = question.survey
    if survey.state == vocab.ARKIVERAD:
        raise ChangeRefused(_l("Enkäten är arkiverad och kan inte ändras."))
    questions = list(survey.questions)
    index = questions.index(question)
    other = index - 1 if direction == "upp" else index + 1
    if not 0 <= other < len(questions):
        return
    neighbour = questions[other]
    if neighbour.page != question.page:
        question.page = neighbour.page
    else:
        questions[index], questions[other] = neighbour, question
    survey.questions[:] = questions
    _renumber(survey)
    db.session.flush()
    audit.record(
        actor, "dialog.question.move", question, area=survey.area, detail={"direction": direction}
    )


def _renumber(survey: Survey) -> None:
    for position, question in enumerate(survey.questions):
        question.position = position
