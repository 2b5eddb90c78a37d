"""Point → area lookup: an STRtree of prepared boundaries, built once per process.

The index is rebuilt when the area table changes (its row count or newest ``updated_at`` differ
from when the index was built), so every process sees new boundaries without a restart.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

import shapely
from shapely import STRtree
from shapely.geometry import Point, shape
from sqlalchemy import func

from portal.areas.models import Area
from portal.extensions import db


@dataclass(frozen=True)
class AreaIndex:
    """Boundaries with their area ids and depths, queryable by point."""

    tree: STRtree | None
    ids: tuple[int, ...]
    depths: tuple[int, ...]
    geometries: tuple[object, ...]

    @classmethod
    def build(cls, rows: list[tuple[int, str, dict]]) -> AreaIndex:
        """Build from ``(id, path, geojson)`` rows."""
        geoms, ids, depths = [], [], []
        for area_id, path, geojson in rows:
            geom = shape(geojson)
            shapely.prepare(geom)
            geoms.append(geom)
            ids.append(area_id)
            depths.append(path.count("/"))
        tree = STRtree(geoms) if geoms else None
        return cls(tree, tuple(ids), tuple(depths), tuple(geoms))

    def find(self, lon: float, lat: float) -> int | None:
        """Id of the deepest area containing the point, or None."""
        if self.tree is None:
            return None
        point = Point(lon, lat)
        best: tuple[int, int] | None = None
        for index in self.tree.query(point, predicate="intersects"):
            candidate = (self.depths[index], self.ids[index])
            if best is None or candidate > best:
                best = candidate
        return best[1] if best else None


_lock = threading.Lock()
_cache: dict[str, tuple[tuple, AreaIndex]] = {}


def _version() -> tuple:
    count, newest = db.session.execute(
        db.select(func.count(Area.id), func.max(Area.updated_at))
    ).one()
    return (str(db.engine.url), count, str(newest))


def current_index() -> AreaIndex:
    """The index for the current database, rebuilt if areas changed."""
    version = _version()
    key = version[0]
    cached = _cache.get(key)
    if cached and cached[0] == version:
        return cached[1]
    with _lock:
        rows = db.session.execute(
            db.select(Area.id, Area.path, Area.geometry).where(Area.geometry.is_not(None))
        ).all()
        index = AreaIndex.build([tuple(r) for r in rows])
        _cache[key] = (version, index)
        return index


def invalidate() -> None:
    """Forget every cached index (after area writes in this process)."""
    _cache.clear()


def area_for_point(lon: float, lat: float) -> Area | None:
    """The deepest area containing (lon, lat), or None when the point is outside every area."""
    area_id = current_index().find(lon, lat)
    return db.session.get(Area, area_id) if area_id is not None else None
