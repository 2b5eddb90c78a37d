"""Objects for the access-matrix test (tests/test_access_matrix.py)."""

from __future__ import annotations

from portal.extensions import db
from portal.map import categories, reports, vocab


def matrix_objects(area, other) -> dict:
    """A category and a place with one report in ``area`` (``other`` gets nothing)."""
    categories.ensure_defaults()
    category = categories.by_slug("belysning")
    observation = reports.create_report(
        category=category,
        description="Matristest",
        time_of_day=vocab.KVALL,
        day_kind=vocab.VARDAG,
        lon=17.15,
        lat=60.70,
    )
    db.session.commit()
    return {"category": category, "place": observation.place, "observation": observation}
