"""Gallring rules for what residents leave behind before or while answering."""

from __future__ import annotations

from datetime import datetime

from portal.dialog.models import Draft, SubmissionKey
from portal.extensions import db
from portal.retention import RetentionRule


def _old_drafts(cutoff: datetime) -> list[int]:
    return list(db.session.scalars(db.select(Draft.id).where(Draft.updated_at < cutoff)))


def _delete_drafts(ids: list[int]) -> None:
    db.session.execute(db.delete(Draft).where(Draft.id.in_(ids)))


def _old_keys(cutoff: datetime) -> list[int]:
    return list(
        db.session.scalars(db.select(SubmissionKey.id).where(SubmissionKey.used_on < cutoff.date()))
    )


def _delete_keys(ids: list[int]) -> None:
    db.session.execute(db.delete(SubmissionKey).where(SubmissionKey.id.in_(ids)))


RULES = (
    RetentionRule("dialog_draft", "Ofärdiga enkätsvar", _old_drafts, _delete_drafts),
    RetentionRule(
        "dialog_submission_key",
        "Använda inskickningsnycklar för enkäter",
        _old_keys,
        _delete_keys,
    ),
)
