"""Free-text answers: the moderation queue, manual masking, approval.

Text is masked automatically (``portal.privacy.masking``) before it is stored, so even the
queue never shows a personnummer, phone number, e-mail address, registration number or street
address that the masking recognises. Moderators hide more by hand (names, nicknames …) and
approve or reject; only approved text is shown outside moderation (staff results, export).
"""

from __future__ import annotations

import re

from portal.areas.models import Area
from portal.auth import audit
from portal.dialog.models import Survey, TextAnswer
from portal.extensions import db
from portal.privacy.masking import mask_personal_data
from portal.timeutil import utcnow

PENDING, APPROVED, REJECTED = "vantar", "godkand", "avvisad"
STATES = (PENDING, APPROVED, REJECTED)
HIDDEN = "[dolt]"
ACTIONS = {"godkann": APPROVED, "avvisa": REJECTED, "dolj": None}


def queue_query(areas: list[Area], state: str = PENDING):
    """Text answers in the subtrees of ``areas`` in ``state``, oldest first."""
    if not areas:
        return db.select(TextAnswer).where(db.false())
    in_scope = db.or_(*(Area.path.startswith(a.path, autoescape=True) for a in areas))
    return (
        db.select(TextAnswer)
        .join(Survey, TextAnswer.survey_id == Survey.id)
        .join(Area, Survey.area_id == Area.id)
        .where(in_scope, TextAnswer.state == (state if state in STATES else PENDING))
        .order_by(TextAnswer.id)
    )


def hide_phrases(text: str, phrases: list[str]) -> str:
    """Replace every occurrence of each phrase (case-insensitive, whole words) with [dolt]."""
    for phrase in sorted({p.strip() for p in phrases if p.strip()}, key=len, reverse=True):
        pattern = re.compile(r"(?<!\w)" + re.escape(phrase) + r"(?!\w)", re.IGNORECASE)
        text = pattern.sub(HIDDEN, text)
    return text


def moderate(answer: TextAnswer, action: str, phrases: list[str], actor) -> None:
    """Hide ``phrases`` (and anything the automatic masking finds), then approve or reject."""
    if action not in ACTIONS:
        raise ValueError(f"unknown moderation action {action!r}")
    before = answer.text
    masked = mask_personal_data(hide_phrases(answer.text, phrases))
    answer.text = masked.text
    answer.masked_kinds = sorted(set(answer.masked_kinds or []) | set(masked.found))
    target = ACTIONS[action]
    if target is not None:
        answer.state = target
        answer.moderated_by_id = getattr(actor, "id", None)
        answer.moderated_at = utcnow()
    db.session.flush()
    audit.record(
        actor,
        f"dialog.text.{action}",
        answer,
        area=answer.survey.area,
        detail={"survey": answer.survey_id, "hid_more": answer.text != before},
    )


def approved(survey: Survey, question_id: int, limit: int = 50) -> list[TextAnswer]:
    """Newest approved answers to one question."""
    return list(
        db.session.scalars(
            db.select(TextAnswer)
            .where(
                TextAnswer.survey_id == survey.id,
                TextAnswer.question_id == question_id,
                TextAnswer.state == APPROVED,
            )
            .order_by(TextAnswer.id.desc())
            .limit(limit)
        )
    )


def counts(survey: Survey) -> dict[str, int]:
    """Text answers per moderation state."""
    rows = db.session.execute(
        db.select(TextAnswer.state, db.func.count())
        .where(TextAnswer.survey_id == survey.id)
        .group_by(TextAnswer.state)
    )
    return {state: count for state, count in rows.all()}  # noqa: C416 - rows, not pairs
