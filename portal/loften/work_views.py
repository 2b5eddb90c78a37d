"""Staff pages for commitments, activities, progress updates and "you said, we did" links.

Routes on the :data:`portal.loften.staff_views.staff` blueprint. Coordinators of the promise's
area do everything here; a partner only posts updates on its own organisation's commitments.
"""

from __future__ import annotations

from decimal import Decimal

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.auth.guard import require
from portal.extensions import db
from portal.i18n import number
from portal.loften import commitments, permissions, present, services, sources, vocab
from portal.loften.forms import ConfirmForm
from portal.loften.models import Activity, Commitment, Promise
from portal.loften.services import LoftenError
from portal.loften.staff_views import actor, error_message, locale, promise_or_404, staff
from portal.loften.work_forms import ActivityForm, CommitmentForm, UpdateForm
from portal.map.views import storage_message
from portal.privacy.photos import PhotoRejected
from portal.storage import StorageUnavailable


def _number(value: Decimal | None) -> float | None:
    return float(value) if value is not None else None


def _decimal(value: float | None) -> Decimal | None:
    """For a number field: ``200`` rather than ``200.0``."""
    if value is None:
        return None
    return Decimal(int(value)) if value == int(value) else Decimal(str(value))


def commitment_or_404(commitment_id: int, *, manage: bool = True) -> Commitment:
    commitment = db.session.get(Commitment, commitment_id) or abort(404)
    if manage:
        require(permissions.can_manage(current_user, commitment.promise))
    else:
        require(permissions.can_post_update(current_user, commitment))
    return commitment


def _focus_choices(promise: Promise) -> list[tuple[str, str]]:
    return [("", _("Inget"))] + [(str(f.id), f.title) for f in promise.focus_areas]


def _commitment_input(form: CommitmentForm) -> commitments.CommitmentInput:
    return commitments.CommitmentInput(
        title=form.title.data,
        description=form.description.data or "",
        party=form.party.data,
        organisation=form.organisation.data,
        target_value=_number(form.target_value.data),
        target_unit=form.target_unit.data,
        due_on=form.due_on.data,
        focus_id=int(form.focus.data) if (form.focus.data or "").isdigit() else None,
    )


def _commitment_page(
    promise: Promise, form: CommitmentForm, commitment: Commitment | None, status: int
):
    return render_template(
        "loften/staff/commitment.html",
        promise=promise,
        commitment=commitment,
        form=form,
        partners=sources.partner_organisations(promise.area),
        confirm=ConfirmForm(),
        link_labels=present.link_labels(commitment, locale()) if commitment else {},
    ), status


@staff.route("/<int:promise_id>/atagande/nytt", methods=["GET", "POST"])
def new_commitment(promise_id: int):
    """Add a commitment: what, who is responsible, the target and when."""
    promise = promise_or_404(promise_id)
    form = CommitmentForm()
    form.focus.choices = _focus_choices(promise)
    if form.validate_on_submit():
        try:
            commitment = commitments.add_commitment(actor(), promise, _commitment_input(form))
        except LoftenError as error:
            form.title.errors = [*form.title.errors, error_message(error)]
        else:
            db.session.commit()
            flash(_("Åtagandet är tillagt."), "success")
            return redirect(url_for("loften_staff.commitment", commitment_id=commitment.id))
    return _commitment_page(promise, form, None, 400 if request.method == "POST" else 200)


@staff.route("/atagande/<int:commitment_id>", methods=["GET", "POST"])
def commitment(commitment_id: int):
    """Change a commitment; its activities and links are listed below."""
    found = commitment_or_404(commitment_id)
    promise = found.promise
    if request.method == "GET":
        form = CommitmentForm(obj=found)
        form.focus.data = str(found.focus_id or "")
        form.target_value.data = _decimal(found.target_value)
    else:
        form = CommitmentForm()
    form.focus.choices = _focus_choices(promise)
    if form.validate_on_submit():
        try:
            version = commitments.update_commitment(actor(), found, _commitment_input(form))
        except LoftenError as error:
            form.title.errors = [*form.title.errors, error_message(error)]
        else:
            db.session.commit()
            flash(
                _("Åtagandet är sparat.")
                + (" " + _("Ändringen syns i versionshistoriken.") if version else ""),
                "success",
            )
            return redirect(url_for("loften_staff.commitment", commitment_id=found.id))
    return _commitment_page(promise, form, found, 400 if request.method == "POST" else 200)


