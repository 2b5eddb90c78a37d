"""Gallring: ``flask gallra [--dry-run]`` deletes data older than its kind's retention period.

Each domain registers its kinds in :func:`portal.create_app` with :func:`add_rule`. Periods are
settings (``RETENTION_DAYS``: kind → days; ``None`` keeps that kind forever), so a kommun can
follow its own dokumenthanteringsplan.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

import click
from flask import Flask, current_app
from flask.cli import with_appcontext

from portal.auth import audit
from portal.auth.models import AuditEntry
from portal.extensions import db
from portal.timeutil import utcnow

BATCH = 500


@dataclass(frozen=True)
class RetentionRule:
    """One kind of data: how to find the ids older than a cutoff and how to delete a batch."""

    kind: str
    label: str
    old_ids: Callable[[datetime], list[int]]
    delete: Callable[[list[int]], None]


def add_rule(app: Flask, rule: RetentionRule) -> None:
    app.extensions.setdefault("retention_rules", []).append(rule)


def rules(app: Flask) -> list[RetentionRule]:
    return list(app.extensions.get("retention_rules", []))


def cutoff_for(kind: str, now: datetime) -> datetime | None:
    days = current_app.config["RETENTION_DAYS"].get(kind)
    return None if days in (None, 0) else now - timedelta(days=int(days))


def _audit_ids(cutoff: datetime) -> list[int]:
    return list(db.session.scalars(db.select(AuditEntry.id).where(AuditEntry.at < cutoff)))


def _audit_delete(ids: list[int]) -> None:
    db.session.execute(db.delete(AuditEntry).where(AuditEntry.id.in_(ids)))


AUDIT_RULE = RetentionRule("audit", "Händelselogg för personal", _audit_ids, _audit_delete)


@click.command("gallra")
@click.option("--dry-run", is_flag=True, help="Only count what would be deleted.")
@click.option("--kind", "only", multiple=True, help="Only these kinds (default: all).")
@with_appcontext
def retention_command(dry_run: bool, only: tuple[str, ...]) -> None:
    """Delete data older than each kind's retention period (RETENTION_DAYS)."""
    now = utcnow()
    selected = [rule for rule in rules(current_app) if not only or rule.kind in only]
    unknown = set(only) - {rule.kind for rule in selected}
    if unknown:
        raise click.ClickException(f"Okänd typ: {', '.join(sorted(unknown))}.")
    for rule in selected:
        cutoff = cutoff_for(rule.kind, now)
        if cutoff is None:
            click.echo(f"{rule.label} [{rule.kind}]: sparas tills vidare.")
            continue
        ids = rule.old_ids(cutoff)
        verb = "skulle gallras" if dry_run else "gallras"
        click.echo(
            f"{rule.label} [{rule.kind}]: {len(ids)} poster äldre än {cutoff:%Y-%m-%d} {verb}."
        )
        if dry_run or not ids:
            continue
        with click.progressbar(length=len(ids), label="  ") as bar:
            for start in range(0, len(ids), BATCH):
                batch = ids[start : start + BATCH]
                rule.delete(batch)
                db.session.commit()
                bar.update(len(batch))
        audit.record(
            "gallring",
            "retention.purge",
            detail={"kind": rule.kind, "count": len(ids), "before": cutoff.isoformat()},
        )
        db.session.commit()
