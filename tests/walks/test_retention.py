"""Gallring: who took part in a walk is deleted a while after the walk; the pins stay."""

from __future__ import annotations

from datetime import timedelta

from portal.extensions import db
from portal.retention import retention_command
from portal.timeutil import utcnow
from portal.walks import pins
from portal.walks.models import WalkParticipant, WalkPin
from tests.walks.conftest import NORR, join, make_walk


def test_old_participants_are_deleted_and_their_pins_kept(app, leader, area, cats):
    assert app.config["RETENTION_DAYS"]["walk_participant"] == 365
    old = make_walk(leader, area, starts_in=timedelta(days=-400))
    recent = make_walk(leader, area, starts_in=timedelta(days=-10))
    gone, _ = join(old, "Kim")
    kept, _ = join(recent, "Lo")
    pins.add_pin(
        old,
        gone,
        category=cats["belysning"],
        description="x",
        now=old.starts,
        lon=NORR[0],
        lat=NORR[1],
    )
    db.session.commit()
    runner = app.test_cli_runner()
    dry = runner.invoke(retention_command, ["--dry-run", "--kind", "walk_participant"])
    assert "1 poster" in dry.output
    assert db.session.get(WalkParticipant, gone.id) is not None
    result = runner.invoke(retention_command, ["--kind", "walk_participant"])
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    assert db.session.get(WalkParticipant, gone.id) is None
    assert db.session.get(WalkParticipant, kept.id) is not None
    (pin,) = db.session.scalars(db.select(WalkPin)).all()
    assert pin.participant_id is None
    assert pins.walk_pins(old)[0].number is None
    assert utcnow() > old.pin_closes
