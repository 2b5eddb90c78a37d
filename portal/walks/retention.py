"""Gallring for walks: who took part (a number and an optional display name) is kept for a
while after the walk; the pins themselves are place observations and follow the places rules."""

from __future__ import annotations

from datetime import datetime

from flask import Flask

from portal.extensions import db
from portal.retention import RetentionRule, add_rule
from portal.walks.models import Walk, WalkParticipant, WalkPin

#: Days kept after the walk's pin window closed, unless ``RETENTION_DAYS`` says otherwise.
RETENTION_DEFAULTS = {"walk_participant": 365}


def _old_participants(cutoff: datetime) -> list[int]:
    query = (
        db.select(WalkParticipant.id)
        .join(Walk, WalkParticipant.walk_id == Walk.id)
        .where(Walk.pin_closes_at < cutoff)
    )
    return list(db.session.scalars(query))


def _delete_participants(ids: list[int]) -> None:
    """Their pins stay; the live view then says "okänd deltagare"."""
    db.session.execute(
        db.update(WalkPin).where(WalkPin.participant_id.in_(ids)).values(participant_id=None)
    )
    db.session.execute(db.delete(WalkParticipant).where(WalkParticipant.id.in_(ids)))


RULE = RetentionRule(
    "walk_participant",
    "Deltagare i trygghetsvandringar (nummer och visningsnamn)",
    _old_participants,
    _delete_participants,
)


def init_app(app: Flask) -> None:
    app.config["RETENTION_DAYS"] = {**RETENTION_DEFAULTS, **app.config.get("RETENTION_DAYS", {})}
    add_rule(app, RULE)
