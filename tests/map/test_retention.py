"""Gallring: a reviewed report's raw words give way to its public text after the period."""

from datetime import timedelta

from portal.extensions import db
from portal.map import handling
from portal.retention import retention_command
from portal.timeutil import utcnow
from tests.map.conftest import report


def test_raw_text_of_old_reviewed_reports_is_replaced_by_the_public_text(app, cats, handler):
    category = cats["belysning"]
    old = report(category, description="Ring mig på 070-123 45 67, lampan är trasig.")
    handling.review_observation(handler, old, "Lampan är trasig.")
    unreviewed = report(category, description="Gammal men inte granskad ännu.")
    recent = report(category, description="Nyss granskad, ring 070-765 43 21.")
    handling.review_observation(handler, recent, "Nyss granskad.")
    old.created_at = unreviewed.created_at = utcnow() - timedelta(days=400)
    db.session.commit()

    runner = app.test_cli_runner()
    dry = runner.invoke(retention_command, ["--dry-run", "--kind", "place_raw_text"])
    assert dry.exit_code == 0, dry.output
    db.session.expire_all()
    assert "070-123" in old.description  # a dry run changes nothing

    result = runner.invoke(retention_command, ["--kind", "place_raw_text"])
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    assert old.description == "Lampan är trasig."
    assert unreviewed.description == "Gammal men inte granskad ännu."  # still to be handled
    assert "070-765" in recent.description  # within the period
