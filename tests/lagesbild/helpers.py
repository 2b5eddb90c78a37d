"""Objects for the access-matrix test (tests/test_access_matrix.py)."""

from __future__ import annotations

import copy
from datetime import date

from portal.extensions import db
from portal.lagesbild import analysis, est_services, periods, snapshots
from portal.lagesbild.models import EstReport, Snapshot

MATRIX_PERIOD = "2025-k1"
_frozen: dict = {}  # the first fastställd data, reused: the matrix runs this fixture ~1 500 times


def _snapshot(draft) -> Snapshot:
    """A fastställd version of ``draft``: computed the first time, copied afterwards."""
    if not _frozen:
        snapshot = snapshots.fix(draft, "test")
        _frozen.update(data=snapshot.data, public=snapshot.public_data)
        return snapshot
    data, public = copy.deepcopy(_frozen["data"]), copy.deepcopy(_frozen["public"])
    area = {"id": draft.area.id, "slug": draft.area.slug, "name": draft.area.name}
    for view in (data["view"], data["raw"], public["view"]):
        view["area"] = area
    snapshot = Snapshot(
        lagesbild_id=draft.id,
        area_id=draft.area_id,
        version=1,
        period_kind=draft.period_kind,
        period_key=draft.period_key,
        starts_on=draft.starts_on,
        ends_on=draft.ends_on,
        fixed_by_name="test",
        data=data,
        public_data=public,
        digest=snapshots.digest(data, public),
    )
    db.session.add(snapshot)
    db.session.flush()
    return snapshot


def matrix_objects(area, other) -> dict:
    """An imported EST report, a lägesbild with a problem and a fastställd version in ``area``."""
    est_services.ensure_defaults()
    category = est_services.all_categories()[0]
    report = EstReport(
        area=area,
        organisation="Matrisbolaget",
        period_kind="vecka",
        period_start=date(2025, 1, 6),
        period_end=date(2025, 1, 12),
        source="import",
    )
    db.session.add(report)
    draft = analysis.get_or_create(area, periods.parse(MATRIX_PERIOD), "test")
    problem = analysis.add_problem(
        draft, "test", analysis.ProblemInput("Matrisproblem", "", True, [])
    )
    snapshot = _snapshot(draft)
    db.session.commit()
    return {
        "est_report": report,
        "est_category": category,
        "lagesbild": draft,
        "problem": problem,
        "snapshot": snapshot,
        "period": MATRIX_PERIOD,
    }
