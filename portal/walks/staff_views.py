"""Staff pages for walks (under /hantera/vandringar): plan, join code and QR, live view."""

from __future__ import annotations

import io
import json
from datetime import timedelta

import segno
from flask import Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_login import current_user

from portal.areas.models import Area
from portal.areas.services import configured_bounds, tree
from portal.auth.guard import require, staff_blueprint
from portal.auth.permissions import granted_areas
from portal.converters import MAX_DB_INTEGER
from portal.extensions import db
from portal.geo.coords import bbox_to_leaflet_bounds
from portal.map import categories as category_services
from portal.map.models import Category, Observation
from portal.map.views import current_locale, photo_response
from portal.timeutil import utcnow
from portal.walks import permissions, protocol, routes, services
from portal.walks import pins as pin_services
from portal.walks.maps import walk_map
from portal.walks.models import Walk, WalkPin
from portal.walks.presenting import join_url, pin_rows, qr_code_svg, walk_context
from portal.walks.staff_forms import ActionForm, WalkForm, route_error_message
from portal.walks.timing import local_to_utc, utc_to_local

staff = staff_blueprint("walks_staff", __name__, "/vandringar", template_folder="templates")
staff.context_processor(walk_context)


@staff.before_request
def _only_walk_leaders():
    """Every page here is for walk leaders and coordinators (per-walk checks in the views)."""
    require(permissions.can_manage_walks(current_user))


def _actor():
    return current_user._get_current_object()


def _walk_or_404(walk_id: int) -> Walk:
    walk = db.session.get(Walk, walk_id) or abort(404)
    require(permissions.can_manage_walk(current_user, walk))
    return walk


def _zone() -> str:
    return current_app.config["BABEL_DEFAULT_TIMEZONE"]


# --- list, create, edit -------------------------------------------------------------------


@staff.route("/")
def walks():
    """Walks in my areas, newest first."""
    page = services.staff_walks(
        granted_areas(current_user, permissions.WALK_LEADERS),
        request.args.get("page"),
        current_app.config["PAGE_SIZE"],
    )
    return render_template("walks/staff/list.html", page=page, now=utcnow())


def _prepare(form: WalkForm, walk: Walk | None = None) -> None:
    locale = current_locale()
    mine = [(a, depth) for a, depth in tree() if permissions.can_manage_walks(current_user, a)]
    top = min((depth for _a, depth in mine), default=0)
    form.area.choices = [(str(a.id), ("— " * (depth - top)) + a.name) for a, depth in mine]
    form.categories.choices = [
        (str(c.id), c.name(locale))
        for c in category_services.all_categories(active_only=True)
        if not c.positive
    ]
    area = None
    if form.area.data and str(form.area.data).isdigit() and int(form.area.data) <= MAX_DB_INTEGER:
        area = db.session.get(Area, int(form.area.data))
    elif walk is not None:
        area = walk.area
    before = walk.starts if walk else utcnow() + timedelta(days=3650)
    earlier = (
        services.earlier_walks(area, before, exclude_id=walk.id if walk else None) if area else []
    )
    form.previous_walk.choices = [("", _("Ingen"))] + [
        (str(w.id), f"{w.title} ({utc_to_local(w.starts_at, _zone()):%Y-%m-%d})") for w in earlier
    ]


