"""Staff pages for "you said, we did": link a place or a walk-protocol point to a commitment,
so the follow page of every report behind it and the place page show the promise.

Routes on the :data:`portal.loften.staff_views.staff` blueprint.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.auth.guard import require
from portal.extensions import db
from portal.loften import commitments, permissions, sources, vocab
from portal.loften.forms import ConfirmForm
from portal.loften.models import Commitment, Link
from portal.loften.services import LoftenError
from portal.loften.staff_views import actor, error_message, locale, staff
from portal.loften.work_forms import LinkForm
from portal.loften.work_views import commitment_or_404


def _link_choices(commitment: Commitment) -> list[tuple[str, str]]:
    promise = commitment.promise
    lang = locale()
    choices = [("", _("Välj"))]
    for place in sources.public_places(
        [int(s.ref) for s in promise.sources if s.kind == vocab.SOURCE_PLACE and s.ref.isdigit()],
        lang,
    ):
        choices.append(
            (
                f"{vocab.PLACE}:{place.id}",
                _(
                    "Plats %(id)s: %(label)s, %(area)s",
                    id=place.id,
                    label=place.label,
                    area=place.area_name,
                ),
            )
        )
    for point in sources.walk_point_choices(promise.area, lang):
        choices.append(
            (
                f"{vocab.WALK_POINT}:{point.id}",
                _(
                    "Punkt %(n)s i %(walk)s: %(label)s",
                    n=point.number,
                    walk=point.walk_title,
                    label=point.label,
                ),
            )
        )
    return choices


@staff.route("/atagande/<int:commitment_id>/koppling", methods=["GET", "POST"])
def link(commitment_id: int):
    """Link a place or a walk-protocol point: its reports' follow pages then show the promise."""
    found = commitment_or_404(commitment_id)
    promise = found.promise
    form = LinkForm()
    form.target.choices = _link_choices(found)
    form.activity.choices = [("", _("Hela åtagandet"))] + [
        (str(a.id), a.title) for a in found.activities
    ]
    if form.validate_on_submit():
        if form.place_id.data is not None:
            kind, target_id = vocab.PLACE, form.place_id.data
        else:
            kind, _sep, raw = form.target.data.partition(":")
            target_id = int(raw) if raw.isdigit() else 0
        lang = locale()
        if kind == vocab.PLACE:
            info = (
                sources.place(target_id, lang)
                if sources.place_in_areas(target_id, promise.area)
                else None
            )
            label = f"{info.label}, {info.area_name}" if info else None
        else:
            point = (
                sources.walk_point(target_id, lang)
                if sources.walk_point_in_areas(target_id, promise.area)
                else None
            )
            label = f"{point.walk_title}: {point.number}. {point.label}" if point else None
        if label is None:
            form.place_id.errors = [
                *form.place_id.errors,
                _("Det finns ingen sådan plats eller punkt i löftets område."),
            ]
        else:
            activity_id = int(form.activity.data) if (form.activity.data or "").isdigit() else None
            try:
                commitments.add_link(actor(), found, kind, target_id, label, activity_id)
            except LoftenError as error:
                form.place_id.errors = [*form.place_id.errors, error_message(error)]
            else:
                db.session.commit()
                flash(_("Kopplingen är sparad. Rapporterna bakom visar nu löftet."), "success")
                return redirect(url_for("loften_staff.commitment", commitment_id=found.id))
    return render_template(
        "loften/staff/form.html",
        promise=promise,
        form=form,
        heading=_("Koppla en plats eller protokollpunkt till ”%(title)s”", title=found.title),
        intro=_(
            "Den som har rapporterat platsen ser på sin uppföljningssida att rapporten ledde till löftet."
        ),
        submit=_("Koppla"),
        multipart=False,
        back=url_for("loften_staff.commitment", commitment_id=found.id),
    ), 400 if request.method == "POST" else 200


@staff.route("/koppling/<int:link_id>/ta-bort", methods=["POST"])
def remove_link(link_id: int):
    found: Link = db.session.get(Link, link_id) or abort(404)
    require(permissions.can_manage(current_user, found.commitment.promise))
    commitment_id = found.commitment_id
    if not ConfirmForm().validate_on_submit():
        abort(400)
    commitments.remove_link(actor(), found)
    db.session.commit()
    flash(_("Kopplingen är borttagen."), "success")
    return redirect(url_for("loften_staff.commitment", commitment_id=commitment_id))
