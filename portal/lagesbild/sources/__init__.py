"""The lägesbild's sources, one module each: surveys, places, walks, EST.

Each module reads another domain's tables through queries of its own and returns plain,
JSON-ready numbers, so when that domain changes only its one module here has to follow.
Every query aggregates in SQL (``GROUP BY``) over the area's subtree and the period; Python only
rolls the grouped rows up into the lägesbild's rows (the area's direct sub-areas).

Speed: a query reads the period and the previous one in one range scan and counts each in a column
of its own (:func:`count_if` with :meth:`Window.time_in_now` / :meth:`Window.date_in_now`), so the
period is not a grouping key: half the groups, and no text label to sort by. The indexes these scans
use on other domains' tables are named ``ix_…_lagesbild`` (migration ``0009_lagesbild_speed``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import and_, case, func

from portal.areas.models import Area
from portal.extensions import db
from portal.geo.coords import BBox, union_bbox
from portal.lagesbild.periods import Period


@dataclass(frozen=True)
class Scope:
    """Where and when: the area's subtree, which row each area rolls up into, and the period.

    ``row_of`` maps every area id in the subtree to its row key: the id (as text) of the direct
    sub-area it lies in, or of the area itself for records placed on the area directly.
    ``start_utc``/``end_utc`` are the period's local midnights in UTC (end exclusive), for
    timestamps; dates compare with ``start``/``end`` (inclusive).
    """

    area_id: int
    area_ids: tuple[int, ...]
    row_of: dict[int, str]
    start: date
    end: date
    start_utc: datetime
    end_utc: datetime
    dialect: str

    def row(self, area_id: int | None) -> str | None:
        return self.row_of.get(area_id) if area_id is not None else None


NOW, BEFORE = "now", "before"


@dataclass(frozen=True)
class Window:
    """A period (``now``) and the previous equal period right before it (``before``).

    The two are contiguous, so every source reads both with one range scan and splits the
    counts instead of querying twice: by a label column (:meth:`date_label` /
    :meth:`time_label`: ``"now"`` or ``"before"``), or, cheaper for large scans, by counting
    each period in a column of its own (:func:`count_if` over :meth:`date_in_now` /
    :meth:`time_in_now` and its negation).
    """

    now: Scope
    before: Scope

    @property
    def area_ids(self) -> tuple[int, ...]:
        return self.now.area_ids

    @property
    def dialect(self) -> str:
        return self.now.dialect

    def row(self, area_id: int | None) -> str | None:
        return self.now.row(area_id)

    def dates(self, column):
        return and_(column >= self.before.start, column <= self.now.end)

    def date_label(self, column):
        return case((column >= self.now.start, NOW), else_=BEFORE)

    def times(self, column):
        return and_(column >= self.before.start_utc, column < self.now.end_utc)

    def time_label(self, column):
        return case((column >= self.now.start_utc, NOW), else_=BEFORE)

    def date_in_now(self, column):
        """Within :meth:`dates`: the date lies in the period (else in the previous one)."""
        return column >= self.now.start

    def time_in_now(self, column):
        """Within :meth:`times`: the timestamp lies in the period (else in the previous one)."""
        return column >= self.now.start_utc


def count_if(condition, value=1):
    """``SUM(CASE WHEN condition THEN value ELSE 0 END)``: rows (or ``value``) where it holds."""
    return func.sum(case((condition, value), else_=0))


def count_unless(condition, value=1):
    """``SUM(CASE WHEN condition THEN 0 ELSE value END)``: the complement of :func:`count_if`
    within the same rows (also where ``condition`` is NULL, as ``ELSE`` of a label is)."""
    return func.sum(case((condition, 0), else_=value))


def window_for(area: Area, period: Period, area_ids, row_of) -> Window:
    """The period and its previous equal period, which ends the day before it starts."""
    previous = period.previous()
    if previous.end != period.start - timedelta(days=1):  # pragma: no cover - by construction
        raise ValueError("the previous period must end the day before the period starts")
    return Window(
        scope_for(area, period, area_ids, row_of), scope_for(area, previous, area_ids, row_of)
    )


def grouped(statement):
    """The result of an aggregate query as plain Core rows (no ORM row processing)."""
    return db.session.connection().execute(statement)


def _utc(day: date) -> datetime:
    zone = ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])
    return datetime.combine(day, time.min, tzinfo=zone).astimezone(ZoneInfo("UTC"))


def subtree_rows(area: Area) -> tuple[tuple[int, ...], dict[int, str], list[Area]]:
    """Ids of the subtree, the row each rolls up into, and the row areas (children, then area)."""
    found = db.session.execute(
        db.select(Area.id, Area.path, Area.parent_id).where(
            Area.path.startswith(area.path, autoescape=True)
        )
    ).all()
    row_of: dict[int, str] = {}
    for area_id, path, _parent in found:
        rest = path[len(area.path) :].strip("/")
        row_of[area_id] = rest.split("/")[0] if rest else str(area.id)
    children = list(
        db.session.scalars(db.select(Area).where(Area.parent_id == area.id).order_by(Area.name))
    )
    return tuple(row_of), row_of, [*children, area]


def scope_for(area: Area, period: Period, area_ids, row_of) -> Scope:
    return Scope(
        area_id=area.id,
        area_ids=tuple(area_ids),
        row_of=row_of,
        start=period.start,
        end=period.end,
        start_utc=_utc(period.start),
        end_utc=_utc(period.end + timedelta(days=1)),
        dialect=db.session.get_bind().dialect.name,
    )


def area_bbox(area: Area, area_ids) -> BBox | None:
    """The area's bounding box, or (without a boundary) the union of its sub-areas' boxes."""
    if area.bbox is not None:
        return area.bbox
    boxes = db.session.execute(
        db.select(Area.min_lon, Area.min_lat, Area.max_lon, Area.max_lat).where(
            Area.id.in_(area_ids), Area.min_lon.is_not(None)
        )
    ).all()
    return union_bbox([tuple(b) for b in boxes])  # type: ignore[misc]
