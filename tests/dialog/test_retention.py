"""Gallring: unfinished answers and used submission tokens are deleted after their period."""

from datetime import timedelta

from portal.dialog.models import Draft, SubmissionKey
from portal.extensions import db
from portal.retention import retention_command
from portal.timeutil import utcnow
from tests.dialog.helpers import make_survey


def test_old_drafts_and_keys_are_purged(app, area):
    survey = make_survey(area)
    old = Draft(survey_id=survey.id, token_hash="a" * 64, values={"1": "x"})
    new = Draft(survey_id=survey.id, token_hash="b" * 64, values={})
    db.session.add_all([old, new])
    db.session.flush()
    old.updated_at = utcnow() - timedelta(days=30)
    today = utcnow().date()
    db.session.add_all(
        [
            SubmissionKey(
                key_hash="c" * 64, survey_id=survey.id, used_on=today - timedelta(days=30)
            ),
            SubmissionKey(key_hash="d" * 64, survey_id=survey.id, used_on=today),
        ]
    )
    db.session.commit()
    result = app.test_cli_runner().invoke(
        retention_command, ["--kind", "dialog_draft", "--kind", "dialog_submission_key"]
    )
    assert result.exit_code == 0, result.output
    assert [d.token_hash[0] for d in db.session.scalars(db.select(Draft))] == ["b"]
    assert [k.key_hash[0] for k in db.session.scalars(db.select(SubmissionKey))] == ["d"]
