"""Staff pages for places (under /hantera/platser): queue, handling, staff map, categories."""

from __future__ import annotations

import json

from flask import Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from portal.auth.guard import require, staff_blueprint
from portal.auth.permissions import granted_areas
from portal.geo.coords import to_leaflet
from portal.geo.mapbuilder import point_marker
from portal.geo.pagemap import page_map
from portal.map import categories as category_services
from portal.map import handling, permissions, queries, reports, vocab
from portal.map.geojson import (
    BadParameter,
    grid_collection,
    parse_bbox,
    parse_filters,
    parse_grid,
    place_collection,
)
from portal.map.models import Observation, Place
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
from portal.map.views import (
    current_locale,
    filter_context,
    home_bbox,
    photo_response,
    vocabulary,
)
from portal.privacy.masking import mask_personal_data

staff = staff_blueprint("map_staff", __name__, "/platser", template_folder="templates")

NEARBY_FOR_MERGE_M = 150

staff.context_processor(vocabulary)


@staff.context_processor
def _staff_context() -> dict:
    return {"can_configure_categories": permissions.can_configure_categories(current_user)}


def acting_user():
    return current_user._get_current_object()


def handled_areas():
    return granted_areas(current_user, permissions.PLACE_HANDLERS)


@staff.before_request
def _only_handlers():
    """Every page here is for place handlers (per-object checks follow in the views)."""
    require(permissions.can_handle_places(current_user))


def place_or_404(place_id: int) -> Place:
    place = queries.by_id(Place, place_id) or abort(404)
    require(permissions.can_handle_place(current_user, place))
    return place


def observation_or_404(observation_id: int) -> Observation:
    observation = queries.by_id(Observation, observation_id) or abort(404)
    require(permissions.can_handle_place(current_user, observation.place))
    return observation


ERRORS = {
    "transition": lambda: _("Den statusändringen är inte möjlig från nuvarande status."),
    "reason_required": lambda: _("Skriv ett offentligt skäl till att ingen åtgärd görs."),
    "nothing": lambda: _("Ingenting ändrades. Välj en ny status eller skriv en kommentar."),
    "bad_status": lambda: _("Okänd status."),
    "no_photo": lambda: _("Rapporten har ingen bild."),
    "merged": lambda: _("Platsen har slagits ihop med en annan plats."),
    "rejected": lambda: _("En avvisad plats kan inte publiceras."),
    "no_description": lambda: _("Skriv en offentlig beskrivning innan platsen publiceras."),
    "needs_positioning": lambda: _("Placera platsen på kartan innan den publiceras."),
    "outside": lambda: _("Punkten ligger utanför alla områden."),
    "area_not_allowed": lambda: _("Du hanterar inte det område som punkten ligger i."),
    "same_place": lambda: _("Välj en annan plats att slå ihop med."),
    "last_observation": lambda: _("Platsens enda rapport kan inte delas av."),
}


def error_message(error: handling.HandlingError) -> str:
    return ERRORS.get(error.code, lambda: _("Ändringen kunde inte göras."))()


# --- queue and lists ----------------------------------------------------------------------


@staff.route("/")
def queue():
    """Reports waiting for review in my areas, oldest first."""
    kind = request.args.get("visa", "alla")
    if kind not in queries.QUEUE_FILTERS:
        kind = "alla"
    page = queries.queue(
        handled_areas(), kind, request.args.get("page"), current_app.config["PAGE_SIZE"]
    )
    return render_template("map/staff/queue.html", page=page, kind=kind, locale=current_locale())


@staff.route("/lista")
def places():
    """Every place in my areas (published or not), with filters."""
    context = filter_context()
    published = {"ja": True, "nej": False}.get(request.args.get("publicerad", ""))
    page = queries.place_list(
        context["filters"],
        request.args.get("page"),
        current_app.config["PAGE_SIZE"],
        staff_areas=handled_areas(),
        published=published,
        needs_positioning=True if request.args.get("placera") == "ja" else None,
    )
    return render_template(
        "map/staff/places.html", page=page, published=request.args.get("publicerad", ""), **context
    )


@staff.route("/karta")
def staff_map():
    """All places in my areas (unpublished too), and a grid of reports by category and time."""
    context = filter_context()
    table = queries.category_time_table(context["filters"], handled_areas())
    places_map = page_map(_("Karta över platser (personal)"), cluster=True, bbox=home_bbox())
    return render_template("map/staff/map.html", places_map=places_map, table=table, **context)


def _json(data: dict, status: int = 200) -> Response:
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    response = Response(body, status=status, mimetype="application/geo+json")
    response.headers["Cache-Control"] = "private, no-store"
    return response


def _bad(error: BadParameter) -> Response:
    return _json({"error": {"code": 400, "parameter": error.name, "message": error.message}}, 400)


