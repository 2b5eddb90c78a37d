"""Validation of area boundaries given as GeoJSON (RFC 7946: WGS84, lon/lat order)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import shapely
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

# Where an installation's areas may lie (lon/lat). Sweden with a margin; configurable per app.
SWEDEN_BOUNDS = (10.0, 55.0, 24.5, 69.5)
ACCEPTED_CRS = {
    "urn:ogc:def:crs:OGC:1.3:CRS84",
    "urn:ogc:def:crs:OGC::CRS84",
    "urn:ogc:def:crs:EPSG::4326",
    "EPSG:4326",
}


class GeometryError(ValueError):
    """A boundary that cannot be used; the message says why in plain words."""


def check_crs(document: dict[str, Any]) -> None:
    """Refuse a legacy ``crs`` member naming anything but WGS84."""
    crs = document.get("crs")
    if not crs:
        return
    name = (crs.get("properties") or {}).get("name", "") if isinstance(crs, dict) else ""
    if name not in ACCEPTED_CRS:
        raise GeometryError(
            f"Filen anger koordinatsystemet {name or 'okänt'}; GeoJSON ska vara i WGS84 "
            "(EPSG:4326, longitud/latitud). Konvertera filen först, t.ex. med ogr2ogr -t_srs EPSG:4326."
        )


def _positions(coordinates: Any) -> Iterator[tuple[float, float]]:
    if (
        isinstance(coordinates, list | tuple)
        and len(coordinates) >= 2
        and all(isinstance(c, int | float) for c in coordinates[:2])
    ):
        yield float(coordinates[0]), float(coordinates[1])
        return
    if isinstance(coordinates, list | tuple):
        for part in coordinates:
            yield from _positions(part)


def _inside(lon: float, lat: float, bounds: tuple[float, float, float, float]) -> bool:
    return bounds[0] <= lon <= bounds[2] and bounds[1] <= lat <= bounds[3]


def check_positions(geometry: dict[str, Any], bounds: tuple[float, float, float, float]) -> None:
    """Catch projected coordinates, swapped lon/lat and points outside the installation."""
    positions = list(_positions(geometry.get("coordinates")))
    if not positions:
        raise GeometryError("Geometrin saknar koordinater.")
    if any(abs(lon) > 180 or abs(lat) > 90 for lon, lat in positions):
        raise GeometryError(
            "Koordinaterna är inte grader: filen verkar vara i ett projicerat koordinatsystem "
            "(t.ex. SWEREF 99 TM). GeoJSON ska vara i WGS84 (EPSG:4326, longitud/latitud)."
        )
    if all(_inside(lon, lat, bounds) for lon, lat in positions):
        return
    if all(_inside(lat, lon, bounds) for lon, lat in positions):
        raise GeometryError(
            "Latitud och longitud verkar vara omkastade: GeoJSON anger longitud först "
            "([lon, lat], t.ex. [17.14, 60.67])."
        )
    raise GeometryError(
        "Geometrin ligger (delvis) utanför installationens geografiska gräns "
        f"(longitud {bounds[0]}–{bounds[2]}, latitud {bounds[1]}–{bounds[3]})."
    )


def validate_geometry(
    geometry: Any, bounds: tuple[float, float, float, float] = SWEDEN_BOUNDS
) -> BaseGeometry:
    """Return a valid shapely (Multi)Polygon for a GeoJSON geometry, or raise GeometryError."""
    if not isinstance(geometry, dict) or "type" not in geometry:
        raise GeometryError("Geometri saknas eller är inte ett GeoJSON-objekt.")
    if geometry["type"] not in ("Polygon", "MultiPolygon"):
        raise GeometryError(
            f"Ett område måste vara Polygon eller MultiPolygon, inte {geometry['type']}."
        )
    check_positions(geometry, bounds)
    try:
        geom = shape(geometry)
    except (ValueError, TypeError, AttributeError, IndexError) as exc:
        raise GeometryError(f"Geometrin går inte att läsa: {exc}.") from exc
    if geom.is_empty:
        raise GeometryError("Geometrin är tom.")
    if not geom.is_valid:
        reason = shapely.is_valid_reason(geom)
        raise GeometryError(
            f"Geometrin är ogiltig ({reason}), t.ex. en polygon som korsar sig själv. "
            "Rätta den i ett GIS-verktyg (t.ex. QGIS: Fix geometries)."
        )
    return geom
