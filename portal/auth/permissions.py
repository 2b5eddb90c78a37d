"""Who may do what, as small boolean functions used by views, templates and tests."""

from __future__ import annotations

from collections.abc import Iterable

from portal.areas.models import Area
from portal.auth.models import ROLES

STAFF_ROLES = frozenset(ROLES)
COORDINATORS = frozenset({"admin", "samordnare", "polis"})


def _grants(user) -> list:
    if user is None or not getattr(user, "is_authenticated", False):
        return []
    return list(user.grants)


def is_staff(user) -> bool:
    """Any role anywhere."""
    return bool(_grants(user))


def has_role(user, roles: Iterable[str], area: Area | None = None) -> bool:
    """True when the user holds one of ``roles`` on ``area`` or an ancestor of it.

    With ``area=None`` any area will do (e.g. "may see the coordinators' menu at all").
    """
    wanted = set(roles)
    return any(
        grant.role in wanted and (area is None or area.path.startswith(grant.area.path))
        for grant in _grants(user)
    )


def is_admin(user, area: Area | None = None) -> bool:
    return has_role(user, {"admin"}, area)


def can_view_area_admin(user, area: Area | None = None) -> bool:
    """Staff page of the area tree: coordinators and admins."""
    return has_role(user, COORDINATORS, area)


def can_view_audit_log(user) -> bool:
    return is_admin(user)


def granted_areas(user, roles: Iterable[str] = STAFF_ROLES) -> list[Area]:
    """The areas on which the user holds one of ``roles`` (their subtrees are implied)."""
    wanted = set(roles)
    return [grant.area for grant in _grants(user) if grant.role in wanted]
