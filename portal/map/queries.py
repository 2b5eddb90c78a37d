"""Read queries over places: public and staff scopes, bbox answers, lists, queue, breakdowns."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Integer, and_, cast, func, or_, true

from portal.areas.models import Area
from portal.areas.services import get_by_slug, subtree_ids
from portal.extensions import db
from portal.geo.coords import BBox
from portal.map import vocab
from portal.map.geojson import PlaceFilters, grid_steps
from portal.map.models import Category, Observation, Place
from portal.pagination import Page, paginate

GRID_COLUMNS = 24
MAX_ID = 2**31 - 1  # ids beyond a 32-bit integer cannot exist (and overflow the database)


def by_id(model, ident: Any):
    """``db.session.get`` that answers None for ids no row can have (huge, negative, not ints)."""
    if not isinstance(ident, int) or isinstance(ident, bool) or not 0 < ident <= MAX_ID:
        return None
    return db.session.get(model, ident)


def area_ids_for_slug(slug: str) -> list[int] | None:
    """Ids of the area's subtree, or None for an unknown slug."""
    area = get_by_slug(slug)
    return subtree_ids(area) if area is not None else None


def category_ids_by_slug() -> dict[str, int]:
    return dict(db.session.execute(db.select(Category.slug, Category.id)).all())


def categories_by_id() -> dict[int, Category]:
    return {c.id: c for c in db.session.scalars(db.select(Category))}


def public_condition():
    """Places everyone may see (``published = true``: an equality the index can use).

    ``published`` alone decides: the handling services keep it false for rejected places and
    for places merged into another (see :func:`portal.map.handling.set_published`), so the
    bounding-box index ``(published, lat, lon)`` drives every public query.
    """
    return Place.published == true()


def _no_index(column):
    """``column`` in a form no index matches (``x + 0``, ``x || ''``), so that the query
    planner keeps driving by the bounding-box index instead of a category or status index
    (SQLite has no statistics to know that those match thousands of rows)."""
    if column.type.python_type is str:
        return column.concat("")
    return column + 0


def in_areas(areas: Sequence[Area]):
    """Places in any of ``areas`` or their subtrees (false for no areas)."""
    if not areas:
        return Place.id.is_(None)
    ids = db.select(Area.id).where(or_(*[Area.path.startswith(a.path) for a in areas]))
    return _no_index(Place.area_id).in_(ids.scalar_subquery())


def scope_condition(staff_areas: Sequence[Area] | None):
    """Public places, or (staff) every place not merged away in ``staff_areas``."""
    if staff_areas is None:
        return public_condition()
    return and_(func.coalesce(Place.merged_into_id, 0) == 0, in_areas(staff_areas))


def apply_filters(query, filters: PlaceFilters):
    if filters.category_ids:
        query = query.where(_no_index(Place.category_id).in_(filters.category_ids))
    if filters.statuses:
        query = query.where(_no_index(Place.status).in_(filters.statuses))
    if filters.times:
        query = query.where(Place.time_mask.op("&")(filters.time_mask) != 0)
    if filters.area_ids is not None:
        query = query.where(_no_index(Place.area_id).in_(filters.area_ids))
    return query


def _in_bbox(bbox: BBox, lon=Place.lon, lat=Place.lat):
    west, south, east, north = bbox
    return and_(lat >= south, lat <= north, lon >= west, lon <= east)


def _cell(expression, origin: float, step: float):
    """Index of the grid cell along one axis (values are never below ``origin``)."""
    scaled = (expression - origin) / step
    if db.session.get_bind().dialect.name == "sqlite":
        return cast(scaled, Integer)  # truncation is floor for non-negative values
    return cast(func.floor(scaled), Integer)


@dataclass(frozen=True)
class BBoxResult:
    """Single places (``places``), or grid clusters (``cells``) when there are too many."""

    places: list[Any] | None = None
    cells: list[tuple[float, float, int]] | None = None
    step: tuple[float, float] | None = None


PLACE_COLUMNS = (
    Place.id,
    Place.lon,
    Place.lat,
    Place.status,
    Place.category_id,
    Place.published,
    Place.needs_positioning,
    Place.observation_count,
    Place.agree_count,
)


def places_in_bbox(
    bbox: BBox,
    filters: PlaceFilters,
    *,
    cap: int,
    staff_areas: Sequence[Area] | None = None,
    columns: int = GRID_COLUMNS,
) -> BBoxResult:
    """Places in the box; more than ``cap`` → counts per grid cell (at the cell's mean point).

    One grouped query answers both questions (how many, and where): it reads only the covering
    bounding-box index. Only when there are few places are the rows themselves fetched.
    """
    where = [scope_condition(staff_areas), _in_bbox(bbox)]
    step_lon, step_lat = grid_steps(bbox, columns)
    key = (
        _cell(Place.lat, bbox[1], step_lat) * 100_000 + _cell(Place.lon, bbox[0], step_lon)
    ).label("cell")
    grid = apply_filters(
        db.select(key, func.count(), func.avg(Place.lon), func.avg(Place.lat)).where(*where),
        filters,
    ).group_by("cell")
    cells = [(lon, lat, count) for _key, count, lon, lat in db.session.execute(grid)]
    if sum(count for _lon, _lat, count in cells) > cap:
        return BBoxResult(cells=cells, step=(step_lon, step_lat))
    query = apply_filters(db.select(*PLACE_COLUMNS).where(*where), filters)
    return BBoxResult(places=db.session.execute(query).all())


