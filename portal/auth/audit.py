"""The audit log: one entry per staff action."""

from __future__ import annotations

from typing import Any

from sqlalchemy import inspect as sa_inspect

from portal.areas.models import Area
from portal.auth.models import AuditEntry, User
from portal.extensions import db


def _identity(obj: Any) -> tuple[str | None, str | None]:
    if obj is None:
        return None, None
    state = sa_inspect(obj, raiseerr=False)
    if state is not None and state.mapper is not None:
        key = state.identity
        return state.mapper.class_.__name__, ",".join(str(k) for k in key) if key else None
    return type(obj).__name__, None


def record(
    actor: User | str | None,
    action: str,
    obj: Any = None,
    *,
    area: Area | None = None,
    detail: dict[str, Any] | None = None,
) -> AuditEntry:
    """Add an audit entry for ``action`` (e.g. ``"area.import"``) on ``obj`` by ``actor``."""
    object_type, object_id = _identity(obj)
    if area is None and isinstance(obj, Area):
        area = obj
    user = actor if isinstance(actor, User) else None
    entry = AuditEntry(
        user_id=user.id if user else None,
        actor=user.email if user else (actor or "system"),
        action=action,
        object_type=object_type,
        object_id=object_id,
        area_id=area.id if area else None,
        detail=detail,
    )
    db.session.add(entry)
    return entry


def entries_query(action: str | None = None, area_ids: list[int] | None = None):
    """Newest first, optionally filtered."""
    query = db.select(AuditEntry).order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
    if action:
        query = query.where(AuditEntry.action.startswith(action, autoescape=True))
    if area_ids is not None:
        query = query.where(AuditEntry.area_id.in_(area_ids))
    return query
