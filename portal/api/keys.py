"""API key services: create (the key is shown once), revoke, verify. Flushes; the caller commits.

Every staff action is audited. Verification hashes the presented key and looks the hash up, so
the database never holds a key that could be used if it leaked.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

from portal.api.models import ApiKey
from portal.auth import audit
from portal.extensions import db
from portal.timeutil import utcnow

KEY_PREFIX = "tp_"
PREFIX_SHOWN = 10  # characters of a key shown in lists (the "tp_" and 7 random ones)
MAX_KEY_LENGTH = 200


@dataclass(frozen=True)
class NewKey:
    """A key just made: ``secret`` is the only copy and must be shown to the admin now."""

    key: ApiKey
    secret: str


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def create_key(actor, name: str) -> NewKey:
    secret = KEY_PREFIX + secrets.token_urlsafe(32)
    key = ApiKey(
        name=name.strip(),
        prefix=secret[:PREFIX_SHOWN],
        key_hash=digest(secret),
        created_by_id=getattr(actor, "id", None),
    )
    db.session.add(key)
    db.session.flush()
    audit.record(actor, "api_key.create", key, detail={"name": key.name, "prefix": key.prefix})
    return NewKey(key, secret)


def revoke_key(actor, key: ApiKey) -> bool:
    """Revoke ``key``; False when it was already revoked."""
    if key.revoked_at is not None:
        return False
    key.revoked_at = utcnow()
    db.session.flush()
    audit.record(actor, "api_key.revoke", key, detail={"name": key.name, "prefix": key.prefix})
    return True


def all_keys() -> list[ApiKey]:
    """Active keys first, newest first."""
    query = db.select(ApiKey).order_by(ApiKey.revoked_at.is_not(None), ApiKey.id.desc())
    return list(db.session.scalars(query))


def get(key_id: int) -> ApiKey | None:
    return db.session.get(ApiKey, key_id)


def verify(secret: str | None) -> ApiKey | None:
    """The active key ``secret`` stands for, or None."""
    if not secret or len(secret) > MAX_KEY_LENGTH:
        return None
    return db.session.scalar(
        db.select(ApiKey).where(ApiKey.key_hash == digest(secret), ApiKey.revoked_at.is_(None))
    )


def note_use(key: ApiKey) -> None:
    """Count one accepted request (the day only: no times, nothing about the caller)."""
    key.use_count = (key.use_count or 0) + 1
    key.last_used_on = utcnow().date()
    db.session.flush()
