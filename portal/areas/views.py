"""Public area pages and the staff page of the area tree."""

from __future__ import annotations

from flask import Blueprint, abort, render_template
from flask_babel import gettext as _
from flask_login import current_user

from portal.areas import services
from portal.areas.models import Area
from portal.auth import permissions
from portal.auth.guard import require, staff_blueprint
from portal.geo.coords import union_bbox
from portal.geo.mapbuilder import GeoLayer
from portal.geo.pagemap import page_map

bp = Blueprint("areas", __name__, template_folder="templates")
staff = staff_blueprint("areas_staff", __name__, "/omraden", template_folder="templates")


def feature_collection(areas: list[Area]) -> dict:
    """Areas with boundaries as a GeoJSON FeatureCollection (public properties only)."""
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "geometry": area.geometry,
                "properties": {"name": area.name, "slug": area.slug, "kind": area.kind},
            }
            for area in areas
            if area.geometry
        ],
    }


def areas_map(areas: list[Area], label: str):
    """A map of the given areas' boundaries, zoomed to fit them."""
    return page_map(
        label,
        cache_key=tuple((a.id, a.updated_at.isoformat()) for a in areas),
        bbox=union_bbox([a.bbox for a in areas if a.bbox]),
        layers=[
            GeoLayer(feature_collection(areas), "areas", tooltip=["name"], tooltip_labels=[""])
        ],
    )


@bp.route("/omraden")
def index():
    """Every area, as a tree."""
    return render_template("areas/index.html", areas=services.tree())


@bp.route("/omraden/<slug>")
def show(slug: str):
    """An area: where it lies and what it contains."""
    area = services.get_by_slug(slug) or abort(404)
    shown = [area, *area.children]
    return render_template(
        "areas/show.html",
        area=area,
        ancestors=services.ancestors(area),
        area_map=areas_map(shown, _("Karta över %(name)s", name=area.name))
        if area.geometry
        else None,
    )


@staff.route("/")
def tree():
    """The area tree with boundaries, for coordinators."""
    require(permissions.can_view_area_admin(current_user))
    rows = services.tree(with_geometry=True)
    return render_template(
        "areas/staff_tree.html",
        rows=rows,
        area_map=areas_map([a for a, _d in rows], _("Karta över alla områden")),
    )