def observation_grid(
    bbox: BBox, filters: PlaceFilters, staff_areas: Sequence[Area], columns: int = 20
) -> tuple[list[tuple[int, int, int]], tuple[float, float]]:
    """Reports per grid cell (staff heat view): ``[(cx, cy, count)]`` and the cell size.

    Category, area and status filters apply to the place; time of day to each report.
    """
    step_lon, step_lat = grid_steps(bbox, columns)
    cx = _cell(Observation.lon, bbox[0], step_lon).label("cx")
    cy = _cell(Observation.lat, bbox[1], step_lat).label("cy")
    query = (
        db.select(cx, cy, func.count())
        .join(Place, Observation.place_id == Place.id)
        .where(
            scope_condition(staff_areas),
            _in_bbox(bbox, Observation.lon, Observation.lat),
        )
    )
    query = apply_filters(
        query, PlaceFilters(filters.category_ids, filters.statuses, (), filters.area_ids)
    )
    if filters.times:
        query = query.where(Observation.time_of_day.in_(filters.times))
    rows = db.session.execute(query.group_by("cx", "cy")).all()
    return [(int(x), int(y), int(n)) for x, y, n in rows], (step_lon, step_lat)


def category_time_table(
    filters: PlaceFilters, staff_areas: Sequence[Area]
) -> dict[tuple[int, str], int]:
    """Reports per (category id, time of day) in the staff's areas."""
    query = (
        db.select(Place.category_id, Observation.time_of_day, func.count())
        .join(Place, Observation.place_id == Place.id)
        .where(scope_condition(staff_areas))
    )
    query = apply_filters(query, PlaceFilters((), filters.statuses, (), filters.area_ids))
    rows = db.session.execute(query.group_by(Place.category_id, Observation.time_of_day))
    return {(c, t): n for c, t, n in rows}


def place_list(
    filters: PlaceFilters,
    page: Any,
    size: int,
    *,
    staff_areas: Sequence[Area] | None = None,
    published: bool | None = None,
    needs_positioning: bool | None = None,
) -> Page:
    """Places newest-changed first (public scope unless ``staff_areas`` is given)."""
    query = apply_filters(db.select(Place).where(scope_condition(staff_areas)), filters)
    if published is not None:
        query = query.where(Place.published.is_(published))
    if needs_positioning is not None:
        query = query.where(Place.needs_positioning.is_(needs_positioning))
    query = query.order_by(Place.updated_at.desc(), Place.id.desc())
    return paginate(query, page, size)


QUEUE_FILTERS = ("alla", "placera", "tips", "foto")


def queue(staff_areas: Sequence[Area], kind: str, page: Any, size: int) -> Page:
    """Reports waiting for review in the staff's areas, oldest first."""
    query = (
        db.select(Observation)
        .join(Place, Observation.place_id == Place.id)
        .where(Observation.review_state == vocab.REVIEW_NEW, in_areas(staff_areas))
    )
    if kind == "placera":
        query = query.where(Place.needs_positioning.is_(True))
    elif kind == "tips":
        query = query.where(Observation.flagged_emergency.is_(True))
    elif kind == "foto":
        query = query.where(Observation.photo_state == vocab.PHOTO_PENDING)
    return paginate(query.order_by(Observation.created_at, Observation.id), page, size)


def queue_count(staff_areas: Sequence[Area]) -> int:
    query = (
        db.select(func.count(Observation.id))
        .join(Place, Observation.place_id == Place.id)
        .where(Observation.review_state == vocab.REVIEW_NEW, in_areas(staff_areas))
    )
    return db.session.scalar(query) or 0


@dataclass(frozen=True)
class Breakdown:
    """A place's reports by time of day, by kind of day and by month (oldest month first)."""

    total: int
    by_time: dict[str, int]
    by_day_kind: dict[str, int]
    by_month: list[tuple[str, int]]


def breakdown(place: Place) -> Breakdown:
    rows = db.session.execute(
        db.select(Observation.time_of_day, Observation.day_kind, Observation.created_at).where(
            Observation.place_id == place.id
        )
    ).all()
    times = Counter(r[0] for r in rows)
    kinds = Counter(r[1] for r in rows)
    months = Counter(r[2].strftime("%Y-%m") for r in rows)
    return Breakdown(
        total=len(rows),
        by_time={t: times.get(t, 0) for t in vocab.TIMES_OF_DAY},
        by_day_kind={k: kinds.get(k, 0) for k in vocab.DAY_KINDS},
        by_month=sorted(months.items()),
    )


def public_count_in_area(area: Area) -> int:
    """Published places in the area and its subtree."""
    ids = subtree_ids(area)
    return (
        db.session.scalar(
            db.select(func.count(Place.id)).where(public_condition(), Place.area_id.in_(ids))
        )
        or 0
    )
