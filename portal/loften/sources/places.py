"""Places behind a promise and behind a report (:mod:`portal.map`), merges followed."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from flask import url_for
from sqlalchemy import literal_column
from sqlalchemy.orm import aliased

from portal.areas import services as area_services
from portal.areas.models import Area
from portal.extensions import db
from portal.map import vocab as place_vocab
from portal.map.models import Category, Place

MAX_MERGE_STEPS = 10


@dataclass(frozen=True)
class PlaceInfo:
    id: int
    label: str  # the category's name
    area_name: str
    lon: float
    lat: float
    status: str
    public: bool

    @property
    def status_label(self) -> str:
        return str(place_vocab.STATUS_LABELS.get(self.status, self.status))

    @property
    def url(self) -> str | None:
        return url_for("map.place", place_id=self.id) if self.public else None


def _current(place: Place) -> Place:
    for _step in range(MAX_MERGE_STEPS):
        if place.merged_into is None:
            break
        place = place.merged_into
    return place


def _place_info(place: Place, locale: str) -> PlaceInfo:
    return PlaceInfo(
        id=place.id,
        label=place.category.name(locale),
        area_name=place.area.name,
        lon=place.lon,
        lat=place.lat,
        status=place.status,
        public=place.is_public,
    )


def place(place_id: int, locale: str) -> PlaceInfo | None:
    """A place (merges followed), public or not: for staff."""
    found = db.session.get(Place, place_id)
    return _place_info(_current(found), locale) if found is not None else None


def public_places(ids: Iterable[int], locale: str) -> list[PlaceInfo]:
    """The public places among ``ids`` (merges followed, each once), in the order given."""
    wanted = list(dict.fromkeys(i for i in ids if i))
    if not wanted:
        return []
    found = {p.id: p for p in db.session.scalars(db.select(Place).where(Place.id.in_(wanted)))}
    out: dict[int, PlaceInfo] = {}
    for place_id in wanted:
        if place_id in found:
            current = _current(found[place_id])
            if current.is_public and current.id not in out:
                out[current.id] = _place_info(current, locale)
    return list(out.values())


def place_in_areas(place_id: int, area: Area) -> bool:
    """The place exists and lies in ``area`` or below it."""
    found = db.session.get(Place, place_id)
    return found is not None and found.area.path.startswith(area.path)


def _family(place: Place) -> list[int]:
    """The place and every place merged into it (down to ``MAX_MERGE_STEPS`` merges).

    One recursive query, however deep the merges go; the place comes first, then each level.
    """
    family = (
        db.select(Place.id.label("id"), literal_column("0").label("depth"))
        .where(Place.id == place.id)
        .cte("place_family", recursive=True)
    )
    merged = aliased(Place)
    family = family.union_all(
        db.select(merged.id, family.c.depth + literal_column("1")).where(
            merged.merged_into_id == family.c.id, family.c.depth < MAX_MERGE_STEPS
        )
    )
    found = db.session.scalars(db.select(family.c.id).order_by(family.c.depth, family.c.id))
    return list(dict.fromkeys(found))


def place_family(place: Any) -> list[int]:
    """For the place page: the current place (merges followed) and the places merged into it."""
    return _family(_current(place))


def observation_family(observation: Any) -> tuple[list[int], bool]:
    """For the follow page: the place family behind a report, and whether that place is public."""
    current = _current(observation.place)
    return _family(current), current.is_public


def public_place_ids_in(area: Area, category_slugs: Iterable[str], limit: int) -> list[int]:
    """Published places in ``area`` (and below) of these categories, oldest first (for the demo)."""
    query = (
        db.select(Place.id)
        .join(Category, Place.category_id == Category.id)
        .where(
            Place.area_id.in_(area_services.subtree_ids(area)),
            Category.slug.in_(list(category_slugs)),
            Place.published.is_(True),
            Place.merged_into_id.is_(None),
            Place.status.in_(place_vocab.PUBLIC_STATUSES),
        )
        .order_by(Place.id)
        .limit(limit)
    )
    return list(db.session.scalars(query))
