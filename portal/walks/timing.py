"""Times for walks: stored as UTC, entered and shown in the installation's time zone.

SQLite hands back naive datetimes for ``DateTime(timezone=True)`` columns; :func:`aware` makes
every stored time comparable with :func:`portal.timeutil.utcnow` on both databases.
"""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

DEFAULT_ZONE = "Europe/Stockholm"


def aware(moment: datetime | None) -> datetime | None:
    """``moment`` as a timezone-aware UTC datetime (naive values are taken to be UTC)."""
    if moment is None:
        return None
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def zone(name: str | None) -> ZoneInfo:
    try:
        return ZoneInfo(name or DEFAULT_ZONE)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo(DEFAULT_ZONE)


def local_to_utc(local: datetime, zone_name: str | None) -> datetime:
    """A wall-clock time in the installation's zone (naive, as typed) → aware UTC."""
    if local.tzinfo is None:
        local = local.replace(tzinfo=zone(zone_name))
    return local.astimezone(UTC)


def utc_to_local(moment: datetime, zone_name: str | None) -> datetime:
    """Aware (or naive UTC) → naive wall-clock time in the installation's zone (for forms)."""
    return aware(moment).astimezone(zone(zone_name)).replace(tzinfo=None)  # type: ignore[union-attr]
