"""Source: the night-walk groups' after-walk reports (``portal.walks``'s ``night_walk_report``).

Counted per period, over the area's subtree, by the walk's start: reports (one per walk), the
people out in all, and the reports by mood (lugnt / blandat / stökigt), also per row. The notes
are not read here: the lägesbild shows numbers only. In public, the mood breakdown is withheld
when there are fewer reports than the disclosure minimum.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from typing import Any

from sqlalchemy import func

from portal.extensions import db
from portal.lagesbild.sources import BEFORE, NOW, Window, grouped

try:
    from portal.walks.models import NightWalkReport, Walk
except ImportError:  # pragma: no cover - a portal without the walks package
    NightWalkReport = Walk = None  # type: ignore[assignment,misc]

MOODS = ("lugnt", "blandat", "stokigt")


def _empty() -> dict[str, Any]:
    return {
        "available": NightWalkReport is not None,
        "reports": 0,
        "people_out": 0,
        "by_mood": {},
        "by_row": {},
    }


def collect(window: Window) -> dict[str, dict[str, Any]]:
    """``{"now": {...}, "before": {...}}``: reports, people out and moods per period."""
    found = {name: _empty() for name in (NOW, BEFORE)}
    if NightWalkReport is None:
        return found
    label = window.time_label(Walk.starts_at).label("period")
    rows = grouped(
        db.select(
            label,
            Walk.area_id,
            NightWalkReport.mood,
            func.count(),
            func.coalesce(func.sum(NightWalkReport.people_out), 0),
        )
        .join(Walk, NightWalkReport.walk_id == Walk.id)
        .where(
            Walk.area_id.in_(window.area_ids),
            Walk.cancelled.is_(False),
            window.times(Walk.starts_at),
        )
        .group_by(label, Walk.area_id, NightWalkReport.mood)
    ).all()
    by_row: dict[str, Any] = {name: defaultdict(lambda: defaultdict(int)) for name in (NOW, BEFORE)}
    for period, area_id, mood, count, people in rows:
        found[period]["reports"] += count
        found[period]["people_out"] += int(people or 0)
        found[period]["by_mood"][mood] = found[period]["by_mood"].get(mood, 0) + count
        cell = by_row[period][window.row(area_id)]
        cell["reports"] += count
        cell["people_out"] += int(people or 0)
    for name in (NOW, BEFORE):
        found[name]["by_row"] = {k: dict(v) for k, v in by_row[name].items() if k is not None}
    return found


def present(raw: Mapping[str, Any], minimum: int | None) -> dict[str, Any] | None:
    """The night-walk numbers for the page (``minimum``: public, with disclosure control).

    None when the raw lägesbild predates this source (an older snapshot).
    """
    now = raw.get("now", {}).get("nightwalks")
    if now is None:
        return None
    before = raw.get("before", {}).get("nightwalks") or {}
    reports = now.get("reports", 0)
    moods = {m: now.get("by_mood", {}).get(m, 0) for m in MOODS}
    withheld = minimum is not None and 0 < reports < minimum
    return {
        "available": now.get("available", False),
        "reports": reports,
        "previous_reports": before.get("reports", 0),
        "people_out": now.get("people_out", 0),
        "by_mood": None if withheld else moods,
        "by_row": {} if minimum is not None else now.get("by_row", {}),
    }
