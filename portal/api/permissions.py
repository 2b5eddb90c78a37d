"""Who may manage the API: small boolean functions for views, templates and tests."""

from __future__ import annotations

from portal.auth.permissions import is_staff

#: Roles that see the staff link to the API keys (the page itself checks the area too).
KEY_ADMIN_ROLES = frozenset({"admin"})


def can_manage_api_keys(user) -> bool:
    """API keys are installation-wide: admins of a top-level area."""
    return any(
        grant.role == "admin" and grant.area.parent_id is None
        for grant in (user.grants if is_staff(user) else [])
    )