def _route(form: WalkForm, area: Area | None) -> tuple[bool, dict | None]:
    """(ok, geometry) from the file or the text field; errors go on the field."""
    text = form.route.data
    upload = form.route_file.data
    field = form.route
    if upload is not None and getattr(upload, "filename", ""):
        raw = upload.stream.read(routes.MAX_CHARS + 1)
        if len(raw) > routes.MAX_CHARS:
            form.route_file.errors = [
                route_error_message(routes.RouteError("too_large", limit=routes.MAX_CHARS // 1000))
            ]
            return False, None
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            form.route_file.errors = [_("Filen är inte en textfil i UTF-8.")]
            return False, None
        field = form.route_file
    try:
        geometry = routes.parse_route(
            text, configured_bounds(), max_points=current_app.config["WALK_ROUTE_MAX_POINTS"]
        )
        routes.check_near(geometry, area.bbox if area else None)
    except routes.RouteError as error:
        field.errors = [*field.errors, route_error_message(error)]
        return False, None
    if field is form.route_file and geometry is not None:
        form.route.data = json.dumps(geometry)
    return True, geometry


def _fields(form: WalkForm) -> dict | None:
    """Model fields from a validated form, or None (errors put on the form)."""
    area = db.session.get(Area, int(form.area.data)) if form.area.data.isdigit() else None
    if area is None or not permissions.can_manage_walks(current_user, area):
        form.area.errors = [_("Välj ett område där du leder vandringar.")]
        return None
    ok, route = _route(form, area)
    if not ok:
        return None
    zone = _zone()
    starts = local_to_utc(form.starts_at.data, zone)
    ends = local_to_utc(form.ends_at.data, zone)
    opens = (
        local_to_utc(form.pin_opens_at.data, zone)
        if form.pin_opens_at.data
        else starts - timedelta(minutes=current_app.config["WALK_PIN_OPENS_BEFORE_MIN"])
    )
    closes = (
        local_to_utc(form.pin_closes_at.data, zone)
        if form.pin_closes_at.data
        else ends + timedelta(minutes=current_app.config["WALK_PIN_CLOSES_AFTER_MIN"])
    )
    previous = None
    if form.previous_walk.data:
        previous = db.session.get(Walk, int(form.previous_walk.data))
    lon, lat = form.meeting_position()
    return {
        "area": area,
        "title": form.title.data,
        "description": form.description.data,
        "starts_at": starts,
        "ends_at": ends,
        "light": form.light.data,
        "meeting_point": form.meeting_point.data,
        "meeting_lon": lon,
        "meeting_lat": lat,
        "route": route,
        "route_text": form.route_text.data,
        "max_participants": form.max_participants.data,
        "organisers": form.organisers.data,
        "pin_opens_at": opens,
        "pin_closes_at": closes,
        "previous_walk": previous,
    }


def _chosen_categories(form: WalkForm) -> list[Category]:
    ids = [int(i) for i in form.categories.data or [] if str(i).isdigit()]
    if not ids:
        return []
    return list(db.session.scalars(db.select(Category).where(Category.id.in_(ids))))


WALK_ERRORS = {
    "ends_before_start": lambda: _("Slutet måste vara efter starten."),
    "window_order": lambda: _("Tiden för att markera måste sluta efter att den börjar."),
    "window_outside": lambda: _("Tiden för att markera måste omfatta hela vandringen."),
    "previous_self": lambda: _("En vandring kan inte följa upp sig själv."),
}


def _form_page(form: WalkForm, walk: Walk | None, status: int):
    return (
        render_template(
            "walks/staff/form.html",
            form=form,
            walk=walk,
            area_bounds={
                value: bbox_to_leaflet_bounds(area.bbox)
                for value, _label in form.area.choices
                if (area := db.session.get(Area, int(value))) is not None and area.bbox
            },
            draw_map=walk_map(walk, _("Karta för att rita rutten")) if walk else _blank_map(),
        ),
        status,
    )


def _blank_map():
    from portal.geo.pagemap import page_map
    from portal.map.views import home_bbox

    return page_map(_("Karta för att rita rutten"), bbox=home_bbox())


@staff.route("/ny", methods=["GET", "POST"])
def create():
    """Plan a new walk."""
    form = WalkForm()
    if request.method == "GET":
        form.max_participants.data = current_app.config["WALK_DEFAULT_MAX_PARTICIPANTS"]
        wanted = request.args.get("foregaende", "")
        previous = db.session.get(Walk, int(wanted)) if wanted.isdigit() else None
        if previous is not None and permissions.can_manage_walk(current_user, previous):
            form.area.data = str(previous.area_id)
            form.previous_walk.data = str(previous.id)
            form.meeting_point.data = previous.meeting_point
            form.light.data = previous.light
            form.organisers.data = previous.organisers
            form.route_text.data = previous.route_text
            if previous.route:
                form.route.data = json.dumps(previous.route)
    _prepare(form)
    if form.validate_on_submit():
        fields = _fields(form)
        if fields is not None:
            try:
                walk = services.create_walk(_actor(), categories=_chosen_categories(form), **fields)
            except services.WalkError as error:
                form.ends_at.errors = [
                    WALK_ERRORS.get(error.code, lambda: _("Kontrollera tiderna."))()
                ]
            else:
                db.session.commit()
                flash(
                    _("Vandringen är skapad. Koden är %(code)s.", code=walk.display_code), "success"
                )
                return redirect(url_for("walks_staff.walk", walk_id=walk.id))
    return _form_page(form, None, 400 if form.errors else 200)


@staff.route("/<int:walk_id>/redigera", methods=["GET", "POST"])
def edit(walk_id: int):
    """Change a walk's plan (the join code stays)."""
    walk = _walk_or_404(walk_id)
    form = WalkForm()
    if request.method == "GET":
        zone = _zone()
        form = WalkForm(
            formdata=None,
            title=walk.title,
            area=str(walk.area_id),
            starts_at=utc_to_local(walk.starts_at, zone),
            ends_at=utc_to_local(walk.ends_at, zone),
            light=walk.light,
            meeting_point=walk.meeting_point,
            meeting_lat=f"{walk.meeting_lat:.6f}" if walk.meeting_lat is not None else "",
            meeting_lon=f"{walk.meeting_lon:.6f}" if walk.meeting_lon is not None else "",
            route=json.dumps(walk.route) if walk.route else "",
            route_text=walk.route_text,
            description=walk.description,
            organisers=walk.organisers,
            categories=[str(c.id) for c in walk.categories],
            max_participants=walk.max_participants,
            pin_opens_at=utc_to_local(walk.pin_opens_at, zone),
            pin_closes_at=utc_to_local(walk.pin_closes_at, zone),
            previous_walk=str(walk.previous_walk_id or ""),
        )
    _prepare(form, walk)
    if form.validate_on_submit():
        fields = _fields(form)
        if fields is not None:
            try:
                services.update_walk(_actor(), walk, categories=_chosen_categories(form), **fields)
            except services.WalkError as error:
                form.ends_at.errors = [
                    WALK_ERRORS.get(error.code, lambda: _("Kontrollera tiderna."))()
                ]
            else:
                db.session.commit()
                flash(_("Vandringen är sparad."), "success")
                return redirect(url_for("walks_staff.walk", walk_id=walk.id))
    return _form_page(form, walk, 400 if form.errors else 200)


# --- one walk -----------------------------------------------------------------------------


@staff.route("/<int:walk_id>")
def walk(walk_id: int):
    """A walk: its plan, join code, link and QR code, participants, pins and protocol."""
    found = _walk_or_404(walk_id)
    return render_template(
        "walks/staff/walk.html",
        walk=found,
        join_url=join_url(found),
        qr=qr_code_svg(found, 5),
        participants=services.participant_count(found),
        pin_count=pin_services.pin_count(found),
        point_count=protocol.point_count(found),
        comparison=protocol.compare(found),
        follow_ups=services.follow_ups(found),
        can_protocol=permissions.can_edit_protocol(current_user, found),
        action_form=ActionForm(),
        walk_map=walk_map(
            found, _("Karta över vandringens område och rutt"), meeting_label=_("Samlingsplats")
        ),
        route_km=format_decimal(round(routes.length_m(found.route) / 1000, 1))
        if found.route
        else None,
        now=utcnow(),
        locale=current_locale(),
    )


@staff.route("/<int:walk_id>/affisch")
def poster(walk_id: int):
    """A printable sheet: the code in large letters, the link and the QR code."""
    found = _walk_or_404(walk_id)
    return render_template(
        "walks/staff/poster.html", walk=found, join_url=join_url(found), qr=qr_code_svg(found, 10)
    )


@staff.route("/<int:walk_id>/qr.svg")
def qr_svg(walk_id: int):
    """The QR code as an SVG file (to put in a newsletter or on a slide)."""
    found = _walk_or_404(walk_id)
    qr = segno.make(join_url(found), error="m")
    out = io.BytesIO()
    qr.save(out, kind="svg", scale=10, border=4)
    response = Response(out.getvalue(), mimetype="image/svg+xml")
    response.headers["Content-Disposition"] = f'inline; filename="vandring-{found.id}-qr.svg"'
    response.headers["Cache-Control"] = "private, no-store"
    return response


@staff.route("/<int:walk_id>/ny-kod", methods=["POST"])
def new_code(walk_id: int):
    """Give the walk a new join code (the old one stops working; participants stay joined)."""
    found = _walk_or_404(walk_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    services.new_code(_actor(), found)
    db.session.commit()
    flash(_("Vandringen har fått en ny kod: %(code)s.", code=found.display_code), "success")
    return redirect(url_for("walks_staff.walk", walk_id=found.id))


@staff.route("/<int:walk_id>/installd", methods=["POST"])
def cancel(walk_id: int):
    """Cancel the walk, or take it up again."""
    found = _walk_or_404(walk_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    cancelled = request.form.get("installd") == "ja"
    services.set_cancelled(_actor(), found, cancelled)
    db.session.commit()
    flash(_("Vandringen är inställd.") if cancelled else _("Vandringen blir av igen."), "success")
    return redirect(url_for("walks_staff.walk", walk_id=found.id))


# --- live view ----------------------------------------------------------------------------


@staff.route("/<int:walk_id>/live")
def live(walk_id: int):
    """Every pin of the walk on a map and in a list, refreshing by itself."""
    found = _walk_or_404(walk_id)
    pins = pin_rows(found)
    return render_template(
        "walks/staff/live.html",
        walk=found,
        pins=pins,
        participants=services.participant_count(found),
        live_map=walk_map(
            found, _("Karta med vandringens markeringar"), meeting_label=_("Samlingsplats")
        ),
        poll_seconds=current_app.config["WALK_LIVE_POLL_SECONDS"],
        problem=pin_services.window_problem(found, utcnow()),
        locale=current_locale(),
    )


@staff.route("/<int:walk_id>/punkter.json")
def pins_json(walk_id: int):
    """The live view's data: every pin, with who pinned it."""
    found = _walk_or_404(walk_id)
    pins = pin_rows(found)
    body = {
        "count": len(pins),
        "participants": services.participant_count(found),
        "pins": pins,
        "updated": utcnow().isoformat(),
    }
    response = Response(json.dumps(body, ensure_ascii=False), mimetype="application/json")
    response.headers["Cache-Control"] = "private, no-store"
    return response


@staff.route("/<int:walk_id>/bild/<int:observation_id>/<any(bild, miniatyr):kind>")
def pin_photo(walk_id: int, observation_id: int, kind: str):
    """A pin's photo for the walk's leaders (approved or not; never cached)."""
    found = _walk_or_404(walk_id)
    observation = db.session.get(Observation, observation_id) or abort(404)
    pinned = db.session.scalar(
        db.select(WalkPin.id).where(
            WalkPin.walk_id == found.id, WalkPin.observation_id == observation.id
        )
    )
    if pinned is None:
        abort(404)
    return photo_response(observation, kind, public=False)
