"""Source: EST reports (this package's own tables).

Per row and checklist category: how many report entries said something happened (level ≥ 1,
"signaler") and how many said återkommande or omfattande (level ≥ 2), for reports whose period
starts within the lägesbild's period. Counted with one scan of ``ix_est_entry_tally``.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy import case, func

from portal.extensions import db
from portal.lagesbild.models import EstCategory, EstEntry, EstReport
from portal.lagesbild.sources import BEFORE, NOW, Scope, Window, grouped


def categories() -> list[dict[str, Any]]:
    rows = grouped(
        db.select(
            EstCategory.id,
            EstCategory.slug,
            EstCategory.name_sv,
            EstCategory.name_en,
            EstCategory.active,
        ).order_by(EstCategory.sort_order, EstCategory.id)
    ).all()
    return [
        {"id": i, "slug": s, "name_sv": sv, "name_en": en, "active": bool(a)}
        for i, s, sv, en, a in rows
    ]


def _in_period(scope: Scope):
    return (
        EstEntry.period_start >= scope.start,
        EstEntry.period_start <= scope.end,
        EstEntry.area_id.in_(scope.area_ids),
    )


def collect(window: Window) -> dict[str, dict[str, Any]]:
    """Per period (``now``/``before``): ``table[row][category] = {"n", "severe", "entries"}``,
    and how many reports and reporting organisations there were."""
    label = window.date_label(EstEntry.period_start).label("period")
    rows = grouped(
        db.select(
            label,
            EstEntry.area_id,
            EstEntry.category_id,
            func.sum(case((EstEntry.level >= 1, 1), else_=0)),
            func.sum(case((EstEntry.level >= 2, 1), else_=0)),
            func.count(),
        )
        .where(window.dates(EstEntry.period_start), EstEntry.area_id.in_(window.area_ids))
        .group_by(label, EstEntry.area_id, EstEntry.category_id)
    ).all()
    found: dict[str, dict[str, Any]] = {}
    for name in (NOW, BEFORE):
        found[name] = {"table": {}, "entries": 0, "reports": 0, "organisations": 0}
    tables: dict[str, dict] = {
        name: defaultdict(lambda: defaultdict(lambda: {"n": 0, "severe": 0, "entries": 0}))
        for name in (NOW, BEFORE)
    }
    for period, area_id, category_id, signals, severe, count in rows:
        cell = tables[period][window.row(area_id)][str(category_id)]
        cell["n"] += int(signals or 0)
        cell["severe"] += int(severe or 0)
        cell["entries"] += int(count)
        found[period]["entries"] += int(count)
    report_label = window.date_label(EstReport.period_start).label("period")
    for period, reports, organisations in grouped(
        db.select(
            report_label,
            func.count(EstReport.id),
            func.count(func.distinct(func.lower(EstReport.organisation))),
        )
        .where(window.dates(EstReport.period_start), EstReport.area_id.in_(window.area_ids))
        .group_by(report_label)
    ):
        found[period]["reports"] = int(reports or 0)
        found[period]["organisations"] = int(organisations or 0)
    for name in (NOW, BEFORE):
        found[name]["table"] = {r: dict(cells) for r, cells in tables[name].items()}
    return found


def entries_query(scope: Scope, *, category_id=None, row_area_ids=None, signals_only=True):
    """The EST rows behind a number (staff), newest period first."""
    query = db.select(EstEntry).join(EstEntry.report).where(*_in_period(scope))
    if category_id is not None:
        query = query.where(EstEntry.category_id == category_id)
    if row_area_ids is not None:
        query = query.where(EstEntry.area_id.in_(row_area_ids))
    if signals_only:
        query = query.where(EstEntry.level >= 1)
    return query.order_by(EstEntry.period_start.desc(), EstEntry.id.desc())


def entries_by_ids(ids: list[int], area_ids) -> dict[int, EstEntry]:
    if not ids:
        return {}
    found = db.session.scalars(
        db.select(EstEntry).where(EstEntry.id.in_(ids), EstEntry.area_id.in_(area_ids))
    )
    return {e.id: e for e in found}
