"""Objects for the access-matrix test (tests/test_access_matrix.py)."""

from __future__ import annotations

from datetime import time, timedelta

from portal.extensions import db
from portal.map import categories
from portal.timeutil import utcnow
from portal.walks import groups, pins, protocol, services, vocab


def matrix_objects(area, other) -> dict:
    """A walk in ``area`` with one pin, one protocol point and one participant."""
    categories.ensure_defaults()
    start = utcnow() - timedelta(minutes=30)
    walk = services.create_walk(
        "matris",
        area=area,
        title="Matrisvandring",
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        light=vocab.MORKER,
        meeting_point="Torget",
        pin_opens_at=start - timedelta(minutes=15),
        pin_closes_at=start + timedelta(hours=3),
    )
    participant, _token = services.join(walk, display_name=None)
    observation = pins.add_pin(
        walk,
        participant,
        category=categories.by_slug("belysning"),
        description="Matrispunkt",
        now=utcnow(),
        lon=17.15,
        lat=60.70,
    )
    (point,) = protocol.build("matris", walk)
    group = groups.create_group(
        "matris",
        area=area,
        name="Matrisgruppen",
        start_time=time(21, 0),
        end_time=time(1, 0),
        meeting_point="Torget",
        weekdays=(4, 5),
    )
    walk.group = group
    db.session.commit()
    return {"walk": walk, "walk_point": point, "walk_observation": observation, "walk_group": group}
