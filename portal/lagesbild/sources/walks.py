"""Source: trygghetsvandringar (``portal.walks``'s tables) and night-walk groups.

Counted here, per row: walks held in the period (not cancelled), and the protocol points of
those walks by the status of their place (åtgärdad, planerad, …) and by priority. Walk pins are
place observations with ``source == "walk"`` and are counted by the places source; their number
is repeated here.

Not available yet: the night-walk groups' after-walk reports (people out, mood, places worth
noting). The walks package has no such table; when it gets one, it is read here, and only here.
If the walks package is missing altogether, the lägesbild says so instead of counting.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy import and_, func

from portal.extensions import db
from portal.lagesbild.sources import BEFORE, NOW, Scope, Window, grouped
from portal.map.models import Place

try:
    from portal.walks.models import Walk, WalkPoint
except ImportError:  # pragma: no cover - a portal without the walks package
    Walk = WalkPoint = None  # type: ignore[assignment,misc]


def package_present() -> bool:
    return Walk is not None


def _held(scope: Scope | Window):
    window = (
        scope.times(Walk.starts_at)
        if isinstance(scope, Window)
        else and_(Walk.starts_at >= scope.start_utc, Walk.starts_at < scope.end_utc)
    )
    return and_(Walk.area_id.in_(scope.area_ids), Walk.cancelled.is_(False), window)


def _empty(places: dict[str, Any]) -> dict[str, Any]:
    by_category = places.get("walk_observations", {})
    return {
        "available": package_present(),
        "after_walk_reports": False,
        "walk_observations": sum(by_category.values()),
        "by_category": by_category,
        "walks": 0,
        "by_row": {},
        "points": 0,
        "points_by_status": {},
        "points_by_priority": {},
    }


def collect(window: Window, places: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Per period: walks held and their protocol points; after-walk reports are not available."""
    found = {name: _empty(places[name]) for name in (NOW, BEFORE)}
    if not package_present():
        return found
    label = window.time_label(Walk.starts_at).label("period")
    by_row: dict[str, dict[str, int]] = {NOW: defaultdict(int), BEFORE: defaultdict(int)}
    for period, area_id, count in grouped(
        db.select(label, Walk.area_id, func.count())
        .where(_held(window))
        .group_by(label, Walk.area_id)
    ):
        by_row[period][window.row(area_id)] += count
    statuses = {NOW: defaultdict(int), BEFORE: defaultdict(int)}
    priorities = {NOW: defaultdict(int), BEFORE: defaultdict(int)}
    rows = grouped(
        db.select(label, Place.status, WalkPoint.priority, func.count())
        .join(Walk, WalkPoint.walk_id == Walk.id)
        .join(Place, WalkPoint.place_id == Place.id)
        .where(_held(window), WalkPoint.included.is_(True))
        .group_by(label, Place.status, WalkPoint.priority)
    ).all()
    for period, status, priority, count in rows:
        statuses[period][status] += count
        priorities[period][priority or "ingen"] += count
    for name in (NOW, BEFORE):
        found[name].update(
            walks=sum(by_row[name].values()),
            by_row=dict(by_row[name]),
            points=sum(statuses[name].values()),
            points_by_status=dict(statuses[name]),
            points_by_priority=dict(priorities[name]),
        )
    return found


def walks_query(scope: Scope, row_area_ids=None):
    """The walks behind a number (staff), newest first."""
    if not package_present():
        return None
    query = db.select(Walk).where(_held(scope))
    if row_area_ids is not None:
        query = query.where(Walk.area_id.in_(row_area_ids))
    return query.order_by(Walk.starts_at.desc(), Walk.id.desc())