@staff.route("/platser.geojson")
def places_geojson():
    """Places in a bounding box for the staff map (unpublished included)."""
    try:
        bbox = parse_bbox(request.args.get("bbox"))
        filters = parse_filters(
            request.args,
            category_ids_by_slug=queries.category_ids_by_slug(),
            area_ids_for_slug=queries.area_ids_for_slug,
        )
        columns = parse_grid(request.args.get("grid"), queries.GRID_COLUMNS)
    except BadParameter as error:
        return _bad(error)
    result = queries.places_in_bbox(
        bbox,
        filters,
        cap=current_app.config["PLACES_API_MAX_FEATURES"],
        staff_areas=handled_areas(),
        columns=columns,
    )
    template = url_for("map_staff.place", place_id=987654321).replace("987654321", "{id}")
    return _json(
        place_collection(
            result,
            queries.categories_by_id(),
            locale=current_locale(),
            status_labels={k: str(v) for k, v in vocab.STATUS_LABELS.items()},
            url_template=template,
            staff=True,
        )
    )


@staff.route("/rutnat.geojson")
def grid_geojson():
    """Reports per grid cell in a bounding box (the heat view), filtered by category and time."""
    try:
        bbox = parse_bbox(request.args.get("bbox"))
        filters = parse_filters(
            request.args,
            category_ids_by_slug=queries.category_ids_by_slug(),
            area_ids_for_slug=queries.area_ids_for_slug,
        )
    except BadParameter as error:
        return _bad(error)
    cells, step = queries.observation_grid(bbox, filters, handled_areas())
    return _json(grid_collection(cells, bbox, step))


# --- one place ----------------------------------------------------------------------------


def status_choices(place: Place) -> list[tuple[str, str]]:
    allowed = (place.status, *vocab.TRANSITIONS[place.status])
    return [SelectChoice(s, str(vocab.STATUS_LABELS[s])) for s in vocab.STATUSES if s in allowed]


def render_place(place: Place, status: int = 200, **forms):
    locale = current_locale()
    edit = forms.get("edit") or EditPlaceForm(
        formdata=None,
        public_description=place.public_description,
        category=str(place.category_id),
    )
    edit.category.choices = [
        SelectChoice(str(c.id), c.name(locale)) for c in category_services.all_categories()
    ]
    status_form = forms.get("status_form") or StatusForm(
        formdata=None, status=place.status, reason=place.status_reason
    )
    status_form.status.choices = status_choices(place)
    handling_form = forms.get("handling_form") or HandlingForm(
        formdata=None, responsible=place.responsible, deadline=place.deadline
    )
    position_form = forms.get("position_form") or PositionForm(
        formdata=None, lat=f"{place.lat:.6f}", lon=f"{place.lon:.6f}"
    )
    merge_form = forms.get("merge_form") or MergeForm(formdata=None)
    review_forms = {}
    for observation in place.observations:
        key = f"review{observation.id}"
        review_forms[observation.id] = forms.get(key) or ReviewForm(
            formdata=None,
            prefix=f"obs{observation.id}",
            public_text=None
            if observation.flagged_emergency
            else observation.public_text or mask_personal_data(observation.description).text,
        )
    place_map = page_map(
        _("Karta för att placera platsen"),
        center=tuple(to_leaflet(place.lon, place.lat)),
        zoom=16 if not place.needs_positioning else 14,
        elements=[point_marker(place.lon, place.lat, place.category.name(locale))],
    )
    nearby = reports.nearby_places(
        place.lon, place.lat, NEARBY_FOR_MERGE_M, public_only=False, exclude_id=place.id, limit=10
    )
    return (
        render_template(
            "map/staff/place.html",
            place=place,
            edit=edit,
            status_form=status_form,
            handling_form=handling_form,
            position_form=position_form,
            merge_form=merge_form,
            review_forms=review_forms,
            publish_form=PublishForm(formdata=None),
            photo_form=PhotoForm(formdata=None),
            split_form=SplitForm(formdata=None),
            masked={o.id: mask_personal_data(o.description) for o in place.observations},
            nearby=nearby,
            place_map=place_map,
            locale=locale,
            suggestions=vocab.RESPONSIBLE_SUGGESTIONS,
        ),
        status,
    )


@staff.route("/<int:place_id>")
def place(place_id: int):
    """Handle one place: its reports, text, status, responsibility, publication and position."""
    found = place_or_404(place_id)
    if found.merged_into_id is not None:
        flash(_("Platsen har slagits ihop med plats %(id)s.", id=found.merged_into_id), "info")
    return render_place(found)


def back_to_place(place: Place):
    """Back to the place page, where the confirmation is shown at the top."""
    return redirect(url_for("map_staff.place", place_id=place.id))


@staff.route("/rapport/<int:observation_id>/bild/<kind>")
def photo_file(observation_id: int, kind: str):
    """Any photo of a report in my areas (approved or not), for moderation."""
    observation = observation_or_404(observation_id)
    if kind not in ("bild", "miniatyr"):
        abort(404)
    return photo_response(observation, kind, public=False)
