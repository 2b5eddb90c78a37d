"""The protocol as CSV (for spreadsheets) and as GeoJSON (RFC 7946, [lon, lat]). Pure-ish:
takes points and URL builders, returns text or dicts; never touches the request."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence

from flask_babel import lazy_gettext as _l

from portal.map.geojson import collection, feature, point
from portal.walks.models import Walk, WalkPoint
from portal.walks.protocol import _current

CSV_COLUMNS = (
    ("number", _l("Nummer")),
    ("category", _l("Kategori")),
    ("description", _l("Beskrivning")),
    ("priority", _l("Prioritet")),
    ("status", _l("Status")),
    ("reason", _l("Varför ingen åtgärd")),
    ("responsible", _l("Ansvarig")),
    ("deadline", _l("Klart senast")),
    ("latitude", _l("Latitud")),
    ("longitude", _l("Longitud")),
    ("area", _l("Område")),
    ("place", _l("Plats-id")),
    ("published", _l("Publicerad")),
    ("url", _l("Länk")),
)
#: Characters that make a spreadsheet treat a cell as a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def point_record(point: WalkPoint, locale: str, url_for_place: Callable[[int], str]) -> dict:
    """The public fields of one point (the same for CSV and GeoJSON)."""
    place = _current(point.place)
    return {
        "number": point.number,
        "category": place.category.name(locale),
        "category_slug": place.category.slug,
        "positive": place.category.positive,
        "description": place.public_description or "",
        "priority": point.priority or "",
        "priority_label": point.priority_label or "",
        "status": place.status,
        "status_label": place.status_label,
        "reason": place.status_reason or "",
        "responsible": place.responsible or "",
        "deadline": place.deadline.isoformat() if place.deadline else "",
        "latitude": round(place.lat, 6),
        "longitude": round(place.lon, 6),
        "area": place.area.name,
        "place": place.id,
        "published": place.is_public,
        "url": url_for_place(place.id) if place.is_public else "",
    }


def to_csv(points: Sequence[WalkPoint], locale: str, url_for_place: Callable[[int], str]) -> str:
    """Semicolon-separated with a byte-order mark, as Swedish spreadsheet programs expect."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([str(label) for _key, label in CSV_COLUMNS])
    for item in points:
        record = point_record(item, locale, url_for_place)
        record["priority"] = record["priority_label"]
        record["status"] = record["status_label"]
        record["published"] = str(_l("ja") if record["published"] else _l("nej"))
        writer.writerow([_cell(record[key]) for key, _label in CSV_COLUMNS])
    return out.getvalue()


def to_geojson(
    walk: Walk, points: Sequence[WalkPoint], locale: str, url_for_place: Callable[[int], str]
) -> dict:
    """A FeatureCollection: one Point feature per protocol point, and the route if drawn."""
    features = []
    for item in points:
        record = point_record(item, locale, url_for_place)
        lon, lat = record.pop("longitude"), record.pop("latitude")
        features.append(
            feature(point(lon, lat), {"kind": "point", **record}, f"punkt-{item.number}")
        )
    if walk.route:
        features.append(feature(walk.route, {"kind": "route", "title": walk.title}, "rutt"))
    return collection(features, walk={"id": walk.id, "title": walk.title, "area": walk.area.name})
