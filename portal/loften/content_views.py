"""Staff pages for a promise's fokusområden and signatories.

Routes on the :data:`portal.loften.staff_views.staff` blueprint.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from portal.extensions import db
from portal.loften import services
from portal.loften.forms import ConfirmForm, FocusForm, SignatoryForm
from portal.loften.models import Focus, Promise, Signatory
from portal.loften.staff_views import actor, promise_or_404, staff


@staff.route("/<int:promise_id>/fokus", methods=["GET", "POST"])
def focus_areas(promise_id: int):
    """The promise's fokusområden, and a form to add one."""
    found = promise_or_404(promise_id)
    form = FocusForm()
    if form.validate_on_submit():
        services.add_focus(actor(), found, form.title.data, form.description.data or "")
        db.session.commit()
        flash(_("Fokusområdet är tillagt."), "success")
        return redirect(url_for("loften_staff.focus_areas", promise_id=found.id))
    status = 400 if request.method == "POST" else 200
    return render_template(
        "loften/staff/focus.html", promise=found, form=form, confirm=ConfirmForm()
    ), status


def _focus_or_404(promise: Promise, focus_id: int) -> Focus:
    focus = db.session.get(Focus, focus_id)
    if focus is None or focus.promise_id != promise.id:
        abort(404)
    return focus


@staff.route("/<int:promise_id>/fokus/<int:focus_id>", methods=["GET", "POST"])
def edit_focus(promise_id: int, focus_id: int):
    found = promise_or_404(promise_id)
    focus = _focus_or_404(found, focus_id)
    form = FocusForm(obj=focus) if request.method == "GET" else FocusForm()
    if form.validate_on_submit():
        services.update_focus(actor(), focus, form.title.data, form.description.data or "")
        db.session.commit()
        flash(_("Fokusområdet är sparat."), "success")
        return redirect(url_for("loften_staff.focus_areas", promise_id=found.id))
    status = 400 if request.method == "POST" else 200
    return render_template(
        "loften/staff/form.html",
        promise=found,
        form=form,
        heading=_("Ändra fokusområde"),
        submit=_("Spara"),
        multipart=False,
    ), status


@staff.route("/<int:promise_id>/fokus/<int:focus_id>/ta-bort", methods=["POST"])
def remove_focus(promise_id: int, focus_id: int):
    found = promise_or_404(promise_id)
    focus = _focus_or_404(found, focus_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    services.remove_focus(actor(), focus)
    db.session.commit()
    flash(_("Fokusområdet är borttaget."), "success")
    return redirect(url_for("loften_staff.focus_areas", promise_id=found.id))


@staff.route("/<int:promise_id>/undertecknare", methods=["GET", "POST"])
def signatories(promise_id: int):
    """Who signs the promise, and a form to add someone."""
    found = promise_or_404(promise_id)
    form = SignatoryForm()
    if form.validate_on_submit():
        services.add_signatory(
            actor(), found, form.name.data, form.title.data, form.organisation.data
        )
        db.session.commit()
        flash(_("Undertecknaren är tillagd."), "success")
        return redirect(url_for("loften_staff.signatories", promise_id=found.id))
    status = 400 if request.method == "POST" else 200
    return render_template(
        "loften/staff/signatories.html", promise=found, form=form, confirm=ConfirmForm()
    ), status


@staff.route("/<int:promise_id>/undertecknare/<int:signatory_id>/ta-bort", methods=["POST"])
def remove_signatory(promise_id: int, signatory_id: int):
    found = promise_or_404(promise_id)
    person = db.session.get(Signatory, signatory_id)
    if person is None or person.promise_id != found.id:
        abort(404)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    services.remove_signatory(actor(), person)
    db.session.commit()
    flash(_("Undertecknaren är borttagen."), "success")
    return redirect(url_for("loften_staff.signatories", promise_id=found.id))
