"""Walk-protocol points (:mod:`portal.walks`) a commitment can answer."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from flask import url_for

from portal.areas import services as area_services
from portal.areas.models import Area
from portal.extensions import db
from portal.walks.models import Walk, WalkPoint


@dataclass(frozen=True)
class WalkPointInfo:
    id: int
    number: int
    walk_id: int
    walk_title: str
    place_id: int
    label: str
    protocol_public: bool

    @property
    def protocol_url(self) -> str | None:
        return (
            url_for("walks.protocol_page", walk_id=self.walk_id) if self.protocol_public else None
        )


def _point_info(point: WalkPoint, locale: str) -> WalkPointInfo:
    walk = point.walk
    return WalkPointInfo(
        id=point.id,
        number=point.number,
        walk_id=walk.id,
        walk_title=walk.title,
        place_id=point.place_id,
        label=point.place.category.name(locale),
        protocol_public=bool(walk.protocol_published),
    )


def walk_point(point_id: int, locale: str) -> WalkPointInfo | None:
    found = db.session.get(WalkPoint, point_id)
    return _point_info(found, locale) if found is not None else None


def walk_points(ids: Iterable[int], locale: str) -> list[WalkPointInfo]:
    wanted = [i for i in ids if i]
    if not wanted:
        return []
    found = db.session.scalars(db.select(WalkPoint).where(WalkPoint.id.in_(wanted)))
    return [_point_info(p, locale) for p in found]


def walk_point_choices(area: Area, locale: str, limit: int = 300) -> list[WalkPointInfo]:
    """Included protocol points of walks in ``area`` and below, newest walk first."""
    query = (
        db.select(WalkPoint)
        .join(Walk, WalkPoint.walk_id == Walk.id)
        .where(Walk.area_id.in_(area_services.subtree_ids(area)), WalkPoint.included.is_(True))
        .order_by(Walk.starts_at.desc(), WalkPoint.number)
        .limit(limit)
    )
    return [_point_info(p, locale) for p in db.session.scalars(query)]


def walk_point_in_areas(point_id: int, area: Area) -> bool:
    found = db.session.get(WalkPoint, point_id)
    return found is not None and found.walk.area.path.startswith(area.path)


def walk_points_for_places(place_ids: list[int]) -> list[int]:
    """Protocol points whose place is one of ``place_ids``."""
    if not place_ids:
        return []
    return list(
        db.session.scalars(db.select(WalkPoint.id).where(WalkPoint.place_id.in_(place_ids)))
    )
