"""What the walks pages (public and staff) share: labels, choices, the overview, exports."""

from __future__ import annotations

import json

import segno
from flask import Response, url_for
from flask_babel import format_time
from flask_babel import gettext as _
from markupsafe import Markup

from portal.areas.models import Area
from portal.areas.services import subtree_query
from portal.extensions import db
from portal.map import vocab as place_vocab
from portal.map.models import Category
from portal.map.views import current_locale
from portal.walks import export, vocab
from portal.walks import pins as pin_services
from portal.walks.maps import OverviewPoint, overview_svg
from portal.walks.models import Walk, WalkPoint
from portal.walks.protocol import _current
from portal.walks.timing import aware


def walk_context() -> dict:
    """Labels the walks templates share."""
    return {
        "light_labels": vocab.LIGHT_LABELS,
        "priority_labels": vocab.PRIORITY_LABELS,
        "outcome_labels": vocab.OUTCOME_LABELS,
        "place_status_labels": place_vocab.STATUS_LABELS,
        "photo_labels": place_vocab.PHOTO_LABELS,
        "participant_label": participant_label,
    }


def participant_label(number: int | None, display_name: str | None) -> str:
    """The display name, or "deltagare 3"."""
    if display_name:
        return display_name
    if number is None:
        return _("okänd deltagare")
    return _("deltagare %(n)s", n=number)


def category_choices(categories: list[Category], locale: str) -> list[tuple[str, Markup]]:
    return [
        (
            str(c.id),
            Markup(
                '<span class="cat-glyph" aria-hidden="true" style="--cat: {}">{}</span> {}'
            ).format(c.colour, c.glyph, c.name(locale)),
        )
        for c in categories
    ]


def area_choices(walk: Walk) -> list[tuple[str, str]]:
    """The walk's area and its parts (the non-map path)."""
    areas = list(db.session.scalars(subtree_query(walk.area).order_by(Area.path)))
    base = walk.area.depth
    return [("", _("Välj del av området"))] + [
        (a.slug, ("— " * (a.depth - base)) + a.name) for a in areas if a.point_lon is not None
    ]


def overview(walk: Walk, points: list[WalkPoint], locale: str) -> Markup:
    """The printable SVG sketch of the area, the route and the numbered points."""
    marks = []
    for point in points:
        place = _current(point.place)
        marks.append(OverviewPoint(str(point.number), place.lon, place.lat, place.category.colour))
    return overview_svg(
        title=_("Översikt: %(title)s", title=walk.title),
        description=_(
            "Skiss över området, den planerade rutten (streckad) och protokollets "
            "%(n)s numrerade punkter. Punkterna finns som lista nedan.",
            n=len(points),
        ),
        area_geometry=walk.area.geometry,
        route=walk.route,
        points=marks,
    )


def export_response(walk: Walk, points: list[WalkPoint], kind: str, *, public: bool) -> Response:
    """The protocol as a CSV or GeoJSON download."""
    locale = current_locale()

    def place_url(place_id: int) -> str:
        return url_for("map.place", place_id=place_id, _external=True)

    name = f"protokoll-vandring-{walk.id}"
    if kind == "csv":
        response = Response(export.to_csv(points, locale, place_url), mimetype="text/csv")
        response.headers["Content-Type"] = "text/csv; charset=utf-8"
    else:
        data = export.to_geojson(walk, points, locale, place_url)
        response = Response(
            json.dumps(data, ensure_ascii=False, separators=(",", ":")),
            mimetype="application/geo+json",
        )
    response.headers["Content-Disposition"] = f'attachment; filename="{name}.{kind}"'
    response.headers["Cache-Control"] = "public, max-age=60" if public else "private, no-store"
    return response


def join_url(walk: Walk) -> str:
    return url_for("participate.join", code=walk.join_code, _external=True)


def qr_code_svg(walk: Walk, scale: int = 6) -> Markup:
    """The join link as an inline SVG QR code (segno), labelled for screen readers."""
    qr = segno.make(join_url(walk), error="m")
    svg = qr.svg_inline(scale=scale, dark="#000", light="#fff", svgclass="walk-qr", omitsize=True)
    label = _("QR-kod som leder till %(url)s", url=join_url(walk))
    return Markup(svg.replace("<svg ", f'<svg role="img" aria-label="{Markup.escape(label)}" ', 1))


def pin_rows(walk: Walk) -> list[dict]:
    """The walk's pins for the live view (page and JSON), with who pinned each."""
    locale = current_locale()
    rows = []
    for row in pin_services.walk_pins(walk):
        o = row.observation
        category = o.place.category
        rows.append(
            {
                "id": o.id,
                "who": participant_label(row.number, row.display_name),
                "category": category.name(locale),
                "colour": category.colour,
                "icon": category.glyph,
                "positive": category.positive,
                "description": o.description,
                "location_text": o.location_text or "",
                "positioned": o.positioned,
                "lon": round(o.lon, 6),
                "lat": round(o.lat, 6),
                "time": aware(o.created_at).isoformat(),
                "clock": format_time(o.created_at, "short"),
                "photo": url_for(
                    "walks_staff.pin_photo", walk_id=walk.id, observation_id=o.id, kind="bild"
                )
                if o.photo_key
                else None,
            }
        )
    return rows
