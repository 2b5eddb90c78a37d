"""The lägesbild for staff (under /hantera/lagesbild): choose, view, records, print, CSV, GeoJSON.

The numbers are computed from the sources on every view (see :mod:`portal.lagesbild.compute`);
the analysis and fastställ pages are in :mod:`portal.lagesbild.analysis_views`.
"""

from __future__ import annotations

import json

from flask import Response, abort, current_app, g, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from portal.areas import services as area_services
from portal.areas.models import Area
from portal.auth.guard import require, staff_blueprint
from portal.auth.permissions import granted_areas
from portal.extensions import db
from portal.lagesbild import analysis, compute, exports, permissions, present, records, snapshots
from portal.lagesbild.forms import ChooseForm
from portal.lagesbild.periods import KVARTAL, BadPeriod, Period, containing, parse, today
from portal.pagination import paginate

staff = staff_blueprint("lagesbild_staff", __name__, "/lagesbild", template_folder="templates")


@staff.before_request
def _only_coordinators():
    require(permissions.can_view_lagesbild(current_user))


def locale() -> str:
    return str(get_locale() or "sv")


def my_areas() -> list[Area]:
    """Areas I may see a lägesbild for: my granted areas and everything under them."""
    granted = granted_areas(current_user, permissions.LAGESBILD_ROLES)
    prefixes = tuple(a.path for a in granted)
    return [a for a, _d in area_services.tree() if prefixes and a.path.startswith(prefixes)]


def load(slug: str, period_key: str) -> tuple[Area, Period]:
    """The area and period in the URL (404 when unknown), for a user who may see them."""
    area = area_services.get_by_slug(slug) or abort(404)
    try:
        period = parse(period_key)
    except BadPeriod:
        abort(404)
    require(permissions.can_view_lagesbild(current_user, area))
    return area, period


def computed(area: Area, period: Period) -> tuple[dict, dict]:
    """The raw lägesbild and its staff view, computed once per request.

    Computing may bring the survey day tally up to date (a cache, see
    ``sources/survey_tally.py``); a GET commits that here, a POST with the rest of its work.
    """
    key = (area.id, period.key)
    cache = g.setdefault("lagesbild_computed", {})
    if key not in cache:
        raw = compute.build(area, period)
        if request.method == "GET":
            db.session.commit()
        cache[key] = (
            raw,
            present.internal(raw, int(current_app.config["LAGESBILD_CHANGES_SHOWN"])),
        )
    return cache[key]


def csv_response(text: str, name: str) -> Response:
    response = Response(text, mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    response.headers["Cache-Control"] = "private, no-store"
    return response


def geojson_response(data: dict, name: str) -> Response:
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    response = Response(body, mimetype="application/geo+json")
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    response.headers["Cache-Control"] = "private, no-store"
    return response


@staff.route("/")
def index():
    """Choose an area and a period; the working and fastställda lägesbilder in my areas."""
    areas = my_areas()
    chosen = "omrade" in request.args
    form = ChooseForm(formdata=request.args if chosen else None)
    form.omrade.choices = [SelectChoice(a.slug, a.name) for a in areas]
    if chosen and form.validate():
        period = form.period()
        if period is not None and form.omrade.data in {a.slug for a in areas}:
            return redirect(
                url_for("lagesbild_staff.show", slug=form.omrade.data, period_key=period.key)
            )
    if not chosen:
        current = containing(KVARTAL, today())
        form.ar.data, form.nummer.data = current.year, current.number
    granted = granted_areas(current_user, permissions.LAGESBILD_ROLES)
    drafts = paginate(
        analysis.drafts_query(granted), request.args.get("page"), current_app.config["PAGE_SIZE"]
    )
    fixed = list(db.session.scalars(snapshots.snapshots_query(granted).limit(20)))
    return (
        render_template("lagesbild/index.html", form=form, drafts=drafts, fixed=fixed),
        400 if chosen and form.errors else 200,
    )


@staff.route("/<slug>/<period_key>")
def show(slug: str, period_key: str):
    """The lägesbild for an area and a period, from every source, with the analysis so far."""
    area, period = load(slug, period_key)
    _raw, view = computed(area, period)
    draft = analysis.find(area, period)
    return render_template(
        "lagesbild/show.html",
        area=area,
        period=period,
        view=view,
        draft=draft,
        versions=snapshots.versions(draft.id) if draft else [],
        links={"slug": area.slug, "period_key": period.key},
        locale=locale(),
        can_edit=permissions.can_edit_analysis(current_user, area),
        children=area.children,
    )


@staff.route("/<slug>/<period_key>/utskrift")
def print_view(slug: str, period_key: str):
    """The lägesbild as a printable report (print stylesheet, static map)."""
    area, period = load(slug, period_key)
    _raw, view = computed(area, period)
    draft = analysis.find(area, period)
    return render_template(
        "lagesbild/print.html",
        view=view,
        texts=draft,
        problems=analysis.problems_as_data(draft) if draft else [],
        heading=None,
        locale=locale(),
        links=None,
    )


def _endpoint(name: str) -> str | None:
    """Link to another domain's staff page only when that page exists in this portal."""
    return name if name in current_app.view_functions else None


@staff.route("/<slug>/<period_key>/underlag")
def records_view(slug: str, period_key: str):
    """The records behind a number: EST rows, places, or the surveys answered."""
    area, period = load(slug, period_key)
    try:
        wanted = records.parse(area, request.args)
    except records.BadRecords:
        abort(404)
    page = surveys = None
    query = None if wanted.source == "enkater" else records.query(area, period, wanted)
    if wanted.source == "enkater":
        surveys = records.survey_records(area, period, wanted)
    elif query is None:
        abort(404)  # a source this portal does not have
    else:
        page = paginate(
            query,
            request.args.get("page"),
            current_app.config["PAGE_SIZE"],
        )
    return render_template(
        "lagesbild/records.html",
        area=area,
        period=period,
        wanted=wanted,
        page=page,
        surveys=surveys,
        category=records.category_name(wanted, locale()),
        locale=locale(),
        place_endpoint=_endpoint("map_staff.place"),
        walk_endpoint=_endpoint("walks_staff.walk"),
    )


@staff.route("/<slug>/<period_key>/tabell/<name>.csv")
def table_csv(slug: str, period_key: str, name: str):
    """One table of the lägesbild as CSV."""
    area, period = load(slug, period_key)
    if name not in exports.TABLES:
        abort(404)
    _raw, view = computed(area, period)
    return csv_response(
        exports.table_csv(view, name, locale()), exports.filename(view, name, "csv")
    )


@staff.route("/<slug>/<period_key>/hotspots.geojson")
def hotspots_geojson(slug: str, period_key: str):
    """Hot-spot cells with counts (every cell: staff only)."""
    area, period = load(slug, period_key)
    _raw, view = computed(area, period)
    return geojson_response(
        exports.hotspot_geojson(view), exports.filename(view, "hotspots", "geojson")
    )
