"""``flask walks schedule``: put every active night-walk group's next walks in the calendar."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup

from portal.extensions import db
from portal.timeutil import utcnow
from portal.walks import groups
from portal.walks.models import WalkGroup

walks_cli = AppGroup("walks", help="Trygghetsvandringar och nattvandringsgrupper.")


@walks_cli.command("schedule")
@click.option("--count", default=8, show_default=True, help="Högst så många nya per grupp.")
def schedule_command(count: int) -> None:
    """Lägg in nattvandringsgruppernas kommande vandringar enligt deras schema."""
    config = current_app.config
    found = db.session.scalars(db.select(WalkGroup).where(WalkGroup.active.is_(True))).all()
    total = 0
    with click.progressbar(found, label="Grupper") as bar:
        for group in bar:
            if not group.days:
                continue
            created = groups.schedule_walks(
                "cli",
                group,
                now=utcnow(),
                zone_name=config["BABEL_DEFAULT_TIMEZONE"],
                count=count,
                opens_before_min=config["WALK_PIN_OPENS_BEFORE_MIN"],
                closes_after_min=config["WALK_PIN_CLOSES_AFTER_MIN"],
            )
            total += len(created)
    db.session.commit()
    click.echo(f"{total} nya vandringar i {len(found)} grupper.")
