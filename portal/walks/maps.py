"""Maps for walk pages (Leaflet via :func:`portal.geo.pagemap.page_map`) and a printable
overview drawn as inline SVG (no tiles, so it prints and works without JavaScript)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import folium
from markupsafe import Markup, escape

from portal.geo.coords import BBox, to_leaflet, union_bbox
from portal.geo.mapbuilder import GeoLayer, MapParts, point_marker
from portal.geo.pagemap import page_map
from portal.map.geojson import collection, feature
from portal.walks import routes
from portal.walks.models import Walk

ROUTE_COLOUR = "#7a1fa2"
AREA_COLOUR = "#14457a"


def walk_bbox(walk: Walk) -> BBox | None:
    boxes = [b for b in (walk.area.bbox, routes.route_bbox(walk.route)) if b]
    if walk.meeting_lon is not None and walk.meeting_lat is not None:
        boxes.append((walk.meeting_lon, walk.meeting_lat, walk.meeting_lon, walk.meeting_lat))
    return union_bbox(boxes)


def _layers(walk: Walk) -> list[GeoLayer]:
    layers = []
    if walk.area.geometry:
        layers.append(
            GeoLayer(
                collection([feature(walk.area.geometry, {})]), walk.area.name, AREA_COLOUR, 0.04
            )
        )
    if walk.route:
        layers.append(GeoLayer(collection([feature(walk.route, {})]), "rutt", ROUTE_COLOUR, 0.0))
    return layers


def walk_map(walk: Walk, label: str, *, meeting_label: str | None = None, points=()) -> MapParts:
    """The area, the planned route, the meeting point and (optionally) numbered points.

    ``points``: ``(number, lon, lat, tooltip)``.
    """
    elements = []
    if walk.meeting_lon is not None and walk.meeting_lat is not None and meeting_label:
        elements.append(point_marker(walk.meeting_lon, walk.meeting_lat, meeting_label))
    for number, lon, lat, tooltip in points:
        elements.append(
            folium.Marker(
                to_leaflet(lon, lat),
                tooltip=tooltip,
                icon=folium.DivIcon(
                    html=f'<span class="walk-num" aria-hidden="true">{int(number)}</span>',
                    icon_size=(30, 30),
                    icon_anchor=(15, 15),
                ),
            )
        )
    cache_key = None
    if not points:
        cache_key = ("walk", walk.id, str(walk.updated_at), meeting_label)
    return page_map(
        label,
        cache_key=cache_key,
        bbox=lambda: walk_bbox(walk),
        layers=lambda: _layers(walk),
        elements=elements,
    )


# --- printable overview -------------------------------------------------------------------


@dataclass(frozen=True)
class OverviewPoint:
    label: str
    lon: float
    lat: float
    colour: str


def _rings(geometry: dict | None) -> list[list[list[float]]]:
    if not geometry:
        return []
    if geometry.get("type") == "Polygon":
        return [geometry["coordinates"][0]]
    if geometry.get("type") == "MultiPolygon":
        return [polygon[0] for polygon in geometry["coordinates"]]
    return []


def overview_svg(
    *,
    title: str,
    description: str,
    area_geometry: dict | None,
    route: dict | None,
    points: Sequence[OverviewPoint],
    width: int = 640,
    height: int = 440,
    pad: int = 24,
) -> Markup:
    """An SVG sketch: area outline, route and numbered points, north up, no background tiles."""
    rings = _rings(area_geometry)
    lines = routes.lines(route)
    coordinates = [p for ring in rings for p in ring] + [p for line in lines for p in line]
    coordinates += [[p.lon, p.lat] for p in points]
    if not coordinates:
        return Markup("")
    west = min(c[0] for c in coordinates)
    east = max(c[0] for c in coordinates)
    south = min(c[1] for c in coordinates)
    north = max(c[1] for c in coordinates)
    squash = math.cos(math.radians((south + north) / 2))
    span_x = max((east - west) * squash, 1e-6)
    span_y = max(north - south, 1e-6)
    scale = min((width - 2 * pad) / span_x, (height - 2 * pad) / span_y)
    offset_x = (width - span_x * scale) / 2
    offset_y = (height - span_y * scale) / 2

    def xy(lon: float, lat: float) -> str:
        x = offset_x + (lon - west) * squash * scale
        y = height - (offset_y + (lat - south) * scale)
        return f"{x:.1f},{y:.1f}"

    parts = [
        f'<svg class="walk-overview" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="overview-title overview-desc" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="overview-title">{escape(title)}</title>',
        f'<desc id="overview-desc">{escape(description)}</desc>',
        f'<rect x="0" y="0" width="{width}" height="{height}" fill="#fff" stroke="#6b7580"/>',
    ]
    for ring in rings:
        path = " ".join(xy(p[0], p[1]) for p in ring)
        parts.append(
            f'<polygon points="{path}" fill="#e8f0f9" stroke="{AREA_COLOUR}" stroke-width="2"/>'
        )
    for line in lines:
        path = " ".join(xy(p[0], p[1]) for p in line)
        parts.append(
            f'<polyline points="{path}" fill="none" stroke="{ROUTE_COLOUR}" stroke-width="4" '
            'stroke-dasharray="10 6" stroke-linejoin="round"/>'
        )
    for point in points:
        x, y = xy(point.lon, point.lat).split(",")
        parts.append(
            f'<circle cx="{x}" cy="{y}" r="13" fill="#fff" stroke="{escape(point.colour)}" '
            'stroke-width="4"/>'
            f'<text x="{x}" y="{y}" dy="0.35em" text-anchor="middle" font-size="13" '
            f'font-weight="700" fill="#1b1f24">{escape(point.label)}</text>'
        )
    parts.append(
        f'<text x="{width - 12}" y="22" text-anchor="end" font-size="14" fill="#1b1f24">N ↑</text>'
    )
    parts.append("</svg>")
    return Markup("".join(parts))
