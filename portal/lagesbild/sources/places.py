"""Source: places and their observations (``portal.map``'s tables).

* observations (reports) made in the period, by place category, time of day, row and source,
* places new in the period and places marked åtgärdad in the period, by row and category,
* observations per hot-spot cell (see :mod:`portal.lagesbild.hotspots`).

Rejected places and places merged into another are left out. Every count is split into
"public" (the place is published with a public status) and all, so the public summary can be
built from public places alone.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy import and_, case, func, or_

from portal.extensions import db
from portal.lagesbild import hotspots
from portal.lagesbild.sources import (
    BEFORE,
    NOW,
    Scope,
    Window,
    count_if,
    count_unless,
    grouped,
)
from portal.map import vocab as place_vocab
from portal.map.models import Category, Observation, Place

TIMES = place_vocab.TIMES_OF_DAY
WALK = place_vocab.WALK


def _public():
    return case(
        (and_(Place.published.is_(True), Place.status.in_(place_vocab.PUBLIC_STATUSES)), 1),
        else_=0,
    )


def _counted(scope: Scope | Window):
    """Places that count: in the subtree, not merged away, not rejected."""
    return and_(
        Place.area_id.in_(scope.area_ids),
        Place.merged_into_id.is_(None),
        Place.status != place_vocab.AVVISAD,
    )


def _in_period(column, scope: Scope):
    return and_(column >= scope.start_utc, column < scope.end_utc)


def categories() -> list[dict[str, Any]]:
    rows = grouped(
        db.select(
            Category.id, Category.slug, Category.name_sv, Category.name_en, Category.positive
        ).order_by(Category.sort_order, Category.id)
    ).all()
    return [
        {"id": i, "slug": s, "name_sv": sv, "name_en": en, "positive": bool(p)}
        for i, s, sv, en, p in rows
    ]


def _nested() -> defaultdict:
    return defaultdict(lambda: defaultdict(int))


def _audiences(is_public) -> tuple[str, ...]:
    return ("all", "public") if is_public else ("all",)


def _plain(nested: dict) -> dict:
    return {a: {k: dict(v) for k, v in rows.items()} for a, rows in nested.items()}


def collect(window: Window) -> dict[str, dict[str, Any]]:
    """Per period: observations by category × time of day (all and public), per row, per
    source; places new and åtgärdade per row and category.

    One scan of both periods' observations, joined to their places, grouped by what the tables
    show (category, time of day, area, public); each period's count, and its walk observations,
    in a column of their own.
    """
    in_now = window.time_in_now(Observation.created_at)
    walk = Observation.source == WALK
    public = _public().label("public")
    rows = grouped(
        db.select(
            Place.category_id,
            Observation.time_of_day,
            Place.area_id,
            public,
            count_if(in_now),
            count_unless(in_now),
            count_if(and_(in_now, walk)),
            count_if(and_(~in_now, walk)),
        )
        .join(Place, Observation.place_id == Place.id)
        .where(_counted(window), window.times(Observation.created_at))
        .group_by(Place.category_id, Observation.time_of_day, Place.area_id, public)
    ).all()
    parts = {
        name: {
            "by_time": {"all": _nested(), "public": _nested()},
            "by_row": {"all": _nested(), "public": _nested()},
            "walk": defaultdict(int),
            "total": {"all": 0, "public": 0},
        }
        for name in (NOW, BEFORE)
    }
    for category_id, time_of_day, area_id, is_public, *counts in rows:
        now, before, walk_now, walk_before = (int(c or 0) for c in counts)
        category, row = str(category_id), window.row(area_id)
        for period, count, walks in ((NOW, now, walk_now), (BEFORE, before, walk_before)):
            if not count:
                continue
            part = parts[period]
            for audience in _audiences(is_public):
                part["by_time"][audience][category][time_of_day] += count
                part["by_row"][audience][row][category] += count
                part["total"][audience] += count
            if walks:
                part["walk"][category] += walks
    flows = _new_and_resolved(window)
    return {
        name: {
            "observations": part["total"],
            "by_time": _plain(part["by_time"]),
            "by_row": _plain(part["by_row"]),
            "walk_observations": dict(part["walk"]),
            **flows[name],
        }
        for name, part in parts.items()
    }


def _is_public(published, status) -> bool:
    """:func:`_public` for one place, in Python."""
    return bool(published) and status in place_vocab.PUBLIC_STATUSES


def _new_and_resolved(window: Window) -> dict[str, dict[str, Any]]:
    """Places created in each period, and places marked åtgärdad in each period: one scan.

    Each period's new and åtgärdade places are counted in a column of their own, grouped by the
    leading columns of ``ix_place_lagesbild`` (so the database aggregates as it reads the index,
    without sorting); whether a group is public is worked out here.
    """
    created = window.times(Place.created_at)
    atgardad = Place.status == place_vocab.ATGARDAD
    resolved = and_(atgardad, window.times(Place.status_changed_at))
    rows = grouped(
        db.select(
            Place.area_id,
            Place.category_id,
            Place.published,
            Place.status,
            count_if(_in_period(Place.created_at, window.now)),
            count_if(_in_period(Place.created_at, window.before)),
            count_if(and_(atgardad, _in_period(Place.status_changed_at, window.now))),
            count_if(and_(atgardad, _in_period(Place.status_changed_at, window.before))),
        )
        .where(_counted(window), or_(created, resolved))
        .group_by(Place.area_id, Place.category_id, Place.published, Place.status)
    ).all()
    counted = {
        name: {kind: {"all": _nested(), "public": _nested()} for kind in ("new", "resolved")}
        for name in (NOW, BEFORE)
    }
    for area_id, category_id, published, status, *counts in rows:
        row, category = window.row(area_id), str(category_id)
        audiences = _audiences(_is_public(published, status))
        new_now, new_before, resolved_now, resolved_before = (int(c or 0) for c in counts)
        for kind, period, count in (
            ("new", NOW, new_now),
            ("new", BEFORE, new_before),
            ("resolved", NOW, resolved_now),
            ("resolved", BEFORE, resolved_before),
        ):
            if not count:
                continue
            for audience in audiences:
                counted[period][kind][audience][row][category] += count
    return {
        name: {kind: _plain(parts) for kind, parts in kinds.items()}
        for name, kinds in counted.items()
    }


def hotspot_cells(scope: Scope, projection: hotspots.Projection, size: int) -> list[dict[str, int]]:
    """Observations per grid cell: ``[{"x", "y", "n", "public"}]``."""
    x, y = projection.sql(Observation.lon, Observation.lat)
    ix = hotspots.cell_index(x, size, scope.dialect).label("ix")
    iy = hotspots.cell_index(y, size, scope.dialect).label("iy")
    public = _public()
    rows = grouped(
        db.select(ix, iy, func.count(), func.sum(public))
        .join(Place, Observation.place_id == Place.id)
        .where(_counted(scope), _in_period(Observation.created_at, scope))
        .group_by(ix, iy)
    ).all()
    return [{"x": int(a), "y": int(b), "n": int(n), "public": int(p or 0)} for a, b, n, p in rows]


def record_query(
    scope: Scope,
    *,
    category_id=None,
    time_of_day=None,
    row_area_ids=None,
    kind="observations",
    cell=None,
    projection=None,
    size=None,
):
    """The places behind a number (staff): a select of :class:`Place`, newest first."""
    query = db.select(Place).where(_counted(scope))
    if row_area_ids is not None:
        query = query.where(Place.area_id.in_(row_area_ids))
    if category_id is not None:
        query = query.where(Place.category_id == category_id)
    if kind == "new":
        query = query.where(_in_period(Place.created_at, scope))
    elif kind == "resolved":
        query = query.where(
            Place.status == place_vocab.ATGARDAD, _in_period(Place.status_changed_at, scope)
        )
    else:
        observed = db.select(Observation.place_id).where(_in_period(Observation.created_at, scope))
        if time_of_day is not None:
            observed = observed.where(Observation.time_of_day == time_of_day)
        if cell is not None and projection is not None and size:
            x, y = projection.sql(Observation.lon, Observation.lat)
            observed = observed.where(
                hotspots.cell_index(x, size, scope.dialect) == cell[0],
                hotspots.cell_index(y, size, scope.dialect) == cell[1],
            )
        query = query.where(Place.id.in_(observed))
    return query.order_by(Place.updated_at.desc(), Place.id.desc())


def public_place_ids(ids: list[int]) -> set[int]:
    """Which of ``ids`` are places everyone may see (for evidence shown in public)."""
    if not ids:
        return set()
    return set(
        db.session.scalars(
            db.select(Place.id).where(
                Place.id.in_(ids),
                Place.published.is_(True),
                Place.merged_into_id.is_(None),
                Place.status.in_(place_vocab.PUBLIC_STATUSES),
            )
        )
    )


def places_by_ids(ids: list[int], area_ids) -> dict[int, Place]:
    if not ids:
        return {}
    found = db.session.scalars(
        db.select(Place).where(Place.id.in_(ids), Place.area_id.in_(area_ids))
    )
    return {p.id: p for p in found}
