"""Resident reporting: the report form, "is it this one?", the receipt and the follow pages."""

from __future__ import annotations

import secrets

from flask import current_app, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup
from wtforms.fields.choices import SelectChoice

from portal import content_i18n
from portal.areas import services as area_services
from portal.auth.models import ROLES
from portal.auth.permissions import has_role
from portal.database import commit_retrying
from portal.extensions import limiter
from portal.geo.coords import bbox_to_leaflet_bounds
from portal.geo.pagemap import page_map
from portal.map import categories as category_services
from portal.map import queries, reports, vocab
from portal.map.forms import FollowForm, ReportForm
from portal.map.models import Category, Place
from portal.map.views import (
    bp,
    current_locale,
    current_place,
    current_storage,
    home_bbox,
    photo_message,
    storage_message,
)
from portal.privacy.photos import PhotoRejected
from portal.storage import StorageUnavailable

# --- reporting ----------------------------------------------------------------------------


def _category_label(category: Category, locale: str) -> Markup:
    return Markup(
        '<span class="cat-glyph" aria-hidden="true" style="--cat: {}">{}</span> {}'
    ).format(category.colour, category.glyph, category.tr("name", locale).marked)


def _prepare(form: ReportForm, categories: list[Category]) -> None:
    locale = current_locale()
    form.category.choices = [
        SelectChoice(str(c.id), _category_label(c, locale)) for c in categories
    ]
    form.area.choices = [SelectChoice("", _("Välj område"))] + [
        SelectChoice(a.slug, ("— " * depth) + a.name)
        for a, depth in area_services.tree()
        if a.point_lon is not None
    ]


def _candidates(form: ReportForm, category: Category | None) -> list[tuple[Place, float]]:
    point = form.position()
    if point is None or category is None:
        return []
    radius = current_app.config["PLACE_MERGE_RADIUS_M"]
    return reports.nearby_places(point[0], point[1], radius, category=category)


def _read_photo(form: ReportForm) -> bytes | None:
    upload = form.photo.data
    if upload is None or not getattr(upload, "filename", ""):
        return None
    try:
        return upload.stream.read(current_app.config["PHOTO_MAX_BYTES"] + 1)
    finally:
        upload.close()


@bp.route("/platser/rapportera", methods=["GET", "POST"])
@limiter.limit(
    lambda: current_app.config["REPORT_RATE_LIMIT"], methods=["POST"], scope="place-report"
)
def report():
    """Report a place: on the map, or by choosing an area and describing it in words."""
    categories = category_services.all_categories(active_only=True)
    form = ReportForm()
    _prepare(form, categories)
    if request.method == "GET":
        form.client_key.data = secrets.token_hex(16)
        wanted = category_services.by_slug(request.args.get("kategori", ""))
        if wanted is not None and wanted.active:
            form.category.data = str(wanted.id)
    candidates: list[tuple[Place, float]] = []
    status = 200
    if form.is_submitted():
        if form.website.data:  # honeypot: looks like success, stores nothing
            return render_template("map/thanks_nothing.html")
        done = reports.find_by_client_key(form.client_key.data)
        if done is not None:  # a double submit: show the first receipt
            return redirect(url_for("map.receipt", code=done.follow_code))
        if form.validate():
            response = _store_report(form, categories)
            if response is not None:
                return response
            candidates = _candidates(form, _chosen(form, categories))
        else:
            candidates = _candidates_safely(form, categories)
        status = 400 if form.errors else 200
    bbox = home_bbox()
    headers = {}
    if getattr(form, "storage_unavailable", False):  # the installation's fault: try again later
        status, headers = (
            503,
            {"Retry-After": str(current_app.config.get("RETRY_AFTER_SECONDS", 30))},
        )
    return (
        render_template(
            "map/report.html",
            form=form,
            candidates=candidates,
            categories_untranslated=content_i18n.needs_note(categories),
            report_map=page_map(_("Karta för att markera platsen"), bbox=bbox),
            bounds=bbox_to_leaflet_bounds(bbox) if bbox else None,
            locale=current_locale(),
        ),
        status,
        headers,
    )


def _chosen(form: ReportForm, categories: list[Category]) -> Category | None:
    return next((c for c in categories if str(c.id) == form.category.data), None)


def _candidates_safely(form: ReportForm, categories: list[Category]):
    try:
        return _candidates(form, _chosen(form, categories))
    except ValueError:
        return []


def _source() -> dict:
    """Signed-in staff report for their organisation (source "staff", named reporter); everyone
    else is an anonymous resident."""
    if current_user.is_authenticated and has_role(current_user, ROLES):
        return {"source": vocab.STAFF, "reporter": current_user}
    return {"source": vocab.RESIDENT}