@staff.route("/atagande/<int:commitment_id>/ta-bort", methods=["POST"])
def remove_commitment(commitment_id: int):
    found = commitment_or_404(commitment_id)
    promise_id = found.promise_id
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        commitments.remove_commitment(actor(), found)
    except LoftenError as error:
        flash(error_message(error), "error")
        return redirect(url_for("loften_staff.commitment", commitment_id=found.id))
    db.session.commit()
    flash(_("Åtagandet är borttaget."), "success")
    return redirect(url_for("loften_staff.promise", promise_id=promise_id))


# --- activities --------------------------------------------------------------------------------


@staff.route("/atagande/<int:commitment_id>/aktivitet/ny", methods=["GET", "POST"])
def new_activity(commitment_id: int):
    found = commitment_or_404(commitment_id)
    form = ActivityForm()
    if form.validate_on_submit():
        commitments.add_activity(
            actor(), found, form.title.data, form.description.data or "", form.due_on.data
        )
        db.session.commit()
        flash(_("Aktiviteten är tillagd."), "success")
        return redirect(url_for("loften_staff.commitment", commitment_id=found.id))
    return render_template(
        "loften/staff/form.html",
        promise=found.promise,
        form=form,
        heading=_("Ny aktivitet under ”%(title)s”", title=found.title),
        submit=_("Lägg till"),
        multipart=False,
        back=url_for("loften_staff.commitment", commitment_id=found.id),
    ), 400 if request.method == "POST" else 200


def activity_or_404(activity_id: int) -> Activity:
    activity = db.session.get(Activity, activity_id) or abort(404)
    require(permissions.can_manage(current_user, activity.commitment.promise))
    return activity


@staff.route("/aktivitet/<int:activity_id>", methods=["GET", "POST"])
def activity(activity_id: int):
    found = activity_or_404(activity_id)
    form = ActivityForm(obj=found) if request.method == "GET" else ActivityForm()
    if form.validate_on_submit():
        commitments.update_activity(
            actor(), found, form.title.data, form.description.data or "", form.due_on.data
        )
        db.session.commit()
        flash(_("Aktiviteten är sparad."), "success")
        return redirect(url_for("loften_staff.commitment", commitment_id=found.commitment_id))
    return render_template(
        "loften/staff/form.html",
        promise=found.commitment.promise,
        form=form,
        heading=_("Ändra aktivitet"),
        submit=_("Spara"),
        multipart=False,
        back=url_for("loften_staff.commitment", commitment_id=found.commitment_id),
    ), 400 if request.method == "POST" else 200


@staff.route("/aktivitet/<int:activity_id>/ta-bort", methods=["POST"])
def remove_activity(activity_id: int):
    found = activity_or_404(activity_id)
    commitment_id = found.commitment_id
    if not ConfirmForm().validate_on_submit():
        abort(400)
    commitments.remove_activity(actor(), found)
    db.session.commit()
    flash(_("Aktiviteten är borttagen."), "success")
    return redirect(url_for("loften_staff.commitment", commitment_id=commitment_id))


# --- progress updates --------------------------------------------------------------------------


