"""The public places behind ``GET requests``: published places only, newest first."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC

from sqlalchemy.orm import joinedload

from portal.api.open311.params import Open311Error, RequestQuery
from portal.api.open311.present import STATUS_GROUPS
from portal.areas import services as area_services
from portal.areas.models import Area
from portal.extensions import db
from portal.map import queries
from portal.map.models import Category, Place


@dataclass(frozen=True)
class Counted:
    """How many requests match, and which page of them was asked for."""

    total: int
    page: int
    page_size: int

    @property
    def has_next(self) -> bool:
        return self.page * self.page_size < self.total


@dataclass(frozen=True)
class RequestPage(Counted):
    places: list[Place] = field(default_factory=list)


def jurisdiction(slug: str | None) -> Area | None:
    """The area a ``jurisdiction_id`` names; 404 in the standard's format if there is none."""
    if slug is None:
        return None
    area = area_services.get_by_slug(slug)
    if area is None:
        raise Open311Error(404, "jurisdiction_id was not found")
    return area


def _statement(query: RequestQuery):
    statement = db.select(Place).where(queries.public_condition())
    if query.ids is not None:
        statement = statement.where(Place.id.in_(query.ids))
    else:
        area = jurisdiction(query.jurisdiction)
        if area is not None:
            statement = statement.where(Place.area_id.in_(area_services.subtree_ids(area)))
        if query.service_codes:
            codes = db.select(Category.id).where(Category.slug.in_(query.service_codes))
            statement = statement.where(Place.category_id.in_(codes.scalar_subquery()))
        if query.statuses:
            wanted = [s for group in query.statuses for s in STATUS_GROUPS[group]]
            statement = statement.where(Place.status.in_(wanted))
        if query.start is not None:
            statement = statement.where(Place.created_at >= query.start.astimezone(UTC))
        if query.end is not None:
            statement = statement.where(Place.created_at < query.end.astimezone(UTC))
    return statement


def _count(statement) -> int:
    return db.session.scalar(db.select(db.func.count()).select_from(statement.subquery())) or 0


def count_public(query: RequestQuery) -> Counted:
    """The paging of ``query`` without its places (for a list the page cache served)."""
    return Counted(_count(_statement(query)), query.page, query.page_size)


def public_places(query: RequestQuery) -> RequestPage:
    """One page of the published places ``query`` asks for, newest first."""
    statement = _statement(query)
    total = _count(statement)
    rows = db.session.scalars(
        statement.options(joinedload(Place.area))
        .order_by(Place.created_at.desc(), Place.id.desc())
        .limit(query.page_size)
        .offset((query.page - 1) * query.page_size)
    )
    return RequestPage(total, query.page, query.page_size, list(rows))


def public_place(raw_id: str) -> Place:
    """One public place by its ``service_request_id``; 404 otherwise."""
    place = queries.by_id(Place, int(raw_id)) if raw_id.isascii() and raw_id.isdigit() else None
    if place is None or not place.is_public:
        raise Open311Error(404, "service_request_id was not found")
    return place
