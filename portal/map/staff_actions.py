"""Staff writes on one place: each a POST form on the place page, each audited."""

from __future__ import annotations

from flask import abort, flash, request
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from portal.auth.permissions import has_role
from portal.extensions import db
from portal.map import categories as category_services
from portal.map import handling, permissions, queries
from portal.map.forms import parse_coordinate
from portal.map.models import Category, Place
from portal.map.staff_forms import (
    EditPlaceForm,
    HandlingForm,
    MergeForm,
    PhotoForm,
    PositionForm,
    PublishForm,
    ReviewForm,
    SplitForm,
    StatusForm,
)
from portal.map.staff_views import (
    acting_user,
    back_to_place,
    error_message,
    observation_or_404,
    place_or_404,
    render_place,
    staff,
    status_choices,
)
from portal.map.views import current_storage


@staff.route("/rapport/<int:observation_id>/granska", methods=["POST"])
def review(observation_id: int):
    """Mark a report reviewed, with its public (masked) text."""
    observation = observation_or_404(observation_id)
    form = ReviewForm(prefix=f"obs{observation.id}")
    if not form.validate_on_submit():
        return render_place(observation.place, 400, **{f"review{observation.id}": form})
    found = handling.review_observation(acting_user(), observation, form.public_text.data)
    db.session.commit()
    flash(_("Rapporten är granskad."), "success")
    if found:
        flash(_("Personuppgifter i texten maskerades."), "info")
    return back_to_place(observation.place)


@staff.route("/rapport/<int:observation_id>/bild", methods=["POST"])
def photo_decision(observation_id: int):
    """Approve or refuse a report's photo (refused photos are deleted)."""
    observation = observation_or_404(observation_id)
    form = PhotoForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        handling.set_photo_state(
            acting_user(), observation, form.decision.data == "approve", current_storage()
        )
    except handling.HandlingError as error:
        flash(error_message(error), "error")
        return back_to_place(observation.place)
    db.session.commit()
    flash(_("Beslutet om bilden är sparat."), "success")
    return back_to_place(observation.place)


@staff.route("/rapport/<int:observation_id>/dela", methods=["POST"])
def split(observation_id: int):
    """Split a report off to a new place of its own."""
    observation = observation_or_404(observation_id)
    if not SplitForm().validate_on_submit():
        abort(400)
    try:
        new_place = handling.split(acting_user(), observation)
    except handling.HandlingError as error:
        flash(error_message(error), "error")
        return back_to_place(observation.place)
    db.session.commit()
    flash(_("Rapporten är nu en egen plats."), "success")
    return back_to_place(new_place)


@staff.route("/<int:place_id>/text", methods=["POST"])
def edit(place_id: int):
    """Public description (masked) and category."""
    found = place_or_404(place_id)
    form = EditPlaceForm()
    form.category.choices = [
        SelectChoice(str(c.id), c.name_sv) for c in category_services.all_categories()
    ]
    if not form.validate_on_submit():
        return render_place(found, 400, edit=form)
    category = queries.by_id(Category, int(form.category.data))
    masked = handling.edit_place(
        acting_user(), found, public_description=form.public_description.data, category=category
    )
    db.session.commit()
    flash(_("Beskrivningen är sparad."), "success")
    if masked:
        flash(_("Personuppgifter i texten maskerades."), "info")
    return back_to_place(found)


@staff.route("/<int:place_id>/status", methods=["POST"])
def status(place_id: int):
    """Change the status, with a public note (and a public reason for "ingen åtgärd")."""
    found = place_or_404(place_id)
    form = StatusForm()
    form.status.choices = status_choices(found)
    if form.validate_on_submit():
        try:
            handling.change_status(
                acting_user(), found, form.status.data, note=form.note.data, reason=form.reason.data
            )
        except handling.HandlingError as error:
            target = form.reason if error.code == "reason_required" else form.status
            target.errors = [*target.errors, error_message(error)]
        else:
            db.session.commit()
            flash(_("Statusen är sparad."), "success")
            return back_to_place(found)
    return render_place(found, 400, status_form=form)


@staff.route("/<int:place_id>/ansvar", methods=["POST"])
def responsibility(place_id: int):
    """Responsible organisation and deadline."""
    found = place_or_404(place_id)
    form = HandlingForm()
    if not form.validate_on_submit():
        return render_place(found, 400, handling_form=form)
    handling.set_handling(
        acting_user(), found, responsible=form.responsible.data, deadline=form.deadline.data
    )
    db.session.commit()
    flash(_("Ansvar och tidsplan är sparade."), "success")
    return back_to_place(found)


@staff.route("/<int:place_id>/publicera", methods=["POST"])
def publish(place_id: int):
    """Publish or unpublish the place."""
    found = place_or_404(place_id)
    if not PublishForm().validate_on_submit():
        abort(400)
    wanted = request.form.get("publicera") == "ja"
    try:
        handling.set_published(acting_user(), found, wanted)
    except handling.HandlingError as error:
        flash(error_message(error), "error")
        return back_to_place(found)
    db.session.commit()
    flash(_("Platsen är publicerad.") if wanted else _("Platsen visas inte längre."), "success")
    return back_to_place(found)


@staff.route("/<int:place_id>/position", methods=["POST"])
def position(place_id: int):
    """Place the place on the map (or by typing latitude and longitude)."""
    found = place_or_404(place_id)
    form = PositionForm()
    if form.validate_on_submit():
        try:
            lat = parse_coordinate(form.lat.data, -90, 90)
        except ValueError:
            form.lat.errors = [
                _("Skriv latitud som ett tal mellan -90 och 90, till exempel 60.6749.")
            ]
        try:
            lon = parse_coordinate(form.lon.data, -180, 180)
        except ValueError:
            form.lon.errors = [
                _("Skriv longitud som ett tal mellan -180 och 180, till exempel 17.1413.")
            ]
        if not form.lat.errors and not form.lon.errors:
            try:
                handling.position(
                    acting_user(),
                    found,
                    lon,
                    lat,
                    may_use_area=lambda a: has_role(current_user, permissions.PLACE_HANDLERS, a),
                )
            except handling.HandlingError as error:
                form.lat.errors = [error_message(error)]
            else:
                db.session.commit()
                flash(_("Platsen är placerad."), "success")
                return back_to_place(found)
    return render_place(found, 400, position_form=form)


@staff.route("/<int:place_id>/sla-ihop", methods=["POST"])
def merge(place_id: int):
    """Merge this place into another one (its reports move there)."""
    found = place_or_404(place_id)
    form = MergeForm()
    if form.validate_on_submit():
        target = queries.by_id(Place, form.target.data)
        if target is None or not permissions.can_handle_place(current_user, target):
            form.target.errors = [_("Det finns ingen plats med det numret som du hanterar.")]
        else:
            try:
                handling.merge(acting_user(), found, target)
            except handling.HandlingError as error:
                form.target.errors = [error_message(error)]
            else:
                db.session.commit()
                flash(_("Platserna är sammanslagna."), "success")
                return back_to_place(target)
    return render_place(found, 400, merge_form=form)
