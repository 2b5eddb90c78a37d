"""Translations of a survey (coordinators of its area): title, introduction, questions, options.

Survey texts are stored as ``{lang: text}`` in their own fields; a survey is *offered* in the
languages of ``Survey.languages``, and a resident whose language is not among them answers the
Swedish survey, with a note saying so. A questionnaire is never shown half translated: the same
question must be asked the same way, so a language can be offered on an open survey only when
every text is translated (a draft is checked when it opens, see ``services.publish_problems``).

Translating changes no answer code, so this is allowed also after answers have come in; answers
store option codes, never labels, and results combine every language.
"""

from __future__ import annotations

import copy

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField

from portal import content_i18n
from portal.auth import audit
from portal.dialog import vocab
from portal.dialog.models import Question, Survey
from portal.dialog.staff_views import _survey, _user, staff
from portal.extensions import db

SOURCE = content_i18n.SOURCE_LANGUAGE


class OfferForm(FlaskForm):
    offered = BooleanField(
        _l("Erbjud enkäten på det här språket"),
        description=_l(
            "Invånare som har valt språket får då enkäten på det. På en öppen enkät måste "
            "alla texter vara översatta först."
        ),
    )


def _set(owner, attribute: str, lang: str, value: str) -> bool:
    """Set ``owner.attribute[lang]`` (a ``{lang: text}`` dict); "" removes it."""
    texts = dict(getattr(owner, attribute) or {})
    if texts.get(lang, "") == value:
        return False
    if value:
        texts[lang] = value
    else:
        texts.pop(lang, None)
    setattr(owner, attribute, texts)  # a new dict: the JSON column sees the change
    return True


def _set_option(question: Question, index: int, lang: str, value: str) -> bool:
    options = copy.deepcopy(question.options)
    label = options[index].setdefault("label", {})
    if label.get(lang, "") == value:
        return False
    if value:
        label[lang] = value
    else:
        label.pop(lang, None)
    question.options = options
    return True


def _text_item(owner, attribute, lang, key, label, group, multiline=False, limit=500):
    source = (getattr(owner, attribute) or {}).get(SOURCE, "")
    if not source.strip():
        return []
    return [
        content_i18n.Item(
            key=key,
            label=str(label),
            source=source,
            current=(getattr(owner, attribute) or {}).get(lang, ""),
            apply=lambda value: _set(owner, attribute, lang, value),
            group=group,
            multiline=multiline,
            max_length=limit,
        )
    ]


def items(survey: Survey, lang: str) -> list[content_i18n.Item]:
    """Every Swedish text of the survey, in order: title, introduction, then each question."""
    group = _("Enkäten")
    found = _text_item(survey, "title", lang, "titel", _("Titel"), group, limit=200)
    found += _text_item(
        survey, "intro", lang, "inledning", _("Inledning"), group, multiline=True, limit=3000
    )
    for number, question in enumerate(survey.questions, start=1):
        group = _("Fråga %(n)s", n=number)
        found += _text_item(
            question, "text", lang, f"q{question.id}_text", _("Frågetext"), group, True
        )
        found += _text_item(question, "help", lang, f"q{question.id}_help", _("Hjälptext"), group)
        for index, option in enumerate(question.options):
            source = (option.get("label") or {}).get(SOURCE, "")
            if not source.strip():
                continue
            found.append(
                content_i18n.Item(
                    key=f"q{question.id}_option{index}",
                    label=_("Svarsalternativ: %(label)s", label=source),
                    source=source,
                    current=(option.get("label") or {}).get(lang, ""),
                    apply=lambda value, q=question, i=index: _set_option(q, i, lang, value),
                    group=group,
                    max_length=200,
                )
            )
    return found


def _language_or_404(lang: str) -> str:
    languages = content_i18n.translation_languages()
    if lang not in languages:
        abort(404)
    return languages[lang]


@staff.route("/<int:survey_id>/oversattningar")
def translations(survey_id: int):
    """How far the survey is translated, and whether it is offered, per language."""
    survey = _survey(survey_id)
    rows = [
        (
            content_i18n.progress(items(survey, code), code, name),
            url_for(".translate", survey_id=survey.id, lang=code),
            _("erbjuds") if code in survey.languages else _("erbjuds inte"),
        )
        for code, name in content_i18n.translation_languages().items()
    ]
    return render_template(
        "content_i18n/overview.html",
        heading=_("Översättningar: %(title)s", title=survey.title_in(SOURCE)),
        back_url=url_for(".survey", survey_id=survey.id),
        back_label=_("Tillbaka till enkäten"),
        rows=rows,
        intro=_(
            "Svaren sparas som svarsalternativ, inte som text, så resultaten räknar ihop alla "
            "språk. En översättning kan göras också när enkäten redan har svar."
        ),
    )


@staff.route("/<int:survey_id>/oversattningar/<lang>", methods=["GET", "POST"])
def translate(survey_id: int, lang: str):
    """Every text of the survey in one language, and whether the survey is offered in it."""
    survey = _survey(survey_id)
    name = _language_or_404(lang)
    found = items(survey, lang)
    form = content_i18n.form_for(found, base=OfferForm)
    if not form.is_submitted():
        form.offered.data = lang in survey.languages
    status = 200
    if survey.state == vocab.ARKIVERAD and form.is_submitted():
        flash(_("Enkäten är arkiverad och kan inte ändras."), "error")
        status = 409
    elif form.validate_on_submit():
        missing = [item for item in found if not (form[item.key].data or "").strip()]
        if form.offered.data and missing and survey.state != vocab.UTKAST:
            form.offered.errors = [
                *form.offered.errors,
                _(
                    "Enkäten är öppen för svar och kan erbjudas på språket först när allt är "
                    "översatt. %(n)s texter saknas.",
                    n=len(missing),
                ),
            ]
        elif not form.offered.data and survey.languages == [lang]:
            form.offered.errors = [
                *form.offered.errors,
                _("Enkäten måste erbjudas på minst ett språk."),
            ]
        else:
            changed = content_i18n.save(found, form)
            offered_before = lang in survey.languages
            if form.offered.data and not offered_before:
                survey.languages = [*survey.languages, lang]
            elif not form.offered.data and offered_before:
                survey.languages = [code for code in survey.languages if code != lang]
            if changed or offered_before != form.offered.data:
                audit.record(
                    _user(),
                    "dialog.survey.translate",
                    survey,
                    area=survey.area,
                    detail={"lang": lang, "changed": changed, "offered": form.offered.data},
                )
            db.session.commit()
            flash(_("Översättningen är sparad."), "success")
            return redirect(url_for(".translations", survey_id=survey.id))
    if form.errors:
        status = 400
    return render_template(
        "content_i18n/edit.html",
        heading=_("%(title)s på %(language)s", title=survey.title_in(SOURCE), language=name),
        back_url=url_for(".translations", survey_id=survey.id),
        back_label=_("Tillbaka till översättningarna"),
        form=form,
        grouped=content_i18n.groups(found),
        lang=lang,
        language_name=name,
        progress=content_i18n.progress(found, lang, name),
        extra_fields=["offered"],
    ), status
