"""Request parameters for place queries, and RFC 7946 GeoJSON output. Pure functions.

Parameters are parsed strictly (``BadParameter`` → the API answers 400) or leniently (unknown
values dropped, for the HTML filter forms). Coordinates out are [lon, lat], six decimals (~0.1 m).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from portal.geo.coords import BBox
from portal.map import vocab

MAX_PARAM_LENGTH = 2000
MAX_VALUES = 50
WORLD: BBox = (-180.0, -90.0, 180.0, 90.0)


class BadParameter(ValueError):
    """A query parameter is malformed; ``name`` is the parameter, ``message`` says why."""

    def __init__(self, name: str, message: str) -> None:
        self.name = name
        self.message = message
        super().__init__(f"{name}: {message}")


@dataclass(frozen=True)
class PlaceFilters:
    """What to show: empty tuples mean "any"; ``area_ids`` None means every area."""

    category_ids: tuple[int, ...] = ()
    statuses: tuple[str, ...] = ()
    times: tuple[str, ...] = ()
    area_ids: tuple[int, ...] | None = None

    @property
    def time_mask(self) -> int:
        return sum(vocab.TIME_BITS[t] for t in self.times)


def parse_bbox(raw: str | None) -> BBox:
    """``minLon,minLat,maxLon,maxLat`` → a box; missing → the whole world."""
    if raw is None:
        return WORLD
    if len(raw) > 200:
        raise BadParameter("bbox", "too long")
    parts = raw.split(",")
    if len(parts) != 4:
        raise BadParameter("bbox", "expected four numbers: minLon,minLat,maxLon,maxLat")
    try:
        west, south, east, north = (float(p) for p in parts)
    except ValueError:
        raise BadParameter("bbox", "every value must be a number") from None
    if not all(math.isfinite(v) for v in (west, south, east, north)):
        raise BadParameter("bbox", "values must be finite")
    if not (-180 <= west <= 180 and -180 <= east <= 180):
        raise BadParameter("bbox", "longitudes must be between -180 and 180")
    if not (-90 <= south <= 90 and -90 <= north <= 90):
        raise BadParameter("bbox", "latitudes must be between -90 and 90")
    if west >= east or south >= north:
        raise BadParameter("bbox", "minLon must be below maxLon and minLat below maxLat")
    return west, south, east, north


GRID_RANGE = (2, 64)


def parse_grid(raw: str | None, default: int) -> int:
    """``grid``: how many cluster cells across the view (the map's width / a bubble's)."""
    if raw is None:
        return default
    if not raw.isdigit() or not GRID_RANGE[0] <= int(raw) <= GRID_RANGE[1]:
        raise BadParameter("grid", f"a whole number from {GRID_RANGE[0]} to {GRID_RANGE[1]}")
    return int(raw)


def _values(args: Mapping[str, Any], name: str, strict: bool) -> list[str]:
    """Comma-separated and/or repeated values of ``name`` (a werkzeug MultiDict or a dict)."""
    raw = args.getlist(name) if hasattr(args, "getlist") else args.get(name) or []
    if isinstance(raw, str):
        raw = [raw]
    values: list[str] = []
    for item in raw:
        if len(item) > MAX_PARAM_LENGTH:
            if strict:
                raise BadParameter(name, "too long")
            continue
        values += [v.strip() for v in item.split(",") if v.strip()]
    if len(values) > MAX_VALUES:
        if strict:
            raise BadParameter(name, f"at most {MAX_VALUES} values")
        values = values[:MAX_VALUES]
    return values


def _checked(name: str, values: Iterable[str], allowed: Iterable[str], strict: bool) -> list[str]:
    allowed = list(allowed)
    unknown = [v for v in values if v not in allowed]
    if unknown and strict:
        raise BadParameter(name, f"unknown value {unknown[0]!r}; use one of {', '.join(allowed)}")
    return [v for v in dict.fromkeys(values) if v in allowed]


def parse_filters(
    args: Mapping[str, Any],
    *,
    category_ids_by_slug: Mapping[str, int],
    area_ids_for_slug: Callable[[str], list[int] | None],
    strict: bool = True,
) -> PlaceFilters:
    """Filters from ``category``, ``status``, ``time`` and ``area`` parameters.

    ``area_ids_for_slug(slug)`` gives the ids of the area's subtree, or None if unknown.
    """
    slugs = _checked("category", _values(args, "category", strict), category_ids_by_slug, strict)
    statuses = _checked("status", _values(args, "status", strict), vocab.STATUSES, strict)
    times = _checked("time", _values(args, "time", strict), vocab.TIMES_OF_DAY, strict)
    area_ids: tuple[int, ...] | None = None
    area_values = _values(args, "area", strict)
    if len(area_values) > 1 and strict:
        raise BadParameter("area", "give one area")
    if area_values:
        ids = area_ids_for_slug(area_values[0])
        if ids is None and strict:
            raise BadParameter("area", f"unknown area {area_values[0]!r}")
        area_ids = tuple(ids) if ids is not None else None
    return PlaceFilters(
        category_ids=tuple(category_ids_by_slug[s] for s in slugs),
        statuses=tuple(statuses),
        times=tuple(times),
        area_ids=area_ids,
    )


def point(lon: float, lat: float, decimals: int = 6) -> dict[str, Any]:
    return {"type": "Point", "coordinates": [round(lon, decimals), round(lat, decimals)]}


def feature(geometry: dict[str, Any], properties: dict[str, Any], id_: Any = None) -> dict:
    found: dict[str, Any] = {"type": "Feature"}
    if id_ is not None:
        found["id"] = id_
    found["geometry"] = geometry
    found["properties"] = properties
    return found


def collection(features: list[dict], **members: Any) -> dict[str, Any]:
    """A FeatureCollection; ``members`` are foreign members (allowed by RFC 7946, §6.1)."""
    return {"type": "FeatureCollection", "features": features, **members}


def cell_polygon(west: float, south: float, east: float, north: float) -> dict[str, Any]:
    """A rectangle as an RFC 7946 polygon (counter-clockwise exterior ring)."""
    ring = [[west, south], [east, south], [east, north], [west, north], [west, south]]
    return {"type": "Polygon", "coordinates": [[[round(x, 6), round(y, 6)] for x, y in ring]]}


def grid_steps(bbox: BBox, columns: int) -> tuple[float, float]:
    """Cell size in degrees (lon, lat) for about ``columns`` roughly square cells across."""
    west, south, east, north = bbox
    step_lon = (east - west) / columns
    middle = math.radians((south + north) / 2)
    step_lat = step_lon * max(math.cos(middle), 0.05)
    return step_lon, step_lat


def place_collection(
    result: Any,
    categories: Mapping[int, Any],
    *,
    locale: str,
    status_labels: Mapping[str, str],
    url_template: str,
    staff: bool = False,
    decimals: int = 6,
) -> dict[str, Any]:
    """A FeatureCollection from :class:`portal.map.queries.BBoxResult`.

    Single places carry only public fields (staff also get ``published``, ``needs_positioning``
    and ``observations``); grid clusters are points with ``cluster: true`` and a ``count``.
    ``url_template`` contains ``{id}``; ``decimals`` coarsens the coordinates of single places.
    """
    if result.cells is not None:
        features = [
            feature(point(lon, lat), {"cluster": True, "count": count})
            for lon, lat, count in result.cells
        ]
        return collection(
            features,
            clustered=True,
            cell=[round(result.step[0], 6), round(result.step[1], 6)],
        )
    shared = {
        category_id: {
            "category": category.slug,
            "category_name": category.name(locale),
            "colour": category.colour,
            "icon": category.glyph,
            "positive": category.positive,
        }
        for category_id, category in categories.items()
    }
    features = []
    for row in result.places:
        properties = {
            **shared.get(row.category_id, {}),
            "status": row.status,
            "status_label": status_labels.get(row.status, row.status),
            "url": url_template.replace("{id}", str(row.id)),
        }
        if staff:
            properties["published"] = bool(row.published)
            properties["needs_positioning"] = bool(row.needs_positioning)
            properties["observations"] = row.observation_count
        features.append(feature(point(row.lon, row.lat, decimals), properties, row.id))
    return collection(features, clustered=False)


def grid_collection(
    cells: Iterable[tuple[int, int, int]], bbox: BBox, step: tuple[float, float]
) -> dict[str, Any]:
    """Grid cells ``(cx, cy, count)`` as polygons with a ``count`` property."""
    west, south = bbox[0], bbox[1]
    features = []
    for cx, cy, count in cells:
        w, s = west + cx * step[0], south + cy * step[1]
        features.append(feature(cell_polygon(w, s, w + step[0], s + step[1]), {"count": count}))
    return collection(features, cell=[round(step[0], 6), round(step[1], 6)])