def _store_report(form: ReportForm, categories: list[Category]):
    """Store the report and redirect to the receipt; None to show the form again."""
    category = _chosen(form, categories)
    if category is None:
        form.category.errors = [_("Välj vad det gäller.")]
        return None
    candidates = _candidates(form, category)
    attach_to = None
    if candidates:
        choices = {str(p.id): p for p, _d in candidates}
        if form.attach_to.data not in (*choices, "ny"):
            form.attach_to.errors = [_("Välj om det är samma plats som en av dem som redan finns.")]
            return None
        attach_to = choices.get(form.attach_to.data)
    photo = None
    data = _read_photo(form)
    if data is not None:
        try:
            photo = reports.store_photo(
                current_storage(),
                data,
                max_bytes=current_app.config["PHOTO_MAX_BYTES"],
                max_pixels=current_app.config["PHOTO_MAX_PIXELS"],
            )
        except PhotoRejected as error:
            form.photo.errors = [photo_message(error)]
            return None
        except StorageUnavailable:
            current_app.logger.exception("photo storage unavailable on %s", request.path)
            form.photo.errors = [storage_message()]
            form.storage_unavailable = True
            return None
    point = form.position()

    def store():
        return reports.create_report(
            category=category,
            description=form.description.data,
            time_of_day=form.time_of_day.data,
            day_kind=form.day_kind.data,
            lon=point[0] if point else None,
            lat=point[1] if point else None,
            area=None if point else area_services.get_by_slug(form.area.data or ""),
            location_text=form.location_text.data,
            photo=photo,
            attach_to=attach_to,
            radius_m=current_app.config["PLACE_MERGE_RADIUS_M"],
            client_key=form.client_key.data or None,
            **_source(),
        )

    try:
        observation = commit_retrying(store)
    except reports.ReportError as error:
        reports.discard_photo(current_storage(), photo)
        if error.code == "outside":
            form.lat.errors = [
                _(
                    "Platsen du markerade ligger utanför de områden portalen gäller. Markera en "
                    "plats inom kommunen, eller välj ett område i listan."
                )
            ]
        elif error.code == "not_nearby":
            form.attach_to.errors = [_("Den platsen ligger inte nära. Välj igen.")]
        else:
            form.area.errors = [_("Markera platsen på kartan eller välj ett område.")]
        return None
    except BaseException:
        reports.discard_photo(current_storage(), photo)  # nothing refers to it: no orphan file
        raise
    if observation.photo_key != (photo.photo_key if photo else None):
        reports.discard_photo(current_storage(), photo)  # a concurrent duplicate won
    return redirect(url_for("map.receipt", code=observation.follow_code))


@bp.route("/platser/rapportera/nara")
def nearby():
    """HTML fragment for the report page's script: "Is it one of these?" (or nothing)."""
    try:
        lon = float(request.args.get("lon", ""))
        lat = float(request.args.get("lat", ""))
        category_id = int(request.args.get("category", ""))
    except ValueError:
        return "", 400
    category = queries.by_id(Category, category_id)
    if category is None or not (-180 <= lon <= 180 and -90 <= lat <= 90):
        return "", 400
    radius = current_app.config["PLACE_MERGE_RADIUS_M"]
    candidates = reports.nearby_places(lon, lat, radius, category=category)
    if not candidates:
        return "", 204
    return render_template(
        "map/_nearby.html", candidates=candidates, selected=None, errors=[], locale=current_locale()
    )


@bp.route("/platser/kvitto/<code>")
def receipt(code: str):
    """After sending: the follow code, and the emergency numbers when the text needs them."""
    observation = reports.find_by_code(code)
    if observation is None:
        return _unknown_code(code)
    return render_template("map/receipt.html", observation=observation)


# --- following ----------------------------------------------------------------------------


def _unknown_code(code: str):
    form = FollowForm(formdata=None, code=code[:40])
    return render_template("map/follow_missing.html", form=form), 404


@bp.route("/folj")
def follow_lookup():
    """Type a follow code."""
    form = FollowForm(request.args)
    if request.args and form.validate():
        return redirect(url_for("map.follow", code=reports.normalise_code(form.code.data)))
    status = 400 if request.args else 200
    return render_template("map/follow_lookup.html", form=form), status


@bp.route("/folj/<code>")
def follow(code: str):
    """A report's status and every public update, by its anonymous code."""
    observation = reports.find_by_code(code)
    if observation is None:
        return _unknown_code(code)
    place = current_place(observation.place)
    return render_template(
        "map/follow.html",
        observation=observation,
        place=place,
        masked=reports.mask_for_owner(observation),
        locale=current_locale(),
    )
