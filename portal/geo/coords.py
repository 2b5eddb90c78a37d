"""Coordinate orders and projections.

GeoJSON and the database use [lon, lat] (WGS84). Leaflet and folium use [lat, lon]. Distances and
areas are computed in SWEREF 99 TM (EPSG:3006). Every conversion happens here and nowhere else.
"""

from __future__ import annotations

from functools import lru_cache

from pyproj import Transformer

LonLat = tuple[float, float]
BBox = tuple[float, float, float, float]  # min_lon, min_lat, max_lon, max_lat


def to_leaflet(lon: float, lat: float) -> list[float]:
    """[lat, lon] for Leaflet/folium."""
    return [lat, lon]


def bbox_to_leaflet_bounds(bbox: BBox) -> list[list[float]]:
    """[[south, west], [north, east]] for Leaflet's fitBounds."""
    min_lon, min_lat, max_lon, max_lat = bbox
    return [[min_lat, min_lon], [max_lat, max_lon]]


def union_bbox(boxes: list[BBox]) -> BBox | None:
    """The smallest box around all ``boxes`` (None for none)."""
    if not boxes:
        return None
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )


@lru_cache(maxsize=1)
def _to_sweref() -> Transformer:
    return Transformer.from_crs("EPSG:4326", "EPSG:3006", always_xy=True)


def to_sweref(lon: float, lat: float) -> tuple[float, float]:
    """(easting, northing) in metres, SWEREF 99 TM."""
    return _to_sweref().transform(lon, lat)


@lru_cache(maxsize=1)
def _from_sweref() -> Transformer:
    return Transformer.from_crs("EPSG:3006", "EPSG:4326", always_xy=True)


def from_sweref(easting: float, northing: float) -> LonLat:
    """(lon, lat) in WGS84 for a SWEREF 99 TM point (arrays work too, as in pyproj)."""
    return _from_sweref().transform(easting, northing)


def distance_m(a: LonLat, b: LonLat) -> float:
    """Distance in metres between two lon/lat points, in SWEREF 99 TM."""
    ax, ay = to_sweref(*a)
    bx, by = to_sweref(*b)
    return ((ax - bx) ** 2 + (ay - by) ** 2) ** 0.5
