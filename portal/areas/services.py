"""Writes and queries on the area tree. Services flush; the caller commits."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from flask import current_app
from shapely.geometry.base import BaseGeometry
from sqlalchemy.orm import undefer

from portal.areas import lookup
from portal.areas.geometry import SWEDEN_BOUNDS, validate_geometry
from portal.areas.models import AREA_KINDS, Area
from portal.extensions import db


def slugify(text: str) -> str:
    """ASCII slug: 'Södra Älvstaden' → 'sodra-alvstaden'."""
    normalized = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", normalized.lower()).strip("-")
    return slug or "omrade"


def unique_slug(base: str, taken: set[str] | None = None) -> str:
    """``base`` or ``base-2``, ``base-3`` … not used by any area (nor in ``taken``)."""
    taken = taken or set()
    existing = set(db.session.scalars(db.select(Area.slug).where(Area.slug.like(f"{base}%"))))
    candidate, number = base, 2
    while candidate in existing or candidate in taken:
        candidate, number = f"{base}-{number}", number + 1
    return candidate


def _apply_geometry(area: Area, geojson: dict[str, Any] | None, geom: BaseGeometry | None) -> None:
    area.geometry = geojson
    if geom is None:
        area.min_lon = area.min_lat = area.max_lon = area.max_lat = None
        area.point_lon = area.point_lat = None
        return
    area.min_lon, area.min_lat, area.max_lon, area.max_lat = geom.bounds
    point = geom.representative_point()
    area.point_lon, area.point_lat = point.x, point.y


def create_area(
    name: str,
    kind: str,
    *,
    parent: Area | None = None,
    slug: str | None = None,
    geometry: dict[str, Any] | None = None,
    population: dict[str, Any] | None = None,
    bounds: tuple[float, float, float, float] = SWEDEN_BOUNDS,
) -> Area:
    """Create an area under ``parent``; the geometry is validated (GeometryError)."""
    if kind not in AREA_KINDS:
        raise ValueError(f"Okänd områdestyp {kind!r}; välj en av {', '.join(AREA_KINDS)}.")
    geom = validate_geometry(geometry, bounds) if geometry is not None else None
    area = Area(
        name=name.strip(),
        kind=kind,
        slug=slug or unique_slug(slugify(name)),
        parent=parent,
        population=population,
        population_total=(population or {}).get("total"),
    )
    _apply_geometry(area, geometry, geom)
    db.session.add(area)
    db.session.flush()
    area.path = f"{parent.path if parent else '/'}{area.id}/"
    db.session.flush()
    lookup.invalidate()
    return area


def get_by_slug(slug: str) -> Area | None:
    return db.session.scalar(db.select(Area).where(Area.slug == slug))


def roots() -> list[Area]:
    """Top-level areas, by name."""
    return list(
        db.session.scalars(db.select(Area).where(Area.parent_id.is_(None)).order_by(Area.name))
    )


def subtree_query(area: Area):
    """A select of the area and all its descendants."""
    return db.select(Area).where(Area.path.startswith(area.path, autoescape=True))


def subtree_ids(area: Area) -> list[int]:
    """Ids of the area and its descendants."""
    return list(
        db.session.scalars(
            db.select(Area.id).where(Area.path.startswith(area.path, autoescape=True))
        )
    )


def tree(with_geometry: bool = False) -> list[tuple[Area, int]]:
    """Every area with its depth, in tree order (parents before children, siblings by name).

    Boundaries are loaded only when asked for (they are the bulk of each row).
    """
    query = db.select(Area).options(undefer(Area.geometry)) if with_geometry else db.select(Area)
    areas = list(db.session.scalars(query))
    by_parent: dict[int | None, list[Area]] = {}
    for area in areas:
        by_parent.setdefault(area.parent_id, []).append(area)
    ordered: list[tuple[Area, int]] = []

    def walk(parent_id: int | None, depth: int) -> None:
        for child in sorted(by_parent.get(parent_id, []), key=lambda a: a.name.lower()):
            ordered.append((child, depth))
            walk(child.id, depth + 1)

    walk(None, 0)
    return ordered


def ancestors(area: Area) -> list[Area]:
    """From the root down to the area's parent."""
    ids = [int(part) for part in area.path.strip("/").split("/")[:-1] if part]
    if not ids:
        return []
    found = {a.id: a for a in db.session.scalars(db.select(Area).where(Area.id.in_(ids)))}
    return [found[i] for i in ids if i in found]


def areas_with_geometry_under(area: Area) -> list[Area]:
    """The area's subtree, only those with a boundary."""
    return list(db.session.scalars(subtree_query(area).where(Area.geometry.is_not(None))))


def configured_bounds() -> tuple[float, float, float, float]:
    """The installation's lon/lat bounds (setting ``AREA_BOUNDS``), Sweden by default."""
    return tuple(current_app.config.get("AREA_BOUNDS") or SWEDEN_BOUNDS)  # type: ignore[return-value]
