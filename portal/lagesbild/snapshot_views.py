"""Fastställda lägesbilder: the internal version for staff, and the public summary for everyone."""

from __future__ import annotations

from flask import Blueprint, abort, render_template
from flask_login import current_user

from portal.areas import services as area_services
from portal.auth.guard import require, staff_blueprint
from portal.lagesbild import exports, permissions, snapshots
from portal.lagesbild.models import Snapshot
from portal.lagesbild.views import csv_response, geojson_response, locale

versions = staff_blueprint(
    "lagesbild_versions", __name__, "/lagesbild/fastslagen", template_folder="templates"
)
public = Blueprint("lagesbild", __name__, url_prefix="/lagesbild", template_folder="templates")


# --- staff: the internal version -----------------------------------------------------------------


def _internal(snapshot_id: int) -> Snapshot:
    snapshot = snapshots.get(snapshot_id) or abort(404)
    require(permissions.can_view_lagesbild(current_user, snapshot.area))
    return snapshot


@versions.route("/<int:snapshot_id>")
def show(snapshot_id: int):
    """A fastställd version as it was frozen, with every number and the texts as written."""
    snapshot = _internal(snapshot_id)
    return render_template(
        "lagesbild/snapshot.html",
        snapshot=snapshot,
        view=snapshot.data["view"],
        texts=snapshot.data["texts"],
        problems=snapshot.data["problems"],
        all_versions=snapshots.versions(snapshot.lagesbild_id),
        intact=snapshots.verify(snapshot),
        links={"slug": snapshot.area.slug, "period_key": snapshot.period_key},
        locale=locale(),
    )


@versions.route("/<int:snapshot_id>/utskrift")
def print_view(snapshot_id: int):
    """The fastställd version as a printable report."""
    snapshot = _internal(snapshot_id)
    return render_template(
        "lagesbild/print.html",
        view=snapshot.data["view"],
        texts=snapshot.data["texts"],
        problems=snapshot.data["problems"],
        snapshot=snapshot,
        locale=locale(),
        links=None,
    )


@versions.route("/<int:snapshot_id>/tabell/<name>.csv")
def table_csv(snapshot_id: int, name: str):
    snapshot = _internal(snapshot_id)
    if name not in exports.TABLES:
        abort(404)
    view = snapshot.data["view"]
    return csv_response(
        exports.table_csv(view, name, locale()),
        exports.filename(view, f"v{snapshot.version}-{name}", "csv"),
    )


@versions.route("/<int:snapshot_id>/hotspots.geojson")
def hotspots_geojson(snapshot_id: int):
    snapshot = _internal(snapshot_id)
    view = snapshot.data["view"]
    return geojson_response(
        exports.hotspot_geojson(view),
        exports.filename(view, f"v{snapshot.version}-hotspots", "geojson"),
    )


# --- public: the summary ------------------------------------------------------------------------------


@public.route("/")
def index():
    """Fastställda lägesbilder (latest version of each), newest period first."""
    return render_template(
        "lagesbild/public_index.html", items=snapshots.latest_public_snapshots(), locale=locale()
    )


def _public(snapshot_id: int) -> snapshots.PublicSnapshot:
    return snapshots.get_public_snapshot(snapshot_id) or abort(404)


@public.route("/<int:snapshot_id>")
def summary(snapshot_id: int):
    """The public summary: aggregates only, small numbers withheld, published places only."""
    found = _public(snapshot_id)
    area = area_services.get_by_slug(found.area_slug)
    return render_template(
        "lagesbild/public_show.html",
        item=found,
        view=found.data["view"],
        area=area,
        newer=None if found.is_latest else snapshots.latest_of(found.lagesbild_id),
        locale=locale(),
        links=None,
    )


@public.route("/<int:snapshot_id>/tabell/<name>.csv")
def public_csv(snapshot_id: int, name: str):
    found = _public(snapshot_id)
    if name not in exports.TABLES:
        abort(404)
    view = found.data["view"]
    return csv_response(
        exports.table_csv(view, name, locale()),
        exports.filename(view, f"v{found.version}-{name}", "csv"),
    )


@public.route("/<int:snapshot_id>/hotspots.geojson")
def public_geojson(snapshot_id: int):
    found = _public(snapshot_id)
    view = found.data["view"]
    return geojson_response(
        exports.hotspot_geojson(view),
        exports.filename(view, f"v{found.version}-hotspots", "geojson"),
    )
