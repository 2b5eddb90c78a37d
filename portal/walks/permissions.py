"""Who may do what with walks: small boolean functions for views, templates and tests."""

from __future__ import annotations

from portal.areas.models import Area
from portal.auth.permissions import COORDINATORS, has_role

#: Roles that plan and lead walks (on the walk's area or above): walk leaders and coordinators.
WALK_LEADERS = COORDINATORS | {"vandringsledare"}
#: Roles that turn pins into the protocol: they change places' status and publish them, which is
#: place handling (see portal.map.permissions.PLACE_HANDLERS).
PROTOCOL_EDITORS = COORDINATORS


def can_manage_walks(user, area: Area | None = None) -> bool:
    """Create walks (on ``area``; ``None``: anywhere) and see the walks list."""
    return has_role(user, WALK_LEADERS, area)


def can_manage_walk(user, walk) -> bool:
    """Edit this walk, show its join code and QR code, follow it live, see its pins."""
    return has_role(user, WALK_LEADERS, walk.area)


def can_edit_protocols(user, area: Area | None = None) -> bool:
    """Edit protocols at all (``area=None``) or in ``area``."""
    return has_role(user, PROTOCOL_EDITORS, area)


def can_edit_protocol(user, walk) -> bool:
    """Build, edit, export and publish this walk's protocol."""
    return has_role(user, PROTOCOL_EDITORS, walk.area)
