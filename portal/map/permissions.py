"""Who may do what with places: small boolean functions for views, templates and tests."""

from __future__ import annotations

from portal.areas.models import Area
from portal.auth.permissions import COORDINATORS, has_role, is_staff

#: Roles that moderate and handle places (on the place's area or above).
PLACE_HANDLERS = COORDINATORS


def can_handle_places(user, area: Area | None = None) -> bool:
    """Moderation queue, place handling and the staff map (``area=None``: anywhere)."""
    return has_role(user, PLACE_HANDLERS, area)


def can_handle_place(user, place) -> bool:
    """Moderate, change and publish this place."""
    return has_role(user, PLACE_HANDLERS, place.area)


def can_configure_categories(user) -> bool:
    """Categories are installation-wide: admins of a top-level area."""
    return any(
        grant.role == "admin" and grant.area.parent_id is None
        for grant in (user.grants if is_staff(user) else [])
    )
