"""A walk's planned route: GeoJSON LineString/MultiLineString in WGS84 lon/lat. Pure functions.

:func:`parse_route` accepts a geometry, a Feature or a FeatureCollection of lines (as exported by
most map tools), and refuses everything else with a :class:`RouteError` whose ``code`` and
``detail`` let the form say exactly what is wrong.
"""

from __future__ import annotations

import itertools
import json
import math
from typing import Any

from portal.geo.coords import BBox, distance_m

MAX_POINTS = 5000
MAX_CHARS = 500_000
LINE_TYPES = ("LineString", "MultiLineString")
WGS84_NAMES = frozenset(
    {
        "urn:ogc:def:crs:OGC:1.3:CRS84",
        "urn:ogc:def:crs:OGC::CRS84",
        "urn:ogc:def:crs:EPSG::4326",
        "EPSG:4326",
        "CRS84",
    }
)


class RouteError(ValueError):
    """The route cannot be used; ``code`` says why and ``detail`` gives the particulars.

    Codes: ``too_large``, ``json`` (detail: line, column), ``type`` (detail: found), ``empty``,
    ``too_short``, ``bad_position`` (detail: number), ``too_many`` (detail: limit), ``crs``,
    ``projected``, ``swapped``, ``outside``, ``far_from_area``.
    """

    def __init__(self, code: str, **detail: Any) -> None:
        self.code = code
        self.detail = detail
        super().__init__(code, detail)


def _lines_of(data: Any) -> list[list[Any]]:
    """The list of lines (each a list of positions) in a geometry, Feature or FeatureCollection."""
    if not isinstance(data, dict):
        raise RouteError("type", found=type(data).__name__)
    kind = data.get("type")
    _check_crs(data)
    if kind == "FeatureCollection":
        features = data.get("features")
        if not isinstance(features, list) or not features:
            raise RouteError("empty")
        lines: list[list[Any]] = []
        for item in features:
            lines.extend(_lines_of(item))
        return lines
    if kind == "Feature":
        geometry = data.get("geometry")
        if geometry is None:
            raise RouteError("empty")
        return _lines_of(geometry)
    coordinates = data.get("coordinates")
    if kind == "LineString":
        return [coordinates]
    if kind == "MultiLineString":
        if not isinstance(coordinates, list) or not coordinates:
            raise RouteError("empty")
        return list(coordinates)
    raise RouteError("type", found=str(kind)[:40] if kind else "?")


def _check_crs(data: dict) -> None:
    crs = data.get("crs")
    if crs is None:
        return
    name = crs.get("properties", {}).get("name") if isinstance(crs, dict) else None
    if not isinstance(name, str) or name not in WGS84_NAMES:
        raise RouteError("crs")


def _position(raw: Any, number: int) -> tuple[float, float]:
    if not isinstance(raw, list | tuple) or len(raw) not in (2, 3):
        raise RouteError("bad_position", number=number)
    values = []
    for value in raw[:2]:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise RouteError("bad_position", number=number)
        value = float(value)
        if not math.isfinite(value):
            raise RouteError("bad_position", number=number)
        values.append(value)
    return values[0], values[1]


def _inside(lon: float, lat: float, bounds: BBox) -> bool:
    west, south, east, north = bounds
    return west <= lon <= east and south <= lat <= north


def parse_route(text: str | None, bounds: BBox, *, max_points: int = MAX_POINTS) -> dict | None:
    """The route as a normalised geometry (six decimals), or None for a blank field.

    ``bounds`` (min lon, min lat, max lon, max lat) is the installation's extent: every position
    must lie in it. A route typed as [lat, lon] (common when copying from other tools) is
    recognised and refused with its own message rather than silently swapped.
    """
    text = (text or "").strip()
    if not text:
        return None
    if len(text) > MAX_CHARS:
        raise RouteError("too_large", limit=MAX_CHARS // 1000)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise RouteError("json", line=error.lineno, column=error.colno) from None
    except (RecursionError, ValueError):
        raise RouteError("json", line=1, column=1) from None
    lines = _lines_of(data)
    parsed: list[list[tuple[float, float]]] = []
    count = 0
    for line in lines:
        if not isinstance(line, list):
            raise RouteError("bad_position", number=count + 1)
        positions = []
        for raw in line:
            count += 1
            if count > max_points:
                raise RouteError("too_many", limit=max_points)
            positions.append(_position(raw, count))
        if len(positions) < 2:
            raise RouteError("too_short")
        parsed.append(positions)
    if not parsed:
        raise RouteError("empty")
    flat = [p for line in parsed for p in line]
    if any(abs(lon) > 180 or abs(lat) > 90 for lon, lat in flat):
        raise RouteError("projected")
    if not all(_inside(lon, lat, bounds) for lon, lat in flat):
        if all(_inside(lat, lon, bounds) for lon, lat in flat):
            raise RouteError("swapped")
        raise RouteError("outside")
    rounded = [[[round(lon, 6), round(lat, 6)] for lon, lat in line] for line in parsed]
    if len(rounded) == 1:
        return {"type": "LineString", "coordinates": rounded[0]}
    return {"type": "MultiLineString", "coordinates": rounded}


def lines(geometry: dict | None) -> list[list[list[float]]]:
    """The route's lines as lists of [lon, lat] (empty for no route)."""
    if not geometry:
        return []
    if geometry.get("type") == "LineString":
        return [geometry["coordinates"]]
    return list(geometry.get("coordinates") or [])


def route_bbox(geometry: dict | None) -> BBox | None:
    points = [p for line in lines(geometry) for p in line]
    if not points:
        return None
    return (
        min(p[0] for p in points),
        min(p[1] for p in points),
        max(p[0] for p in points),
        max(p[1] for p in points),
    )


def length_m(geometry: dict | None) -> float:
    """The route's length in metres (measured in SWEREF 99 TM)."""
    total = 0.0
    for line in lines(geometry):
        for a, b in itertools.pairwise(line):
            total += distance_m((a[0], a[1]), (b[0], b[1]))
    return total


def check_near(geometry: dict | None, area_bbox: BBox | None, margin_deg: float = 0.02) -> None:
    """Refuse (``far_from_area``) a route with no position within ``margin_deg`` of the area."""
    if not geometry or area_bbox is None:
        return
    west, south, east, north = area_bbox
    grown = (west - margin_deg, south - margin_deg, east + margin_deg, north + margin_deg)
    if not any(_inside(p[0], p[1], grown) for line in lines(geometry) for p in line):
        raise RouteError("far_from_area")
