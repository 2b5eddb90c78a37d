"""The portal's one notion of "now": timezone-aware UTC."""

from datetime import UTC, datetime


def utcnow() -> datetime:
    """Current time in UTC, timezone-aware."""
    return datetime.now(UTC)
