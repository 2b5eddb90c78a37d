"""Translations of a promise (coordinators of its area): its texts, fokusområden, commitments,
activities and progress updates, one page per language.

A translation changes no version of the promise (the Swedish text is the promise); it is written
to the audit log. When a Swedish text changes later, its translation is out of date and the
public page shows the Swedish text until the translation is updated (:mod:`portal.content_i18n`).
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from portal import content_i18n
from portal.auth import audit
from portal.extensions import db
from portal.loften.history import FIELDS
from portal.loften.models import Promise
from portal.loften.staff_views import actor, promise_or_404, staff

LONG = ("summary", "dialog_summary", "follow_text", "followup_method", "followup_result")
UPDATE_FIELDS = {"text": _l("Vad har gjorts"), "reason": _l("Skäl")}


def items(promise: Promise, lang: str) -> list[content_i18n.Item]:
    """Every text of the promise that has Swedish text, grouped by the part it belongs to."""
    promise_fields = {f: FIELDS["promise"][f] for f in promise.translatable_fields}
    found = content_i18n.items_for(
        promise,
        lang,
        promise_fields,
        prefix="lofte",
        group=_("Löftet"),
        multiline=LONG,
        max_lengths={"title": 200},
    )
    for focus in promise.focus_areas:
        found += content_i18n.items_for(
            focus,
            lang,
            FIELDS["focus"],
            prefix=f"fokus{focus.id}",
            group=_("Fokusområde: %(title)s", title=focus.title),
            multiline=("description",),
            max_lengths={"title": 200},
        )
    for commitment in promise.commitments:
        found += content_i18n.items_for(
            commitment,
            lang,
            {
                "title": FIELDS["commitment"]["title"],
                "description": FIELDS["commitment"]["description"],
            },
            prefix=f"atagande{commitment.id}",
            group=_("Åtagande: %(title)s", title=commitment.title),
            multiline=("description",),
            max_lengths={"title": 300},
        )
        for activity in commitment.activities:
            found += content_i18n.items_for(
                activity,
                lang,
                {
                    "title": FIELDS["activity"]["title"],
                    "description": FIELDS["activity"]["description"],
                },
                prefix=f"aktivitet{activity.id}",
                group=_("Aktivitet: %(title)s", title=activity.title),
                multiline=("description",),
                max_lengths={"title": 300},
            )
        for update in commitment.updates:
            found += content_i18n.items_for(
                update,
                lang,
                UPDATE_FIELDS,
                prefix=f"uppdatering{update.id}",
                group=_(
                    "Uppdatering %(date)s: %(title)s",
                    date=update.happened_on.isoformat(),
                    title=commitment.title,
                ),
                multiline=("text", "reason"),
            )
    return found


@staff.route("/<int:promise_id>/oversattningar")
def translations(promise_id: int):
    """How far the promise is translated, per language."""
    promise = promise_or_404(promise_id)
    rows = [
        (
            content_i18n.progress(items(promise, code), code, name),
            url_for(".translate", promise_id=promise.id, lang=code),
            "",
        )
        for code, name in content_i18n.translation_languages().items()
    ]
    return render_template(
        "content_i18n/overview.html",
        heading=_("Översättningar: %(title)s", title=promise.title),
        back_url=url_for(".promise", promise_id=promise.id),
        back_label=_("Tillbaka till löftet"),
        rows=rows,
        intro=_(
            "En översättning ändrar inte löftet och ger ingen ny version. Ändras den svenska "
            "texten visas den svenska texten tills översättningen är uppdaterad."
        ),
    )


@staff.route("/<int:promise_id>/oversattningar/<lang>", methods=["GET", "POST"])
def translate(promise_id: int, lang: str):
    """Every text of the promise in one language."""
    promise = promise_or_404(promise_id)
    languages = content_i18n.translation_languages()
    if lang not in languages:
        abort(404)
    found = items(promise, lang)
    form = content_i18n.form_for(found)
    if form.validate_on_submit():
        changed = content_i18n.save(found, form)
        if changed:
            audit.record(
                actor(),
                "loften.translate",
                promise,
                area=promise.area,
                detail={"lang": lang, "changed": changed},
            )
        db.session.commit()
        flash(_("Översättningen är sparad."), "success")
        return redirect(url_for(".translations", promise_id=promise.id))
    return render_template(
        "content_i18n/edit.html",
        heading=_("%(title)s på %(language)s", title=promise.title, language=languages[lang]),
        back_url=url_for(".translations", promise_id=promise.id),
        back_label=_("Tillbaka till översättningarna"),
        form=form,
        grouped=content_i18n.groups(found),
        lang=lang,
        language_name=languages[lang],
        progress=content_i18n.progress(found, lang, languages[lang]),
        extra_fields=[],
    ), (400 if form.errors else 200)