def _photo_message(error: PhotoRejected) -> str:
    limit = current_app.config["PHOTO_MAX_BYTES"] / (1024 * 1024)
    formats = _("Ladda upp en bild i formatet JPEG, PNG, WebP eller HEIC.")
    messages = {
        "too_large": _("Bilden är för stor. Den får vara högst %(mb)s MB.", mb=number(limit, 1)),
        "not_an_image": _("Filen är ingen bild som vi kan läsa.") + " " + formats,
        "unsupported_format": _("Bildformatet stöds inte.") + " " + formats,
        "corrupt": _(
            "Bilden verkar vara skadad eller ofullständig. Försök att ladda upp den igen."
        ),
    }
    return messages.get(error.code, _("Bilden kunde inte tas emot.") + " " + formats)


def _read_photo(form: UpdateForm) -> bytes | None:
    upload = form.photo.data
    if upload is None or not getattr(upload, "filename", ""):
        return None
    return upload.read(current_app.config["PHOTO_MAX_BYTES"] + 1)


def _organisation(user) -> str:
    return (getattr(user, "organisation", None) or "").strip() or current_app.config[
        "ORGANISATION_NAME"
    ]


@staff.route("/atagande/<int:commitment_id>/uppdatering", methods=["GET", "POST"])
def post_update(commitment_id: int):
    """Report progress on a commitment (coordinators; a partner on its own commitments)."""
    found = commitment_or_404(commitment_id, manage=False)
    form = UpdateForm()
    form.activity.choices = [("", _("Hela åtagandet"))] + [
        (str(a.id), a.title) for a in found.activities
    ]
    if request.method == "GET":
        form.status.data = found.status
        form.happened_on.data = services.today()
        form.progress_value.data = _decimal(found.progress_value)
    published = found.promise.state == vocab.PUBLICERAT
    status, headers = (400 if request.method == "POST" else 200), {}
    if published and form.validate_on_submit():
        stored = None
        data = _read_photo(form)
        if data is not None and not form.photo_alt.data:
            form.photo_alt.errors = [*form.photo_alt.errors, _("Beskriv vad bilden visar.")]
        else:
            try:
                if data is not None:
                    stored = commitments.store_photo(
                        current_app.extensions["storage"],
                        data,
                        max_bytes=current_app.config["PHOTO_MAX_BYTES"],
                        max_pixels=current_app.config["PHOTO_MAX_PIXELS"],
                    )
            except PhotoRejected as error:
                form.photo.errors = [*form.photo.errors, _photo_message(error)]
            except StorageUnavailable:  # full disk, read-only folder: nothing was stored
                current_app.logger.exception("photo storage unavailable on %s", request.path)
                form.photo.errors = [*form.photo.errors, storage_message()]
                status = 503
                headers = {"Retry-After": str(current_app.config.get("RETRY_AFTER_SECONDS", 30))}
            else:
                try:
                    commitments.post_update(
                        actor(),
                        found,
                        commitments.UpdateInput(
                            happened_on=form.happened_on.data,
                            text=form.text.data,
                            status=form.status.data,
                            reason=form.reason.data,
                            progress_value=_number(form.progress_value.data),
                            activity_id=int(form.activity.data)
                            if (form.activity.data or "").isdigit()
                            else None,
                            photo=stored,
                            photo_alt=form.photo_alt.data,
                        ),
                        _organisation(actor()),
                    )
                    db.session.commit()
                except LoftenError as error:
                    form.text.errors = [*form.text.errors, error_message(error)]
                except BaseException:
                    commitments.discard_photo(current_app.extensions["storage"], stored)
                    raise
                else:
                    flash(_("Uppdateringen är publicerad."), "success")
                    if permissions.can_manage(current_user, found.promise):
                        return redirect(
                            url_for("loften_staff.promise", promise_id=found.promise_id)
                        )
                    return redirect(url_for("loften_staff.index"))
                commitments.discard_photo(current_app.extensions["storage"], stored)
    return (
        render_template(
            "loften/staff/update.html",
            commitment=found,
            promise=found.promise,
            form=form,
            published=published,
            progress=present.commitment_progress(found),
            target_text=present.number(found.target_value),
        ),
        status,
        headers,
    )
