"""Gallring for places: a resident's own words are kept only as long as handling needs them.

After review the public, masked text is what the portal shows; the raw description (which may hold
personal data the masking did not catch) is replaced by that public text once ``place_raw_text``
days (default 365) have passed since the report.
"""

from __future__ import annotations

from datetime import datetime

from flask import Flask
from sqlalchemy import func

from portal.extensions import db
from portal.map import vocab
from portal.map.models import Observation
from portal.retention import RetentionRule, add_rule

RETENTION_DEFAULTS = {"place_raw_text": 365}


def _old_raw_texts(cutoff: datetime) -> list[int]:
    query = db.select(Observation.id).where(
        Observation.created_at < cutoff,
        Observation.review_state == vocab.REVIEW_DONE,
        Observation.description != func.coalesce(Observation.public_text, ""),
    )
    return list(db.session.scalars(query))


def _replace_raw_texts(ids: list[int]) -> None:
    db.session.execute(
        db.update(Observation)
        .where(Observation.id.in_(ids))
        .values(description=func.coalesce(Observation.public_text, ""))
    )


RULE = RetentionRule(
    "place_raw_text",
    "Ursprunglig text i granskade platsrapporter (ersätts av den publicerade texten)",
    _old_raw_texts,
    _replace_raw_texts,
)


def init_app(app: Flask) -> None:
    app.config["RETENTION_DAYS"] = {**RETENTION_DEFAULTS, **app.config.get("RETENTION_DAYS", {})}
    add_rule(app, RULE)
