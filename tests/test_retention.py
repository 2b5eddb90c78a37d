"""Gallring: the dry run only counts; the real run deletes exactly what is older than the period."""

from datetime import timedelta

from portal.auth import audit
from portal.auth.models import AuditEntry
from portal.extensions import db
from portal.retention import retention_command
from portal.timeutil import utcnow


def test_retention_dry_run_then_purge(app, area):
    old = audit.record("test", "old.action")
    old.at = utcnow() - timedelta(days=6 * 365)
    recent = audit.record("test", "recent.action")
    db.session.commit()
    runner = app.test_cli_runner()

    dry = runner.invoke(retention_command, ["--dry-run", "--kind", "audit"])
    assert dry.exit_code == 0, dry.output
    assert "1 poster" in dry.output and "skulle gallras" in dry.output
    assert db.session.get(AuditEntry, old.id) is not None

    result = runner.invoke(retention_command, ["--kind", "audit"])
    assert result.exit_code == 0, result.output
    assert db.session.get(AuditEntry, old.id) is None
    assert db.session.get(AuditEntry, recent.id) is not None
    purge = db.session.scalars(
        db.select(AuditEntry).where(AuditEntry.action == "retention.purge")
    ).one()
    assert purge.detail["kind"] == "audit" and purge.detail["count"] == 1


def test_kind_kept_forever_and_unknown_kind(app):
    saved = app.config["RETENTION_DAYS"]
    app.config["RETENTION_DAYS"] = {**saved, "audit": None}
    try:
        result = app.test_cli_runner().invoke(retention_command, ["--kind", "audit"])
        assert "sparas tills vidare" in result.output
    finally:
        app.config["RETENTION_DAYS"] = saved
    bad = app.test_cli_runner().invoke(retention_command, ["--kind", "nope"])
    assert bad.exit_code != 0 and "Okänd typ: nope" in bad.output
